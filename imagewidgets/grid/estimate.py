"""What a grid costs before anything is sent: per cell and in all, live or at the batch price.

Each cell is priced by the store's :class:`~imagewidgets.store.spend.Spend` (``spend.json``'s
table, else the shipped one, else what such images cost before) for its ``n`` images, partial
frames included when it streams. Where the tokens are only known afterwards the cost is a
range: ``quality`` auto (the service picks, from low to high) and ``size`` auto (square to
landscape). Through the Batch API the price is halved (the shipped table's ``batch_discount``,
WIRE-2026-11 section 5). Refused cells cost nothing and are listed with their reason.

Example:
    >>> from imagewidgets.grid.plan import plan_grid
    >>> from imagewidgets.grid.spec import GridSpec
    >>> from imagewidgets.store import SpendSettings, Spend, Store
    >>> from imagewidgets.store.price_table import shipped_prices
    >>> spend = Spend(Store("/tmp/an-empty-store"), SpendSettings(shipped=shipped_prices()))
    >>> plan = plan_grid(GridSpec.of("a fox", {"model": "gpt-image-2.6-flare",
    ...                                         "quality": ["low", "auto"]}))
    >>> print(estimate_grid(plan, spend).describe())
    2 cells · 2 requests · 2 images · about $0.01–$0.09
    >>> print(estimate_grid(plan, spend, batch=True).describe())
    2 cells · 2 requests · 2 images · about $0.006–$0.04 at the batch price (50% off)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from imagewidgets.grid.plan import Cell, GridPlan
from imagewidgets.store.spend import Spend, money

__all__ = ["AUTO_QUALITIES", "AUTO_SIZES", "Cost", "GridEstimate", "estimate_grid"]

AUTO_QUALITIES = ("low", "high")
"""The cheapest and dearest quality the service may pick for ``quality="auto"`` (or unset)."""
AUTO_SIZES = ("1024x1024", "1024x1536")
"""The smallest and largest standard size ``size="auto"`` (or unset) may give."""


@dataclass(frozen=True)
class Cost:
    """A cost from ``low`` to ``high`` (equal when known); ``None`` when there is no price."""

    low: float | None = 0.0
    high: float | None = 0.0

    def __add__(self, other: Cost) -> Cost:
        return Cost(_sum(self.low, other.low), _sum(self.high, other.high))

    def scaled(self, factor: float) -> Cost:
        """This cost times ``factor`` (the batch discount)."""
        return Cost(_times(self.low, factor), _times(self.high, factor))

    def describe(self, currency: str = "USD") -> str:
        """``"$0.006"``, ``"$0.006–$0.053"`` or ``"no price"``."""
        if self.low is None or self.high is None:
            return "no price"
        low, high = money(self.low, currency), money(self.high, currency)
        return low if low == high else f"{low}–{high}"


@dataclass(frozen=True, repr=False)
class GridEstimate:
    """The cost of the cells to send, the refused ones with why, and the counts."""

    costs: Mapping[Cell, Cost]
    images: Mapping[Cell, int]
    skipped: Mapping[Cell, str] = field(default_factory=dict)
    currency: str = "USD"
    discount: float | None = None
    """The batch discount applied (``None``: live prices)."""

    @property
    def requests(self) -> int:
        """Requests to send (one per cell that still needs images)."""
        return sum(1 for count in self.images.values() if count)

    @property
    def image_count(self) -> int:
        """Images to make."""
        return sum(self.images.values())

    @property
    def total(self) -> Cost:
        """The cost of every request to send."""
        return sum(self.costs.values(), Cost())

    def describe(self) -> str:
        """``"4 cells · 3 requests · 3 images · about $0.02 · 1 cell skipped"``."""
        count = len(self.costs) + len(self.skipped)
        parts = [_count(count, "cell"), _count(self.requests, "request"),
                 _count(self.image_count, "image")]  # fmt: skip
        total = self.total
        cost = f"about {total.describe(self.currency)}"
        if total.low is None:
            unpriced = sorted({str(c.params.get("model")) for c, v in self.costs.items()
                               if v.low is None})  # fmt: skip
            cost = f"cost unknown: no price for {', '.join(unpriced)}"
        if self.discount is not None:
            cost += f" at the batch price ({round((1 - self.discount) * 100)}% off)"
        parts.append(cost)
        if self.skipped:
            parts.append(f"{_count(len(self.skipped), 'cell')} skipped")
        return " · ".join(parts)

    @property
    def notes(self) -> dict[str, int]:
        """The rules table's doubts about the cells to send (an unknown parameter, a rule only
        guessed at), each with how many cells it concerns: they go out for the service to
        judge."""
        found: dict[str, int] = {}
        for cell in self.costs:
            for note in cell.notes:
                found[note] = found.get(note, 0) + 1
        return found

    def __str__(self) -> str:
        lines = [self.describe()]
        lines += [f"  skipped {cell.key}: {why}" for cell, why in self.skipped.items()]
        lines += [f"  note ({_count(n, 'cell')}): {note}" for note, n in self.notes.items()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<GridEstimate {self.describe()}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def estimate_grid(
    plan: GridPlan,
    spend: Spend,
    *,
    batch: bool = False,
    partial_images: int = 0,
    missing: Mapping[Cell, int] | None = None,
) -> GridEstimate:
    """The cost of ``plan``'s cells, for ``missing`` images each (default: every image).

    ``partial_images`` are the frames each live request streams (none in a batch)."""
    discount = spend.settings.batch_discount if batch else None
    costs: dict[Cell, Cost] = {}
    images: dict[Cell, int] = {}
    for cell in plan.cells:
        if cell.refused is None:
            images[cell] = cell.n if missing is None else missing.get(cell, 0)
            frames = 0 if batch else partial_images
            cost = cell_cost(spend, cell.params, images[cell], frames)
            costs[cell] = cost if discount is None else cost.scaled(1 - discount)
    skipped = {cell: cell.refused for cell in plan.cells if cell.refused is not None}
    return GridEstimate(costs, images, skipped, spend.settings.currency, discount)


def cell_cost(spend: Spend, params: Mapping[str, Any], count: int, partials: int = 0) -> Cost:
    """The cost of ``count`` images made with ``params``: a range over what auto may pick."""
    if count == 0:
        return Cost()
    qualities = _choices(params.get("quality"), AUTO_QUALITIES)
    sizes = _choices(params.get("size"), AUTO_SIZES)
    found = [
        spend.estimate(params.get("model"), {**params, "quality": q, "size": s, "n": count,
                                             "partial_images": partials or None})
        for q in qualities for s in sizes
    ]  # fmt: skip
    if any(cost is None for cost in found):
        return Cost(None, None)
    known = [cost for cost in found if cost is not None]
    return Cost(min(known), max(known))


def _choices(value: object, auto: tuple[str, ...]) -> tuple[object, ...]:
    return auto if value in (None, "auto") else (value,)


def _sum(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _times(a: float | None, factor: float) -> float | None:
    return None if a is None else a * factor


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
