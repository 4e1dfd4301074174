"""One page of the gallery, as the store's index has it: computed anywhere, shown on the loop.

Example::

    page = page_of(store, sheet, query="fox", model="", number=0, size=24)
    page.total, [item["title"] for item in page.items]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imagewidgets.store import Store
from imagewidgets.widgets.history.items import grid_item
from imagewidgets.widgets.history.sheet import Sheet, StaticSheet

__all__ = ["Page", "page_of"]


@dataclass(frozen=True)
class Page:
    """One redraw of the grid: the page shown (0-based) and its items, how many images match,
    the models for the filter, and the static sheet of the newest images."""

    number: int
    total: int
    items: list[dict[str, Any]]
    models: list[str]
    sheet: Sheet


def page_of(
    store: Store, sheet: StaticSheet, *, query: str, model: str, number: int, size: int
) -> Page:
    """The page ``number`` (kept within the pages there are) of the images matching ``query``
    and ``model``; reads the index and thumbnails, so it is run in a worker thread."""
    size = max(1, size)
    total = store.count(query=query, model=model)
    number = min(max(number, 0), max(0, (total - 1) // size))
    shown = store.records(query=query, model=model, offset=number * size, limit=size)
    items = [grid_item(store, record) for record in shown]
    everything = total if not (query or model) else store.count()
    newest = sheet.compose(store.records(limit=sheet.limit), total=everything)
    return Page(number, total, items, store.models(), newest)
