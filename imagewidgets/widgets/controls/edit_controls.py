"""``EditControls``: the prompt and every parameter an edit takes with the chosen model.

Like the Studio's :class:`~imagewidgets.widgets.controls.panel.ControlPanel`, but for the edits
endpoint: only models that edit are offered, sizes are the model's edit sizes, ``input_fidelity``
shows where the model supports it. Options and reasons come from :mod:`imagewidgets.capabilities`
alone. Each parameter is a trait; ``problem`` says why the values cannot be sent (``""`` if fine).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
from traitlets import Int, Unicode, observe

from imagewidgets.capabilities import (
    MODELS,
    InvalidParameterError,
    default_model,
    options,
    rules_for,
    unavailable_reason,
)
from imagewidgets.widgets.controls.choices import (
    CONTROL_LABELS,
    compression_reason,
    default_choice,
    request_problem,
)
from imagewidgets.widgets.prompt import PromptBox

__all__ = ["EDIT_MODELS", "EDIT_PARAMS", "EditControls"]

EDIT_MODELS = tuple(name for name, rules in MODELS.items() if "edit" in rules.endpoints)
"""The models that edit, in the rules table's order."""
CHOICES = ("size", "quality", "background", "output_format", "input_fidelity")
NUMBERS = {"n": (1, 10, 1), "output_compression": (0, 100, 100), "partial_images": (0, 3, 2)}
EDIT_PARAMS = ("size", "quality", "n", "background", "output_format", "output_compression",
               "input_fidelity", "partial_images")  # fmt: skip
"""The edit parameters with a control, in display order."""
LABELS = {**CONTROL_LABELS, "input_fidelity": "Input fidelity"}
_HELP = {
    "size": "Width x height of the edited image",
    "quality": "Higher quality costs more tokens and time",
    "n": "How many edited images to make",
    "background": "transparent needs png or webp",
    "output_format": "The image file format",
    "output_compression": "0-100: lower is smaller and lossier",
    "input_fidelity": "high: keep faces, logos and details of the input closer",
    "partial_images": "How many partial frames stream in before the final image (0-3)",
}
_STYLE = {"description_width": "110px"}


