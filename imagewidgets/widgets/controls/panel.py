"""``ControlPanel``: prompt, model and every parameter the chosen model takes, as traits.

One panel for both endpoints: the Studio's (``endpoint="generate"``) and the edit panel's
(``endpoint="edit"``: only models that edit, their edit sizes, ``input_fidelity``). Built from
standard ipywidgets (labelled, themed, keyboard-reachable) plus the :class:`PromptBox`, one input
per row of :mod:`~imagewidgets.widgets.controls.params`. Choosing a model rebuilds each control's
options from :mod:`imagewidgets.capabilities`; controls that do not apply are hidden and listed
with the reason; ``problem`` says why the current values cannot be sent (``""`` when they can).
Each parameter is a trait of the panel, so ``ipywidgets.link`` and ``observe`` work on them.

The model list marks each model with its lifecycle on ``today`` (see
:mod:`~imagewidgets.widgets.controls.model_list`); a shut-down model can be picked, and
``problem`` then says when it was shut down and what to use. The panel starts at the default
model, active on ``today``. :meth:`ControlPanel.use_catalog` hands it a server's model list
(``await client.models()``): lifecycle is judged by it, and the models only it names join.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

import ipywidgets as w
from traitlets import Unicode, validate

from imagewidgets.capabilities import Endpoint, ModelCatalog, default_model, rules_for
from imagewidgets.widgets.controls.choices import (
    bounds,
    check_choice,
    check_control,
    check_number,
    default_choice,
    keeps,
    request_params,
    request_problem,
    serves,
    unavailable,
)
from imagewidgets.widgets.controls.params import PARAMS, ParamTraits, rows_for
from imagewidgets.widgets.controls.view import ControlsView
from imagewidgets.widgets.prompt import PromptBox
from imagewidgets.widgets.theme import fit_panel

__all__ = ["ControlPanel"]

_PROMPTS: Mapping[str, tuple[str, str]] = {
    "generate": ("Prompt", "Describe the image you want…"),
    "edit": ("Edit prompt", "Describe the change…"),
}
"""The prompt field's label and placeholder, by endpoint."""
_CHOICES = tuple(row.name for row in PARAMS if row.kind == "choice")
_NUMBERS = tuple(row.name for row in PARAMS if row.kind == "number")


