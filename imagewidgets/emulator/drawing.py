"""Procedural pictures: a sky, a ground and the prompt's motifs, then its words and an offline mark.

Flat shapes are cheap to fill, so the scene is drawn at full size (a 1024x1024 picture takes a few
milliseconds); ``detail`` caps the long side it is drawn at, and a lower cap (low quality) gives a
softer, upscaled picture. Text is drawn last, at full resolution, so it is always legible.
Nothing depends on time: the same :class:`Picture` always gives the same pixels.

Example:
    >>> from imagewidgets.emulator.drawing import Picture, render
    >>> image = render(Picture("a red fox under the sun", 1024, 1024, seed=1))
    >>> image.size, image.mode
    ((1024, 1024), 'RGB')
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance

from imagewidgets.emulator.caption import Box, draw_caption, draw_mark
from imagewidgets.emulator.motifs import RGB, Motif, hashed_colour, motifs, sky
from imagewidgets.emulator.shapes import draw_shape

__all__ = ["Picture", "render", "scene"]

Frame = tuple[float, float, float, float]
WHOLE: Frame = (0.0, 0.0, 1.0, 1.0)


@dataclass(frozen=True)
class Picture:
    """What to draw: the prompt, the pixel size and how.

    ``frame`` is the part of the image the motifs and caption go in, as fractions
    (left, top, right, bottom): edits put them inside the mask. ``saturation`` > 1 makes colours
    more vivid. ``label`` is the text of the offline mark (empty: no mark).
    """

    prompt: str
    width: int
    height: int
    seed: int = 0
    transparent: bool = False
    detail: int = 4096
    saturation: float = 1.0
    frame: Frame = WHOLE
    label: str = "offline"


def render(picture: Picture) -> Image.Image:
    """The full-size picture: ``RGBA`` when transparent, else ``RGB``."""
    image = scene(picture)
    if image.size != (picture.width, picture.height):
        image = image.resize((picture.width, picture.height), Image.Resampling.BILINEAR)
    box = _pixels(picture.frame, picture.width, picture.height)
    draw_caption(image, picture.prompt, box)
    if picture.label:
        draw_mark(image, picture.label)
    return image


def scene(picture: Picture) -> Image.Image:
    """The picture without text, at ``detail`` pixels on its long side."""
    scale = min(1.0, picture.detail / max(picture.width, picture.height))
    size = (max(8, round(picture.width * scale)), max(8, round(picture.height * scale)))
    mode = "RGBA" if picture.transparent else "RGB"
    image = (
        Image.new(mode, size, (0, 0, 0, 0)) if picture.transparent else _sky(picture.prompt, size)
    )
    draw = ImageDraw.Draw(image)
    box = _pixels(picture.frame, *size)
    found = motifs(picture.prompt) or [
        Motif(picture.prompt[:12], "blob", hashed_colour(picture.prompt))
    ]
    rng = random.Random(picture.seed)
    ground = box[1] + (box[3] - box[1]) * 0.68
    if not picture.transparent and any(m.grounded for m in found):
        _ground(draw, box, ground, rng)
    for number, motif in enumerate(found):
        _place(draw, motif, number, len(found), box, ground, rng)
    if picture.saturation != 1.0:
        image = ImageEnhance.Color(image).enhance(picture.saturation)
    return image


def _pixels(frame: Frame, width: int, height: int) -> Box:
    return (
        round(frame[0] * width),
        round(frame[1] * height),
        round(frame[2] * width),
        round(frame[3] * height),
    )


def _sky(prompt: str, size: tuple[int, int]) -> Image.Image:
    top, bottom = (np.array(colour, dtype=np.float32) for colour in sky(prompt))
    steps = np.linspace(0.0, 1.0, size[1], dtype=np.float32)[:, None]
    column = (top + (bottom - top) * steps).round().astype(np.uint8)
    strip = Image.fromarray(column[:, None, :].copy(), "RGB")
    return strip.resize(size, Image.Resampling.NEAREST)


def _ground(draw: ImageDraw.ImageDraw, box: Box, ground: float, rng: random.Random) -> None:
    colour: RGB = (86, 140, 70) if rng.random() < 0.6 else (150, 120, 80)
    width = box[2] - box[0]
    hill = [(box[0] + width * i / 12, ground - rng.uniform(0, 0.04) * width) for i in range(13)]
    draw.polygon([*hill, (box[2], box[3]), (box[0], box[3])], colour)


def _place(
    draw: ImageDraw.ImageDraw,
    motif: Motif,
    number: int,
    count: int,
    box: Box,
    ground: float,
    rng: random.Random,
) -> None:
    width, height = box[2] - box[0], box[3] - box[1]
    slot = width / count
    radius = min(slot * 0.42, height * 0.2) * rng.uniform(0.8, 1.1)
    x = box[0] + slot * (number + 0.5) + rng.uniform(-0.12, 0.12) * slot
    if motif.grounded:
        y = ground + height * 0.04 - radius
    else:
        y = box[1] + height * rng.uniform(0.16, 0.5) + radius * 0.3
    draw_shape(draw, motif.shape, (x, y), radius, motif.colour)
