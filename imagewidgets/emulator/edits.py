"""Edits and variations: new pictures made from the images a request sends.

An edit draws the prompt's scene inside the area to change (the mask's fully transparent pixels,
the pixels near a markup's marks, or for dall-e-2 without a mask the image's own transparent
pixels, or the whole image) and lays the other input images into it as framed thumbnails.
Outside that area every pixel is the first input image's, copied exactly, so a PNG result
decodes to the very same values there.

A variation keeps the source's composition and changes its colours, framing and accents, each
one differently (the seed includes its place in the batch).
"""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw

from imagewidgets.emulator.caption import draw_mark
from imagewidgets.emulator.drawing import WHOLE, Frame, Picture, render
from imagewidgets.emulator.encoding import open_image
from imagewidgets.emulator.motifs import hashed_colour
from imagewidgets.emulator.plan import Plan
from imagewidgets.imaging.markup import markup_area
from imagewidgets.imaging.source import SourceImage

__all__ = ["edit_area", "edited", "varied"]

MASKED_WEIGHT = 0.82
UNMASKED_WEIGHT = {"high": 0.35, "low": 0.6}


def edited(plan: Plan, seed: int, label: str) -> Image.Image:
    """The edit of ``plan.images`` for ``plan.prompt``; unchanged outside the edit area."""
    size = (plan.width, plan.height)
    base = _fit(open_image(plan.images[0]), size)
    area = edit_area(plan, base)
    frame = _frame(area, size) if area is not None else WHOLE
    if frame is None:
        return _output(base, plan)
    picture = Picture(
        plan.prompt, *size, seed=seed, transparent=plan.transparent, frame=frame, label=""
    )
    drawn = render(picture).convert("RGBA")
    weight = (
        MASKED_WEIGHT
        if area is not None
        else UNMASKED_WEIGHT.get(plan.input_fidelity or "low", 0.6)
    )
    result = Image.blend(Image.alpha_composite(drawn, base), drawn, weight)
    _thumbnails(result, plan.images[1:], frame)
    if area is None:
        draw_mark(result, label)
        return _output(result, plan)
    return _output(Image.composite(result, base, area), plan)


def edit_area(plan: Plan, base: Image.Image) -> Image.Image | None:
    """An ``L`` image, 255 where the edit may change pixels; ``None`` means everywhere."""
    if plan.markup is not None:
        return _near_marks(plan.markup, base.size)
    if plan.mask is not None:
        alpha = open_image(plan.mask).getchannel("A")
    elif plan.model.startswith("dall-e-2"):
        alpha = base.getchannel("A")
    else:
        return None
    if alpha.size != base.size:
        alpha = alpha.resize(base.size, Image.Resampling.NEAREST)
    return alpha.point(lambda value: 255 if value == 0 else 0)


def _near_marks(markup: SourceImage, size: tuple[int, int]) -> Image.Image:
    """The pixels near the marks (:func:`imagewidgets.imaging.markup.markup_area`), 255."""
    near, _ = markup_area(np.asarray(open_image(markup), dtype=np.uint8))
    area = Image.fromarray(near.astype(np.uint8) * 255, "L")
    return area if area.size == size else area.resize(size, Image.Resampling.NEAREST)


def _fit(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)


def _frame(area: Image.Image, size: tuple[int, int]) -> Frame | None:
    box = area.getbbox()
    if box is None:
        return None
    return (box[0] / size[0], box[1] / size[1], box[2] / size[0], box[3] / size[1])


def _output(image: Image.Image, plan: Plan) -> Image.Image:
    keep_alpha = plan.transparent or bool((np.asarray(image.getchannel("A")) < 255).any())
    return image if keep_alpha and plan.output_format != "jpeg" else image.convert("RGB")


def _thumbnails(image: Image.Image, sources: tuple[SourceImage, ...], frame: Frame) -> None:
    if not sources:
        return
    left, top = frame[0] * image.width, frame[1] * image.height
    width, height = (frame[2] - frame[0]) * image.width, (frame[3] - frame[1]) * image.height
    columns = min(5, len(sources))
    rows = math.ceil(len(sources) / columns)
    side = max(8, int(min(width / (columns + 0.6), height * 0.55 / rows)))
    gap = side // 10
    for number, source in enumerate(sources):
        thumb = open_image(source)
        thumb.thumbnail((side, side))
        x = int(left + gap + (number % columns) * (side + gap))
        y = int(top + gap + (number // columns) * (side + gap))
        ImageDraw.Draw(image).rectangle(
            (x - 2, y - 2, x + thumb.width + 1, y + thumb.height + 1), "white"
        )
        image.alpha_composite(thumb, (x, y))


def varied(plan: Plan, seed: int, label: str) -> Image.Image:
    """A variation of ``plan.images[0]``: its composition and brightness, new colours, new frame."""
    rng = random.Random(seed)
    size = (plan.width, plan.height)
    source = open_image(plan.images[0])
    flat = Image.alpha_composite(Image.new("RGBA", source.size, "white"), source).convert("RGB")
    zoom = rng.uniform(0.8, 0.93)
    crop_w, crop_h = flat.width * zoom, flat.height * zoom
    x, y = rng.uniform(0, flat.width - crop_w), rng.uniform(0, flat.height - crop_h)
    flat = flat.resize(size, Image.Resampling.BICUBIC, box=(x, y, x + crop_w, y + crop_h))
    result = _rotate_hue(flat, math.radians(rng.uniform(30, 110) * rng.choice((1, -1))))
    _accents(result, rng)
    draw_mark(result, label)
    return result.convert("RGB")


def _rotate_hue(image: Image.Image, angle: float) -> Image.Image:
    """Turn the colours around the colour wheel, keeping each pixel's brightness."""
    ycbcr = np.asarray(image.convert("YCbCr"), dtype=np.float32)
    blue, red = ycbcr[..., 1] - 128, ycbcr[..., 2] - 128
    cos, sin = math.cos(angle), math.sin(angle)
    ycbcr[..., 1] = 128 + blue * cos - red * sin
    ycbcr[..., 2] = 128 + blue * sin + red * cos
    turned = Image.fromarray(ycbcr.clip(0, 255).round().astype(np.uint8), "YCbCr")
    return turned.convert("RGBA")


def _accents(image: Image.Image, rng: random.Random) -> None:
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for number in range(rng.randrange(3, 6)):
        radius = min(image.size) * rng.uniform(0.03, 0.09)
        x, y = rng.uniform(0, image.width), rng.uniform(0, image.height)
        colour = hashed_colour(f"accent{rng.random()}{number}")
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), (*colour, 110))
    image.alpha_composite(overlay)
