"""What changes between neighbouring cells: the words of the prompt and the parameters that
differ from the cell on the left (or, in the first column, from the cell above).

A cell's description is its prompt's words then its parameters (``quality=high``), each marked
changed or not; the grid's "diff" toggle highlights the changed ones.

Example:
    >>> from imagewidgets.grid.plan import plan_grid
    >>> from imagewidgets.grid.spec import GridSpec
    >>> plan = plan_grid(GridSpec.of("a {animal} in {style}", {"animal": ["red fox", "owl"],
    ...                                                        "style": ["ink", "oil"]}))
    >>> [text for text, changed in neighbour_diff(plan)[plan.cell(0, 0, 1)] if changed]
    ['oil']
    >>> [text for text, changed in neighbour_diff(plan)[plan.cell(0, 1, 0)] if changed]
    ['owl']
"""

from __future__ import annotations

import difflib

from imagewidgets.grid.plan import Cell, GridPlan, label

__all__ = ["Segment", "describe", "neighbour_diff"]

Segment = tuple[str, bool]
"""A word (or ``name=value``) and whether it changed."""


def describe(cell: Cell) -> list[str]:
    """The cell as words: its prompt's, then ``name=value`` for each parameter."""
    params = [f"{name}={label(value)}" for name, value in sorted(cell.params.items())]
    return [*cell.prompt.split(), *params]


def neighbour_diff(plan: GridPlan) -> dict[Cell, list[Segment]]:
    """For each cell, its words marked where they differ from its neighbour's."""
    found: dict[Cell, list[Segment]] = {}
    for cell in plan.cells:
        neighbour = _neighbour(plan, cell)
        mine = describe(cell)
        if neighbour is None:
            found[cell] = [(word, False) for word in mine]
        else:
            found[cell] = _marked(describe(neighbour), mine)
    return found


def _neighbour(plan: GridPlan, cell: Cell) -> Cell | None:
    if cell.column > 0:
        return plan.cell(cell.page, cell.row, cell.column - 1)
    if cell.row > 0:
        return plan.cell(cell.page, cell.row - 1, cell.column)
    return None


def _marked(before: list[str], after: list[str]) -> list[Segment]:
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    kept: set[int] = set()
    for block in matcher.get_matching_blocks():
        kept.update(range(block.b, block.b + block.size))
    return [(word, index not in kept) for index, word in enumerate(after)]
