"""The images of a request, final and partial, encoded: the one entry point the app renders with.

The seed of image ``index`` comes from everything that shapes the picture (endpoint, model,
prompt, size, quality, complexity, background, style, the input images', mask's and markup's
hashes, its index) and nothing else: never time, and not the output format or compression, which
only change encoding. GIF and SVG output come from their own modules (:mod:`.gif`, :mod:`.svg`).

Example:
    >>> from imagewidgets.emulator.parsing import Body
    >>> from imagewidgets.emulator.plan import make_plan
    >>> plan = make_plan("generate", Body({"prompt": "a fox", "model": "gpt-image-2.6-flare"}))
    >>> rendered = render_image(plan, 0)
    >>> rendered.final == render_image(plan, 0).final, len(rendered.partials)
    (True, 0)
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from imagewidgets.emulator.drawing import Picture, render
from imagewidgets.emulator.edits import edited, varied
from imagewidgets.emulator.encoding import encode
from imagewidgets.emulator.frames import partial_frames
from imagewidgets.emulator.gif import animated_gif
from imagewidgets.emulator.motifs import seed_for
from imagewidgets.emulator.plan import Plan
from imagewidgets.emulator.svg import svg_document

__all__ = ["Rendered", "picture_seed", "render_image"]

DETAIL = {"low": 512}
"""Long side the scene is drawn at, by quality (others: full size)."""
SATURATION = {"vivid": 1.3, "natural": 0.8}


@dataclass(frozen=True)
class Rendered:
    """One image of a request: its partial frames and the final image, encoded."""

    partials: tuple[bytes, ...]
    final: bytes


def picture_seed(plan: Plan, index: int) -> int:
    """The seed of image ``index``: equal requests give equal seeds."""
    inputs = tuple(source.sha256 for source in plan.images)
    mask = plan.mask.sha256 if plan.mask is not None else None
    extra = (plan.complexity, plan.markup.sha256) if plan.markup else (plan.complexity,)
    return seed_for(
        plan.endpoint, plan.model, plan.prompt, plan.size, plan.quality, plan.background,
        plan.style, plan.input_fidelity, inputs, mask, index,
        *(extra if extra != (None,) else ()),
    )  # fmt: skip


def render_image(plan: Plan, index: int) -> Rendered:
    """Draw image ``index`` of ``plan`` and its partial frames (when streamed), encoded."""
    if plan.output_format in ("gif", "svg"):
        return Rendered((), _animated_or_vector(plan, index))
    final = final_image(plan, index)
    count = plan.partial_images if plan.stream else 0
    frames = partial_frames(final, count)
    encoded = [encode(image, plan.output_format, plan.compression) for image in [*frames, final]]
    return Rendered(tuple(encoded[:-1]), encoded[-1])


def _animated_or_vector(plan: Plan, index: int) -> bytes:
    seed, label = picture_seed(plan, index), f"offline · {plan.model}"
    if plan.output_format == "svg":
        document = svg_document(
            plan.prompt, plan.width, plan.height, seed=seed, transparent=plan.transparent
        )
        return document.encode("utf-8")
    return animated_gif(
        plan.prompt, plan.width, plan.height, frames=plan.frame_count,
        duration_ms=plan.frame_duration_ms, seed=seed, transparent=plan.transparent, label=label,
    )  # fmt: skip


def final_image(plan: Plan, index: int) -> Image.Image:
    """The final picture of image ``index``, before encoding."""
    seed = picture_seed(plan, index)
    label = f"offline · {plan.model}"
    if plan.endpoint == "edit":
        return edited(plan, seed, label)
    if plan.endpoint == "variation":
        return varied(plan, seed, label)
    picture = Picture(
        plan.prompt,
        plan.width,
        plan.height,
        seed=seed,
        transparent=plan.transparent,
        detail=DETAIL.get(plan.quality, 8192),
        saturation=SATURATION.get(plan.style or "", 1.0),
        label=label,
    )
    return render(picture)
