"""Controls: the parameter panel, one for both endpoints (``iw.ControlPanel``).

- ``params.py``: one row per parameter (label, help, kind, default): the only table to extend;
- ``choices.py``: what a model offers for each row on an endpoint, from ``capabilities``;
- ``model_list.py``: the model list, each model marked with its lifecycle, usable ones first;
- ``panel.py``: :class:`ControlPanel`, one trait per row, ``endpoint="generate"`` (the Studio) or
  ``"edit"`` (the edit panel); ``params()`` is what a request sends, ``problem`` why it cannot;
- ``view.py``, ``inputs.py``, ``size_picker.py``: the standard ipywidgets inputs that show the
  traits (options, ranges, what does not apply and why).

Where a click goes next: a change in an input sets the panel's trait, which re-checks the request
(``problem``); Generate (``studio.py``) or Edit (``edit/panel.py``) then reads ``params()``.
"""
