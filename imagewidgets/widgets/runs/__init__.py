"""Runs: each request as a cancellable task, shown in its own preview.

- ``area.py``: :class:`ResultRuns`, the runs area of the Studio and the edit panel: checks the
  budget, opens a preview per run, stores each final image before it is shown, closes old runs;
- ``queue.py``: :class:`RunQueue`, the tasks (at most four stream at once, the rest wait);
- ``run.py``: :class:`Run`, one request's state, status line and error card, awaitable;
- ``streaming.py``: puts a run's events into its preview as they arrive (``show_stream``);
- ``status.py``, ``cards.py``: the words of the status line and of the error cards;
- ``actions.py``: what Save and Use these settings do.

Where a click goes next: Generate (``studio.py``) or Edit (``edit/panel.py``) hands its work to
``ResultRuns.submit``; the work calls the client (``imagewidgets.api``) and
``streaming.show_stream``, which fills the :class:`ImagePreview` (``preview.py``).
"""
