"""Token usage in the service's shape, growing with size, quality, partial frames and inputs.

The counts are the emulator's own model of the service (prices are configuration elsewhere, never
constants here): text is about one token per four bytes of prompt; an input image costs 65 tokens
plus 129 per 512-pixel tile (more with ``input_fidelity="high"``); an output image costs a
per-quality amount for 1024x1024, scaled by its area, plus 100 tokens per partial frame (a GIF:
all its frames, drawn as one sprite sheet); ``complexity`` costs nothing. dall-e models report no
usage, as in the service. SVG authoring is counted apart, in ``svg_usage`` (:mod:`.svg`).

Example:
    >>> from imagewidgets.emulator.parsing import Body
    >>> from imagewidgets.emulator.plan import make_plan
    >>> body = Body({"prompt": "a fox", "model": "gpt-image-2.6-flare", "quality": "low"})
    >>> plan = make_plan("generate", body)
    >>> usage(plan)["output_tokens"], usage(plan)["output_tokens_details"]
    (272, {'image_tokens': 272, 'text_tokens': 0})
"""

from __future__ import annotations

import math
from typing import Any

from imagewidgets.emulator.plan import Plan
from imagewidgets.imaging.source import SourceImage

__all__ = ["image_tokens", "usage"]

OUTPUT_PER_MEGAPIXEL = {"low": 272, "medium": 1056, "high": 4160, "xhigh": 7392, "max": 16640}
PARTIAL_TOKENS = 100
HIGH_FIDELITY_EXTRA = 4096


def usage(plan: Plan, images: int | None = None, *, details: bool = True) -> dict[str, Any] | None:
    """The ``usage`` object for ``images`` outputs (default: all ``n``); ``None`` for dall-e.

    ``details=False`` leaves out ``output_tokens_details`` (stream events do not carry it)."""
    if not plan.rules.gpt_image:
        return None
    count = plan.n if images is None else images
    text = math.ceil(len(plan.prompt.encode("utf-8")) / 4)
    pictures = sum(image_tokens(source) for source in plan.images)
    if plan.input_fidelity == "high" and plan.images:
        pictures += HIGH_FIDELITY_EXTRA
    output = count * _output_tokens(plan)
    body: dict[str, Any] = {
        "input_tokens": text + pictures,
        "input_tokens_details": {"text_tokens": text, "image_tokens": pictures},
        "output_tokens": output,
        "total_tokens": text + pictures + output,
    }
    if details:
        body["output_tokens_details"] = {"image_tokens": output, "text_tokens": 0}
    return body


def image_tokens(source: SourceImage) -> int:
    """An input image's tokens: 65 + 129 per 512-pixel tile (fit in 2048 px, short side 768)."""
    width, height = float(source.width), float(source.height)
    fit = min(1.0, 2048 / max(width, height))
    width, height = width * fit, height * fit
    shrink = min(1.0, 768 / min(width, height))
    tiles = math.ceil(width * shrink / 512) * math.ceil(height * shrink / 512)
    return 65 + 129 * tiles


def _output_tokens(plan: Plan) -> int:
    per_megapixel = OUTPUT_PER_MEGAPIXEL.get(plan.quality, OUTPUT_PER_MEGAPIXEL["medium"])
    frames = plan.frame_count if plan.output_format == "gif" else 1
    area = frames * plan.width * plan.height / (1024 * 1024)
    partials = plan.partial_images if plan.stream else 0
    return round(per_megapixel * area) + PARTIAL_TOKENS * partials
