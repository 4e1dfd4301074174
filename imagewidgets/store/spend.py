"""Spend: token usage summed per run, per kernel and per store, priced when a table says how.

A *run* is one request; every billed request counts once in its run, its kernel and the store,
whatever the store deduplicates. The sums are kept in the store's index as images are stored
(see :mod:`imagewidgets.store.runs`), so a summary reads a few rows. With a price table in
``spend.json`` (see :mod:`imagewidgets.store.prices`) each total also gets an estimated cost, a
coming run gets an estimate ("about $0.04"), and a budget refuses new runs past its limit,
saying why.

Example:
    >>> from imagewidgets.store import Store
    >>> spend = Spend(Store("/tmp/an-empty-store"))
    >>> spend.summary().kernel.runs
    0
    >>> spend.check("gpt-image-2.6-flare", {"n": 1})     # no budget set: nothing to refuse
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imagewidgets.api.usage import Usage
from imagewidgets.store import runs
from imagewidgets.store.prices import Budget, SpendSettings
from imagewidgets.store.record import SESSION

if TYPE_CHECKING:
    from imagewidgets.store.store import Store

__all__ = ["BudgetExceededError", "Spend", "SpendSummary", "Tally", "money"]


class BudgetExceededError(RuntimeError):
    """A run was refused because it would go past the budget in ``spend.json``."""


@dataclass(frozen=True)
class Tally:
    """Runs, images and tokens of some requests; ``cost`` covers the priced ones.

    ``svg_tokens`` are the SVG authoring models' tokens (billed apart, at their own rates, and
    included in ``cost``); ``unpriced`` names the models whose runs have no price (their cost is
    not in ``cost``).
    """

    runs: int = 0
    images: int = 0
    usage: Usage = field(default_factory=Usage)
    cost: float = 0.0
    unpriced: frozenset[str] = frozenset()
    svg_tokens: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.runs + other.runs,
            self.images + other.images,
            self.usage + other.usage,
            self.cost + other.cost,
            self.unpriced | other.unpriced,
            self.svg_tokens + other.svg_tokens,
        )

    def describe(self, currency: str = "USD") -> str:
        """``"3 runs · 12 images · 8,448 tokens · about $0.41"``, in words a person reads (with
        ``"+ 1,449 SVG author tokens"`` after the tokens when SVGs were authored).

        Models without a price are named only when some runs are priced (a partial cost).
        """
        parts = [_count(self.runs, "run"), _count(self.images, "image")]
        parts.append(f"{self.usage.total_tokens:,} tokens")
        if self.svg_tokens:
            parts[-1] += f" + {self.svg_tokens:,} SVG author tokens"
        if self.cost:
            parts.append(f"about {money(self.cost, currency)}")
            if self.unpriced:
                parts.append(f"no price for {', '.join(sorted(self.unpriced))}")
        return " · ".join(parts)


@dataclass(frozen=True)
class SpendSummary:
    """The last run, this kernel and the whole store, and the budget if one is set."""

    last_run: Tally
    kernel: Tally
    store: Tally
    currency: str
    budget: Budget | None


class Spend:
    """Usage, costs and the budget of ``store``, with settings from ``spend.json`` in it.

    ``settings`` replaces the file (e.g. ``SpendSettings.from_json({...})`` in a test).
    """

    def __init__(self, store: Store, settings: SpendSettings | None = None) -> None:
        self.store = store
        self._settings = settings
        self._loaded: tuple[tuple[int, ...] | None, SpendSettings] | None = None

    @property
    def settings(self) -> SpendSettings:
        """The price table and budget; ``spend.json`` is read again whenever it changed on disk
        (its modification time, size or file), so edits of the file apply at once."""
        if self._settings is not None:
            return self._settings
        path = self.store.path / "spend.json"
        stamp = _stamp(path)
        if self._loaded is None or stamp is None or self._loaded[0] != stamp:
            self._loaded = (stamp, SpendSettings.load(path))
        return self._loaded[1]

    def summary(self) -> SpendSummary:
        """Tallies of the last run of this kernel, of this kernel, and of the whole store: a
        few rows of the index, priced with the current settings (run it off the event loop)."""
        settings = self.settings
        last, kernel, store = self.store.index.read(
            lambda db: (
                runs.last_run(db, SESSION),
                runs.totals(db, SESSION),
                runs.totals(db, runs.STORE),
            )
        )
        return SpendSummary(
            _tally(_as_total(last), settings) if last is not None else Tally(),
            sum((_tally(total, settings) for total in kernel), Tally()),
            sum((_tally(total, settings) for total in store), Tally()),
            settings.currency,
            settings.budget,
        )

    def estimate(self, model: str | None, params: Mapping[str, Any]) -> float | None:
        """About what a run with ``params`` will cost: the table's image price times ``n``, else
        the mean price per image of earlier runs with the same model, quality and size."""
        count = int(params.get("n") or 1)
        price = self.settings.image_price(model, params)
        if price is None:
            price = self._typical_image_cost(model, params)
        return None if price is None else price * count

    def check(self, model: str | None, params: Mapping[str, Any]) -> None:
        """Raise :class:`BudgetExceededError`, saying why, if this run would pass the budget."""
        if self.settings.budget is not None:
            self.check_cost(self.estimate(model, params))

    def check_cost(
        self,
        coming: float | None,
        *,
        what: str = "this run (about {cost})",
        fix: str = "Ask for fewer or smaller images",
    ) -> None:
        """Raise :class:`BudgetExceededError`, saying why, if the budget is reached or
        ``coming`` (an estimate; ``None``: unknown) would pass it. ``what`` names the work (its
        ``{cost}`` filled in) and ``fix`` says how to make it cheaper."""
        budget = self.settings.budget
        if budget is None:
            return
        summary = self.summary()
        spent = summary.kernel if budget.scope == "kernel" else summary.store
        who = "this kernel" if budget.scope == "kernel" else "this store"
        where = f"'budget' in {self.settings.source}"
        if budget.tokens is not None and spent.usage.total_tokens >= budget.tokens:
            raise BudgetExceededError(
                f"Budget reached: {who} has used {spent.usage.total_tokens:,} of its "
                f"{budget.tokens:,} tokens. Raise 'tokens' under {where} to make more images."
            )
        if budget.limit is not None:
            self._check_money(budget.limit, spent.cost, coming, (who, where), (what, fix))

    def _check_money(
        self, limit: float, spent: float, coming: float | None, scope: tuple[str, str],
        said: tuple[str, str],
    ) -> None:  # fmt: skip
        """The money part of :meth:`check_cost`; ``scope`` is who spends and where the budget
        is set, ``said`` what the work is and how to make it cheaper."""
        (who, where), currency = scope, self.settings.currency
        if spent >= limit:
            raise BudgetExceededError(
                f"Budget reached: {who} has spent about {money(spent, currency)} of its "
                f"{money(limit, currency)}. Raise 'limit' under {where} to make more images."
            )
        if coming is not None and spent + coming > limit:
            what = said[0].format(cost=money(coming, currency))
            raise BudgetExceededError(
                f"Over budget: {what} would take {who} to about "
                f"{money(spent + coming, currency)}, past its {money(limit, currency)}. "
                f"{said[1]}, or raise 'limit' under {where}."
            )

    def _typical_image_cost(self, model: str | None, params: Mapping[str, Any]) -> float | None:
        settings, shape = (
            self.settings,
            (str(params.get("quality") or ""), str(params.get("size") or "")),
        )
        recent = self.store.index.read(lambda db: runs.recent_runs(db, model or "", *shape))
        costs = []
        for run in recent:
            cost = settings.token_cost(run.model, run.usage or Usage())
            if cost is not None:
                costs.append(cost / run.images)
        return statistics.fmean(costs) if costs else None


def _as_total(run: runs.Run) -> runs.Total:
    by_tokens = run.usage is not None
    usage = run.usage or Usage()
    shape = (run.model, run.quality, run.size, by_tokens)
    return runs.Total(*shape, 1, run.images, usage, run.svg_usage, run.batch)


def _tally(total: runs.Total, settings: SpendSettings) -> Tally:
    """What ``total``'s runs cost: by their tokens when they reported usage and the model has
    token prices, else by the image; plus their SVG authoring at its model's token prices; all
    at the Batch API's share of that when they went through it."""
    model = total.model or None
    cost = settings.token_cost(model, total.usage) if total.by_tokens else None
    if cost is None:
        price = settings.image_price(model, {"quality": total.quality, "size": total.size})
        cost = None if price is None else price * total.images
    unpriced = frozenset({total.model or "unknown"}) if cost is None else frozenset()
    svg, authored = total.svg_usage, 0.0
    if svg is not None:
        priced = settings.svg_cost(svg)
        authored = priced or 0.0
        unpriced |= frozenset({svg.model}) if priced is None else frozenset()
    svg_tokens = svg.total_tokens if svg is not None else 0
    share = settings.batch_discount if total.batch else 1.0
    return Tally(total.runs, total.images, total.usage, ((cost or 0.0) + authored) * share,
                 unpriced, svg_tokens)  # fmt: skip


def money(amount: float, currency: str = "USD") -> str:
    """``$0.04``, ``$12.50`` or ``0.04 EUR``: what a person expects to read."""
    digits = 2 if amount >= 0.01 or amount == 0 else 3
    return f"${amount:,.{digits}f}" if currency == "USD" else f"{amount:,.{digits}f} {currency}"


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What changes when ``path`` is rewritten (``()`` when it is missing, None if unknown)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return ()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
