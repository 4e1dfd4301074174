"""The parameter panel in marimo: the same rows, options, ranges and request as the ControlPanel,
as marimo's own inputs."""

from __future__ import annotations

from typing import Any

import comm
import ipywidgets
import pytest

from imagewidgets.capabilities import Endpoint
from imagewidgets.widgets.controls.inputs import CUSTOM, dropdown_values
from imagewidgets.widgets.controls.marimo_ui import model_picker, parameter_inputs, request_for
from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.controls.params import models_for
from tests.support.widgets import front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")

CASES = [(model, "generate") for model in models_for("generate")]
CASES += [(model, "edit") for model in models_for("edit")]


def values_of(inputs: dict[str, Any]) -> dict[str, object]:
    """What ``mo.ui.dictionary(inputs).value`` holds in marimo."""
    return {name: element.value for name, element in inputs.items()}


def shown(panel: ControlPanel) -> set[str]:
    return {param for param, widget in panel.inputs.items() if widget.layout.display != "none"}


@pytest.mark.parametrize(("model", "endpoint"), CASES)
def test_the_inputs_are_the_rows_and_options_of_the_panel(model: str, endpoint: Endpoint) -> None:
    panel = ControlPanel("a fox", model, endpoint=endpoint)
    inputs = parameter_inputs(model, endpoint)
    assert set(inputs) == shown(panel) - {"model"}
    for param, element in inputs.items():
        listed = getattr(element, "options", None)
        if listed is not None:  # a list: the panel's options (its size list adds "custom…")
            offered = [value for value in dropdown_values(panel.inputs[param]) if value != CUSTOM]
            assert list(listed.values()) == offered, param
        elif hasattr(element, "start"):  # a number: the panel's range
            widget = panel.inputs[param]
            assert (element.start, element.stop) == (widget.min, widget.max), param
        else:  # a text: empty, like the panel's (an empty text is not sent)
            assert element.value == panel.inputs[param].value == "", param


@pytest.mark.parametrize(("model", "endpoint"), CASES)
def test_the_request_is_the_panels(model: str, endpoint: Endpoint) -> None:
    panel = ControlPanel("a fox in snow", model, endpoint=endpoint)
    inputs = parameter_inputs(model, endpoint)
    expected = (panel.params(), panel.problem)  # a shut-down model is refused by both, alike
    assert request_for("a fox in snow", model, values_of(inputs), endpoint) == expected


def test_start_values_are_kept_where_the_model_takes_them() -> None:
    inputs = parameter_inputs("gpt-image-2", quality="xhigh", n=3, background="transparent")
    values = values_of(inputs)
    assert (values["background"], values["n"]) == ("transparent", 3)
    assert values["quality"] == "auto"  # gpt-image-2 stops at "high"
    assert (inputs["n"].start, inputs["n"].stop) == (1, 10)


def test_what_cannot_be_sent_says_why() -> None:
    values = values_of(parameter_inputs("gpt-image-2", output_format="jpeg"))
    params, problem = request_for("a glass of water", "gpt-image-2", values)
    assert (params["output_format"], params["output_compression"], problem) == ("jpeg", 100, "")
    assert request_for("", "gpt-image-2", values)[1] == (
        "prompt is required: describe the image you want."
    )
    assert "at most 32000" in request_for("a" * 40_000, "gpt-image-2", values)[1]


def test_the_model_list_is_the_endpoints() -> None:
    assert list(model_picker("gpt-image-2", "edit").options.values()) == models_for("edit")
    assert model_picker("gpt-image-2").value == "gpt-image-2"


def test_the_model_list_is_marked_and_starts_at_an_active_model() -> None:
    picker = model_picker()
    assert picker.value == "gpt-image-2.6-flare"  # today is 2026-12-02 in the tests
    assert picker.options["gpt-image-1.5 · shut down 2026-12-01"] == "gpt-image-1.5"
    old = model_picker("dall-e-3")  # a shut-down model can be picked, and is refused
    assert (old.value, old.selected_key) == ("dall-e-3", "dall-e-3 · shut down 2026-05-12")
    values = values_of(parameter_inputs("dall-e-3"))
    assert request_for("a fox", "dall-e-3", values)[1].startswith(
        "model dall-e-3 was shut down on 2026-05-12; use gpt-image-2.6-flare"
    )


def test_making_the_inputs_leaves_ipywidgets_alone() -> None:
    """Outside a marimo kernel, a ``mo.ui.dictionary`` hooks marimo into every ipywidget made
    afterwards (and into ``comm.create_comm``): making the inputs must not do that."""
    create_comm = comm.create_comm
    hook = getattr(ipywidgets.Widget, "_widget_construction_callback", None)
    values_of(parameter_inputs("gpt-image-2", "edit"))
    model_picker()
    assert comm.create_comm is create_comm
    assert getattr(ipywidgets.Widget, "_widget_construction_callback", None) is hook
