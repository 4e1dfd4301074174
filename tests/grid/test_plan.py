"""A grid's spec and cells: template expansion, axes as rows, columns and pages, the cells the
rules table refuses, and the typed errors of a spec that cannot be laid out."""

from __future__ import annotations

import pytest

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.grid.plan import plan_grid
from imagewidgets.grid.spec import GridSpec, template_names

MODELS = ["gpt-image-2.6-flare", "gpt-image-2.6-sunburst"]


def test_a_template_is_filled_with_every_combination_of_its_values() -> None:
    spec = GridSpec.of("a {animal} in {style}", {"animal": ["fox", "owl", "cat"],
                       "style": ["ink", "oil"], "model": MODELS, "quality": "low"})  # fmt: skip
    plan = plan_grid(spec)
    assert plan.shape == (2, 3, 2)
    assert plan.headers(plan.rows) == ["fox", "owl", "cat"]
    assert plan.headers(plan.columns) == ["ink", "oil"]
    assert plan.headers(plan.pages) == MODELS
    cell = plan.cell(1, 2, 0)
    assert (cell.prompt, cell.model, cell["style"]) == ("a cat in ink", MODELS[1], "ink")
    assert dict(cell.params) == {"model": MODELS[1], "quality": "low"}
    assert len({c.prompt for c in plan.cells}) == 6
    assert plan.find(animal="owl", style="oil") == [plan.cell(0, 1, 1), plan.cell(1, 1, 1)]


def test_a_list_of_prompts_is_an_axis_and_rows_and_columns_can_be_named() -> None:
    spec = GridSpec.of(["a fox", "a {colour} fox"], {"colour": "red",
                       "quality": ["low", "high"]}, columns="prompt")  # fmt: skip
    plan = plan_grid(spec)
    assert [a.name for a in plan.rows] == ["quality"]
    assert plan.headers(plan.columns) == ["a fox", "a {colour} fox"]
    assert [c.prompt for c in plan.cells] == ["a fox", "a red fox"] * 2


def test_more_than_three_axes_make_combined_pages() -> None:
    spec = GridSpec.of("a {animal}", {"animal": ["fox"], "quality": ["low"],
                       "model": MODELS, "size": ["1024x1024", "1536x1024"]})  # fmt: skip
    plan = plan_grid(spec)
    assert plan.shape == (4, 1, 1)
    assert plan.headers(plan.pages)[1] == "model: gpt-image-2.6-flare · size: 1536x1024"


def test_cells_the_rules_refuse_are_kept_with_the_reason() -> None:
    spec = GridSpec.of("a fox", {"model": ["gpt-image-2", "gpt-image-2.6-flare"],
                       "quality": ["high", "max"]})  # fmt: skip
    refused = {c.key: c.refused for c in plan_grid(spec).cells if c.refused}
    assert list(refused) == ["0-0-1"]
    assert "quality='max'" in str(refused["0-0-1"])


def test_a_fixed_parameter_of_one_format_goes_with_that_formats_cells_only() -> None:
    author = {"model": "gpt-5.6-sol"}
    spec = GridSpec.of("a kite", {"model": "gpt-image-2.6-flare", "frame_count": 3,
                       "svg": author, "output_format": ["png", "gif", "svg"]})  # fmt: skip
    png, gif, svg = plan_grid(spec).cells
    assert [png.refused, gif.refused, svg.refused] == [None, None, None]
    assert set(png.params) == {"model", "output_format"}
    assert (gif.params["frame_count"], "svg" in gif.params) == (3, False)
    assert (svg.params["svg"], "frame_count" in svg.params) == (author, False)
    assert "frame_count left out: it is only for output_format='gif'." in png.notes
    fixed = GridSpec.of("a kite", {"output_format": "png", "frame_count": 3,
                                   "quality": ["low", "high"]})  # fmt: skip
    assert all("frame_count" in str(cell.refused) for cell in plan_grid(fixed).cells)


@pytest.mark.parametrize(
    ("prompt", "values", "param"),
    [
        ("a {animal}", {}, "animal"),
        ("a fox", {"model": []}, "model"),
        ("", {}, "prompt"),
        ("a {fox", {}, "prompt"),
    ],
)
def test_a_spec_that_cannot_be_laid_out_names_the_parameter(
    prompt: str, values: dict[str, object], param: str
) -> None:
    with pytest.raises(InvalidParameterError) as raised:
        GridSpec.of(prompt, values)
    assert raised.value.param == param


def test_rows_must_name_an_axis() -> None:
    with pytest.raises(InvalidParameterError, match="rows and columns name an axis"):
        GridSpec.of("a fox", {"quality": ["low", "high"]}, rows="model")


def test_the_spec_round_trips_through_json_with_a_stable_key() -> None:
    spec = GridSpec.of("a {animal}", {"animal": ["fox", "owl"], "svg": {"model": "m"}})
    again = GridSpec.from_json(spec.to_json())
    assert again == spec
    assert again.key == spec.key
    assert GridSpec.of("a {animal}", {"animal": ["owl", "fox"]}).key != spec.key
    assert template_names("{a} and {b} and {a} {{literal}}") == ["a", "b"]
