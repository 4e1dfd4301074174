"""SVG from a service is untrusted markup: :func:`safe_svg` keeps the drawing and drops whatever
could run or reach out.

Every view shows SVG as an image (an ``<img>`` of a Blob or data URL), where browsers run no
script and load nothing; this copy is the second wall, for a copy opened on its own (a Blob URL
opened in a tab runs with the notebook's origin). Removed: ``<script>``, ``<foreignObject>`` and
other embedding or scripting elements, every ``on*`` handler, animations that set a link or a
handler, links and ``url(...)`` references that leave the document (only ``#fragment`` and raster
``data:image/...`` stay), ``@import``, processing instructions, comments and the DOCTYPE. A
document with an internal DTD subset (entities) is refused: ``ValueError``.

Example:
    >>> hostile = b'''<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">
    ... <script>alert(2)</script><a href="javascript:alert(3)"><circle r="4"/></a></svg>'''
    >>> safe = safe_svg(hostile).decode()
    >>> "alert" in safe, "<circle" in safe
    (False, True)
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

__all__ = ["safe_svg"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_BANNED = frozenset(
    "script foreignobject iframe embed object audio video canvas handler listener".split()
)
_LINKING = frozenset({"href", "src", "action", "formaction", "data"})
_ANIMATIONS = frozenset({"set", "animate", "animatetransform", "animatemotion", "discard"})
_SAFE_LINK = re.compile(r"^\s*(#|data:image/(png|jpeg|jpg|gif|webp)[;,])", re.IGNORECASE)
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*>", re.IGNORECASE)


def safe_svg(data: bytes) -> bytes:
    """A copy of the SVG document ``data`` that can run nothing and load nothing (UTF-8).

    ``ValueError`` when it is not well-formed XML, declares entities, or its root is no ``svg``.
    """
    if b"<!ENTITY" in data.upper() or re.search(rb"<!DOCTYPE[^>]*\[", data, re.IGNORECASE):
        raise ValueError("svg: a document that declares entities is not shown")
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    try:
        root = ElementTree.fromstring(_DOCTYPE.sub(b"", data))
    except ElementTree.ParseError as error:
        raise ValueError(f"svg: not well-formed XML ({error})") from error
    if _local(root.tag) != "svg":
        raise ValueError(f"svg: the root element is {_local(root.tag)!r}, not 'svg'")
    _clean(root)
    text: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
    return text


def _clean(element: ElementTree.Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _dangerous(child):
            element.remove(child)
        else:
            _clean(child)
    for name, value in list(element.attrib.items()):
        if _bad_attribute(_local(name), value):
            del element.attrib[name]
        elif "url(" in value.lower():
            element.set(name, _safe_urls(value))
    if _local(element.tag) == "style" and element.text:
        element.text = _safe_urls(re.sub(r"@import[^;]*;?", "", element.text, flags=re.I))


def _dangerous(element: ElementTree.Element) -> bool:
    name = _local(element.tag)
    if name in _BANNED:
        return True
    target = _local(element.get("attributeName", "")).lower()
    return name in _ANIMATIONS and (target in _LINKING or target.startswith("on"))


def _bad_attribute(name: str, value: str) -> bool:
    lowered = name.lower()
    if lowered.startswith("on") or "javascript:" in re.sub(r"\s", "", value.lower()):
        return True
    return lowered in _LINKING and not _SAFE_LINK.match(value)


def _safe_urls(text: str) -> str:
    """``text`` with every ``url(...)`` that leaves the document replaced by ``none``."""
    return _URL.sub(lambda m: m.group(0) if _SAFE_LINK.match(m.group(2)) else "none", text)


def _local(tag: str) -> str:
    """An element or attribute name without its namespace (``{ns}href`` -> ``href``)."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""
