"""The edit controls follow the model-rules table for the edits endpoint."""

from __future__ import annotations

import pytest

from imagewidgets.api.results import GeneratedImage
from imagewidgets.capabilities import MODELS, InvalidParameterError, options
from imagewidgets.widgets.controls.inputs import dropdown_values
from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.controls.params import models_for
from tests.support.widgets import browser_sets, front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")
EDIT_MODELS = models_for("edit")


def EditControls(**controls: object) -> ControlPanel:
    """The edit panel's controls: the one control panel, for the edits endpoint."""
    return ControlPanel(endpoint="edit", **controls)  # type: ignore[arg-type]


def shown(controls: ControlPanel, param: str) -> bool:
    return bool(controls.inputs[param].layout.display != "none")


def test_only_models_that_edit_are_offered() -> None:
    controls = EditControls()
    offered = dropdown_values(controls.inputs["model"])
    assert offered == list(EDIT_MODELS)
    assert "dall-e-3" not in offered
    assert set(offered) == {name for name, rules in MODELS.items() if "edit" in rules.endpoints}


def test_input_fidelity_shows_where_the_model_supports_it() -> None:
    controls = EditControls(model="gpt-image-1.5")
    assert shown(controls, "input_fidelity")
    assert controls.params()["input_fidelity"] == "low"
    controls.model = "gpt-image-2"
    assert not shown(controls, "input_fidelity")
    assert "input_fidelity" not in controls.params()
    assert "gpt-image-2" in controls.notes.value
    with pytest.raises(InvalidParameterError) as caught:
        controls.set(input_fidelity="high")
    assert caught.value.param == "input_fidelity"


def test_dalle2_offers_its_edit_sizes_and_no_streaming() -> None:
    controls = EditControls(model="dall-e-2", prompt="a hat")
    sizes = dropdown_values(controls.inputs["size"])
    assert sizes == list(options("dall-e-2", "size", "edit"))
    for param in ("partial_images", "background", "output_format", "input_fidelity"):
        assert not shown(controls, param), param
    assert controls.params() == {
        "model": "dall-e-2",
        "size": "1024x1024",
        "quality": "standard",
        "n": 1,
    }
    assert controls.prompt_box.limit == 1000


def test_the_view_sets_values_and_problems_are_stated() -> None:
    controls = EditControls(prompt="a hat")
    browser_sets(controls.inputs["model"], index=list(EDIT_MODELS).index("gpt-image-2.5-flare"))
    assert controls.model == "gpt-image-2.5-flare"
    browser_sets(controls.inputs["output_format"], index=1)
    assert controls.output_format == "jpeg"
    assert not controls.inputs["output_compression"].disabled
    assert controls.params()["output_compression"] == 100
    controls.background = "transparent"
    assert "transparent" in controls.problem
    controls.output_format = "png"
    assert controls.problem == ""
    assert "output_compression" not in controls.params()
    controls.prompt = ""
    assert "prompt" in controls.problem


def test_settings_of_an_earlier_edit_come_back() -> None:
    earlier = GeneratedImage(
        data=b"",
        format="png",
        width=1024,
        height=1536,
        operation="edit",
        model="gpt-image-1",
        prompt="a scarf",
        params={"model": "gpt-image-1", "size": "1024x1536", "quality": "high", "n": 3},
    )
    controls = EditControls(model="dall-e-2")
    controls.apply(earlier.prompt, earlier.params)
    assert (controls.model, controls.size, controls.quality, controls.n) == (
        "gpt-image-1", "1024x1536", "high", 3,
    )  # fmt: skip
    assert controls.prompt == "a scarf"
    controls.apply(None, {"model": "dall-e-3", "size": "1792x1024"})
    assert controls.model == "gpt-image-1", "a model that cannot edit is not taken"
    assert controls.size == "1024x1536"
