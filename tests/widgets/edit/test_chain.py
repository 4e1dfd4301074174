"""Edits chain like generations: generate -> edit -> edit -> vary, through the result actions,
against the emulator, with the lineage and the Studio's results intact."""

from __future__ import annotations

import pytest

from imagewidgets.api.results import GeneratedImage
from imagewidgets.api.variations import VARIATION_PROMPT
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.studio import Studio
from tests.support.edit import box, multipart_parts, paint, press, recording_client, type_prompt
from tests.support.widgets import browser_sends, front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


async def test_generate_edit_edit_vary_through_the_buttons() -> None:
    async with recording_client() as (client, recorder):
        studio = Studio(prompt="a lighthouse", client=client, quality="low", partial_images=1)
        generated = await studio.generate()
        browser_sends(studio.runs_area.children[0], {"action": "edit", "index": 0})
        panel = studio.edit_area.children[1]
        assert isinstance(panel, EditPanel)
        assert panel.images[0] is generated[0]

        paint(panel, box(1024, 1024, 100, 100, 400, 400))
        type_prompt(panel, "add a boat")
        first = await (await press(panel, panel.buttons.edit))
        browser_sends(panel.runs.children[0], {"action": "edit", "index": 0})
        assert panel.images[0] is first[0]
        assert not panel.painter.mask_array.any(), "a new source starts with an empty mask"

        paint(panel, box(1024, 1024, 600, 50, 900, 300))
        type_prompt(panel, "add a moon")
        second = await (await press(panel, panel.buttons.edit))
        browser_sends(panel.runs.children[0], {"action": "vary", "index": 0})
        varied = await panel.runs.active[0]

        assert [image.operation for image in (first[0], second[0], varied[0])] == [
            "edit",
            "edit",
            "edit",
        ]
        assert varied[0].prompt == VARIATION_PROMPT
        assert varied[0].parent is second[0]
        assert second[0].parent is first[0]
        assert first[0].parent is generated[0]
        assert all(panel.reports[image.sha256].clean for image in (first[0], second[0]))
        assert studio.results == [generated[0], first[0], second[0], *varied]
        sent = multipart_parts(recorder.sent("/images/edits")[-1])
        image_part = next(part for part in sent if part.name == "image")
        assert image_part.data == second[0].data


async def test_results_chain_in_python_too() -> None:
    async with recording_client() as (client, _):
        generated = await client.generate("a fox", model="gpt-image-2.6-flare", quality="low")
        panel = EditPanel(generated[0], client=client, prompt="a scarf", partial_images=0)
        first = await panel.edit()
        panel.set_source(first[0])
        panel.controls.prompt = "a hat"
        second = await panel.edit()
        assert (await panel.vary(n=1))[0].parent is first[0], "the source by default"
        third = await panel.vary(second[0], n=2, size="256x256")
        assert len(third) == 2
        assert third[0].parent is second[0]
        assert second[0].parent is first[0]
        assert isinstance(first[0].parent, GeneratedImage)
        assert panel.results[:2] == [first[0], second[0]]
        assert panel.results[-2:] == list(third)
        assert panel.reports == {}, "edits without a mask have no fidelity report"
