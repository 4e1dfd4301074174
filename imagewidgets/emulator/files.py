"""The files behind dall-e ``url`` responses, served at ``GET /v1/emulator/files/<name>``.

Like the service's URLs they expire (after 60 minutes); only the most recent ones are kept so a
long session does not fill memory.

Example:
    >>> store = FileStore()
    >>> name = store.put(b"\\x89PNG...", "image/png")
    >>> store.get(name)
    (b'\\x89PNG...', 'image/png')
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict

__all__ = ["FileStore"]

LIFETIME = 3600.0
KEEP = 64


class FileStore:
    """Named image bytes in memory, each readable for ``lifetime`` seconds."""

    def __init__(self, lifetime: float = LIFETIME, keep: int = KEEP) -> None:
        self.lifetime = lifetime
        self.keep = keep
        self._files: OrderedDict[str, tuple[bytes, str, float]] = OrderedDict()

    def put(self, data: bytes, content_type: str) -> str:
        """Store ``data``; return its name (content-addressed, with an extension)."""
        extension = content_type.rsplit("/", 1)[-1]
        name = f"{hashlib.sha256(data).hexdigest()[:40]}.{extension}"
        self._files[name] = (data, content_type, time.monotonic() + self.lifetime)
        self._files.move_to_end(name)
        while len(self._files) > self.keep:
            self._files.popitem(last=False)
        return name

    def get(self, name: str) -> tuple[bytes, str] | None:
        """The bytes and content type of ``name``, or ``None`` when unknown or expired."""
        found = self._files.get(name)
        if found is None or found[2] < time.monotonic():
            return None
        return found[0], found[1]
