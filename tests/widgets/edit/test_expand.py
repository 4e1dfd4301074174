"""Expand canvas in the edit panel: the sizes offered, the sides chosen in the view, the new
room pre-masked, the edit size following, and an outpainting edit that keeps the rest."""

from __future__ import annotations

import pytest

from imagewidgets.imaging.inputs import to_source
from imagewidgets.widgets.edit.panel import EditPanel
from tests.support.edit import (
    box,
    paint,
    parent_sha,
    prepared_input,
    press,
    recording_client,
    scene,
)
from tests.support.widgets import browser_sets, click, front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


async def test_expanding_masks_the_new_room_and_outpaints_it() -> None:
    async with recording_client() as (client, _):
        original = scene(1024, 1024)
        panel = EditPanel(original, client=client, prompt="more beach", partial_images=0)
        assert list(panel.expander.size.options) == ["1536x1024", "1024x1536"]
        assert panel.expander.size.value == "1536x1024"
        browser_sets(panel.expander.sides["top"], value=False)
        browser_sets(panel.expander.sides["bottom"], value=False)
        click(panel.expander.button)
        assert panel.painter.size == (1536, 1024)
        edit = panel.painter.mask_array
        assert edit[:, :256].all()
        assert edit[:, 1280:].all()
        assert not edit[:, 256:1280].any()
        assert panel.controls.size == "1536x1024"
        assert "Expanded the canvas to 1536x1024" in panel.notice.value
        assert list(panel.expander.size.options) == ["1024x1024", "1024x1536"]

        made = await (await press(panel, panel.buttons.edit))
        assert (made[0].width, made[0].height) == (1536, 1024)
        assert parent_sha(made[0]) == to_source(original).sha256
        steps = prepared_input(made[0])["steps"]
        assert steps == ["expanded 1024x1024 to 1536x1024 (left, right)"]
        assert panel.reports[made[0].sha256].clean


async def test_a_painted_mask_survives_expanding() -> None:
    panel = EditPanel(scene(1024, 1024))
    paint(panel, box(1024, 1024, 10, 10, 50, 50))
    panel.expand("1024x1536", sides=("bottom",))
    edit = panel.painter.mask_array
    assert edit[10:50, 10:50].all()
    assert edit[1024:].all()
    assert not edit[100:1000, 100:1000].any()


async def test_gpt_image_2_expands_to_a_typed_size() -> None:
    panel = EditPanel(scene(1024, 576), model="gpt-image-2")
    browser_sets(panel.expander.size, value="1280x720")
    click(panel.expander.button)
    assert panel.painter.size == (1280, 720)
    assert panel.controls.size == "1280x720"
    assert panel.controls.inputs["size"].value == "custom"
    assert panel.controls.custom_size.value == "1280x720"


async def test_an_impossible_expansion_is_explained_and_changes_nothing() -> None:
    panel = EditPanel(scene(1024, 1024), model="dall-e-2")
    browser_sets(panel.expander.size, value="1536x1024")
    click(panel.expander.button)
    assert "dall-e-2 cannot edit at size=" in panel.notice.value
    assert "256x256, 512x512, 1024x1024" in panel.notice.value
    assert panel.painter.size == (1024, 1024)
    for side in ("left", "right", "top", "bottom"):
        browser_sets(panel.expander.sides[side], value=False)
    panel.expander.size.value = "1024x1024"
    click(panel.expander.button)
    assert "sides" in panel.notice.value
    assert panel.painter.size == (1024, 1024)
