"""The panel's model list and today's parameters: lifecycle marks, the default, the refusal of a
shut-down model, a server's own list, complexity, xhigh/max, custom sizes, input_fidelity and
safety_identifier."""

from __future__ import annotations

from datetime import date

import pytest

from imagewidgets.capabilities import MODELS, InvalidParameterError, ModelCatalog
from imagewidgets.widgets.controls.inputs import CUSTOM, dropdown_values
from imagewidgets.widgets.controls.model_list import model_options
from imagewidgets.widgets.controls.panel import ControlPanel
from tests.support.widgets import browser_sets, front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


def labels(panel: ControlPanel) -> dict[str, str]:
    """Each model of the panel's list and how it reads there."""
    return {value: label for label, value in panel.inputs["model"].options}


def shown(panel: ControlPanel, param: str) -> bool:
    return bool(panel.inputs[param].layout.display != "none")


def pick(panel: ControlPanel, model: str) -> None:
    """Choose ``model`` in the list, as the browser does (by its index)."""
    browser_sets(panel.inputs["model"], index=dropdown_values(panel.inputs["model"]).index(model))


def test_every_model_is_marked_with_its_lifecycle_on_the_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-11-30")
    before = labels(ControlPanel("a fox"))
    assert before["gpt-image-1.5"] == "gpt-image-1.5 · retires 2026-12-01"
    assert before["gpt-image-2.6-flare"] == "gpt-image-2.6-flare"
    assert before["dall-e-3"] == "dall-e-3 · shut down 2026-05-12"
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-12-01")  # midnight of the shutdown date
    after = labels(ControlPanel("a fox"))
    assert after["gpt-image-1.5"] == "gpt-image-1.5 · shut down 2026-12-01"
    assert after["chatgpt-image-latest"] == "chatgpt-image-latest · shut down 2026-12-01"


def test_usable_models_come_first_and_the_panel_starts_at_an_active_one() -> None:
    panel = ControlPanel("a fox", today=date(2026, 11, 30))
    order = dropdown_values(panel.inputs["model"])
    assert order[:5] == [name for name in MODELS if MODELS[name].shutdown is None]
    assert order.index("gpt-image-1.5") < order.index("gpt-image-1") < order.index("dall-e-2")
    assert panel.model == "gpt-image-2.6-flare"


def test_the_default_follows_the_lifecycle_never_a_model_that_is_gone() -> None:
    catalog = ModelCatalog({"gpt-image-2.6-flare": date(2027, 1, 1)})  # OpenAI's list says so
    panel = ControlPanel("a fox", today=date(2027, 1, 2), catalog=catalog)
    assert panel.model == "gpt-image-2.6-sunburst"
    assert labels(panel)["gpt-image-2.6-flare"] == "gpt-image-2.6-flare · shut down 2027-01-01"
    assert ControlPanel("a fox", endpoint="edit").model == "gpt-image-2.6-flare"


def test_a_shut_down_model_can_be_picked_and_is_refused_with_its_date_and_replacement() -> None:
    panel = ControlPanel("a fox", model="gpt-image-2.6-flare")
    pick(panel, "gpt-image-1.5")
    assert panel.model == "gpt-image-1.5"
    assert panel.problem == (
        "model gpt-image-1.5 was shut down on 2026-12-01; "
        "use gpt-image-2.6-flare or gpt-image-2.6-sunburst."
    )
    pick(panel, "gpt-image-2.6-sunburst")
    assert panel.problem == ""


def test_a_deprecated_model_is_offered_without_a_problem_or_a_warning(
    monkeypatch: pytest.MonkeyPatch, recwarn: pytest.WarningsRecorder
) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-11-30")
    panel = ControlPanel("a fox", model="gpt-image-1.5")
    assert panel.problem == ""
    assert not recwarn.list  # the client warns once, when it sends


