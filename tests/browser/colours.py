"""Reading colours off the page: the contrast of every text (``contrast.js``) and how light a
CSS colour is, shared by the browser tests that check the light and dark themes."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["COLOURS", "CONTRAST", "LEGIBLE", "luminance"]

CONTRAST = Path(__file__).with_name("contrast.js").read_text(encoding="utf-8")
"""A page function: the WCAG contrast ratio of every visible text inside an element."""
LEGIBLE = 4.5
"""WCAG AA for normal text."""
COLOURS = """(el) => {
  const style = getComputedStyle(el);
  return [style.color, style.backgroundColor];
}"""
"""A page function: an element's text and background colours, as CSS colours."""


def luminance(css_color: str) -> float:
    """Relative brightness (0 black .. 1 white) of an ``rgb(r, g, b)`` or ``rgba(...)`` CSS
    colour (rough: enough to tell dark from light)."""
    red, green, blue = (float(part) for part in re.findall(r"[\d.]+", css_color)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255
