"""Provenance inside the image file: write it, read it back, take it out again.

The provenance is a JSON object (what made the image: model, parameters, prompt, usage, parents).
PNG files carry it in an ``iTXt`` chunk with keyword ``imagewidgets``, GIF files in an application
extension, SVG files in a ``<metadata>`` element; JPEG and WebP files in an XMP packet (element
``imagewidgets:provenance``), where photo tools and Pillow (``image.info["xmp"]``) find it too.
The pixels are never re-encoded, and :func:`strip_provenance` gives back the original bytes
exactly, so an image's SHA-256 identity survives the round trip.

Example:
    >>> from PIL import Image; import io
    >>> buffer = io.BytesIO(); Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    >>> marked = embed_provenance(buffer.getvalue(), {"model": "gpt-image-2", "prompt": "a fox"})
    >>> read_provenance(marked)["prompt"]
    'a fox'
    >>> strip_provenance(marked) == buffer.getvalue()
    True
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from imagewidgets.imaging import containers

__all__ = ["NAMESPACE", "embed_provenance", "read_provenance", "strip_provenance"]

NAMESPACE = "https://github.com/imagewidgets/imagewidgets/ns/provenance/1.0/"
"""The XML namespace of the ``imagewidgets:provenance`` element in XMP packets."""

_PLAIN = ("png", "gif", "svg")
"""The formats that carry the JSON as it is (the others in an XMP packet)."""
_XMP_ROOM = 60_000
"""Above this many bytes of JSON the XMP packet carries it zlib-compressed (JPEG's 64 KB limit)."""


def embed_provenance(data: bytes, provenance: Mapping[str, Any]) -> bytes:
    """``data`` (PNG, JPEG, WebP, GIF or SVG bytes) with ``provenance`` inside; replaces an
    earlier one."""
    text = json.dumps(provenance, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if containers.detect(data) in _PLAIN:
        return containers.insert(data, text.encode("utf-8"))
    return containers.insert(data, _xmp_packet(text))


def read_provenance(data: bytes) -> dict[str, Any] | None:
    """The provenance embedded in ``data``, or None when there is none or it is unreadable."""
    payload = containers.find(data)
    if payload is None:
        return None
    try:
        plain = containers.detect(data) in _PLAIN
        text = payload.decode("utf-8") if plain else _xmp_text(payload)
        value = json.loads(text)
    except (ValueError, ElementTree.ParseError, zlib.error):
        return None
    return value if isinstance(value, dict) else None


def strip_provenance(data: bytes) -> bytes:
    """``data`` without embedded provenance: exactly the bytes before :func:`embed_provenance`."""
    return containers.remove(data)


def _xmp_packet(text: str) -> bytes:
    encoding = ""
    if len(text.encode("utf-8")) > _XMP_ROOM:
        text = base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")
        encoding = ' imagewidgets:encoding="zlib+base64"'
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        f' xmlns:imagewidgets="{NAMESPACE}" xmp:CreatorTool="imagewidgets">'
        f"<imagewidgets:provenance{encoding}>{escape(text)}</imagewidgets:provenance>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="r"?>'
    )
    return packet.encode("utf-8")


def _xmp_text(packet: bytes) -> str:
    start, end = packet.find(b"<x:xmpmeta"), packet.rfind(b"</x:xmpmeta>")
    root = ElementTree.fromstring(packet[start : end + len(b"</x:xmpmeta>")])
    element = root.find(f".//{{{NAMESPACE}}}provenance")
    if element is None or element.text is None:
        raise ValueError("no provenance element in the XMP packet")
    if element.get(f"{{{NAMESPACE}}}encoding") == "zlib+base64":
        return zlib.decompress(base64.b64decode(element.text)).decode("utf-8")
    return element.text
