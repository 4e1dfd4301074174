"""The grid as one HTML page that needs no kernel and no network: a table per page with the
row and column headers, each cell's thumbnail (inline, base64), its line (cost, or why it has no
image) and its prompt and parameters as the picture's description.

Example:
    >>> from imagewidgets.grid.plan import plan_grid
    >>> from imagewidgets.grid.spec import GridSpec
    >>> plan = plan_grid(GridSpec.of("a <b>{animal}</b>", {"animal": ["fox", "owl"]}))
    >>> page = html_page(plan, {}, {}, title="Animals")
    >>> "<title>Animals</title>" in page, "a &lt;b&gt;fox&lt;/b&gt;" in page
    (True, True)
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping

from imagewidgets.grid.plan import Cell, GridPlan, label

__all__ = ["html_page"]

_STYLE = """
body { font: 14px system-ui, sans-serif; margin: 24px; color: #1e2028; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #e8e8ee; background: #16171c; } }
table { border-collapse: collapse; margin-bottom: 32px; }
th { font-weight: 600; padding: 6px; text-align: left; vertical-align: bottom; max-width: 200px; }
td { padding: 6px; vertical-align: top; width: 200px; }
img { max-width: 192px; max-height: 192px; display: block; border-radius: 4px; }
.line { color: #6b7080; font-size: 12px; margin-top: 4px; }
.empty { width: 192px; height: 120px; background: #80808022; border-radius: 4px; }
"""


def html_page(
    plan: GridPlan, thumbs: Mapping[Cell, bytes], lines: Mapping[Cell, str],
    *, title: str = "Image grid", summary: str = "",
) -> str:  # fmt: skip
    """The whole page (every page of the grid, one table each)."""
    pages = plan.headers(plan.pages) if plan.pages else [""]
    tables = [_table(plan, p, name, thumbs, lines) for p, name in enumerate(pages)]
    head = f"<meta charset='utf-8'><title>{_e(title)}</title><style>{_STYLE}</style>"
    intro = f"<h1>{_e(title)}</h1><p>{_e(summary)}</p>"
    return f"<!doctype html><html><head>{head}</head><body>{intro}{''.join(tables)}</body></html>"


def _table(
    plan: GridPlan, page: int, name: str, thumbs: Mapping[Cell, bytes],
    lines: Mapping[Cell, str],
) -> str:  # fmt: skip
    _, rows, columns = plan.shape
    row_names = plan.headers(plan.rows) if plan.rows else [""] * rows
    column_names = plan.headers(plan.columns) if plan.columns else [""] * columns
    head = "".join(f"<th scope='col'>{_e(text)}</th>" for text in column_names)
    body = []
    for r in range(rows):
        cells = "".join(_cell(plan.cell(page, r, c), thumbs, lines) for c in range(columns))
        body.append(f"<tr><th scope='row'>{_e(row_names[r])}</th>{cells}</tr>")
    caption = f"<caption>{_e(name)}</caption>" if name else ""
    return f"<table>{caption}<tr><th></th>{head}</tr>{''.join(body)}</table>"


def _cell(cell: Cell, thumbs: Mapping[Cell, bytes], lines: Mapping[Cell, str]) -> str:
    params = ", ".join(f"{k}={label(v)}" for k, v in cell.params.items())
    alt = _e(f"{cell.prompt} ({params})")
    data = thumbs.get(cell)
    picture = (
        f"<img src='data:{_mime(data)};base64,{base64.b64encode(data).decode()}' alt='{alt}' "
        f"title='{alt}'>"
        if data
        else f"<div class='empty' role='img' aria-label='{alt}'></div>"
    )
    return f"<td>{picture}<div class='line'>{_e(lines.get(cell, ''))}</div></td>"


def _mime(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return "image/webp" if data[8:12] == b"WEBP" else "image/gif"


def _e(text: str) -> str:
    return html.escape(text, quote=True)
