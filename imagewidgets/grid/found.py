"""The images a grid's cells already have in the store, found by each cell's request.

Two requests are the same when they name the same model, prompt and parameters, however they
were sent (streamed or not, live or in a batch, in how many images): :func:`request_key`. A
cell is looked up by the rarest-looking word of its prompt (the store's text index), then
matched exactly; re-running a grid sends only what is still missing. The lookups read the
index: run them off the event loop.

Example:
    >>> request_key("gpt-image-2", "a fox", {"quality": "low", "stream": True, "n": 2}) == \\
    ...     request_key("gpt-image-2", "a fox", {"quality": "low"})
    True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from imagewidgets.grid.plan import Cell
from imagewidgets.store import Record, Store

__all__ = ["IGNORED", "request_key", "stored_for"]

IGNORED = frozenset({"model", "n", "stream", "partial_images"})
"""Parameters that change how many images come or how they arrive, not what they are."""
_LOOKED_AT = 500


def request_key(model: str | None, prompt: str | None, params: Mapping[str, Any]) -> str:
    """What a request asks for, as a short hash (see the module's docstring)."""
    kept = {name: value for name, value in params.items() if name not in IGNORED}
    text = json.dumps([model, prompt, kept], sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def stored_for(store: Store, cells: Iterable[Cell]) -> dict[Cell, list[Record]]:
    """For each cell, the stored images its request made, newest first (at most ``n``)."""
    found: dict[Cell, list[Record]] = {}
    for cell in cells:
        if cell.refused is None:
            key = request_key(cell.model, cell.prompt, cell.params)
            matches = [r for r in _candidates(store, cell) if _key_of(r) == key]
            found[cell] = _distinct(matches)[: cell.n]
    return found


def _candidates(store: Store, cell: Cell) -> list[Record]:
    words = sorted(cell.prompt.split(), key=len, reverse=True)
    word = next((w for w in words if len(w) >= 3), "")
    return store.records(query=word, model=cell.model, limit=_LOOKED_AT)


def _key_of(record: Record) -> str | None:
    if record.kind != "generated" or record.operation != "generate":
        return None
    return request_key(record.model, record.prompt, record.params)


def _distinct(records: list[Record]) -> list[Record]:
    """One record per image (the same bytes may have come from two requests)."""
    return list({record.sha256: record for record in reversed(records)}.values())[::-1]
