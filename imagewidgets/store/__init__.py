"""The history on disk: every image with what made it, its lineage, and what it all cost.

``Store`` writes and lists images (``NotSavedError`` when the disk will not take one; the image
is not lost for that); ``open_image`` (``iw.open``) reads any saved image file back as a result;
``Spend`` sums usage and applies the optional price table and budget (``spend.json``). The files
are the truth; an index in SQLite (``index.py``) answers listing, search, lineage and spend.
This layer sits above :mod:`imagewidgets.api` and below the widgets: it imports no widget.
"""

from __future__ import annotations

from imagewidgets.store.errors import NotSavedError
from imagewidgets.store.location import default_home
from imagewidgets.store.opening import open_image
from imagewidgets.store.prices import Budget, SpendSettings
from imagewidgets.store.record import Record
from imagewidgets.store.spend import BudgetExceededError, Spend, SpendSummary, Tally
from imagewidgets.store.store import Store

__all__ = [
    "Budget",
    "BudgetExceededError",
    "NotSavedError",
    "Record",
    "Spend",
    "SpendSettings",
    "SpendSummary",
    "Store",
    "Tally",
    "default_home",
    "open_image",
]
