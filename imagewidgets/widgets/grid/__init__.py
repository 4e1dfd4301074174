"""``iw.Grid``: a grid of requests compared side by side, live or as one batch.

- ``grid.py``: :class:`Grid`, the widget and its Python calls (estimate, run, results, exports);
- ``running.py``: one run, from the store's images through the budget to live runs or a batch;
- ``live.py``: each cell a run of the runs machinery, streamed into its cell;
- ``board.py``: what each cell shows, and the window of cells on the view;
- ``view.py``: :class:`GridView`, the front end (``js/src/grid.js``);
- ``detail.py``, ``actions.py``: the selected image full size, and what its buttons do;
- ``static.py``: the contact sheet beside the widget, for readers without a kernel.

The plan, the estimate and the batch live below, in :mod:`imagewidgets.grid`.
"""
