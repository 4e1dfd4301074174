"""Sizes: ``WIDTHxHEIGHT`` strings, the custom-size rules, and the limits only measured so far.

Custom sizes (gpt-image-2, 2.5 and, a guess, 2.6): both edges divisible by 16, aspect ratio
between 1:3 and 3:1, at most 3840x2160 (documented). The pixel minimum and the GIF frame limits
are third-party measurements (WIRE-2026-11 2.2), so breaking them is only warned about.

Example:
    >>> custom_size_problem("1536x864") is None, custom_size_problem("1000x1000")
    (True, 'width and height must both be divisible by 16')
    >>> gif_pixel_limit(9), gif_pixel_limit(16)
    (921600, 518400)
"""

from __future__ import annotations

import re

__all__ = [
    "EXPERIMENTAL_PIXELS",
    "MAX_CUSTOM_EDGE",
    "MAX_CUSTOM_PIXELS",
    "MIN_CUSTOM_PIXELS",
    "custom_size_problem",
    "gif_pixel_limit",
    "parse_size",
]

MAX_CUSTOM_EDGE = 3840
MAX_CUSTOM_PIXELS = 3840 * 2160
EXPERIMENTAL_PIXELS = 2560 * 1440
MIN_CUSTOM_PIXELS = 655_360
"""Third-party measurement (comfy, fal.ai): smaller custom sizes are likely refused."""
GIF_FRAME_PIXELS = ((9, 960 * 960), (12, 816 * 816), (16, 720 * 720))
"""Third-party measurement (apiyi): the largest frame for up to 9, 12 and 16 frames."""
_SIZE = re.compile(r"^(\d{1,5})x(\d{1,5})$")


def parse_size(size: str) -> tuple[int, int] | None:
    """``"1536x864"`` -> ``(1536, 864)``; ``None`` for ``"auto"`` or anything not ``WxH``."""
    match = _SIZE.match(size)
    return (int(match[1]), int(match[2])) if match else None


def custom_size_problem(size: str) -> str | None:
    """Why a custom ``WxH`` size breaks the documented limits, or ``None`` when it is fine."""
    parsed = parse_size(size)
    if parsed is None:
        return "write a custom size as WIDTHxHEIGHT, e.g. '1536x864'"
    width, height = parsed
    if width % 16 or height % 16:
        return "width and height must both be divisible by 16"
    if min(width, height) == 0 or max(width, height) > 3 * min(width, height):
        return "the aspect ratio must be between 1:3 and 3:1"
    if max(width, height) > MAX_CUSTOM_EDGE or width * height > MAX_CUSTOM_PIXELS:
        return "the largest supported size is 3840x2160 (or 2160x3840)"
    return None


def gif_pixel_limit(frame_count: int) -> int:
    """The most pixels a GIF frame may have with ``frame_count`` frames (measured, not
    documented)."""
    for most_frames, pixels in GIF_FRAME_PIXELS:
        if frame_count <= most_frames:
            return pixels
    return GIF_FRAME_PIXELS[-1][1]
