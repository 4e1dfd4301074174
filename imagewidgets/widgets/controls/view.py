"""``ControlsView``: what the control panel shows, drawn from the values its traits hold.

The inputs of :mod:`~imagewidgets.widgets.controls.inputs` (one per row), the size picker and
the notes line. For a model it offers that model's options and number ranges; for a set of values
it shows each one, hides what does not apply (the notes say why) and disables what another value
rules out (the tooltip says why, and the notes too for what GIF or SVG output rules out). The
rows of GIF and SVG output show only with that format. It never changes a value: the panel does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import ipywidgets as w

from imagewidgets.capabilities import Endpoint, ModelCatalog
from imagewidgets.widgets.controls.choices import (
    bounds,
    listed,
    needs_reason,
    notes,
    one_image_reason,
    unavailable,
)
from imagewidgets.widgets.controls.inputs import build_inputs, dropdown_values, option_label
from imagewidgets.widgets.controls.model_list import model_label, model_options
from imagewidgets.widgets.controls.params import LABELS, ROWS, names_for, rows_for
from imagewidgets.widgets.controls.size_picker import SizePicker
from imagewidgets.widgets.theme import note_html

__all__ = ["ControlsView", "format_notes"]


class ControlsView:
    """The panel's inputs for ``endpoint``: ``widgets`` by parameter (``"model"`` too), the size
    picker and the notes line. They show values; the panel's traits hold them."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.rows = rows_for(endpoint)
        self.widgets = build_inputs(endpoint)
        self.sizes = SizePicker(self.widgets["size"])
        self.notes = w.HTML()

    def grid(self) -> w.GridBox:
        """The inputs in columns: the model, the sizes, then every other row."""
        cells = [self.widgets["model"], self.sizes]
        cells += [self.widgets[row.name] for row in self.rows if row.name != "size"]
        return w.GridBox(
            cells,
            layout=w.Layout(
                grid_template_columns="repeat(auto-fill, minmax(min(270px, 100%), 1fr))",
                grid_gap="4px 16px",
            ),
        )

    def offer(
        self, model: str, today: date | None = None, catalog: ModelCatalog | None = None
    ) -> None:
        """The models (marked with their lifecycle on ``today``, judged by ``catalog`` when
        given), and the options and bounds ``model`` takes, in every input."""
        offered = model_options(self.endpoint, today, catalog)
        if model not in (name for _, name in offered):
            offered.append((model_label(model, today, catalog), model))
        if list(self.widgets["model"].options) != offered:
            self.widgets["model"].options = offered
        self.sizes.offer(model, self.endpoint)
        for row in self.rows:
            if row.kind == "choice" and row.name != "size":
                values = [str(value) for value in listed(model, row.name, self.endpoint)]
                labelled = [(option_label(value, row.unset), value) for value in values]
                if list(self.widgets[row.name].options) != labelled:
                    self.widgets[row.name].options = labelled
            elif row.kind == "number":
                self._bound(row.name, bounds(model, row.name, self.endpoint))

    def _bound(self, param: str, span: tuple[int, int] | None) -> None:
        if span is None:
            return
        widget, (low, high) = self.widgets[param], span
        if low > widget.max:  # never let min pass max on the way
            widget.max, widget.min = high, low
        else:
            widget.min, widget.max = low, high

    def show(self, model: str, values: Mapping[str, object], today: date | None = None) -> None:
        """Show ``values`` for ``model``: each in its input, what does not apply hidden (and
        why, in the notes), what is disabled with its reason as the tooltip."""
        self.widgets["model"].value = model
        for row in self.rows:
            self._show(row.name, values[row.name], model)
        hidden = set(unavailable(model, self.endpoint))
        hidden |= {row.name for row in self.rows if row.hidden and needs_reason(row.name, values)}
        for param, widget in self.widgets.items():
            widget.layout.display = "none" if param in hidden else ""
        for row in self.rows:
            reason = needs_reason(row.name, values)
            self.widgets[row.name].disabled = reason is not None
            self.widgets[row.name].tooltip = reason or row.help
        locked = one_image_reason(model)
        if locked:
            self.widgets["n"].disabled, self.widgets["n"].tooltip = True, locked
        said = [notes(model, self.endpoint, today), format_notes(values, self.endpoint)]
        self.notes.value = note_html(" ".join(text for text in said if text))

    def _show(self, param: str, value: object, model: str) -> None:
        widget = self.widgets[param]
        if param == "size":
            self.sizes.show(str(value or ""), model, self.endpoint)
        elif isinstance(widget, w.Dropdown):
            widget.value = value if value in dropdown_values(widget) else None
        else:
            widget.value = value


def format_notes(values: Mapping[str, object], endpoint: Endpoint = "generate") -> str:
    """What the chosen GIF or SVG output rules out, and why ("" for other formats): the
    controls it disables, with the reason of each, and the GIF frame-size limit."""
    fmt = values.get("output_format")
    if fmt not in ("gif", "svg"):
        return ""
    sentences = [
        f"{LABELS[param]}: {reason}."
        for param in names_for(endpoint)
        if ROWS[param].needs and not ROWS[param].hidden
        and (reason := needs_reason(param, values)) is not None
    ]  # fmt: skip
    if endpoint == "edit" and fmt == "gif":
        sentences.append("No mask: GIF output takes none.")
    return f"{str(fmt).upper()} output — " + " ".join(sentences)
