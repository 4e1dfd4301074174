"""Byte-level surgery on GIF files: one application extension block of our own, added, found and
removed without touching a pixel.

A GIF is a header, a logical screen (with its colour table), then blocks: images (``0x2C``),
extensions (``0x21``, each a label and sub-blocks of at most 255 bytes) and the trailer
(``0x3B``). Our block is an application extension named ``IMAGEWID`` (authentication code
``GT1``) just before the trailer: browsers and Pillow skip extensions they do not know, the
animation plays as before, and :func:`remove` gives back the exact bytes :func:`insert` was given.

Example:
    >>> from PIL import Image; import io
    >>> buffer = io.BytesIO(); Image.new("P", (4, 4)).save(buffer, "GIF")
    >>> marked = insert(buffer.getvalue(), b'{"model": "gpt-image-2.6-flare"}' * 20)
    >>> find(marked)[:10], remove(marked) == buffer.getvalue()
    (b'{"model": ', True)
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["APPLICATION", "find", "insert", "remove"]

APPLICATION = b"IMAGEWIDGT1"
"""Our application extension's identifier (8 bytes) and authentication code (3 bytes)."""
_HEADER = b"\x21\xff\x0b" + APPLICATION
_TRAILER = 0x3B


def insert(data: bytes, payload: bytes) -> bytes:
    """``data`` with ``payload`` in our extension before the trailer (replacing an earlier one).
    ``ValueError`` when ``data`` is no whole GIF."""
    data = remove(data)
    trailer = next((start for start, _, kind in _blocks(data) if kind == _TRAILER), None)
    if trailer is None:
        raise ValueError("image data: a GIF file without its trailer, cut short?")
    chunks = [payload[at : at + 255] for at in range(0, len(payload), 255)]
    body = b"".join(bytes([len(chunk)]) + chunk for chunk in chunks)
    return data[:trailer] + _HEADER + body + b"\x00" + data[trailer:]


def find(data: bytes) -> bytes | None:
    """Our extension's payload, or None when the file carries none (or is no readable GIF)."""
    try:
        for start, end, _ in _blocks(data):
            if data.startswith(_HEADER, start):
                return b"".join(_sub_blocks(data, start + len(_HEADER), end))
    except ValueError:
        return None
    return None


def remove(data: bytes) -> bytes:
    """``data`` without our extension: the bytes as they were before :func:`insert`."""
    try:
        for start, end, _ in _blocks(data):
            if data.startswith(_HEADER, start):
                return data[:start] + data[end:]
    except ValueError:
        return data
    return data


def _blocks(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(start, end, introducer) of each block after the logical screen, up to the trailer."""
    if not data.startswith((b"GIF87a", b"GIF89a")) or len(data) < 13:
        raise ValueError("image data: not a GIF file")
    position = 13 + _table_size(data[10])
    while position < len(data):
        kind = data[position]
        if kind == _TRAILER:
            yield position, position + 1, kind
            return
        end = _block_end(data, position, kind)
        yield position, end, kind
        position = end
    raise ValueError("image data: a GIF file without its trailer")


def _block_end(data: bytes, position: int, kind: int) -> int:
    if kind == 0x21:  # extension: introducer, label, then sub-blocks
        return _skip(data, position + 2)
    if kind == 0x2C:  # image: descriptor, local colour table, LZW code size, sub-blocks
        flags = data[position + 9] if position + 9 < len(data) else 0
        return _skip(data, position + 10 + _table_size(flags) + 1)
    raise ValueError(f"image data: an unknown GIF block 0x{kind:02x} at byte {position}")


def _table_size(flags: int) -> int:
    return 3 * (2 ** ((flags & 0x07) + 1)) if flags & 0x80 else 0


def _skip(data: bytes, position: int) -> int:
    """The position after the sub-blocks starting at ``position`` (and their terminator)."""
    while position < len(data):
        size = data[position]
        position += 1 + size
        if size == 0:
            return position
    raise ValueError("image data: a GIF block runs past the end of the file")


def _sub_blocks(data: bytes, position: int, end: int) -> Iterator[bytes]:
    while position < end and data[position]:
        size = data[position]
        yield data[position + 1 : position + 1 + size]
        position += 1 + size
