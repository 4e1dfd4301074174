"""Animated GIF output: the request's procedural picture, visibly moving, frame after frame.

The scene is drawn once, then each frame pans it sideways by an equal step (it wraps around, so
the animation loops seamlessly), with the prompt's caption and the offline mark drawn in place on
every frame, and a row of dots in the top corner that marks which frame this is (so a scrubbed
or paused frame is told apart at a glance). Frames last ``frame_duration_ms`` rounded to 10 ms,
as the service does. A transparent background becomes GIF's one-bit transparency. Nothing
depends on time: the same request gives the same bytes.

Example:
    >>> from PIL import Image, ImageDraw
    >>> import io
    >>> data = animated_gif("a red kite", 96, 64, frames=3, duration_ms=123, seed=1)
    >>> gif = Image.open(io.BytesIO(data))
    >>> gif.format, gif.n_frames, gif.size, gif.info["duration"], gif.info["loop"]
    ('GIF', 3, (96, 64), 120, 0)
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from imagewidgets.emulator.caption import draw_caption, draw_mark
from imagewidgets.emulator.drawing import Picture, scene

__all__ = ["animated_gif"]

MAX_DELAY_MS = 655_350
CLEAR = 255
"""The palette index of transparent pixels."""


def animated_gif(
    prompt: str,
    width: int,
    height: int,
    *,
    frames: int,
    duration_ms: int,
    seed: int,
    transparent: bool = False,
    label: str = "offline",
) -> bytes:
    """An animated, looping GIF of ``frames`` frames of ``width`` x ``height``."""
    picture = Picture(prompt, width, height, seed=seed, transparent=transparent, label=label)
    base = scene(picture)
    if base.size != (width, height):
        base = base.resize((width, height), Image.Resampling.BILINEAR)
    pixels = np.asarray(base)
    shots = [_frame(picture, pixels, number, frames) for number in range(frames)]
    buffer = io.BytesIO()
    delay = min(MAX_DELAY_MS, max(10, round(duration_ms / 10) * 10))
    extra = {"transparency": CLEAR} if transparent else {}
    shots[0].save(
        buffer, "GIF", save_all=True, append_images=shots[1:], duration=delay, loop=0,
        disposal=2 if transparent else 1, optimize=False, **extra,
    )  # fmt: skip
    return buffer.getvalue()


def _frame(picture: Picture, pixels: np.ndarray, number: int, count: int) -> Image.Image:
    shift = round(number * picture.width / count)
    moved = Image.fromarray(np.roll(pixels, shift, axis=1))
    draw_caption(moved, picture.prompt, (0, 0, picture.width, picture.height))
    if picture.label:
        draw_mark(moved, picture.label)
    _dots(moved, number, count)
    return _paletted(moved)


def _dots(image: Image.Image, number: int, count: int) -> None:
    """``count`` small dots along the top-left edge, dot ``number`` filled: where the loop is."""
    radius = max(2, min(image.width, image.height) // 120)
    draw = ImageDraw.Draw(image)
    for dot in range(count):
        x, y = radius * (2 + 3 * dot), radius * 2
        box = (x - radius, y - radius, x + radius, y + radius)
        draw.ellipse(box, fill=(255, 255, 255) if dot == number else None, outline=(31, 35, 40))


def _paletted(image: Image.Image) -> Image.Image:
    """A 255-colour palette image; with alpha, fully see-through pixels take index 255."""
    paletted = image.convert("RGB").quantize(colors=CLEAR, dither=Image.Dither.NONE)
    if image.mode == "RGBA":
        indices = np.asarray(paletted).copy()
        indices[np.asarray(image.getchannel("A")) < 128] = CLEAR
        clear = Image.fromarray(indices, "P")
        clear.putpalette(paletted.getpalette() or [])
        return clear
    return paletted
