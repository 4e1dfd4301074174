"""The notebook layer: the Studio, ``iw.generate`` and the views, with their rooms below them.

The top of ``widgets/`` holds the views that have a front end (``js/src/``, bundled into
``imagewidgets/static/``): :mod:`~.preview` (streamed frames; its frames in :mod:`~.frames`),
:mod:`~.mask_painter`, :mod:`~.gallery`, :mod:`~.prompt`; the shared look in :mod:`~.theme`;
and what a person calls: :mod:`~.studio` (``iw.Studio``) and :mod:`~.quick` (``iw.generate``).
The packages below do one job each:

- :mod:`~.controls`: the parameter panel (``iw.ControlPanel``), for generations and edits;
- :mod:`~.runs`: each request as a cancellable run shown in a preview, the queue, the cards;
- :mod:`~.edit`: the edit panel (``iw.EditPanel``) and what an edit or variation needs;
- :mod:`~.history`: the gallery's items, its static sheet and the Studio's history and spend.

A Generate click goes: ``studio.py`` -> ``controls/`` (the parameters) -> ``runs/`` (a run, its
preview) -> ``imagewidgets.api`` (the request) -> ``runs/streaming.py`` -> ``preview.py``. Which
room may import which is pinned by ``tests/test_layers.py`` (``WIDGET_ROOMS``); nothing below the
widgets imports them. See ARCHITECTURE.md at the top of the repository.
"""
