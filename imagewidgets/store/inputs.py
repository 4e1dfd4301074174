"""The files each request sent, kept so that its record can send the same request again.

A record names every file of its request by SHA-256: ``inputs`` (the images, in order),
``mask_sha256`` and ``markup_sha256``. An input image that is in the history itself (a result
edited further, an uploaded picture) is its image file in ``images/`` (provenance inside, taken
out again on reading). Every other file sent (a painted mask, a markup overlay, a prepared copy:
a dall-e-2 conforming copy, an expanded canvas) is kept in ``inputs/`` exactly as it was sent,
named by its hash: ``inputs/<sha256>.<format>``. :func:`read_input` gives back the bytes of
either, checked against the hash.

Example:
    >>> import tempfile
    >>> import numpy as np
    >>> from pathlib import Path
    >>> from imagewidgets.imaging.masks import to_api_mask
    >>> mask = to_api_mask(np.ones((8, 8), dtype=bool), (8, 8))
    >>> folder = Path(tempfile.mkdtemp())
    >>> keep_input(folder, mask).name == f"{mask.sha256}.png"
    True
    >>> read_input(folder, mask.sha256, lambda sha256: None) == mask.data
    True
"""

from __future__ import annotations

from pathlib import Path

from imagewidgets.imaging.source import CONTENT_TYPES, SourceImage
from imagewidgets.store.atomic import write_atomic
from imagewidgets.store.reading import Locate, verified

__all__ = ["FOLDER", "check_hash", "damaged_inputs", "input_file", "keep_input", "read_input"]

FOLDER = "inputs"
"""The store's folder of kept input files."""
_HEX = frozenset("0123456789abcdef")


def keep_input(folder: Path, file: SourceImage) -> Path:
    """Keep ``file`` in ``folder/inputs`` exactly as it is (atomically) and return its path.

    Content-addressed: a file kept already, whole, is not written again (a damaged one is)."""
    kind = file.format if file.format in CONTENT_TYPES else "bin"
    path = folder / FOLDER / f"{file.sha256}.{kind}"
    if not _holds(path, file.data):
        write_atomic(path, file.data)
    return path


def input_file(folder: Path, sha256: str) -> Path | None:
    """The file in ``folder/inputs`` that keeps the input ``sha256``, or None."""
    names = (folder / FOLDER / f"{sha256}.{kind}" for kind in (*CONTENT_TYPES, "bin"))
    return next((path for path in names if path.is_file()), None)


def read_input(folder: Path, sha256: str, locate: Locate) -> bytes:
    """The bytes of the input ``sha256``, exactly as sent: kept in ``inputs/``, else the stored
    image ``locate`` finds. ``KeyError`` when the store has neither; ``ValueError`` when
    ``sha256`` is no hash or the file does not match it (damaged on disk)."""
    check_hash(sha256)
    path = input_file(folder, sha256)
    if path is not None:
        data = path.read_bytes()
        if SourceImage(data, "", 0, 0).sha256 != sha256:
            raise ValueError(f"{path}: the bytes do not match their hash (damaged file)")
        return data
    found = locate(sha256)
    if found is None:
        raise KeyError(f"sha256: no input {sha256!r} in {folder}")
    return verified(found[0], sha256)


def check_hash(sha256: str) -> None:
    """``ValueError`` naming the parameter unless ``sha256`` is 64 lower-case hex digits."""
    if not isinstance(sha256, str) or len(sha256) != 64 or not set(sha256) <= _HEX:
        raise ValueError(f"sha256: expected 64 lower-case hex digits, got {sha256!r}")


def damaged_inputs(folder: Path) -> list[tuple[str, str]]:
    """``(name, why)`` of each file in ``folder/inputs`` that is no input kept whole (a look
    at every byte: slow for a large store)."""
    found = []
    for path in sorted((folder / FOLDER).glob("[!.]*")):
        sha256 = path.name.split(".")[0]
        try:
            check_hash(sha256)
        except ValueError:
            found.append((path.name, "not named by a SHA-256"))
            continue
        if not path.is_file() or SourceImage(path.read_bytes(), "", 0, 0).sha256 != sha256:
            found.append((path.name, "the bytes do not match their hash"))
    return found


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
