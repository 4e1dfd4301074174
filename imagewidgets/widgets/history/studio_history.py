"""The Studio's history: the gallery of its store as a panel, and a spend line (usage per run,
kernel and store; estimates and budget from spend.json). Writing each final image and refusing
runs past the budget are done by the runs area (:class:`ResultRuns`), the one path for every run.

The Studio builds it with its store and controls::

    history = StudioHistory(store, studio.controls)
    history.panel, history.spend_line           # shown in the Studio; both follow the store

The spend line is a standard ``ipywidgets.HTML`` holding a note (``role="status"``, see
:func:`~imagewidgets.widgets.theme.note_html`), so screen readers hear it change; its words come
from :func:`spend_text`.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import ipywidgets as w

from imagewidgets.store import Record, SpendSummary, Store, Tally
from imagewidgets.store.index import NotReady
from imagewidgets.store.listeners import told_at_once
from imagewidgets.store.spend import money
from imagewidgets.widgets.gallery import Gallery
from imagewidgets.widgets.history.later import Later, loop_running
from imagewidgets.widgets.history.sheet import display_with_sheet
from imagewidgets.widgets.theme import note_html

__all__ = ["StudioHistory", "spend_text"]

_ESTIMATED = ("model", "size", "quality", "n")


def spend_text(summary: SpendSummary, estimate: float | None, *, priced: bool) -> str:
    """The spend line: last run, this kernel, the store, the next run's estimate and the budget.

    Example:
        >>> from imagewidgets.store import Tally
        >>> from imagewidgets.api.results import Usage
        >>> run = Tally(1, 2, Usage(total_tokens=1098), 0.04)
        >>> text = spend_text(SpendSummary(run, run, run + run, "USD", None), 0.04, priced=True)
        >>> text.split(" · ")  # doctest: +NORMALIZE_WHITESPACE
        ['Last run: 1,098 tokens, about $0.04', 'this kernel: 1,098 tokens, about $0.04 (1 run)',
         'store: 2,196 tokens, about $0.08 (2 runs)', 'next run: about $0.04']
    """
    currency, last = summary.currency, summary.last_run
    parts = [
        f"Last run: {_amount(last, currency)}",
        f"this kernel: {_tally(summary.kernel, currency)}",
        f"store: {_tally(summary.store, currency)}",
    ]
    if estimate is not None:
        parts.append(f"next run: about {money(estimate, currency)}")
    elif not priced:
        parts.append("no prices set (spend.json)")
    if summary.budget is not None:
        parts.append(_budget_text(summary))
    return " · ".join(parts)


class StudioHistory:
    """The store, gallery and spend line of one Studio (``controls`` give the next run's shape)."""

    def __init__(self, store: Store, controls: Any) -> None:
        self.store = store
        self.spend = store.spend
        self.controls = controls
        self.gallery = Gallery(store, label="History")
        self.spend_line = w.HTML(layout=w.Layout(margin="0 0 4px 0"))
        self._later = Later()
        self.panel = w.Accordion(children=[self.gallery], selected_index=None)
        self.panel.set_title(0, "History: every image, newest first")
        store.subscribe(self._stored)
        controls.observe(lambda _: self.refresh(), names=list(_ESTIMATED))
        self.refresh()

    def display_beside(self, studio: Any) -> None:
        """Display ``studio`` and, below it, the static copy of the newest images."""
        display_with_sheet(studio, self.gallery.sheet)

    def refresh(self) -> None:
        """Recompute the spend line (a price table edited by hand applies now): at once when the
        index answers at once; in a kernel, else, from a worker thread (the index is being
        built or caught up), with the index's sums as they are, if any, meanwhile."""
        if self.store.index.state() == "ready" or not loop_running():
            self._show(self._text())
            return
        try:
            with self.store.index.as_is():
                self._show(self._text())
        except NotReady:
            if not self.spend_line.value:
                self._show("counting the spend of this store…")
        self._later.soon("spend", self._text, self._show)

    async def updated(self) -> None:
        """Wait until the spend line and the gallery show everything asked for so far."""
        await self._later.settled()
        await self.gallery.updated()

    def _text(self) -> str:
        """The spend line's words (reads the index: safe in a worker thread)."""
        try:
            settings = self.spend.settings
            estimate = self.spend.estimate(self.controls.model, self.controls.params())
            return spend_text(self.spend.summary(), estimate, priced=bool(settings.prices))
        except ValueError as error:  # a broken spend.json: say so, keep working
            return f"Spend unavailable: {error}"

    def _show(self, text: str) -> None:
        self.spend_line.value = note_html(text, label="Spend")

    def _stored(self, record: Record) -> Awaitable[None] | None:
        """A new generated image changes the spend line: in a kernel its words are made in a
        worker thread (returned for the store to await); input images carry no usage."""
        if record.kind != "generated":
            return None
        return self._later.soon("spend", self._text, self._show, now=told_at_once())


def _amount(tally: Tally, currency: str) -> str:
    """Tokens (the SVG authors' apart: billed at their own rates) and the cost of both."""
    text = f"{tally.usage.total_tokens:,} tokens"
    if tally.svg_tokens:
        text += f" + {tally.svg_tokens:,} SVG author tokens"
    return text + (f", about {money(tally.cost, currency)}" if tally.cost else "")


def _tally(tally: Tally, currency: str) -> str:
    runs = f"{tally.runs:,} run{'' if tally.runs == 1 else 's'}"
    return f"{_amount(tally, currency)} ({runs})"


def _budget_text(summary: SpendSummary) -> str:
    budget = summary.budget
    assert budget is not None
    spent = summary.kernel if budget.scope == "kernel" else summary.store
    who = "this kernel" if budget.scope == "kernel" else "the store"
    limits = []
    if budget.limit is not None:
        currency = summary.currency
        limits.append(f"{money(spent.cost, currency)} of {money(budget.limit, currency)}")
    if budget.tokens is not None:
        limits.append(f"{spent.usage.total_tokens:,} of {budget.tokens:,} tokens")
    return f"budget ({who}): {', '.join(limits)}"
