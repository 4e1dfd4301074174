"""A bounded memory of thumbnail bytes, shared by every ``Store`` object of this kernel.

Thumbnails are named by the hash of their image and never change once written, so bytes read
(or just written) once can be given again without touching the disk: a gallery page redrawn
after each new image reads only the thumbnails it has not seen. At most :data:`CAPACITY`
thumbnails are kept (a few megabytes), the least recently used leave first. Entries are keyed by
the thumbnail's file, so two stores never see each other's files.

Example:
    >>> from pathlib import Path
    >>> memory = ThumbnailMemory(capacity=2)
    >>> memory.put(Path("a.webp"), b"1"); memory.put(Path("b.webp"), b"2")
    >>> memory.get(Path("a.webp")); memory.put(Path("c.webp"), b"3")
    b'1'
    >>> memory.get(Path("b.webp")) is None      # the least recently used left
    True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

__all__ = ["CAPACITY", "THUMBNAILS", "ThumbnailMemory"]

CAPACITY = 400
"""How many thumbnails the kernel keeps in memory (each is 5-40 kB of WebP)."""


class ThumbnailMemory:
    """Thumbnail bytes by file, least recently used out first; safe across threads."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._kept: OrderedDict[Path, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: Path) -> bytes | None:
        """The bytes kept for ``path``, or None (not read yet, or forgotten)."""
        with self._lock:
            data = self._kept.get(path)
            if data is not None:
                self._kept.move_to_end(path)
            return data

    def put(self, path: Path, data: bytes) -> None:
        """Keep ``data`` as the contents of ``path``, forgetting the oldest past capacity."""
        with self._lock:
            self._kept[path] = data
            self._kept.move_to_end(path)
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)

    def read(self, path: Path) -> bytes:
        """The contents of ``path``: from memory, else from disk (then kept). ``OSError`` if the
        file cannot be read (nothing is kept then)."""
        data = self.get(path)
        if data is None:
            data = path.read_bytes()
            self.put(path, data)
        return data


THUMBNAILS = ThumbnailMemory()
"""The kernel's one memory of thumbnails, used by :meth:`Store.thumbnail`."""
