"""The shapes a motif can take, each drawn around a centre with a radius.

Every shape is a filled silhouette with a darker outline and a light highlight, so it reads as a
deliberate illustration rather than noise. ``draw_shape`` dispatches on the shape's name.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PIL import ImageDraw

from imagewidgets.emulator.motifs import RGB

__all__ = ["SHAPE_NAMES", "draw_shape"]

Point = tuple[float, float]


def _darker(colour: RGB, factor: float = 0.6) -> RGB:
    return (round(colour[0] * factor), round(colour[1] * factor), round(colour[2] * factor))


def _lighter(colour: RGB, amount: float = 0.45) -> RGB:
    return (
        round(colour[0] + (255 - colour[0]) * amount),
        round(colour[1] + (255 - colour[1]) * amount),
        round(colour[2] + (255 - colour[2]) * amount),
    )


def _polygon(centre: Point, radii: list[float], turn: float = -math.pi / 2) -> list[Point]:
    step = 2 * math.pi / len(radii)
    return [
        (centre[0] + r * math.cos(turn + i * step), centre[1] + r * math.sin(turn + i * step))
        for i, r in enumerate(radii)
    ]


def _disc(draw: ImageDraw.ImageDraw, c: Point, r: float, colour: RGB, line: int) -> None:
    draw.ellipse((c[0] - r, c[1] - r, c[0] + r, c[1] + r), colour, _darker(colour), line)
    h = r * 0.35
    spot = (c[0] - r * 0.35, c[1] - r * 0.35)
    draw.ellipse((spot[0] - h, spot[1] - h, spot[0] + h, spot[1] + h), _lighter(colour))


def _ring(draw: ImageDraw.ImageDraw, c: Point, r: float, colour: RGB, line: int) -> None:
    width = max(2, round(r * 0.32))
    draw.ellipse((c[0] - r, c[1] - r, c[0] + r, c[1] + r), None, colour, width)
    draw.arc((c[0] - r, c[1] - r, c[0] + r, c[1] + r), 200, 250, _lighter(colour), width // 2)


def _peak(draw: ImageDraw.ImageDraw, c: Point, r: float, colour: RGB, line: int) -> None:
    base = c[1] + r
    draw.polygon([(c[0] - r * 1.3, base), (c[0], c[1] - r), (c[0] + r * 1.3, base)], colour)
    draw.polygon(
        [(c[0] - r * 0.38, c[1] - r * 0.42), (c[0], c[1] - r), (c[0] + r * 0.38, c[1] - r * 0.42)],
        _lighter(colour, 0.75),
    )
    draw.line(
        [(c[0] - r * 1.3, base), (c[0], c[1] - r), (c[0] + r * 1.3, base)], _darker(colour), line
    )


def _tree(draw: ImageDraw.ImageDraw, c: Point, r: float, colour: RGB, line: int) -> None:
    trunk = r * 0.16
    draw.rectangle((c[0] - trunk, c[1] + r * 0.4, c[0] + trunk, c[1] + r), (110, 72, 40))
    for level in range(3):
        top = c[1] - r + level * r * 0.38
        half = r * (0.45 + 0.2 * level)
        points = [(c[0] - half, top + r * 0.62), (c[0], top), (c[0] + half, top + r * 0.62)]
        draw.polygon(points, colour, _darker(colour), line)


def _house(draw: ImageDraw.ImageDraw, c: Point, r: float, colour: RGB, line: int) -> None:
    body = (c[0] - r * 0.75, c[1] - r * 0.15, c[0] + r * 0.75, c[1] + r)
    draw.rectangle(body, colour, _darker(colour), line)
    roof = [(c[0] - r * 0.95, c[1] - r * 0.1), (c[0], c[1] - r), (c[0] + r * 0.95, c[1] - r * 0.1)]
    draw.polygon(roof, _darker(colour, 0.75), _darker(colour), line)
    door = (c[0] - r * 0.18, c[1] + r * 0.4, c[0] + r * 0.18, c[1] + r)
    draw.rectangle(door, _darker(colour, 0.45))
    draw.rectangle(
        (c[0] + r * 0.3, c[1] + r * 0.1, c[0] + r * 0.6, c[1] + r * 0.38), (250, 230, 140)
    )


def _star(draw: ImageDraw.ImageDraw, c: Point, r: float, colour: RGB, line: int) -> None:
    draw.polygon(_polygon(c, [r, r * 0.45] * 5), colour, _darker(colour), line)


def _diamond(draw: ImageDraw.ImageDraw, c: Point, r: float, colour: RGB, line: int) -> None:
    draw.polygon(_polygon(c, [r, r * 0.7] * 2), colour, _darker(colour), line)
    draw.polygon(_polygon(c, [r * 0.45, r * 0.3] * 2), _lighter(colour))


def _flower(draw: ImageDraw.ImageDraw, c: Point, r: float, colour: RGB, line: int) -> None:
    petal = r * 0.42
    for point in _polygon(c, [r * 0.55] * 6):
        box = (point[0] - petal, point[1] - petal, point[0] + petal, point[1] + petal)
        draw.ellipse(box, colour, _darker(colour), line)
    draw.ellipse((c[0] - r * 0.3, c[1] - r * 0.3, c[0] + r * 0.3, c[1] + r * 0.3), (250, 205, 60))


def _blob(draw: ImageDraw.ImageDraw, c: Point, r: float, colour: RGB, line: int) -> None:
    radii = [r * (0.78 + 0.22 * math.sin(i * 2.1 + r)) for i in range(14)]
    draw.polygon(_polygon(c, radii), colour, _darker(colour), line)
    draw.ellipse(
        (c[0] - r * 0.45, c[1] - r * 0.5, c[0] - r * 0.1, c[1] - r * 0.15), _lighter(colour)
    )


def _waves(draw: ImageDraw.ImageDraw, c: Point, r: float, colour: RGB, line: int) -> None:
    for row in range(3):
        y = c[1] - r * 0.5 + row * r * 0.5
        points = [
            (c[0] - r * 1.4 + i * r * 0.2, y + math.sin(i * 0.9) * r * 0.12) for i in range(15)
        ]
        draw.line(points, _lighter(colour, 0.2 * row), max(2, round(r * 0.14)), joint="curve")


_DRAWERS: dict[str, Callable[[ImageDraw.ImageDraw, Point, float, RGB, int], None]] = {
    "disc": _disc, "ring": _ring, "peak": _peak, "tree": _tree, "house": _house,
    "star": _star, "diamond": _diamond, "flower": _flower, "blob": _blob, "waves": _waves,
}  # fmt: skip

SHAPE_NAMES = tuple(_DRAWERS)
"""Every shape name :func:`draw_shape` knows."""


def draw_shape(
    draw: ImageDraw.ImageDraw, shape: str, centre: Point, radius: float, colour: RGB
) -> None:
    """Draw ``shape`` centred on ``centre``; peaks, trees and houses rest on ``centre + radius``."""
    line = max(1, round(radius * 0.06))
    _DRAWERS.get(shape, _blob)(draw, centre, radius, colour, line)