def test_a_servers_own_list_decides_and_its_unknown_models_join_unchecked() -> None:
    panel = ControlPanel("a fox")
    assert "gpt-image-3" not in labels(panel)
    panel.use_catalog(ModelCatalog({"dall-e-2": None, "gpt-image-3": None}, "server"))
    assert labels(panel)["gpt-image-3"] == "gpt-image-3 · unchecked"
    assert labels(panel)["dall-e-2"] == "dall-e-2"  # this server still serves it
    pick(panel, "dall-e-2")
    assert panel.problem == ""
    pick(panel, "gpt-image-3")
    assert not shown(panel, "quality")
    assert not shown(panel, "size")
    assert "not known for models outside the rules table" in panel.notes.value
    assert panel.params() == {"model": "gpt-image-3", "n": 1, "partial_images": 2}
    assert panel.problem == ""


def test_the_list_for_edits_has_only_models_that_edit() -> None:
    offered = [name for _, name in model_options("edit", date(2026, 12, 2))]
    assert "dall-e-3" not in offered
    assert "gpt-image-2.6-sunburst" in offered


def test_complexity_is_offered_where_the_model_takes_it() -> None:
    panel = ControlPanel("a fox", model="gpt-image-2.6-sunburst")
    assert list(panel.inputs["complexity"].options) == [
        ("model default", ""),
        ("low", "low"),
        ("medium", "medium"),
        ("high", "high"),
    ]
    assert "complexity" not in panel.params()  # not sent: the model decides (high)
    browser_sets(panel.inputs["complexity"], index=1)
    assert panel.params()["complexity"] == "low"
    pick(panel, "gpt-image-2.5-flare")
    assert not shown(panel, "complexity")
    assert "complexity" not in panel.params()
    assert "Complexity: for the gpt-image-2.6 models only." in panel.notes.value
    with pytest.raises(InvalidParameterError, match="complexity"):
        panel.set(complexity="high")


@pytest.mark.parametrize(
    ("model", "qualities"),
    [
        ("gpt-image-2.6-flare", ["low", "medium", "high", "xhigh", "max", "auto"]),
        ("gpt-image-2.5-sunburst", ["low", "medium", "high", "xhigh", "max", "auto"]),
        ("gpt-image-2", ["low", "medium", "high", "auto"]),
    ],
)
def test_quality_goes_up_to_max_where_the_model_takes_it(model: str, qualities: list[str]) -> None:
    panel = ControlPanel("a fox", model=model)
    assert dropdown_values(panel.inputs["quality"]) == qualities
    if "max" in qualities:
        panel.quality = "max"
        assert (panel.params()["quality"], panel.problem) == ("max", "")
    else:
        with pytest.raises(InvalidParameterError, match="quality='xhigh'"):
            panel.quality = "xhigh"


@pytest.mark.parametrize("endpoint", ["generate", "edit"])
def test_every_model_that_takes_custom_sizes_offers_them(endpoint: str) -> None:
    for name, rules in MODELS.items():
        if endpoint not in rules.endpoints:
            continue
        panel = ControlPanel("a fox", model=name, endpoint=endpoint)  # type: ignore[arg-type]
        assert (CUSTOM in dropdown_values(panel.inputs["size"])) == rules.custom_sizes, name
    panel = ControlPanel("a fox", model="gpt-image-2.6-flare", size="2048x1152")
    assert (panel.params()["size"], panel.problem) == ("2048x1152", "")


def test_input_fidelity_only_where_it_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-11-30")  # gpt-image-1.5 still edits
    panel = ControlPanel("add a hat", model="gpt-image-1.5", endpoint="edit")
    assert shown(panel, "input_fidelity")
    assert panel.params()["input_fidelity"] == "low"
    for model in ("gpt-image-2.6-flare", "gpt-image-2.5-flare", "gpt-image-2"):
        pick(panel, model)
        assert not shown(panel, "input_fidelity")
        assert "input_fidelity" not in panel.params()
    assert "input_fidelity" not in ControlPanel("a fox").inputs  # not a generation parameter


@pytest.mark.parametrize("endpoint", ["generate", "edit"])
def test_safety_identifier_is_a_text_sent_only_when_given(endpoint: str) -> None:
    panel = ControlPanel("a fox", endpoint=endpoint)  # type: ignore[arg-type]
    assert "safety_identifier" not in panel.params()
    browser_sets(panel.inputs["safety_identifier"], value="user-7f3a9c")
    assert panel.params()["safety_identifier"] == "user-7f3a9c"
    assert panel.problem == ""
    browser_sets(panel.inputs["safety_identifier"], value="")
    assert "safety_identifier" not in panel.params()
