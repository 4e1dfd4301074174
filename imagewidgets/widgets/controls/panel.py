"""``ControlPanel``: prompt, model and every parameter the chosen model takes, as traits.

Built from standard ipywidgets (labelled, themed, keyboard-reachable) plus the :class:`PromptBox`.
Choosing a model rebuilds each control's options from :mod:`imagewidgets.capabilities`; controls
that do not apply are hidden and listed with the reason; ``problem`` says why the current values
cannot be sent (``""`` when they can). Each parameter is a trait of the panel, so
``ipywidgets.link`` and ``observe`` work on them directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import ipywidgets as w
from traitlets import Int, Unicode, validate

from imagewidgets.capabilities import (
    MODELS,
    default_model,
    options,
    rules_for,
)
from imagewidgets.widgets.controls.choices import (
    CHOICE_PARAMS,
    CONTROL_PARAMS,
    INT_BOUNDS,
    INT_DEFAULTS,
    check_choice,
    check_control,
    check_number,
    compression_reason,
    default_choice,
    keeps,
    notes,
    one_image_reason,
    request_params,
    request_problem,
    unavailable,
)
from imagewidgets.widgets.controls.inputs import (
    HELP,
    build_inputs,
    dropdown_values,
)
from imagewidgets.widgets.controls.notes import note_html
from imagewidgets.widgets.controls.size_picker import SizePicker
from imagewidgets.widgets.prompt import PromptBox

__all__ = ["ControlPanel"]


class ControlPanel(w.VBox):  # type: ignore[misc]
    """The request controls of the Studio, usable on their own.

    Example:
        >>> panel = ControlPanel(prompt="a red fox in snow", model="dall-e-3", quality="hd")
        >>> panel.params()
        {'model': 'dall-e-3', 'size': '1024x1024', 'quality': 'hd', 'n': 1, 'style': 'vivid'}
        >>> panel.model = "gpt-image-2"
        >>> panel.size = "1536x860"
        >>> panel.problem.split(": ")[-1]
        'width and height must both be divisible by 16.'
    """

    prompt = Unicode("")
    """The prompt."""
    model = Unicode(default_model())
    """The model; choosing one rebuilds the other controls."""
    size = Unicode("1024x1024")
    """A size the model offers, or a custom ``WxH`` for gpt-image-2."""
    quality = Unicode(None, allow_none=True)
    """low/medium/high/auto (GPT image), standard/hd (dall-e-3), standard (dall-e-2)."""
    background = Unicode(None, allow_none=True)
    """transparent/opaque/auto (GPT image models)."""
    output_format = Unicode(None, allow_none=True)
    """png/jpeg/webp (GPT image models)."""
    moderation = Unicode(None, allow_none=True)
    """low/auto (GPT image models)."""
    style = Unicode(None, allow_none=True)
    """vivid/natural (dall-e-3)."""
    n = Int(INT_DEFAULTS["n"])
    """How many images."""
    output_compression = Int(INT_DEFAULTS["output_compression"])
    """0-100, for jpeg and webp."""
    partial_images = Int(INT_DEFAULTS["partial_images"])
    """Partial frames to stream (0-3, GPT image models)."""
    problem = Unicode("")
    """Why the current values cannot be sent, or ``""``; kept up to date."""

    def __init__(self, prompt: str = "", model: str | None = None, **controls: Any) -> None:
        self._syncing = False
        self.prompt_box = PromptBox(value=prompt)
        self.inputs = build_inputs()
        self.sizes = SizePicker(self.inputs["size"])
        self.custom_size, self.size_message = self.sizes.custom, self.sizes.message
        self.notes = w.HTML()
        super().__init__(children=self._layout())
        self.add_class("iw-controls")
        self._connect()
        self.prompt = prompt
        self.model = model or default_model()
        self._on_model({})
        self.set(**controls)

    def set(self, **controls: Any) -> None:
        """Set several controls at once; each must apply to the current model."""
        for param, value in controls.items():
            check_control(self.model, param)
            setattr(self, param, value)

    def params(self) -> dict[str, Any]:
        """The parameters a request with these controls sends (prompt excluded)."""
        values = {param: getattr(self, param) for param in CONTROL_PARAMS}
        return request_params(self.model, values)

    def apply(self, prompt: str | None, params: Mapping[str, object]) -> None:
        """Restore a prompt and the parameters of an earlier request ("Use these settings")."""
        model = params.get("model")
        with self.hold_trait_notifications():
            if isinstance(model, str) and model:
                self.model = model
            if prompt is not None:
                self.prompt = prompt
            for param in CONTROL_PARAMS:
                if param in params and param not in unavailable(self.model):
                    setattr(self, param, params[param])

    def _layout(self) -> list[w.Widget]:
        cells = [self.inputs["model"], self.sizes]
        cells += [self.inputs[param] for param in CONTROL_PARAMS if param != "size"]
        grid = w.GridBox(
            cells,
            layout=w.Layout(
                grid_template_columns="repeat(auto-fill, minmax(270px, 1fr))", grid_gap="4px 16px"
            ),
        )
        return [self.prompt_box, grid, self.notes]

    def _connect(self) -> None:
        for param, widget in self.inputs.items():
            widget.observe(self._from_widget(param), "value")
        self.custom_size.observe(self._from_custom_size, "value")
        self.observe(self._on_model, "model")
        self.observe(self._on_value, [*CONTROL_PARAMS, "prompt"])
        w.link((self, "prompt"), (self.prompt_box, "value"))

    def _from_widget(self, param: str) -> Callable[[dict[str, Any]], None]:
        def changed(change: dict[str, Any]) -> None:
            if self._syncing or change["new"] is None:
                return
            if param == "size":
                self.size = self.sizes.pick(change["new"], self.size)
                self._push_all()
            else:
                setattr(self, param, change["new"])

        return changed

    def _from_custom_size(self, change: dict[str, Any]) -> None:
        typed = None if self._syncing else self.sizes.typed(change["new"])
        if typed is not None:
            self.size = typed

    def _on_model(self, change: dict[str, Any]) -> None:
        with self._quiet():
            self._rebuild_options()
        self._push_all()

    def _on_value(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self._push_all()

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Widget changes made here are the panel's own: do not feed them back into traits."""
        before, self._syncing = self._syncing, True
        try:
            yield
        finally:
            self._syncing = before

    def _rebuild_options(self) -> None:
        model, rules = self.model, rules_for(self.model)
        select = self.inputs["model"]
        if model not in select.options:
            select.options = [*MODELS, model]
        self.sizes.offer(model)
        for param in CHOICE_PARAMS:
            if param != "size":
                self.inputs[param].options = [str(value) for value in options(model, param)]
            if not keeps(model, param, getattr(self, param)):
                setattr(self, param, default_choice(model, param))
        max_n = rules.max_n if rules else 10
        self.inputs["n"].max = max_n
        self.n = min(max(self.n, 1), max_n)

    def _push_all(self) -> None:
        """Show the traits' values in the widgets, and what applies and what is wrong."""
        with self._quiet():
            self.inputs["model"].value = self.model
            for param in CONTROL_PARAMS:
                self._push(param)
            self._show_applicability()
        self.prompt_box.limit = getattr(rules_for(self.model), "prompt_limit", 0)
        self.problem = request_problem(self.prompt, self.params())

    def _push(self, param: str) -> None:
        widget, value = self.inputs[param], getattr(self, param)
        if param == "size":
            self.sizes.show(value, self.model)
        elif isinstance(widget, w.Dropdown):
            widget.value = value if value in dropdown_values(widget) else None
        else:
            widget.value = value

    def _show_applicability(self) -> None:
        hidden = unavailable(self.model)
        for param, widget in self.inputs.items():
            widget.layout.display = "none" if param in hidden else ""
        one = one_image_reason(self.model)
        self.inputs["n"].disabled = one is not None
        self.inputs["n"].tooltip = one or HELP["n"]
        lossless = compression_reason(self.output_format)
        self.inputs["output_compression"].disabled = lossless is not None
        self.inputs["output_compression"].tooltip = lossless or HELP["output_compression"]
        self.notes.value = note_html(notes(self.model))

    @validate(*CHOICE_PARAMS)
    def _valid_choice(self, proposal: Any) -> str | None:
        check_choice(self.model, proposal["trait"].name, proposal["value"])
        return proposal["value"]  # type: ignore[no-any-return]

    @validate(*INT_BOUNDS)
    def _valid_number(self, proposal: Any) -> int:
        check_number(self.model, proposal["trait"].name, proposal["value"])
        return proposal["value"]  # type: ignore[no-any-return]
