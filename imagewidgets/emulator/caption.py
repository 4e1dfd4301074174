"""The legible parts of an emulator image: the prompt as a caption and the small "offline" mark.

Text is drawn at full resolution (after the scene is upscaled) so it stays sharp at any size.
Pillow's built-in font is scalable (``ImageFont.load_default(size=...)``), so no font file is
needed.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

__all__ = ["draw_caption", "draw_mark", "wrap"]

Box = tuple[int, int, int, int]
MAX_LINES = 3
INK = (28, 30, 38, 255)
PANEL = (255, 255, 255, 205)


@lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's default font at ``size`` pixels (cached: loading it costs a few milliseconds)."""
    return ImageFont.load_default(size=size)


def wrap(text: str, width: float, size: int, max_lines: int = MAX_LINES) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines no wider than ``width`` pixels.

    What does not fit ends in an ellipsis, so a 32000-character prompt still makes a caption.
    """
    face = font(size)
    lines: list[str] = []
    current = ""
    for word in " ".join(text.split()[:400]).split(" "):
        candidate = f"{current} {word}".strip()
        if current and face.getlength(candidate) > width:
            lines.append(current)
            current = word
            if len(lines) == max_lines:
                break
        else:
            current = candidate
    else:
        lines.append(current)
        return [line for line in lines if line]
    return _ellipsize(lines, width, face)


def _ellipsize(
    lines: list[str], width: float, face: ImageFont.FreeTypeFont | ImageFont.ImageFont
) -> list[str]:
    last = lines[-1]
    while last and face.getlength(last + " …") > width:
        last = last[:-1]
    return [*lines[:-1], last.rstrip() + " …"]


def _overlay(box: Box) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    region = Image.new("RGBA", (box[2] - box[0], box[3] - box[1]), (0, 0, 0, 0))
    return region, ImageDraw.Draw(region)


def _paste(image: Image.Image, box: Box, overlay: Image.Image) -> None:
    region = image.crop(box).convert("RGBA")
    region.alpha_composite(overlay)
    image.paste(region.convert(image.mode), box[:2])


def draw_caption(image: Image.Image, text: str, box: Box) -> None:
    """Write ``text`` on a light panel along the bottom of ``box`` (in ``image``'s pixels)."""
    width, height = box[2] - box[0], box[3] - box[1]
    size = max(10, round(min(width, height * 1.4) / 24))
    pad = size // 2
    lines = wrap(text, width - 4 * pad, size)
    if not lines or width < 8 * size:
        return
    line_height = round(size * 1.25)
    panel_h = line_height * len(lines) + 2 * pad
    panel_box = (box[0] + pad, box[3] - pad - panel_h, box[2] - pad, box[3] - pad)
    overlay, draw = _overlay(panel_box)
    draw.rounded_rectangle((0, 0, overlay.width - 1, overlay.height - 1), size // 2, PANEL)
    for number, line in enumerate(lines):
        draw.text((pad, pad + number * line_height), line, INK, font(size))
    _paste(image, panel_box, overlay)


def draw_mark(image: Image.Image, label: str) -> None:
    """A small pill in the top-right corner saying the image was made offline."""
    size = max(9, round(min(image.size) / 48))
    face = font(size)
    text_width = round(face.getlength(label))
    pad = max(3, size // 3)
    box = (
        image.width - text_width - 3 * pad - size // 2,
        size // 2,
        image.width - size // 2,
        size // 2 + size + 2 * pad,
    )
    overlay, draw = _overlay(box)
    draw.rounded_rectangle(
        (0, 0, overlay.width - 1, overlay.height - 1), overlay.height // 2, (20, 22, 30, 170)
    )
    draw.text((pad + pad // 2, pad), label, (255, 255, 255, 235), face)
    _paste(image, box, overlay)
