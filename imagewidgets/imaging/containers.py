"""Byte-level surgery on image files: add, find and remove one metadata block.

The pixels are never re-encoded. Each format keeps our block where its readers look for text
metadata, and :func:`remove` gives back the exact bytes that :func:`insert` was given, so an image
keeps its SHA-256 identity while carrying its provenance. ``payload`` is the block's content:

- PNG: the text of an ``iTXt`` chunk with keyword ``imagewidgets``;
- JPEG: an XMP packet in an ``APP1`` segment;
- WebP: an XMP packet in an ``XMP `` chunk (a simple WebP is promoted to the extended layout);
- GIF: the text in an application extension (:mod:`~imagewidgets.imaging.gif_blocks`);
- SVG: the text in a ``<metadata>`` element (:mod:`~imagewidgets.imaging.svg_metadata`).

Example:
    >>> from PIL import Image; import io
    >>> buffer = io.BytesIO(); Image.new("RGB", (8, 8)).save(buffer, "PNG")
    >>> original = buffer.getvalue()
    >>> marked = insert(original, b'{"model": "gpt-image-2"}')
    >>> find(marked), remove(marked) == original
    (b'{"model": "gpt-image-2"}', True)
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from imagewidgets.imaging import gif_blocks, svg_metadata, webp_xmp
from imagewidgets.imaging.svg import is_svg

__all__ = ["PNG_KEYWORD", "XMP_MARKER", "detect", "find", "insert", "remove"]

PNG_KEYWORD = b"imagewidgets"
"""The keyword of the PNG ``iTXt`` chunk that holds the provenance."""
XMP_MARKER = b"imagewidgets:provenance"
"""Bytes that only our XMP packets contain: how we tell our packet from someone else's."""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TEXT_BLOCKS = {"gif": gif_blocks, "svg": svg_metadata}
"""The formats whose block holds the payload as it is (like PNG's), by their own module."""
_JPEG_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
_JPEG_MAX_SEGMENT = 0xFFFF - 2


def detect(data: bytes) -> str | None:
    """The container format of ``data`` by its magic bytes: ``png``, ``jpeg``, ``webp``, ``gif``,
    ``svg`` or None."""
    if data.startswith(_PNG_SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    return "svg" if is_svg(data) else None


def insert(data: bytes, payload: bytes) -> bytes:
    """``data`` with ``payload`` added as our metadata block (replacing an earlier one)."""
    data = remove(data)
    kind = _require(data)
    if kind == "png":
        return _png_insert(data, payload)
    if kind == "jpeg":
        return _jpeg_insert(data, payload)
    if kind in _TEXT_BLOCKS:
        inserted: bytes = _TEXT_BLOCKS[kind].insert(data, payload)
        return inserted
    return webp_xmp.insert(data, payload)


def find(data: bytes) -> bytes | None:
    """Our metadata block's payload, or None when the file carries none."""
    kind = detect(data)
    if kind == "png":
        return _png_find(data)
    if kind == "jpeg":
        return _jpeg_find(data)
    if kind == "webp":
        return webp_xmp.find(data, XMP_MARKER)
    return _TEXT_BLOCKS[kind].find(data) if kind in _TEXT_BLOCKS else None


def remove(data: bytes) -> bytes:
    """``data`` without our metadata block: the bytes as they were before :func:`insert`."""
    kind = detect(data)
    if kind == "png":
        return _png_remove(data)
    if kind == "jpeg":
        return _jpeg_remove(data)
    if kind == "webp":
        return webp_xmp.remove(data, XMP_MARKER)
    return _TEXT_BLOCKS[kind].remove(data) if kind in _TEXT_BLOCKS else data


def _require(data: bytes) -> str:
    kind = detect(data)
    if kind is None:
        raise ValueError(
            "image data: provenance can be embedded in PNG, JPEG, WebP, GIF or SVG files only"
        )
    return kind


# PNG: length, type, data, CRC; our block is an uncompressed iTXt chunk just before IEND.


def _png_chunks(data: bytes) -> Iterator[tuple[int, int, bytes]]:
    """(start, end, type) of each chunk after the signature."""
    position = len(_PNG_SIGNATURE)
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        end = position + 12 + length
        yield position, end, data[position + 4 : position + 8]
        position = end


def _png_is_ours(data: bytes, start: int, kind: bytes) -> bool:
    return kind == b"iTXt" and data[start + 8 :].startswith(PNG_KEYWORD + b"\x00")


def _png_insert(data: bytes, payload: bytes) -> bytes:
    body = PNG_KEYWORD + b"\x00\x00\x00\x00\x00" + payload
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body
    chunk += struct.pack(">I", zlib.crc32(b"iTXt" + body))
    iend = next((start for start, _, kind in _png_chunks(data) if kind == b"IEND"), None)
    if iend is None:
        raise ValueError("image data: a PNG file without its end chunk (IEND), cut short?")
    return data[:iend] + chunk + data[iend:]


def _png_find(data: bytes) -> bytes | None:
    for start, end, kind in _png_chunks(data):
        if _png_is_ours(data, start, kind):
            keyword_end = start + 8 + len(PNG_KEYWORD) + 1
            compressed = data[keyword_end]
            text = data[keyword_end + 2 : end - 4].split(b"\x00", 2)[2]
            return zlib.decompress(text) if compressed else text
    return None


def _png_remove(data: bytes) -> bytes:
    kept = [data[:8]]
    kept += [data[s:e] for s, e, kind in _png_chunks(data) if not _png_is_ours(data, s, kind)]
    return b"".join(kept)


# JPEG: marker segments up to the first SOS; our block is an XMP APP1 after the leading APPn.


def _jpeg_segments(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(start, end, marker) of each segment between SOI and the start of scan."""
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:
            return
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        yield position, position + 2 + length, marker
        position += 2 + length


def _jpeg_is_ours(data: bytes, start: int, end: int, marker: int) -> bool:
    segment = data[start + 4 : end]
    return marker == 0xE1 and segment.startswith(_JPEG_XMP_HEADER) and XMP_MARKER in segment


def _jpeg_insert(data: bytes, payload: bytes) -> bytes:
    body = _JPEG_XMP_HEADER + payload
    if len(body) > _JPEG_MAX_SEGMENT:
        raise ValueError(f"provenance: {len(body)} bytes do not fit a JPEG XMP segment (64 KB)")
    segment = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    at = 2
    for _, end, marker in _jpeg_segments(data):
        if not 0xE0 <= marker <= 0xEF:
            break
        at = end
    return data[:at] + segment + data[at:]


def _jpeg_find(data: bytes) -> bytes | None:
    for start, end, marker in _jpeg_segments(data):
        if _jpeg_is_ours(data, start, end, marker):
            return data[start + 4 + len(_JPEG_XMP_HEADER) : end]
    return None


def _jpeg_remove(data: bytes) -> bytes:
    for start, end, marker in _jpeg_segments(data):
        if _jpeg_is_ours(data, start, end, marker):
            return data[:start] + data[end:]
    return data
