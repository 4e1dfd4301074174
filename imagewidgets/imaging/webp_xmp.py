"""The XMP chunk of a WebP file: add it, find it, take it out again, byte for byte.

A WebP file is a RIFF container of chunks (fourcc, little-endian size, data, padded to even).
Metadata needs the extended layout (a ``VP8X`` header chunk with flags and the canvas size), so a
simple WebP (one ``VP8 `` or ``VP8L`` chunk) is promoted on insert, and a mark at the end of our
chunk says so, which lets :func:`remove` give back the simple file exactly. Used by
:mod:`imagewidgets.imaging.containers`.
"""

from __future__ import annotations

import io
import struct

from PIL import Image

__all__ = ["find", "insert", "remove"]

_XMP_FLAG = 0x04
_ALPHA_FLAG = 0x10
_SIMPLE_MARK = b"<!-- imagewidgets: was a simple WebP -->"

Chunk = tuple[bytes, bytes]


def insert(data: bytes, payload: bytes) -> bytes:
    """``data`` with an ``XMP `` chunk holding ``payload`` (after any chunk already there)."""
    chunks = _chunks(data)
    if chunks[0][0] != b"VP8X":
        payload += _SIMPLE_MARK
        chunks.insert(0, (b"VP8X", _vp8x_for(data, chunks[0])))
    header = bytearray(chunks[0][1])
    header[0] |= _XMP_FLAG
    chunks[0] = (b"VP8X", bytes(header))
    return _pack([*chunks, (b"XMP ", payload)])


def find(data: bytes, marker: bytes) -> bytes | None:
    """The payload of the first ``XMP `` chunk containing ``marker``, or None."""
    for fourcc, content in _chunks(data):
        if fourcc == b"XMP " and marker in content:
            return content.removesuffix(_SIMPLE_MARK)
    return None


def remove(data: bytes, marker: bytes) -> bytes:
    """``data`` without the ``XMP `` chunk holding ``marker``: the bytes before :func:`insert`."""
    chunks = _chunks(data)
    ours = [chunk for chunk in chunks if chunk[0] == b"XMP " and marker in chunk[1]]
    if not ours:
        return data
    kept = [chunk for chunk in chunks if chunk is not ours[0]]
    if ours[0][1].endswith(_SIMPLE_MARK):
        return _pack(kept[1:])
    header = bytearray(kept[0][1])
    header[0] &= ~_XMP_FLAG & 0xFF
    return _pack([(b"VP8X", bytes(header)), *kept[1:]])


def _chunks(data: bytes) -> list[Chunk]:
    chunks, position = [], 12
    while position + 8 <= len(data):
        fourcc = data[position : position + 4]
        (size,) = struct.unpack("<I", data[position + 4 : position + 8])
        chunks.append((fourcc, data[position + 8 : position + 8 + size]))
        position += 8 + size + (size & 1)
    return chunks


def _pack(chunks: list[Chunk]) -> bytes:
    body = b"".join(
        fourcc + struct.pack("<I", len(content)) + content + b"\x00" * (len(content) & 1)
        for fourcc, content in chunks
    )
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def _vp8x_for(data: bytes, image: Chunk) -> bytes:
    """The VP8X header a simple WebP would have: its canvas size and whether it has alpha."""
    with Image.open(io.BytesIO(data)) as picture:
        width: int = picture.size[0]
        height: int = picture.size[1]
        alpha = picture.mode == "RGBA" and image[0] == b"VP8L"
    flags = bytes([_ALPHA_FLAG if alpha else 0, 0, 0, 0])
    return flags + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
