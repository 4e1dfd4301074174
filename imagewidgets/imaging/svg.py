"""Recognise SVG bytes and read their size, without a renderer (Pillow reads no SVG).

The size comes from the root element's ``width`` and ``height`` (in pixels, or unitless), else
from its ``viewBox``; ``None`` when the document gives neither.

Example:
    >>> svg_size(b'<?xml version="1.0"?><svg width="640px" height="480">')
    (640, 480)
    >>> svg_size(b'<svg viewBox="0 0 300 200"></svg>'), is_svg(b"\\x89PNG")
    ((300, 200), False)
"""

from __future__ import annotations

import re

__all__ = ["is_svg", "svg_size"]

_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_LENGTH = r"""\s*=\s*["']\s*([0-9.]+)\s*(?:px)?\s*["']"""
_PROLOGUE = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg\b",
    re.DOTALL | re.IGNORECASE,
)


def is_svg(data: bytes) -> bool:
    """Whether ``data`` is an SVG document (its root element, after any prologue, is ``svg``)."""
    return _PROLOGUE.match(data[:4096]) is not None


def svg_size(data: bytes) -> tuple[int, int] | None:
    """``(width, height)`` of an SVG document, or ``None`` when it states no size."""
    root = _ROOT.search(data[:65536])
    if root is None:
        return None
    tag = root.group(0).decode("utf-8", errors="replace")
    width, height = (_attribute(tag, name) for name in ("width", "height"))
    if width and height:
        return round(width), round(height)
    box = re.search(r"""viewBox\s*=\s*["']([^"']+)["']""", tag)
    numbers = box.group(1).replace(",", " ").split() if box else []
    if len(numbers) == 4:
        try:
            return round(float(numbers[2])), round(float(numbers[3]))
        except ValueError:
            return None
    return None


def _attribute(tag: str, name: str) -> float | None:
    found = re.search(rf"\s{name}{_LENGTH}", tag)
    try:
        return float(found.group(1)) if found else None
    except ValueError:
        return None
