"""Grids of requests: compare prompts, models and settings before you spend, live or in a batch.

- ``spec.py``: :class:`GridSpec`, what a grid compares as given (a prompt or template, lists);
- ``plan.py``: :class:`GridPlan`, its cells, each a request the rules table checked;
- ``estimate.py``: what the cells cost before anything is sent, live or at the batch price;
- ``budget.py``: the grid's budget and the store's, checked before anything is sent;
- ``found.py``: the cells' images already in the store (re-running fills only the missing);
- ``batch.py`` and ``saved.py``: the whole grid as one Batch API job, resumable after a restart;
- ``sheet.py``, ``page.py``, ``table.py``: a PNG contact sheet, an HTML page, a DataFrame.

This layer sits above the store and below the widgets (``iw.Grid`` is in ``widgets/grid/``).
"""
