"""Store folders that cannot be written, the ways a user's bad day makes them.

A full disk and a read-only mount are real when this process may mount a tmpfs (root, as in
the project's CI container), and simulated otherwise: writes into the folder then fail with the
same ``errno`` the kernel would give. A folder without permission is always simulated when
running as root (root writes anywhere). A file in the way is always real.

Example::

    with unwritable(tmp_path, "full") as folder:
        Store(folder).add(image)       # NotSavedError, cause "full"
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

__all__ = ["FAILURES", "unwritable"]

FAILURES = ("full", "read-only", "permission", "in-the-way")
"""The ways a store folder cannot take an image, as ``NotSavedError.cause`` names them."""
_ERRNO = {"full": errno.ENOSPC, "read-only": errno.EROFS, "permission": errno.EACCES}


@contextlib.contextmanager
def unwritable(tmp_path: Path, failure: str) -> Iterator[Path]:
    """A store folder (holding one foreign file in ``records/``) that fails writes as
    ``failure`` says, for the duration of the ``with`` block."""
    folder = tmp_path / "store"
    (folder / "records").mkdir(parents=True)
    (folder / "records" / "notes.txt").write_text("a foreign file: not a record")
    if failure == "in-the-way":
        (folder / "images").write_text("a file where the store needs a folder")
        yield folder
    elif failure in ("full", "read-only") and _mount(folder, failure):
        try:
            yield folder
        finally:
            subprocess.run(["umount", str(folder)], check=False, capture_output=True)
    else:
        with _failing_writes(folder, _ERRNO[failure]):
            yield folder


def _mount(folder: Path, failure: str) -> bool:
    """Put a 2 MB tmpfs on ``folder`` (full or read-only); False when this process may not."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    options = "size=2m" + (",ro" if failure == "read-only" else "")
    saved = (folder / "records" / "notes.txt").read_bytes()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        return False
    (folder / "records").mkdir()
    (folder / "records" / "notes.txt").write_bytes(saved)
    if failure == "full":
        with contextlib.suppress(OSError), open(folder / "filler", "wb") as filler:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
    else:
        subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)
    return True


@contextlib.contextmanager
def _failing_writes(folder: Path, code: int) -> Iterator[None]:
    """Opening a file for writing inside ``folder`` fails with ``code`` (what the kernel
    says for a full, read-only or forbidden folder)."""
    real_open = os.open

    def opening(path: object, flags: int, *args: object, **kwargs: object) -> int:
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writing and Path(os.fsdecode(path)).resolve().is_relative_to(folder.resolve()):  # type: ignore[arg-type]
            raise OSError(code, os.strerror(code), os.fsdecode(path))  # type: ignore[arg-type]
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    with mock.patch("os.open", opening):
        yield
