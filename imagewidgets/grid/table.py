"""The grid as a pandas DataFrame (pandas is optional: nothing else needs it).

One row per image (a cell without images has one row with ``image`` None): the cell's place and
axis values, its prompt and model, the image's hash and the result itself, the estimated cost,
and why the cell has no image (refused, failed) if so.

Example::

    frame = grid.to_pandas()
    frame.groupby("model")["cost"].sum()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from imagewidgets.api.results import GeneratedImage
from imagewidgets.grid.plan import Cell, GridPlan

__all__ = ["rows_of", "to_pandas"]


def rows_of(
    plan: GridPlan, images: Mapping[Cell, Sequence[GeneratedImage]],
    costs: Mapping[Cell, float | None], problems: Mapping[Cell, str],
) -> list[dict[str, Any]]:  # fmt: skip
    """The table's rows as dicts (what :func:`to_pandas` hands to pandas)."""
    rows = []
    for cell in plan.cells:
        made: list[GeneratedImage | None] = [*images.get(cell, ())] or [None]
        for number, image in enumerate(made):
            rows.append({
                "cell": cell.key, "page": cell.page, "row": cell.row, "column": cell.column,
                **dict(cell.values), "prompt": cell.prompt, "model": cell.model,
                "image_index": number if image is not None else None,
                "sha256": image.sha256 if image is not None else None, "image": image,
                "cost": costs.get(cell), "problem": problems.get(cell) or cell.refused,
            })  # fmt: skip
    return rows


def to_pandas(rows: list[dict[str, Any]]) -> Any:
    """A ``pandas.DataFrame`` of ``rows``; ``ImportError`` saying how to get pandas."""
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "Grid.to_pandas() needs pandas, which imagewidgets does not require: "
            "pip install pandas (grid.results works without it)."
        ) from None
    return pandas.DataFrame(rows)
