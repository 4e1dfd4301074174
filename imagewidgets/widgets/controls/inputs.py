"""The standard ipywidgets inputs of the control panel: one labelled input per row.

Each input's ``description`` is its visible label and accessible name (browser tests find the
controls by these names: :data:`~imagewidgets.widgets.controls.params.LABELS`); its ``tooltip``
says what the parameter does. The kind of a row picks the input: a list for a choice, a bounded
number field for a number, a text field for a text.
"""

from __future__ import annotations

import ipywidgets as w

from imagewidgets.capabilities import Endpoint
from imagewidgets.widgets.controls.model_list import model_options
from imagewidgets.widgets.controls.params import MODEL, Param, rows_for

__all__ = [
    "CUSTOM",
    "build_inputs",
    "custom_size_input",
    "dropdown_values",
    "option_label",
]

CUSTOM = "custom"
"""The size list's entry that opens the custom ``WxH`` field (gpt-image-2)."""
STYLE = {"description_width": "110px"}


def build_inputs(endpoint: Endpoint) -> dict[str, w.Widget]:
    """The model list and one input per row of ``endpoint``, each labelled and explained."""
    inputs: dict[str, w.Widget] = {"model": w.Dropdown(options=model_options(endpoint))}
    rows = {row.name: row for row in rows_for(endpoint)}
    for name, row in rows.items():
        inputs[name] = _input(row)
    for name, widget in inputs.items():
        row = rows.get(name, MODEL)
        widget.description, widget.tooltip, widget.style = row.label, row.help, STYLE
    return inputs


def _input(row: Param) -> w.Widget:
    if row.kind == "number":
        return w.BoundedIntText(min=0, max=max(int(row.default), 100), value=row.default)
    if row.kind == "text":
        return w.Text(value=str(row.default), placeholder="not sent")
    return w.Dropdown()


def custom_size_input() -> w.Text:
    """The custom ``WxH`` field, checked as it is typed (every key press reaches the kernel)."""
    return w.Text(
        description="Custom size",
        placeholder="1536x864",
        continuous_update=True,
        tooltip="WIDTHxHEIGHT: multiples of 16, ratio up to 3:1, at most 3840x2160",
        style=STYLE,
    )


def dropdown_values(widget: w.Dropdown) -> list[object]:
    """The values (not labels) a list offers; its options are values or (label, value) pairs."""
    return [option[1] if isinstance(option, tuple) else option for option in widget.options]


def option_label(value: str, unset: str | None = None) -> str:
    """How a value reads in its list: ``""`` as the row's ``unset`` label ("model default")."""
    if value == CUSTOM:
        return "custom…"
    return unset if unset and value == "" else value
