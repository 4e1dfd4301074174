"""The control panel: options from the model-rules table, what applies, what can be submitted."""

from __future__ import annotations

import ipywidgets
import pytest

from imagewidgets import capabilities
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.widgets.controls.inputs import dropdown_values
from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.controls.params import LABELS, names_for
from tests.support.widgets import browser_sends, browser_sets, front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


def shown(panel: ControlPanel) -> set[str]:
    return {param for param, widget in panel.inputs.items() if widget.layout.display != "none"}


def choices(panel: ControlPanel, param: str) -> list[object]:
    return dropdown_values(panel.inputs[param])


def test_gpt_image_model_offers_its_parameters_and_hides_style() -> None:
    panel = ControlPanel(prompt="a fox", model="gpt-image-2")
    assert panel.params() == {
        "model": "gpt-image-2",
        "size": "1024x1024",
        "quality": "auto",
        "n": 1,
        "background": "auto",
        "output_format": "png",
        "moderation": "auto",
        "partial_images": 2,
    }
    assert "style" not in shown(panel)
    assert "Style" not in panel.notes.value, "no active model takes style: no note names dall-e-3"
    assert "Complexity: for the gpt-image-2.6 models only." in panel.notes.value
    assert choices(panel, "quality") == ["low", "medium", "high", "auto"]
    assert panel.problem == ""


def test_dall_e_3_hides_gpt_only_controls_and_locks_n_with_the_reason() -> None:
    panel = ControlPanel(prompt="a fox")
    panel.model = "dall-e-3"
    gpt_only = {"background", "output_format", "output_compression", "moderation"}
    assert not gpt_only & shown(panel)
    assert "partial_images" not in shown(panel)
    assert {"style", "quality", "size", "n"} <= shown(panel)
    assert panel.inputs["n"].disabled
    assert panel.inputs["n"].tooltip == "dall-e-3 makes one image per request"
    assert "Background" in panel.notes.value
    assert "GPT image models only" in panel.notes.value
    assert choices(panel, "size") == list(capabilities.options("dall-e-3", "size"))
    assert panel.params() == {
        "model": "dall-e-3",
        "size": "1024x1024",
        "quality": "standard",
        "n": 1,
        "style": "vivid",
    }


def test_choosing_the_model_in_the_browser_rebuilds_the_options() -> None:
    panel = ControlPanel(prompt="a fox", model="gpt-image-2.5-flare")
    assert choices(panel, "quality") == ["low", "medium", "high", "xhigh", "max", "auto"]
    browser_sets(panel.inputs["model"], index=list(capabilities.MODELS).index("gpt-image-2"))
    assert panel.model == "gpt-image-2"
    assert choices(panel, "quality") == ["low", "medium", "high", "auto"]
    assert "custom" in choices(panel, "size")
    assert panel.prompt_box.limit == 32000
    browser_sets(panel.inputs["model"], index=list(capabilities.MODELS).index("dall-e-2"))
    assert panel.prompt_box.limit == 1000
    assert choices(panel, "size") == ["256x256", "512x512", "1024x1024"]


def test_a_value_the_new_model_lacks_falls_back_to_its_default() -> None:
    panel = ControlPanel(prompt="a fox", model="gpt-image-2.6-flare", quality="max")
    panel.model = "gpt-image-2"
    assert panel.quality == "auto"
    panel.quality = "high"
    panel.model = "dall-e-3"
    assert panel.quality == "standard"
    panel.model = "gpt-image-2.5-flare"
    assert panel.quality == "auto"


def test_gpt_image_2_custom_size_is_checked_as_it_is_typed() -> None:
    panel = ControlPanel(prompt="a fox", model="gpt-image-2")
    size_index = choices(panel, "size").index("custom")
    browser_sets(panel.inputs["size"], index=size_index)
    assert panel.custom_size.layout.display != "none"
    typed = {
        "15": "WIDTHxHEIGHT",
        "1500x900": "divisible by 16",
        "3840x800": "aspect ratio",
        "4096x2304": "3840x2160",
    }
    for text, problem in typed.items():
        browser_sets(panel.custom_size, value=text)
        assert panel.size == text
        assert problem in panel.size_message.value
        assert problem in panel.problem
    browser_sets(panel.custom_size, value="3840x2160")
    assert panel.problem == ""
    assert "experimental" in panel.size_message.value
    browser_sets(panel.custom_size, value="1536x864")
    assert panel.params()["size"] == "1536x864"
    assert panel.size_message.value == ""