class EditControls(w.VBox):  # type: ignore[misc]
    """Prompt, model and edit parameters.

    Example:
        >>> controls = EditControls(prompt="add a red scarf", model="gpt-image-2")
        >>> "input_fidelity" in controls.params()
        False
        >>> controls.model = "gpt-image-1.5"; controls.input_fidelity = "high"
        >>> controls.params()["input_fidelity"]
        'high'
    """

    prompt = Unicode("")
    """What to change."""
    model = Unicode(default_model())
    """The model; choosing one rebuilds the other controls."""
    size = Unicode(None, allow_none=True)
    """An edit size the model offers (or a custom size for gpt-image-2)."""
    quality = Unicode(None, allow_none=True)
    """The model's qualities."""
    background = Unicode(None, allow_none=True)
    """transparent/opaque/auto (GPT image models)."""
    output_format = Unicode(None, allow_none=True)
    """png/jpeg/webp (GPT image models)."""
    input_fidelity = Unicode(None, allow_none=True)
    """high/low, where the model supports it."""
    n = Int(1)
    """How many edited images."""
    output_compression = Int(100)
    """0-100, for jpeg and webp."""
    partial_images = Int(2)
    """Partial frames to stream (0-3, GPT image models)."""
    problem = Unicode("")
    """Why the current values cannot be sent, or ``""``."""

    def __init__(self, prompt: str = "", model: str | None = None, **controls: Any) -> None:
        self.prompt_box = PromptBox(
            value=prompt, label="Edit prompt", placeholder="Describe the change…"
        )
        self.inputs = _build_inputs()
        self.notes = w.HTML()
        cells = [self.inputs["model"], *(self.inputs[param] for param in EDIT_PARAMS)]
        grid = w.GridBox(
            cells,
            layout=w.Layout(
                grid_template_columns="repeat(auto-fill, minmax(260px, 1fr))", grid_gap="4px 16px"
            ),
        )
        super().__init__(children=[self.prompt_box, grid, self.notes])
        self.add_class("iw-edit-controls")
        w.link((self, "prompt"), (self.prompt_box, "value"))
        for param, widget in self.inputs.items():
            w.link((self, param), (widget, "value"))
        self.prompt = prompt
        self.model = model or default_model()
        self._rebuild()
        self.set(**controls)

    def set(self, **controls: Any) -> None:
        """Set several controls at once (``model`` first); each must apply to the model."""
        if "model" in controls:
            self.model = controls.pop("model")
        for param, value in controls.items():
            reason = self.reason(param)
            if reason:
                raise InvalidParameterError(
                    f"{self.model} does not take {param}: {reason}.", param=param, model=self.model
                )
            if param in CHOICES and value is not None:
                self._offer(param, str(value))
            setattr(self, param, value)

    def reason(self, param: str) -> str | None:
        """Why ``param`` does not apply to the current model for edits, or ``None``."""
        if param not in (*EDIT_PARAMS, "prompt"):
            return f"{param!r} is not an edit control; use one of {', '.join(EDIT_PARAMS)}"
        return unavailable_reason(self.model, param, "edit")

    def params(self) -> dict[str, object]:
        """The parameters an edit with these controls sends (prompt excluded)."""
        params: dict[str, object] = {"model": self.model}
        for param in EDIT_PARAMS:
            value = getattr(self, param)
            if value is None or self.reason(param):
                continue
            if param == "output_compression" and compression_reason(self.output_format):
                continue
            params[param] = value
        return params

    def apply(self, prompt: str | None, params: Mapping[str, object]) -> None:
        """Restore a prompt and the parameters of an earlier request ("Use these settings")."""
        model = params.get("model")
        if isinstance(model, str) and "edit" in getattr(rules_for(model), "endpoints", ()):
            self.model = model
        if prompt is not None:
            self.prompt = prompt
        for param in EDIT_PARAMS:
            value = params.get(param)
            if value is not None and not self.reason(param) and self._fits(param, value):
                setattr(self, param, value)

    def _fits(self, param: str, value: object) -> bool:
        offered = options(self.model, param, "edit")
        return param in NUMBERS or value in offered

    def _offer(self, param: str, value: str) -> None:
        """Add a valid value the list lacks (a custom gpt-image-2 size from Expand canvas)."""
        dropdown = self.inputs[param]
        if value not in dropdown.options:
            dropdown.options = [*dropdown.options, value]

    @observe("model")
    def _model_changed(self, change: dict[str, Any]) -> None:
        if hasattr(self, "inputs"):
            self._rebuild()

    @observe("prompt", *EDIT_PARAMS)
    def _value_changed(self, change: dict[str, Any]) -> None:
        if hasattr(self, "inputs"):
            self._refresh()

    def _rebuild(self) -> None:
        model, select = self.model, self.inputs["model"]
        if model not in select.options:
            select.options = [*EDIT_MODELS, model]
        for param in CHOICES:
            offered = [str(value) for value in options(model, param, "edit")]
            current = getattr(self, param)
            self.inputs[param].options = offered
            if current not in offered:
                setattr(self, param, _default(model, param))
        rules = rules_for(model)
        self.inputs["n"].max = rules.max_n if rules else 10
        self.n = min(self.n, self.inputs["n"].max)
        self._refresh()

    def _refresh(self) -> None:
        hidden = {param: self.reason(param) for param in EDIT_PARAMS}
        for param in EDIT_PARAMS:
            self.inputs[param].layout.display = "none" if hidden[param] else ""
        lossless = compression_reason(self.output_format)
        self.inputs["output_compression"].disabled = lossless is not None
        self.inputs["output_compression"].tooltip = lossless or _HELP["output_compression"]
        self.prompt_box.limit = getattr(rules_for(self.model), "prompt_limit", 0)
        reasons = sorted({why for why in hidden.values() if why})
        self.notes.value = _note("Not for this model — " + "; ".join(reasons) if reasons else "")
        self.problem = self._find_problem()

    def _find_problem(self) -> str:
        return request_problem(self.prompt, self.params(), "edit")


def _default(model: str, param: str) -> str | None:
    """The starting value: the service's own default (input_fidelity: low)."""
    if param == "input_fidelity" and "low" in options(model, param, "edit"):
        return "low"
    return default_choice(model, param, "edit")


def _build_inputs() -> dict[str, w.Widget]:
    """One labelled input per parameter: the labels are the accessible names."""
    inputs: dict[str, w.Widget] = {
        "model": w.Dropdown(options=list(EDIT_MODELS), description="Model", style=_STYLE)
    }
    for param in CHOICES:
        inputs[param] = w.Dropdown(options=[], description=LABELS[param], style=_STYLE)
    for param, (low, high, default) in NUMBERS.items():
        inputs[param] = w.BoundedIntText(
            min=low, max=high, value=default, description=LABELS[param], style=_STYLE
        )
    for param, widget in inputs.items():
        widget.tooltip = _HELP.get(param, "The image model that edits")
    return inputs


def _note(text: str) -> str:
    if not text:
        return ""
    return f'<span role="note" style="color:var(--jp-ui-font-color2)">{html.escape(text)}</span>'
