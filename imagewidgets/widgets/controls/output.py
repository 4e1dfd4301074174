"""What the GIF output format rules out on its own: frames larger than the measured limit.

The service refuses a GIF whose frames pass its frame-size limit for the frame count; the limits
are third-party measurements (``capabilities.sizes.gif_pixel_limit``), so the client only warns,
but the panel says so before anything is sent and offers ``auto`` instead.

Example:
    >>> print(gif_size_problem({"output_format": "gif", "size": "1024x1024", "frame_count": 9}))
    a GIF of 9 frames is at most 921,600 pixels a frame (960x960, as measured): choose size auto
    or a smaller custom size
    >>> gif_size_problem({"output_format": "gif", "size": "auto"})
    ''
"""

from __future__ import annotations

from collections.abc import Mapping

from imagewidgets.capabilities import parse_size
from imagewidgets.capabilities.sizes import gif_pixel_limit

__all__ = ["gif_size_problem"]


def gif_size_problem(values: Mapping[str, object]) -> str:
    """Why a GIF of these ``values`` is too large a frame (measured limits), or ``""``."""
    frames = values.get("frame_count")
    count = frames if isinstance(frames, int) else 9
    width, height = parse_size(str(values.get("size") or "")) or (0, 0)
    limit = gif_pixel_limit(count)
    if values.get("output_format") != "gif" or width * height <= limit:
        return ""
    side = int(limit**0.5)
    return (
        f"a GIF of {count} frames is at most {limit:,} pixels a frame ({side}x{side}, as "
        f"measured): choose size auto or a smaller custom size"
    )