def test_picking_a_fixed_size_leaves_custom_mode() -> None:
    panel = ControlPanel(prompt="a fox", model="gpt-image-2", size="1536x864")
    assert panel.inputs["size"].value == "custom"
    assert panel.custom_size.value == "1536x864"
    browser_sets(panel.inputs["size"], index=choices(panel, "size").index("1536x1024"))
    assert panel.size == "1536x1024"
    assert panel.custom_size.layout.display == "none"


def test_custom_sizes_are_refused_by_other_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-11-30")  # gpt-image-1.5 is still served
    panel = ControlPanel(prompt="a fox", model="gpt-image-1.5", size="1536x864")
    assert panel.problem.startswith("gpt-image-1.5 does not support size='1536x864'")


def test_prompt_over_the_limit_or_empty_cannot_be_submitted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-05-01")  # dall-e-2 and 3 are still served
    panel = ControlPanel(prompt="", model="dall-e-2")
    assert panel.problem.startswith("prompt is required")
    browser_sets(panel.prompt_box, value="x" * 1001)
    assert panel.prompt == "x" * 1001
    assert panel.problem == "prompt is 1001 characters; dall-e-2 accepts at most 1000."
    panel.model = "dall-e-3"
    assert panel.problem == ""


def test_compression_applies_to_lossy_formats_only() -> None:
    panel = ControlPanel(prompt="a fox", model="gpt-image-2.5-flare")
    assert panel.inputs["output_compression"].disabled
    assert "jpeg and webp" in panel.inputs["output_compression"].tooltip
    assert "output_compression" not in panel.params()
    panel.output_format = "webp"
    panel.output_compression = 60
    assert not panel.inputs["output_compression"].disabled
    assert panel.params()["output_compression"] == 60


def test_an_invalid_combination_is_reported_not_sent() -> None:
    panel = ControlPanel(prompt="a fox", model="gpt-image-2.5-flare", output_format="jpeg")
    panel.background = "transparent"
    assert "needs output_format 'png' or 'webp'" in panel.problem
    panel.output_format = "png"
    assert panel.problem == ""


def test_setting_a_value_the_model_refuses_names_the_parameter() -> None:
    panel = ControlPanel(prompt="a fox", model="gpt-image-2.5-flare")
    with pytest.raises(InvalidParameterError, match="quality='hd'") as caught:
        panel.quality = "hd"
    assert caught.value.param == "quality"
    assert panel.quality == "auto"
    with pytest.raises(InvalidParameterError, match="n must be from 1 to 1 for dall-e-3"):
        ControlPanel(model="dall-e-3", n=2)
    with pytest.raises(InvalidParameterError, match="does not take background"):
        ControlPanel(model="dall-e-3", background="auto")
    with pytest.raises(InvalidParameterError, match="'colour' is not a control"):
        ControlPanel(colour="red")


def test_controls_are_traits_that_link_and_observe() -> None:
    panel = ControlPanel(prompt="a fox", model="gpt-image-1")
    picker = ipywidgets.Dropdown(options=["gpt-image-1", "dall-e-3"], value="gpt-image-1")
    ipywidgets.link((picker, "value"), (panel, "model"))
    seen: list[str] = []
    panel.observe(lambda change: seen.append(change["new"]), "quality")
    picker.value = "dall-e-3"
    assert panel.model == "dall-e-3"
    assert seen == ["standard"]


def test_apply_restores_an_earlier_request() -> None:
    panel = ControlPanel(prompt="now", model="gpt-image-1")
    params = {"model": "dall-e-3", "size": "1792x1024", "quality": "hd", "style": "natural"}
    panel.apply("then", {**params, "n": 1, "response_format": "b64_json"})
    assert panel.prompt == "then"
    assert panel.prompt_box.value == "then"
    assert panel.params() == {**params, "n": 1}
    assert panel.inputs["quality"].value == "hd"


def test_every_control_has_an_accessible_name() -> None:
    panel = ControlPanel()
    for param, widget in panel.inputs.items():
        assert widget.description == LABELS[param]
    names = [widget.description for widget in panel.inputs.values()]
    assert len(set(names)) == len(names) == len(names_for("generate")) + 1
    assert panel.custom_size.description == "Custom size"
    assert panel.prompt_box.label == "Prompt"


def test_ctrl_enter_in_the_prompt_submits() -> None:
    panel = ControlPanel(prompt="a fox")
    submitted: list[str] = []
    panel.prompt_box.on_submit(lambda: submitted.append(panel.prompt))
    browser_sets(panel.prompt_box, value="a red fox")
    browser_sends(panel.prompt_box, {"action": "submit"})
    browser_sends(panel.prompt_box, {"action": "something else"})
    assert submitted == ["a red fox"]
