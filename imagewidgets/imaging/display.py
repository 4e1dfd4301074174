"""What a browser view gets of any result: vectors stay vectors, animations keep moving.

:func:`display_copy` is :func:`~imagewidgets.imaging.thumbnails.display_image` for every kind of
result: an SVG document becomes its safe copy (:func:`~imagewidgets.imaging.svg_safety.safe_svg`,
shown as an image, crisp at any zoom), an animated GIF a bounded animated WebP
(:func:`~imagewidgets.imaging.animation.animated_copy`) that fits ``budget``, anything else the
display-sized still.

Example:
    >>> svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="600" onload="x()"/>'
    >>> shown = display_copy(svg)
    >>> shown.format, (shown.width, shown.height), b"onload" in shown.data
    ('svg', (900, 600), False)
"""

from __future__ import annotations

from imagewidgets.imaging.animation import animated_copy, is_animated, timing
from imagewidgets.imaging.svg import is_svg, svg_size
from imagewidgets.imaging.svg_safety import safe_svg
from imagewidgets.imaging.thumbnails import (
    DISPLAY_BUDGET,
    DISPLAY_MAX_SIDE,
    DisplayImage,
    display_image,
)

__all__ = ["MAX_SHOWN_FRAMES", "display_copy"]

MAX_SHOWN_FRAMES = 16
"""The most frames an animated display copy keeps (the service makes at most 16)."""


def display_copy(
    data: bytes, *, max_side: int = DISPLAY_MAX_SIDE, budget: int = DISPLAY_BUDGET,
    max_frames: int = MAX_SHOWN_FRAMES,
) -> DisplayImage:  # fmt: skip
    """The bytes a view shows for ``data``: a safe vector, a bounded animation, or a still.

    ``ValueError`` for an SVG document that cannot be made safe."""
    if is_svg(data):
        width, height = svg_size(data) or (max_side, max_side)
        return DisplayImage(safe_svg(data), "svg", width, height)
    if is_animated(data):
        return _animation(data, max_side, budget, max_frames)
    return display_image(data, max_side=max_side, budget=budget)


def _animation(data: bytes, max_side: int, budget: int, max_frames: int) -> DisplayImage:
    """The GIF as it is when it fits, else smaller animated WebP copies until one does."""
    still = display_image(data, max_side=max_side, budget=budget)
    if still.format == "gif":  # small enough to pass as it came
        return still
    frames, side = min(max_frames, timing(data).frame_count), max(still.width, still.height)
    while True:
        copy = animated_copy(data, max_side=side, max_frames=frames)
        if len(copy) <= budget or side <= 64:
            scale = side / max(still.width, still.height)
            width, height = round(still.width * scale), round(still.height * scale)
            return DisplayImage(copy, "webp", max(1, width), max(1, height))
        side, frames = side * 3 // 4, max(2, frames * 3 // 4)
