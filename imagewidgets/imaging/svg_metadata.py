"""Provenance inside an SVG file: one ``<metadata>`` element of our own, right after the root
element's start tag, added, found and removed as text (the drawing is never re-serialised).

SVG readers ignore ``<metadata>``; ours holds the JSON (XML-escaped) in an
``imagewidgets:provenance`` element, so :func:`remove` gives back the exact bytes :func:`insert`
was given and the image keeps its SHA-256 identity.

Example:
    >>> svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle r="4"/></svg>'
    >>> marked = insert(svg, b'{"prompt": "a <dot>"}')
    >>> b"<metadata" in marked, find(marked), remove(marked) == svg
    (True, b'{"prompt": "a <dot>"}', True)
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, unescape

__all__ = ["NAMESPACE", "find", "insert", "remove"]

NAMESPACE = "https://github.com/imagewidgets/imagewidgets/ns/provenance/1.0/"
"""The namespace of the ``imagewidgets:provenance`` element (the one XMP packets use)."""
_OPEN = (
    '<metadata data-imagewidgets="provenance">'
    f'<imagewidgets:provenance xmlns:imagewidgets="{NAMESPACE}">'
).encode()
_CLOSE = b"</imagewidgets:provenance></metadata>"
_ROOT = re.compile(rb"<svg\b[^>]*?(/?)>", re.IGNORECASE | re.DOTALL)
_OURS = re.compile(re.escape(_OPEN) + rb"(.*?)" + re.escape(_CLOSE), re.DOTALL)


def insert(data: bytes, payload: bytes) -> bytes:
    """``data`` with ``payload`` (UTF-8 text) in our ``<metadata>`` (replacing an earlier one).

    ``ValueError`` when the document has no root element to put it in (or an empty one,
    ``<svg/>``, which could not be given back byte for byte)."""
    data = remove(data)
    root = _ROOT.search(data)
    if root is None or root.group(1):
        raise ValueError("image data: an SVG document without a root element to hold metadata")
    text = escape(payload.decode("utf-8")).encode("utf-8")
    return data[: root.end()] + _OPEN + text + _CLOSE + data[root.end() :]


def find(data: bytes) -> bytes | None:
    """Our metadata's payload, or None when the document carries none."""
    found = _OURS.search(data)
    return unescape(found.group(1).decode("utf-8")).encode("utf-8") if found else None


def remove(data: bytes) -> bytes:
    """``data`` without our metadata: the bytes as they were before :func:`insert`."""
    found = _OURS.search(data)
    return data[: found.start()] + data[found.end() :] if found else data
