"""The parameter panel in marimo: each row of the control panel as one of marimo's own inputs.

marimo shows the anywidget views (``mo.ui.anywidget``: the preview, the mask painter, the
gallery, the prompt box) but not a composite of standard ipywidgets such as
:class:`~imagewidgets.widgets.controls.panel.ControlPanel`. So a Studio composed in marimo
(``notebooks/marimo_studio.py``) takes its inputs from here: the same rows
(:mod:`~imagewidgets.widgets.controls.params`), with the options and ranges the chosen model takes
(:mod:`imagewidgets.capabilities`), as ``mo.ui.dropdown`` / ``mo.ui.number`` / ``mo.ui.text``;
:func:`request_for` turns their values into what the panel would send, and why it cannot be sent.

In marimo the inputs are rebuilt when the model changes (a cell that reads ``model.value``), so
rows a model does not take are simply absent; wrap them in ``mo.ui.dictionary`` there, so a
change in any of them runs the cells that read them. (Outside a marimo kernel, a
``mo.ui.dictionary`` hooks marimo into every ipywidget made afterwards: these functions make
none.) marimo is needed only to call them.

Example:
    >>> model = model_picker("gpt-image-2")
    >>> inputs = parameter_inputs(model.value, quality="low")  # in marimo: mo.ui.dictionary(...)
    >>> list(inputs)  # doctest: +NORMALIZE_WHITESPACE
    ['size', 'quality', 'n', 'background', 'output_format', 'output_compression', 'moderation',
     'partial_images', 'safety_identifier']
    >>> values = {name: element.value for name, element in inputs.items()}
    >>> params, problem = request_for("", model.value, values)
    >>> params["quality"], "output_compression" in params, problem
    ('low', False, 'prompt is required: describe the image you want.')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import marimo as mo

from imagewidgets.capabilities import Endpoint, ModelCatalog, default_model
from imagewidgets.widgets.controls.choices import (
    bounds,
    default_choice,
    keeps,
    listed,
    needs_reason,
    request_params,
    request_problem,
    unavailable,
)
from imagewidgets.widgets.controls.inputs import option_label
from imagewidgets.widgets.controls.model_list import model_label, model_options
from imagewidgets.widgets.controls.params import MODEL, Param, rows_for

__all__ = ["model_picker", "parameter_inputs", "request_for"]


def model_picker(
    value: str | None = None,
    endpoint: Endpoint = "generate",
    today: date | None = None,
    catalog: ModelCatalog | None = None,
) -> Any:
    """The model list for ``endpoint`` (a ``mo.ui.dropdown`` whose ``.value`` is the model),
    each model marked with its lifecycle on ``today`` as in the panel, at ``value`` (default:
    the default model, active on ``today``)."""
    offered = model_options(endpoint, today, catalog)
    chosen = value or default_model(today, catalog)
    if chosen not in (name for _, name in offered):
        offered.append((model_label(chosen, today, catalog), chosen))
    label = next(label for label, name in offered if name == chosen)
    return mo.ui.dropdown(options=dict(offered), value=label, label=MODEL.label)


def parameter_inputs(model: str, endpoint: Endpoint = "generate", **values: Any) -> dict[str, Any]:
    """One marimo input per row ``model`` takes on ``endpoint``, by parameter, in display order;
    each starts at ``values[row]`` when the model takes it, else at the row's default. The rows
    of GIF and SVG output are there when ``output_format`` is given as ``"gif"`` or ``"svg"``."""
    hidden = set(unavailable(model, endpoint))
    starts = {row.name: row.default for row in rows_for(endpoint)} | values
    hidden |= {
        row.name for row in rows_for(endpoint) if row.hidden and needs_reason(row.name, starts)
    }
    return {
        row.name: _input(row, model, endpoint, values.get(row.name))
        for row in rows_for(endpoint)
        if row.name not in hidden
    }


def request_for(
    prompt: str,
    model: str,
    values: Mapping[str, object],
    endpoint: Endpoint = "generate",
    today: date | None = None,
    catalog: ModelCatalog | None = None,
) -> tuple[dict[str, Any], str]:
    """What a request with these input ``values`` sends (prompt excluded), and why it would be
    refused (``""`` when it would not): the control panel's ``params()`` and ``problem``."""
    params = request_params(model, values, endpoint)
    return params, request_problem(prompt, params, endpoint, today, catalog)


def _input(row: Param, model: str, endpoint: Endpoint, value: object) -> Any:
    if row.kind == "number":
        low, high = bounds(model, row.name, endpoint) or (0, max(int(row.default), 100))
        start = value if isinstance(value, int) else int(row.default)
        return mo.ui.number(start=low, stop=high, step=1, value=min(max(start, low), high),
                            label=row.label)  # fmt: skip
    if row.kind == "text":
        return mo.ui.text(value=str(value or row.default), label=row.label)
    values = [str(option) for option in listed(model, row.name, endpoint)]
    kept = value in values and keeps(model, row.name, value, endpoint)
    chosen = str(value) if kept else default_choice(model, row.name, endpoint)
    labelled = {option_label(option, row.unset): option for option in values}
    return mo.ui.dropdown(options=labelled, value=option_label(str(chosen), row.unset),
                          label=row.label)  # fmt: skip
