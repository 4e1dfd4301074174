"""``ControlPanel``: prompt, model and every parameter the chosen model takes, as traits.

Built from standard ipywidgets (labelled, themed, keyboard-reachable) plus the :class:`PromptBox`.
Choosing a model rebuilds each control's options from :mod:`imagewidgets.capabilities`; controls
that do not apply are hidden and listed with the reason; ``problem`` says why the current values
cannot be sent (``""`` when they can). Each parameter is a trait of the panel, so
``ipywidgets.link`` and ``observe`` work on them directly.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import ipywidgets as w
from traitlets import Int, Unicode, validate

from imagewidgets.capabilities import (
    MODELS,
    InvalidParameterError,
    UnknownModelWarning,
    options,
    rules_for,
)
from imagewidgets.capabilities import validate as validate_request
from imagewidgets.widgets.choices import (
    CHOICE_PARAMS,
    CONTROL_LABELS,
    CONTROL_PARAMS,
    INT_DEFAULTS,
    compression_reason,
    default_choice,
    notes,
    one_image_reason,
    request_params,
    size_note,
    unavailable,
)
from imagewidgets.widgets.prompt import PromptBox

__all__ = ["ControlPanel"]

CUSTOM = "custom"
_STYLE = {"description_width": "110px"}
_HELP = {
    "model": "The image model",
    "size": "Width x height of the image",
    "quality": "Higher quality costs more tokens and time",
    "n": "How many images to make",
    "background": "transparent needs png or webp",
    "output_format": "The image file format",
    "output_compression": "0-100: lower is smaller and lossier",
    "moderation": "low: less restrictive filtering",
    "style": "vivid: hyper-real and dramatic; natural: less so",
    "partial_images": "How many partial frames stream in before the final image (0-3)",
}


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
    model = Unicode("gpt-image-1.5")
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

    def __init__(self, prompt: str = "", model: str = "gpt-image-1.5", **controls: Any) -> None:
        self._syncing = False
        self._custom = False
        self.prompt_box = PromptBox(value=prompt)
        self.inputs = _build_inputs()
        self.custom_size = w.Text(
            description="Custom size",
            placeholder="1536x864",
            continuous_update=True,
            tooltip="WIDTHxHEIGHT: multiples of 16, ratio up to 3:1, at most 3840x2160",
            style=_STYLE,
        )
        self.size_message = w.HTML()
        self.notes = w.HTML()
        super().__init__(children=self._layout())
        self.add_class("iw-controls")
        self._connect()
        self.prompt = prompt
        self.model = model
        self._on_model({})
        self.set(**controls)

    def set(self, **controls: Any) -> None:
        """Set several controls at once; each must apply to the current model."""
        for param, value in controls.items():
            self._check_applies(param)
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

    def _check_applies(self, param: str) -> None:
        if param not in CONTROL_PARAMS and param not in ("prompt", "model"):
            allowed = ("prompt", "model", *CONTROL_PARAMS)
            raise InvalidParameterError(
                f"{param!r} is not a control; use one of {', '.join(allowed)}.",
                param=param,
                model=self.model,
                allowed=allowed,
            )
        reason = unavailable(self.model).get(param)
        if reason:
            raise InvalidParameterError(
                f"{self.model} does not take {param}: {reason}.", param=param, model=self.model
            )

    def _layout(self) -> list[w.Widget]:
        size_box = w.VBox([self.inputs["size"], self.custom_size, self.size_message])
        cells = [self.inputs["model"], size_box]
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
                self._choose_size(change["new"])
            else:
                setattr(self, param, change["new"])

        return changed

    def _choose_size(self, choice: str) -> None:
        """A pick in the size list: a fixed size, or "custom…" (starting from the current size)."""
        self._custom = choice == CUSTOM
        if not self._custom:
            self.size = choice
            return
        typed = self.custom_size.value.strip() or self.size
        self.size = typed
        self._push_all()

    def _from_custom_size(self, change: dict[str, Any]) -> None:
        if not self._syncing and self._custom:
            self.size = change["new"].strip()

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
        for param in CHOICE_PARAMS:
            offered = [str(value) for value in options(model, param)]
            if param == "size" and rules is not None and rules.custom_sizes:
                offered.append(CUSTOM)
            self.inputs[param].options = [(_option_label(v), v) for v in offered]
            if not _keeps(model, param, getattr(self, param)):
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
        self.problem = self._find_problem()

    def _push(self, param: str) -> None:
        widget, value = self.inputs[param], getattr(self, param)
        if param == "size":
            can = CUSTOM in _values(widget)
            custom = can and (self._custom or value not in _values(widget))
            self._custom = custom
            widget.value = CUSTOM if custom else (value if value in _values(widget) else None)
            if custom:
                self.custom_size.value = value
            self.custom_size.layout.display = "" if custom else "none"
            message = size_note(value, self.model) if custom else ""
            self.size_message.value = _status_html(message)
        elif isinstance(widget, w.Dropdown):
            widget.value = value if value in _values(widget) else None
        else:
            widget.value = value

    def _show_applicability(self) -> None:
        hidden = unavailable(self.model)
        for param, widget in self.inputs.items():
            widget.layout.display = "none" if param in hidden else ""
        one = one_image_reason(self.model)
        self.inputs["n"].disabled = one is not None
        self.inputs["n"].tooltip = one or _HELP["n"]
        lossless = compression_reason(self.output_format)
        self.inputs["output_compression"].disabled = lossless is not None
        self.inputs["output_compression"].tooltip = lossless or _HELP["output_compression"]
        self.notes.value = _status_html(notes(self.model), muted=True)

    def _find_problem(self) -> str:
        request = {"prompt": self.prompt, **self.params()}
        if self.partial_images and "partial_images" in request:
            request["stream"] = True
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UnknownModelWarning)
                validate_request("generate", request)
        except InvalidParameterError as exc:
            return str(exc)
        return ""

    @validate(*CHOICE_PARAMS)
    def _valid_choice(self, proposal: Any) -> str | None:
        param, value = proposal["trait"].name, proposal["value"]
        if value is None or _keeps(self.model, param, value) or param == "size":
            return value  # type: ignore[no-any-return]
        allowed = options(self.model, param)
        raise InvalidParameterError(
            f"{self.model} does not support {param}={value!r}; "
            f"use one of {', '.join(map(str, allowed))}.",
            param=param,
            model=self.model,
            allowed=allowed,
        )

    @validate("n", "output_compression", "partial_images")
    def _valid_int(self, proposal: Any) -> int:
        param, value = proposal["trait"].name, proposal["value"]
        low, high = {"n": (1, 10), "output_compression": (0, 100), "partial_images": (0, 3)}[param]
        if param == "n" and (rules := rules_for(self.model)):
            high = rules.max_n
        if not low <= value <= high:
            raise InvalidParameterError(
                f"{param} must be from {low} to {high} for {self.model}, not {value}.",
                param=param,
                model=self.model,
                allowed=tuple(range(low, high + 1)),
            )
        return value  # type: ignore[no-any-return]


def _build_inputs() -> dict[str, w.Widget]:
    """One labelled input per parameter; the labels are the controls' accessible names."""
    inputs: dict[str, w.Widget] = {"model": w.Dropdown(options=list(MODELS))}
    for param in CHOICE_PARAMS:
        inputs[param] = w.Dropdown()
    bounds = {"n": (1, 10), "output_compression": (0, 100), "partial_images": (0, 3)}
    for param, (low, high) in bounds.items():
        inputs[param] = w.BoundedIntText(min=low, max=high, value=INT_DEFAULTS[param])
    for param, widget in inputs.items():
        widget.description = CONTROL_LABELS[param]
        widget.tooltip = _HELP[param]
        widget.style = _STYLE
    return inputs


def _keeps(model: str, param: str, value: object) -> bool:
    """Whether ``value`` can stay when the model is ``model`` (custom sizes stay for checking)."""
    rules = rules_for(model)
    if param == "size" and rules is not None and rules.custom_sizes and value:
        return True
    offered = options(model, param)
    return value in offered or (not offered and value is None)


def _values(widget: w.Dropdown) -> list[object]:
    return [value for _, value in widget.options]


def _option_label(value: str) -> str:
    return "custom…" if value == CUSTOM else value


def _status_html(text: str, *, muted: bool = False) -> str:
    if not text:
        return ""
    color = "var(--jp-ui-font-color2)" if muted else "var(--jp-warn-color1, #b26a00)"
    return f'<span role="status" style="color:{color}">{html.escape(text)}</span>'
