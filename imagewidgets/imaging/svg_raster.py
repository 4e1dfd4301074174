"""SVG to pixels: :func:`rasterise` draws an SVG document at a chosen size with resvg.

resvg (``resvg-py`` on PyPI: one abi3 wheel per platform, no system library to install) is the
SVG renderer with the best conformance record; it runs no script and fetches nothing from the
network. The document is made safe first (:func:`~imagewidgets.imaging.svg_safety.safe_svg`),
so an ``<image>`` cannot read a local file either. See the README ("SVG results") for the
candidates compared.

Example:
    >>> svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    >>> svg += b'<rect width="40" height="20" fill="teal"/></svg>'
    >>> rasterise(svg).size, rasterise(svg, 400).size, rasterise(svg, (100, 100)).size
    ((40, 20), (400, 200), (100, 50))
"""

from __future__ import annotations

import io

import resvg_py
from PIL import Image

from imagewidgets.imaging.svg import svg_size
from imagewidgets.imaging.svg_safety import safe_svg

__all__ = ["Size", "fit_size", "rasterise"]

Size = int | tuple[int, int]
"""A longest side in pixels, or a box ``(width, height)`` to fit inside."""
_DEFAULT = 1024
"""The longest side of a document that states no size of its own."""


def rasterise(data: bytes, size: Size | None = None) -> Image.Image:
    """``data`` (an SVG document) drawn as an RGBA image: at its own size, at ``size`` pixels
    along its longest side, or fitted inside a ``(width, height)`` box, its aspect kept.

    ``ValueError`` when the document cannot be made safe or drawn."""
    safe = safe_svg(data)
    width, height = fit_size(svg_size(data) or (_DEFAULT, _DEFAULT), size)
    try:
        png = resvg_py.svg_to_bytes(svg_string=safe.decode("utf-8"), width=width, height=height)
    except Exception as error:  # resvg's own errors: a document it cannot draw
        raise ValueError(f"svg: could not be drawn ({error})") from error
    picture = Image.open(io.BytesIO(bytes(png)))
    picture.load()
    return picture.convert("RGBA")


def fit_size(natural: tuple[int, int], size: Size | None) -> tuple[int, int]:
    """``natural`` (width, height) scaled to ``size`` (a longest side or a box), aspect kept;
    itself when ``size`` is None."""
    width, height = (max(1, side) for side in natural)
    if size is None:
        return width, height
    box = (size, size) if isinstance(size, int) else size
    scale = min(box[0] / width, box[1] / height)
    return max(1, round(width * scale)), max(1, round(height * scale))
