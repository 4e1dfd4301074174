"""The size the emulator makes when a request leaves it to the service (``size="auto"``).

Generations take a shape from the prompt's words (landscape, portrait, ...); edits answer with
the service's size nearest the first image's shape (1024x1024, 1536x1024 or 1024x1536), not the
image's own size; a GIF's frames stay within the measured frame limit for its frame count.

Example:
    >>> from imagewidgets.capabilities import MODELS
    >>> from imagewidgets.imaging.source import SourceImage
    >>> wide = SourceImage(b"", "png", 300, 180)
    >>> auto_size("edit", MODELS["gpt-image-2.6-flare"], {"prompt": "x"}, (wide,))
    (1536, 1024)
    >>> auto_size("generate", MODELS["gpt-image-2.6-flare"], {"output_format": "gif"}, ())
    (960, 960)
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from imagewidgets.capabilities import ModelRules, parse_size
from imagewidgets.capabilities.sizes import gif_pixel_limit
from imagewidgets.emulator.motifs import words
from imagewidgets.imaging.source import SourceImage

__all__ = ["auto_size"]

LANDSCAPE = frozenset("landscape panorama panoramic wide horizon banner".split())
PORTRAIT = frozenset("portrait tall poster vertical standing".split())
SHAPES = ((1024, 1024), (1536, 1024), (1024, 1536))


def auto_size(
    endpoint: str,
    rules: ModelRules,
    params: Mapping[str, object],
    images: tuple[SourceImage, ...],
) -> tuple[int, int]:
    """``(width, height)`` of the images a request gets."""
    parsed = parse_size(str(params.get("size", "auto")))
    if parsed is not None:
        return parsed
    if not rules.gpt_image:
        return 1024, 1024
    if params.get("output_format") == "gif":
        frames = params.get("frame_count")
        side = int(math.sqrt(gif_pixel_limit(frames if isinstance(frames, int) else 9)))
        return side // 16 * 16, side // 16 * 16
    if endpoint == "edit" and images:
        return _nearest_shape(images[0].width, images[0].height)
    found = set(words(str(params.get("prompt", ""))))
    if found & LANDSCAPE:
        return 1536, 1024
    return (1024, 1536) if found & PORTRAIT else (1024, 1024)


def _nearest_shape(width: int, height: int) -> tuple[int, int]:
    ratio = math.log(max(width, 1) / max(height, 1))
    return min(SHAPES, key=lambda shape: abs(math.log(shape[0] / shape[1]) - ratio))
