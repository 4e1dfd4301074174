"""Budgets a grid must fit before anything is sent: its own (``Grid(budget=...)``) and the
store's (``spend.json``), checked against the dear end of the estimate.

Example:
    >>> from imagewidgets.grid.estimate import Cost, GridEstimate
    >>> from imagewidgets.grid.plan import Cell
    >>> from imagewidgets.store import Spend, Store
    >>> cell = Cell(0, 0, 0, (), "a fox", {"model": "gpt-image-2.6-flare"})
    >>> dear = GridEstimate({cell: Cost(0.05, 0.2)}, {cell: 1})
    >>> check_budget(dear, Spend(Store("/tmp/an-empty-store")), budget=0.1)
    Traceback (most recent call last):
    ...
    imagewidgets.store.spend.BudgetExceededError: Over the grid's budget: it may cost up to $0.20...
"""

from __future__ import annotations

from imagewidgets.grid.estimate import GridEstimate
from imagewidgets.store.spend import BudgetExceededError, Spend, money

__all__ = ["check_budget"]


def check_budget(estimate: GridEstimate, spend: Spend, budget: float | None = None) -> None:
    """Raise :class:`BudgetExceededError`, saying why, when the grid could pass a budget."""
    currency, dearest = estimate.currency, estimate.total.high
    if budget is not None and dearest is not None and dearest > budget:
        raise BudgetExceededError(
            f"Over the grid's budget: it may cost up to {money(dearest, currency)} "
            f"({estimate.describe()}), past its {money(budget, currency)}. Take a value off "
            "an axis, ask for lower quality, or raise budget=."
        )
    if budget is not None and dearest is None and estimate.requests:
        raise BudgetExceededError(
            "The grid has a budget, but the price table has no price for some of its models: "
            "add them to 'prices' in spend.json, or leave budget= out."
        )
    _check_store(estimate, spend)


def _check_store(estimate: GridEstimate, spend: Spend) -> None:
    if estimate.requests:
        spend.check_cost(estimate.total.high, what="this grid (up to {cost})",
                         fix="Take a value off an axis")  # fmt: skip
