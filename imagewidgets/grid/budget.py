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
    settings = spend.settings
    limit = settings.budget
    if limit is None or not estimate.requests:
        return
    summary = spend.summary()
    spent = summary.kernel if limit.scope == "kernel" else summary.store
    who = "this kernel" if limit.scope == "kernel" else "this store"
    where = f"'budget' in {settings.source}"
    if limit.tokens is not None and spent.usage.total_tokens >= limit.tokens:
        raise BudgetExceededError(
            f"Budget reached: {who} has used {spent.usage.total_tokens:,} of its "
            f"{limit.tokens:,} tokens. Raise 'tokens' under {where} to make more images."
        )
    dearest = estimate.total.high
    if limit.limit is not None and dearest is not None and spent.cost + dearest > limit.limit:
        raise BudgetExceededError(
            f"Over budget: this grid (up to {money(dearest, estimate.currency)}) would take "
            f"{who} to about {money(spent.cost + dearest, estimate.currency)}, past its "
            f"{money(limit.limit, estimate.currency)}. Take a value off an axis, or raise "
            f"'limit' under {where}."
        )
