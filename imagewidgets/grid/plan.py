"""``GridPlan``: the cells of a grid, each a request checked against the rules table.

Every combination of the axes' values is a :class:`Cell`: its place (page, row, column), its
prompt with the template filled in, and the parameters it sends. A cell the rules refuse (a
model without ``complexity``, a quality a model lacks, a shut-down model) is kept, with the
reason, and never sent; a rule the table only guesses at is noted (the request goes out, for
the service to judge). Where the output format is an axis, a fixed parameter of one format
(``frame_count``, ``svg``) goes with that format's cells only. Pure: no client, no store.

Example:
    >>> from imagewidgets.grid.spec import GridSpec
    >>> spec = GridSpec.of("a {animal}", {"animal": ["fox", "owl"], "quality": "max",
    ...                    "model": ["gpt-image-2.6-flare", "gpt-image-2"], "complexity": "low"})
    >>> plan = plan_grid(spec)
    >>> plan.shape, [cell.prompt for cell in plan.cells][:2]
    ((1, 2, 2), ['a fox', 'a fox'])
    >>> plan.cell(0, 0, 1).refused
    "gpt-image-2 does not support quality='max'; use 'low', 'medium', 'high' or 'auto'."
    >>> guessed = plan_grid(GridSpec.of("a fox", {"model": "gpt-image-2", "complexity": "low"}))
    >>> guessed.cells[0].notes[0][:54]
    "gpt-image-2 is not documented to take complexity='low'"
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from imagewidgets.capabilities import InvalidParameterError, default_model, quiet, validate
from imagewidgets.capabilities.formats import FORMAT_ONLY
from imagewidgets.grid.spec import Axis, GridSpec

__all__ = ["Cell", "GridPlan", "label", "plan_grid"]


@dataclass(frozen=True, eq=False)
class Cell:
    """One request of a grid: where it sits, the values that vary, what it sends.

    Cells are equal when they sit in the same place (``key``); ``cell["animal"]`` is the value
    of one axis there. ``refused`` says why the rules table refuses the request (it is skipped).
    """

    page: int
    row: int
    column: int
    values: tuple[tuple[str, Any], ...]
    prompt: str
    params: Mapping[str, Any] = field(default_factory=dict)
    refused: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """``"page-row-column"``: the cell's name in the view and in a batch."""
        return f"{self.page}-{self.row}-{self.column}"

    @property
    def model(self) -> str:
        """The model the request names."""
        return str(self.params.get("model"))

    @property
    def n(self) -> int:
        """Images asked of this cell (``n``, default 1)."""
        return int(self.params.get("n") or 1)

    def __getitem__(self, name: str) -> Any:
        return dict(self.values)[name]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cell) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={label(value)}" for name, value in self.values)
        return f"Cell({self.key}: {shown})"


@dataclass(frozen=True)
class GridPlan:
    """The cells of a spec, pages of rows of columns, and the axes that lay them out."""

    spec: GridSpec
    rows: tuple[Axis, ...]
    columns: tuple[Axis, ...]
    pages: tuple[Axis, ...]
    cells: tuple[Cell, ...]

    @cached_property
    def shape(self) -> tuple[int, int, int]:
        """(pages, rows, columns)."""
        return _count(self.pages), _count(self.rows), _count(self.columns)

    def cell(self, page: int, row: int, column: int) -> Cell:
        """The cell at a place."""
        _, rows, columns = self.shape
        return self.cells[(page * rows + row) * columns + column]

    def find(self, **values: Any) -> list[Cell]:
        """The cells whose axes have these values (``plan.find(animal="fox")``)."""
        return [c for c in self.cells if all(c[k] == v for k, v in values.items())]

    def headers(self, axes: tuple[Axis, ...]) -> list[str]:
        """The header of each row, column or page: its values, named when several axes."""
        combos = itertools.product(*(axis.values for axis in axes))
        names = [axis.name for axis in axes]
        if len(names) == 1:
            return [label(combo[0]) for combo in combos]
        return [
            " · ".join(f"{n}: {label(v)}" for n, v in zip(names, combo, strict=True))
            for combo in combos
        ]


def plan_grid(spec: GridSpec, today: date | None = None) -> GridPlan:
    """The cells of ``spec``, each checked by the rules table as of ``today``."""
    by_name = {axis.name: axis for axis in spec.axes()}
    rows, columns, pages = (tuple(by_name[n] for n in names) for names in spec.layout())
    cells = []
    for p, page in enumerate(_combos(pages)):
        for r, row in enumerate(_combos(rows)):
            for c, column in enumerate(_combos(columns)):
                values = (*page, *row, *column)
                cells.append(_cell(spec, (p, r, c), values, today))
    return GridPlan(spec, rows, columns, pages, tuple(cells))


def label(value: Any) -> str:
    """How a value reads in a header: text as it is, anything else as JSON-ish text."""
    return value if isinstance(value, str) else repr(value)


def _combos(axes: tuple[Axis, ...]) -> list[tuple[tuple[str, Any], ...]]:
    return list(itertools.product(*([(a.name, v) for v in a.values] for a in axes)))


def _cell(
    spec: GridSpec, place: tuple[int, int, int], values: tuple[tuple[str, Any], ...],
    today: date | None,
) -> Cell:  # fmt: skip
    chosen = {**spec.fixed(), **dict(values)}
    template = str(chosen.pop("prompt", spec.prompt))
    prompt = template.format_map({name: label(chosen[name]) for name in spec.names})
    params = {k: v for k, v in chosen.items() if spec.is_param(k)}
    params["model"] = params.get("model") or default_model(today)
    params, left_out = _for_format(params, spec)
    refused, notes = _judged(prompt, params, today)
    return Cell(*place, values, prompt, params, refused, left_out + notes)


def _for_format(params: dict[str, Any], spec: GridSpec) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Leave out a fixed parameter of another output format than the cell's, when the format
    is an axis (``frame_count=9`` beside ``output_format=["png", "gif"]`` is for the GIFs)."""
    if not isinstance(spec.values.get("output_format"), tuple):
        return params, ()
    fixed, fmt = spec.fixed(), params.get("output_format")
    out = [name for name, only in FORMAT_ONLY.items() if name in fixed and fmt != only]
    notes = tuple(f"{name} left out: it is only for output_format='{FORMAT_ONLY[name]}'."
                  for name in out)  # fmt: skip
    return {k: v for k, v in params.items() if k not in out}, notes


def _judged(
    prompt: str, params: Mapping[str, Any], today: date | None
) -> tuple[str | None, tuple[str, ...]]:
    """Why the rules table refuses this request, and its doubts (warnings it would give)."""
    with quiet() as said:
        try:
            validate("generate", {"prompt": prompt, **params}, today=today)
        except InvalidParameterError as error:
            return str(error), ()
    return None, tuple(dict.fromkeys(said))


def _count(axes: tuple[Axis, ...]) -> int:
    total = 1
    for axis in axes:
        total *= len(axis.values)
    return total