class ControlPanel(w.VBox, ParamTraits):  # type: ignore[misc]
    """The request controls of the Studio (or, with ``endpoint="edit"``, of the edit panel).

    Example:
        >>> panel = ControlPanel(prompt="a red fox", model="gpt-image-2.6-flare", quality="xhigh")
        >>> panel.complexity = "low"  # "": not sent, the model's default
        >>> panel.params()  # doctest: +NORMALIZE_WHITESPACE
        {'model': 'gpt-image-2.6-flare', 'size': '1024x1024', 'quality': 'xhigh',
         'complexity': 'low', 'n': 1, 'background': 'auto', 'output_format': 'png',
         'moderation': 'auto', 'partial_images': 2}
        >>> panel.model = "gpt-image-2"
        >>> panel.size = "1536x860"
        >>> panel.problem.split(": ")[-1]
        'width and height must both be divisible by 16.'
        >>> edit = ControlPanel(prompt="add a red scarf", model="gpt-image-2", endpoint="edit")
        >>> "input_fidelity" in edit.params(), "moderation" in edit.params()  # neither applies
        (False, False)
        >>> edit.model = "dall-e-2"  # listed as "dall-e-2 · shut down 2026-05-12"
        >>> edit.problem  # doctest: +ELLIPSIS
        'model dall-e-2 was shut down on 2026-05-12; use gpt-image-2.6-flare or ...'
    """

    prompt = Unicode("")
    """The prompt."""
    model = Unicode("")
    """The model; choosing one rebuilds the other controls (starts at the default model)."""
    problem = Unicode("")
    """Why the current values cannot be sent, or ``""``; kept up to date."""

    def __init__(
        self,
        prompt: str = "",
        model: str | None = None,
        *,
        endpoint: Endpoint = "generate",
        today: date | None = None,
        catalog: ModelCatalog | None = None,
        **controls: Any,
    ) -> None:
        self.endpoint: Endpoint = endpoint
        """``"generate"`` or ``"edit"``: which models, sizes and parameters the panel offers."""
        self.today, self.catalog = today, catalog
        """The day model lifecycle is judged on (``None``: today) and the server's model list
        it is judged by (``None``: the rules table)."""
        self.rows = rows_for(endpoint)
        self._syncing = False
        label, placeholder = _PROMPTS[endpoint]
        self.prompt_box = PromptBox(value=prompt, label=label, placeholder=placeholder)
        self.view = ControlsView(endpoint)
        self.inputs, self.sizes, self.notes = self.view.widgets, self.view.sizes, self.view.notes
        self.custom_size, self.size_message = self.sizes.custom, self.sizes.message
        super().__init__(children=[self.prompt_box, self.view.grid(), self.notes])
        fit_panel(self, "iw-controls" if endpoint == "generate" else "iw-edit-controls")
        self.model = model or default_model(today, catalog)
        self._connect()
        self.prompt = prompt
        self._on_model({})
        self.set(**controls)

    def use_catalog(self, catalog: ModelCatalog | None) -> None:
        """Judge lifecycle by ``catalog`` (a server's model list, ``await client.models()``)
        from now on: the list's marks follow it, and models only it names join the list."""
        self.catalog = catalog
        self._on_model({})

    def set(self, **controls: Any) -> None:
        """Set several controls at once (``model`` first); each must apply to the model."""
        if "model" in controls:
            self.model = controls.pop("model")
        for param, value in controls.items():
            check_control(self.model, param, self.endpoint)
            setattr(self, param, value)

    def reason(self, param: str) -> str | None:
        """Why ``param`` does not apply to the current model, or ``None`` when it does."""
        try:
            check_control(self.model, param, self.endpoint)
        except ValueError as exc:
            return str(exc)
        return None

    def params(self) -> dict[str, Any]:
        """The parameters a request with these controls sends (prompt excluded)."""
        return request_params(self.model, self._values(), self.endpoint)

    def apply(self, prompt: str | None, params: Mapping[str, object]) -> None:
        """Restore a prompt and the parameters of an earlier request ("Use these settings").

        A model that does not serve this endpoint, and values the model does not take, are
        left as they are.
        """
        model = params.get("model")
        with self.hold_trait_notifications():
            if isinstance(model, str) and model and serves(model, self.endpoint):
                self.model = model
            if prompt is not None:
                self.prompt = prompt
            for row in self.rows:
                value = _lookup(params, row.part)
                if value is not None and self._takes(row.name, value):
                    setattr(self, row.name, value)

    def _takes(self, param: str, value: object) -> bool:
        applies = param not in unavailable(self.model, self.endpoint)
        return applies and keeps(self.model, param, value, self.endpoint)

    def _values(self) -> dict[str, object]:
        return {row.name: getattr(self, row.name) for row in self.rows}

    def _connect(self) -> None:
        for param, widget in self.inputs.items():
            widget.observe(self._from_widget(param), "value")
        self.custom_size.observe(self._from_custom_size, "value")
        self.observe(self._on_model, "model")
        self.observe(self._on_value, [*(row.name for row in self.rows), "prompt"])
        w.link((self, "prompt"), (self.prompt_box, "value"))

    def _from_widget(self, param: str) -> Callable[[dict[str, Any]], None]:
        def changed(change: dict[str, Any]) -> None:
            if self._syncing or change["new"] is None:
                return
            if param == "size":
                self.size = self.sizes.pick(change["new"], str(self._values()["size"]))
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
        """Offer the new model's options; a value it does not take falls back to its default."""
        model, endpoint = self.model, self.endpoint
        self.view.offer(model, self.today, self.catalog)
        for row in self.rows:
            value = getattr(self, row.name)
            if row.kind == "choice" and not keeps(model, row.name, value, endpoint):
                setattr(self, row.name, default_choice(model, row.name, endpoint))
            span = bounds(model, row.name, endpoint) if row.kind == "number" else None
            if span is not None:
                setattr(self, row.name, min(max(value, span[0]), span[1]))

    def _push_all(self) -> None:
        """Show the traits' values in the inputs, and what applies and what is wrong."""
        with self._quiet():
            self.view.show(self.model, self._values(), self.today)
        self.prompt_box.limit = getattr(rules_for(self.model), "prompt_limit", 0)
        self.problem = request_problem(
            self.prompt, self.params(), self.endpoint, self.today, self.catalog
        )

    @validate(*_CHOICES)
    def _valid_choice(self, proposal: Any) -> str | None:
        check_choice(self.model, proposal["trait"].name, proposal["value"], self.endpoint)
        return proposal["value"]  # type: ignore[no-any-return]

    @validate(*_NUMBERS)
    def _valid_number(self, proposal: Any) -> int:
        check_number(self.model, proposal["trait"].name, proposal["value"], self.endpoint)
        return proposal["value"]  # type: ignore[no-any-return]


def _lookup(params: Mapping[str, object], part: tuple[str, ...]) -> object:
    """The value at ``part`` of ``params`` (``("svg", "model")``: inside the ``svg`` object)."""
    value: object = params
    for key in part:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value
