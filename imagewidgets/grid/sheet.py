"""The grid as one picture: a contact sheet with the row and column headers, each cell's
thumbnail and a line under it (its cost, or why it has no image), page after page.

Readable anywhere: a PNG file (``Grid.export_png``), and the ordinary image output a saved
notebook keeps beside the widget (as JPEG, smaller). Pillow's built-in font draws the text, so
no font file is needed. CPU work: run it off the event loop.

Example:
    >>> from imagewidgets.grid.plan import plan_grid
    >>> from imagewidgets.grid.spec import GridSpec
    >>> plan = plan_grid(GridSpec.of("a {animal}", {"animal": ["fox", "owl"],
    ...                                             "quality": ["low", "high"]}))
    >>> sheet = contact_sheet(plan, {}, {cell: "$0.01" for cell in plan.cells})
    >>> sheet.size
    (464, 424)
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from imagewidgets.grid.plan import Cell, GridPlan

__all__ = ["TILE", "contact_sheet", "encoded"]

TILE = 160
"""The longest side of a cell's picture on the sheet."""
_HEADER, _LINE, _GAP, _TITLE = 120, 18, 8, 26
_INK, _MUTED, _EMPTY = (30, 32, 40), (96, 100, 112), (236, 238, 242)


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def contact_sheet(
    plan: GridPlan, thumbs: Mapping[Cell, bytes], lines: Mapping[Cell, str],
    *, pages: int | None = None, tile: int = TILE,
) -> Image.Image:  # fmt: skip
    """The sheet of the first ``pages`` pages (all when None): headers, pictures and lines."""
    count, rows, columns = plan.shape
    shown = count if pages is None else min(pages, count)
    cell_w, cell_h = tile + _GAP, tile + _LINE + _GAP
    page_h = _TITLE + _LINE + rows * cell_h + _GAP
    sheet = Image.new("RGB", (_HEADER + columns * cell_w + _GAP, shown * page_h), "white")
    draw = ImageDraw.Draw(sheet)
    row_names, column_names = plan.headers(plan.rows), plan.headers(plan.columns)
    page_names = plan.headers(plan.pages) if plan.pages else [""]
    for p in range(shown):
        top = p * page_h
        draw.text((_GAP, top + 6), _fit(page_names[p], sheet.width), fill=_INK, font=_font(16))
        for c, name in enumerate(column_names if plan.columns else [""] * columns):
            draw.text((_HEADER + c * cell_w, top + _TITLE), _fit(name, tile), fill=_INK,
                      font=_font(12))  # fmt: skip
        for r in range(rows):
            y = top + _TITLE + _LINE + r * cell_h
            name = row_names[r] if plan.rows else ""
            draw.text((_GAP, y + tile // 2), _fit(name, _HEADER - _GAP), fill=_INK, font=_font(12))
            for c in range(columns):
                cell = plan.cell(p, r, c)
                _tile(
                    sheet,
                    draw,
                    (_HEADER + c * cell_w, y),
                    tile,
                    thumbs.get(cell),
                    lines.get(cell, ""),
                )
    return sheet


def encoded(sheet: Image.Image, fmt: str = "PNG") -> bytes:
    """The sheet as PNG (or ``"JPEG"``) bytes."""
    buffer = io.BytesIO()
    sheet.save(buffer, format=fmt, **({"quality": 85} if fmt == "JPEG" else {"optimize": True}))
    return buffer.getvalue()


def _tile(
    sheet: Image.Image, draw: ImageDraw.ImageDraw, at: tuple[int, int], tile: int,
    data: bytes | None, line: str,
) -> None:  # fmt: skip
    x, y = at
    picture = _picture(data, tile)
    if picture is None:
        draw.rectangle((x, y, x + tile - 1, y + tile - 1), fill=_EMPTY)
    else:
        rgba = picture.convert("RGBA")
        sheet.paste(rgba, (x + (tile - picture.width) // 2, y + (tile - picture.height) // 2), rgba)
    draw.text((x, y + tile + 2), _fit(line, tile), fill=_MUTED, font=_font(11))


def _picture(data: bytes | None, tile: int) -> Image.Image | None:
    if not data:
        return None
    try:
        picture = Image.open(io.BytesIO(data))
        picture.thumbnail((tile, tile))
    except OSError:
        return None
    return picture


def _fit(text: str, width: int, size: int = 12) -> str:
    """``text`` cut short (with an ellipsis) to fit ``width`` pixels."""
    face = _font(size)
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"
