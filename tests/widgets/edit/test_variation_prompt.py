"""Variations in the UI: through the edits endpoint, with the prompt the user edited (stored
with each result), streamed, chained, with the image's own model or an active one; from the
Studio, the edit panel and the gallery alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagewidgets.api.variations import VARIATION_PROMPT
from imagewidgets.capabilities import ModelDeprecatedWarning
from imagewidgets.store import Store
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.studio import Studio
from tests.support.edit import multipart_parts, recording_client
from tests.support.widgets import browser_sends, browser_sets, click, front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")

SNOW = "the same lighthouse, in a snowstorm"


def newest_preview(studio: Studio) -> ImagePreview:
    preview = studio.runs_area.children[0]
    assert isinstance(preview, ImagePreview)
    return preview


async def test_the_studios_variations_send_the_edited_prompt_store_it_and_stream(
    tmp_path: Path,
) -> None:
    async with recording_client() as (client, recorder):
        store = Store(tmp_path)
        studio = Studio("a lighthouse", client=client, store=store, quality="low")
        (image,) = await studio.generate()
        assert studio.variation_prompt.value == VARIATION_PROMPT
        browser_sets(studio.variation_prompt, value=SNOW)
        browser_sends(newest_preview(studio), {"action": "vary", "index": 0})
        variations = await studio.runs[-1]

        assert [v.prompt for v in variations] == [SNOW, SNOW]
        assert all(v.parent is image for v in variations)
        assert {v.operation for v in variations} == {"edit"}
        assert {v.model for v in variations} == {image.model} == {"gpt-image-2.6-flare"}
        sent = {part.name: part.data for part in multipart_parts(recorder.sent("/images/edits")[0])}
        assert (sent["prompt"], sent["model"]) == (SNOW.encode(), b"gpt-image-2.6-flare")
        assert (sent["stream"], sent["partial_images"]) == (b"true", b"2")
        assert len(newest_preview(studio).filmstrip) == 2 * 3  # two partial frames, then final
        stored = {record.sha256: record.prompt for record in store.records()}
        assert [stored[v.sha256] for v in variations] == [SNOW, SNOW]


async def test_variations_chain_and_an_emptied_prompt_falls_back_to_the_default() -> None:
    async with recording_client() as (client, _):
        studio = Studio("a lighthouse", client=client, quality="low", partial_images=0)
        (image,) = await studio.generate()
        studio.variation_prompt.value = "   "
        (first,) = await studio.vary(image, n=1)
        (second,) = await studio.vary(first, n=1, prompt="the same, at night")
        assert first.prompt == VARIATION_PROMPT
        assert second.prompt == "the same, at night"
        assert second.parent is first
        assert first.parent is image


async def test_the_edit_panels_variations_use_its_prompt_field() -> None:
    async with recording_client() as (client, recorder):
        (image,) = await client.generate("a fox", model="gpt-image-2.5-flare", quality="low")
        panel = EditPanel(image, client=client)
        assert panel.buttons.vary_size.value == "auto"
        browser_sets(panel.buttons.vary_prompt, value="the same fox, as a woodcut")
        browser_sets(panel.buttons.vary_n, value=1)
        click(panel.buttons.vary)
        (variation,) = await panel.runs.active[0]
        assert variation.prompt == "the same fox, as a woodcut"
        assert (variation.parent, variation.model) == (image, "gpt-image-2.5-flare")
        assert not recorder.sent("/images/variations")


async def test_the_gallerys_variations_of_an_image_whose_model_is_gone_use_an_active_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-11-30")  # gpt-image-1.5 is still served
    async with recording_client() as (client, _):
        store = Store(tmp_path)
        studio = Studio("a lighthouse", client=client, store=store, model="gpt-image-1.5")
        studio.controls.set(quality="low", partial_images=0)
        with pytest.warns(ModelDeprecatedWarning, match="gpt-image-1.5 is deprecated"):
            (made,) = await studio.generate()
        monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-12-02")  # and now it is not
        browser_sets(studio.variation_prompt, value=SNOW)
        browser_sends(studio.history.gallery, {"action": "vary", "sha": made.sha256})
        await studio.history.gallery.updated()
        variations = await studio.runs[-1]
        assert {v.model for v in variations} == {"gpt-image-2.6-flare"}
        assert [v.prompt for v in variations] == [SNOW, SNOW]
        assert [store.get(v.sha256).parents for v in variations] == [(made.sha256,)] * 2  # type: ignore[union-attr]
