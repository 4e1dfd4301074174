"""Markup edits in the edit panel, driven as the browser drives them: marks drawn in the painter
reach the request as the ``markup`` part (never with the mask), their labels are written into the
prompt and stay editable, the emulator changes the picture near the marks only, and the card
measures change far from them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from imagewidgets.imaging.markup import markup_area
from imagewidgets.widgets.edit.markup import with_marks
from imagewidgets.widgets.edit.panel import EditPanel
from tests.support.edit import SIDE, multipart_parts, paint, press, recording_client, scene
from tests.support.emulator import pixels
from tests.support.widgets import (
    browser_sets,
    comm_of,
    front_end,
    js_encoded_markup,
)

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")

BOX = (300, 400, 340, 440)
CIRCLE = {"id": 1, "tool": "circle", "color": "red", "label": "", "box": list(BOX)}


def draw(panel: EditPanel, marks: list[dict[str, Any]], box: tuple[int, ...] = BOX) -> bytes:
    """What the painter view sends after a mark: the PNG and the marks in one update."""
    data = js_encoded_markup(*panel.painter.size, box)  # type: ignore[arg-type]
    state = {"mode": "markup", "marks": marks}
    message = {
        "content": {"data": {"method": "update", "state": state, "buffer_paths": [["markup_png"]]}},
        "buffers": [memoryview(data)],
    }
    comm_of(panel.painter).handler(message)
    return data


def label(panel: EditPanel, number: int, text: str) -> None:
    """What the view sends when a mark's label is typed."""
    marks = [dict(mark) for mark in panel.painter.marks]
    marks[number - 1]["label"] = text
    browser_sets(panel.painter, marks=marks)


def test_with_marks_writes_replaces_and_lets_go() -> None:
    first = with_marks("", "", "the red circle: a window")
    assert first == ("the red circle: a window", "the red circle: a window")
    written = first[1]
    assert with_marks("dusk", "", "") == ("dusk", "")
    prompt = "make it dusk\n\nthe red circle: a window\nkeep the sky"
    assert with_marks(prompt, written, "the red circle: a door") == (
        "make it dusk\n\nthe red circle: a door\nkeep the sky",
        "the red circle: a door",
    )
    assert with_marks("make it dusk\n\nthe red circle: a window", written, "") == (
        "make it dusk",
        "",
    )
    assert with_marks("the red circle: a window, barred", written, "x") is None


def test_labels_are_written_into_the_prompt_and_the_user_may_take_them_over() -> None:
    panel = EditPanel(scene(SIDE, SIDE))
    panel.controls.prompt = "make it evening"
    draw(panel, [CIRCLE])
    assert panel.controls.prompt == "make it evening", "no label yet: nothing written"
    label(panel, 1, "a round window")
    assert panel.controls.prompt == "make it evening\n\nthe red circle: a round window"
    arrow = {**CIRCLE, "id": 2, "tool": "arrow", "color": "blue", "label": "a bird flies in"}
    draw(panel, [*panel.painter.marks, arrow])
    assert panel.controls.prompt.endswith(
        "\n\nthe red circle: a round window\nthe blue arrow: a bird flies in"
    )
    browser_sets(panel.painter, mode="mask")
    assert panel.controls.prompt == "make it evening", "the mask mode sends no marks"
    browser_sets(panel.painter, mode="markup")
    edited = panel.controls.prompt.replace("a round window", "a round window with bars")
    browser_sets(panel.controls.prompt_box, value=edited)
    label(panel, 2, "two birds")
    assert panel.controls.prompt == edited, "the user's lines are theirs"
    assert "yours now" in panel.notice.value
    panel.painter.clear()
    draw(panel, [{**CIRCLE, "label": "a door"}])
    assert panel.controls.prompt.endswith("\n\nthe red circle: a door"), "a new start"


async def test_a_markup_edit_sends_the_drawn_png_and_changes_the_picture_near_the_marks() -> None:
    async with recording_client() as (client, recorder):
        panel = EditPanel(scene(SIDE, SIDE), client=client, quality="low", partial_images=1)
        paint(panel)  # a mask painted first: set aside once the marks are drawn
        drawn = draw(panel, [{**CIRCLE, "label": "a round window"}])
        browser_sets(panel.controls.prompt_box, value="make it evening\n\n" + panel.controls.prompt)
        (image,) = await (await press(panel, panel.buttons.edit))
        parts = {part.name: part for part in multipart_parts(recorder.sent("/images/edits")[0])}
        assert "mask" not in parts
        assert parts["markup"].data == drawn, "the PNG as drawn, not re-encoded"
        assert (parts["markup"].filename, parts["markup"].content_type) == (
            "markup.png",
            "image/png",
        )
        assert parts["prompt"].data.decode().endswith("the red circle: a round window")
        assert image.markup_sha256 == panel.painter.markup.sha256  # type: ignore[union-attr]
        near, reach = markup_area(panel.painter.markup_array)
        changed = (pixels(image.data, "RGB") != pixels(scene(SIDE, SIDE), "RGB")).any(axis=2)
        assert not changed[~near].any()
        assert changed[near].mean() > 0.5
        report = panel.reports[image.sha256]
        assert (report.clean, report.marks_reach) == (True, reach)
        card = panel.fidelity.cards[0]
        assert "Markup fidelity of image 1 (clean)" in card.summary.value
        assert f"farther than {reach} px from the marks changed" in card.summary.value
        assert card.keep_button.description == "Keep far from the marks (image 1)"
        assert card.mask.sum() == near.sum()


async def test_markup_is_offered_only_with_the_models_that_take_it() -> None:
    panel = EditPanel(scene(256, 256), model="gpt-image-2", prompt="make it dusk")
    assert "gpt-image-2 takes no markup" in panel.painter.unavailable["markup"]
    draw(panel, [CIRCLE], (10, 10, 20, 20))
    assert panel.buttons.edit.disabled
    assert "Or switch the painter to Mask" in panel.buttons.note.value
    browser_sets(panel.painter, mode="mask")
    assert not panel.buttons.edit.disabled
    panel.controls.model = "gpt-image-2.5-flare"
    assert panel.painter.unavailable == {}
    browser_sets(panel.painter, mode="markup")
    assert not panel.buttons.edit.disabled
    assert np.asarray(panel.painter.markup_array)[..., 3].any()
