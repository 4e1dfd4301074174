"""The edit panel driven as a browser drives it: masks painted, prompts typed, buttons clicked,
answered by the emulator (zero change outside the mask) or by a client whose edit leaks."""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import pytest
from PIL import Image

from imagewidgets.api.events import CompletedImage, PartialImage, StreamEvent
from imagewidgets.api.results import GeneratedImage
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.fidelity import fidelity_report
from imagewidgets.imaging.inputs import to_source
from imagewidgets.store import Store
from imagewidgets.widgets.edit.fidelity import FidelityCard
from imagewidgets.widgets.edit.panel import EditPanel
from tests.support.edit import (
    MASK,
    SIDE,
    button_named,
    multipart_parts,
    paint,
    press,
    recording_client,
    scene,
    type_prompt,
    upload,
)
from tests.support.emulator import pixels
from tests.support.widgets import browser_sets, click, comm_of, front_end, js_encoded_mask

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


async def test_a_painted_edit_streams_and_changes_nothing_outside_the_mask() -> None:
    async with recording_client() as (client, recorder):
        panel = EditPanel(scene(SIDE, SIDE), client=client, quality="low", partial_images=2)
        paint(panel)
        type_prompt(panel, "a red balloon")
        made = await (await press(panel, panel.buttons.edit))
        assert len(made) == 1
        assert panel.results == list(made)
        preview = panel.runs.children[0]
        assert preview.cells[0]["state"] == "final"
        assert len(preview.filmstrip) == 3
        report = panel.reports[made[0].sha256]
        assert report.clean
        assert report.changed_inside > 0.5
        card = panel.fidelity.cards[0]
        assert isinstance(card, FidelityCard)
        assert card.keep_button.disabled
        assert "0.00% of the pixels outside the mask changed" in card.summary.value
        browser_sets(card.heatmap_toggle, value=True)
        assert card.heatmap.value
        assert card.heatmap.layout.display == ""
        parts = multipart_parts(recorder.sent("/images/edits")[0])
        names = [part.name for part in parts]
        assert names.count("image") == 1
        assert names.count("mask") == 1
        fields = {part.name: part.data for part in parts if part.filename is None}
        assert fields["prompt"] == b"a red balloon"
        assert fields["stream"] == b"true"
        assert fields["partial_images"] == b"2"


async def test_an_edit_press_sends_the_painted_png_as_it_is_and_decodes_it_once_for_fidelity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    painted = js_encoded_mask(SIDE, SIDE, (200, 300, 600, 700))
    opened: list[str] = []
    real_open = Image.open

    def counting_open(fp: Any, *args: Any, **kwargs: Any) -> Image.Image:
        caller = sys._getframe(1).f_globals["__name__"]
        if caller.startswith("imagewidgets.emulator"):  # the service's side of the wire
            return real_open(fp, *args, **kwargs)
        if isinstance(fp, io.BytesIO) and fp.getvalue() == painted:
            opened.append(f"{caller} {'after' if recorder.requests else 'before'} sending")
        return real_open(fp, *args, **kwargs)

    monkeypatch.setattr(Image, "open", counting_open)
    async with recording_client() as (client, recorder):
        panel = EditPanel(scene(SIDE, SIDE), client=client, partial_images=0, prompt="a hat")
        browser_sets_mask(panel, painted)
        run = await press(panel, panel.buttons.edit)
        assert opened == [], "pressing Edit decodes no mask"
        made = await run
        (mask,) = [part for part in multipart_parts(recorder.sent("/images/edits")[0])
                   if part.name == "mask"]  # fmt: skip
        assert mask.data == painted, "the painted PNG is the mask part, byte for byte"
        assert opened == ["imagewidgets.imaging.masks after sending"], "once, for fidelity"
        assert panel.reports[made[0].sha256].clean


def browser_sets_mask(panel: EditPanel, png: bytes) -> None:
    """What the painter view sends after a stroke: its own PNG in a binary buffer."""
    message = {
        "content": {"data": {"method": "update", "state": {}, "buffer_paths": [["mask_png"]]}},
        "buffers": [memoryview(png)],
    }
    comm_of(panel.painter).handler(message)


class LeakyClient:
    """Edits that brighten the whole picture, mask or not: a synthetic leak."""

    def __init__(self) -> None:
        self.calls = 0

    async def _leak(self, images: list[Any], prompt: str) -> GeneratedImage:
        source = to_source(images[0])
        bright = np.clip(pixels(source.data, "RGBA")[..., :3].astype(int) + 50, 0, 255).astype(
            np.uint8
        )
        buffer = io.BytesIO()
        Image.fromarray(bright, "RGB").save(buffer, format="PNG")
        self.calls += 1
        return GeneratedImage(
            data=buffer.getvalue(),
            format="png",
            width=source.width,
            height=source.height,
            operation="edit",
            model="gpt-image-1.5",
            prompt=prompt,
            params={"model": "gpt-image-1.5"},
            parents=(images[0],),
            backend="offline",
        )

    async def stream_edit(
        self, images: list[Any], prompt: str, **params: Any
    ) -> AsyncIterator[StreamEvent]:
        image = await self._leak(images, prompt)
        yield PartialImage(0, 0, image.data, "png", "1024x1024", "low", "auto", 0)
        yield CompletedImage(0, image)


async def test_a_leaking_edit_is_reported_and_keep_outside_repairs_it() -> None:
    leaky = LeakyClient()
    panel = EditPanel(scene(SIDE, SIDE), client=leaky)  # type: ignore[arg-type]
    delivered: list[GeneratedImage] = []
    panel.on_result(delivered.append)
    paint(panel)
    type_prompt(panel, "a red balloon")
    made = await (await press(panel, panel.buttons.edit))
    report = panel.reports[made[0].sha256]
    assert report.changed_outside > 0.9
    card = panel.fidelity.cards[0]
    assert "changed outside the mask" in card.summary.value
    assert not card.keep_button.disabled
    browser_sets(card.feather, value=3.0)
    kept = await (await press(panel, card.keep_button))
    assert kept[0].params["keep_outside_mask"] == {
        "feather": 3.0,
        "model_output_sha256": made[0].sha256,
    }
    assert fidelity_report(scene(SIDE, SIDE), kept[0], MASK).clean
    assert card.keep_button.disabled
    assert delivered == [made[0], kept[0]]
    assert panel.results == delivered
    assert kept[0].parent is made[0].parent


async def test_several_images_go_as_image_array_parts_with_the_mask_on_the_first() -> None:
    async with recording_client() as (client, recorder):
        panel = EditPanel(client=client, partial_images=0, quality="low")
        upload(panel.sources.upload_source, ("base.png", scene(SIDE, SIDE)))
        upload(panel.sources.upload_references, ("a.png", scene(64, 64)), ("b.png", scene(96, 48)))
        assert [image.filename for image in panel.images] == ["base.png", "a.png", "b.png"]
        assert panel.sources.upload_references.value == ()
        paint(panel)
        type_prompt(panel, "put the two objects on the table")
        await (await press(panel, panel.buttons.edit))
        parts = multipart_parts(recorder.sent("/images/edits")[0])
        files = [part for part in parts if part.filename is not None]
        assert [part.name for part in files] == ["image[]", "image[]", "image[]", "mask"]
        assert [part.filename for part in files[:3]] == ["base.png", "a.png", "b.png"]
        assert files[0].data == panel.images[0].data
        assert pixels(files[3].data, "RGBA").shape[:2] == (SIDE, SIDE)
        assert all(part.content_type == "image/png" for part in files)


async def test_references_are_removable_thumbnails_and_any_can_become_first() -> None:
    panel = EditPanel(scene(128, 128))
    for size in (32, 48, 64):
        panel.add_reference(scene(size, size))
    cards = panel.sources.thumbnails.children
    assert len(cards) == 4
    remove_second = next(
        c for c in cards[1].children if getattr(c, "description", "") == "Remove image 2"
    )
    click(remove_second)
    assert [image.width for image in panel.images] == [128, 48, 64]
    click(button_named(panel.sources.thumbnails.children[2], "Make image 3 first"))
    assert [image.width for image in panel.images] == [64, 128, 48]
    assert panel.painter.size == (64, 64)
    for _ in range(13):
        panel.add_reference(scene(16, 16))
    with pytest.raises(ValueError, match="16"):
        panel.add_reference(scene(16, 16))
    upload(panel.sources.upload_references, ("extra.png", scene(16, 16)))
    assert "at most 16" in panel.sources.problem.value
    assert len(panel.images) == 16


async def test_nothing_is_sent_without_an_image_or_a_prompt() -> None:
    panel = EditPanel()
    assert panel.buttons.edit.disabled
    assert panel.buttons.vary.disabled
    with pytest.raises(InvalidParameterError, match="image"):
        await panel.edit()
    panel.set_source(scene(64, 64))
    assert panel.buttons.edit.disabled
    assert "prompt" in panel.buttons.edit.tooltip
    type_prompt(panel, "snow")
    assert not panel.buttons.edit.disabled
    assert not panel.buttons.vary.disabled
    assert panel.runs.active == ()


async def test_a_failed_edit_shows_an_error_card_and_loses_no_state() -> None:
    async with recording_client(faults=("server_error",)) as (client, _):
        panel = EditPanel(scene(SIDE, SIDE), client=client, partial_images=1)
        paint(panel)
        type_prompt(panel, "a hat")
        run = await press(panel, panel.buttons.edit)
        with pytest.raises(Exception, match="server"):
            await run
        assert run.state == "failed"
        assert panel.runs.children[0].error["title"]
        assert panel.results == []
        assert (panel.painter.mask_array == MASK).all()
        assert panel.controls.prompt == "a hat"


async def test_cancel_stops_a_streaming_edit() -> None:
    async with recording_client(pace=0.5) as (client, _):
        panel = EditPanel(scene(SIDE, SIDE), client=client, partial_images=3, prompt="a hat")
        run = await press(panel, panel.buttons.edit)
        await asyncio.sleep(0.2)
        assert not panel.buttons.cancel.disabled
        click(panel.buttons.cancel)
        with pytest.raises(asyncio.CancelledError):
            await run
        assert run.state == "cancelled"
        assert panel.buttons.cancel.disabled


async def test_a_fidelity_failure_keeps_the_edit_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(*args: Any) -> Any:
        raise ValueError("no pixels to compare")

    monkeypatch.setattr("imagewidgets.widgets.edit.panel.measure_fidelity", broken)
    async with recording_client() as (client, _):
        panel = EditPanel(scene(SIDE, SIDE), client=client, partial_images=0, prompt="a hat")
        paint(panel)
        made = await panel.edit()
        assert panel.results == list(made)
        assert "could not be measured: no pixels to compare" in panel.notice.value
        assert panel.reports == {}


async def test_a_panel_of_its_own_stores_its_edits_in_the_default_store() -> None:
    async with recording_client() as (client, _):
        panel = EditPanel(scene(SIDE, SIDE), client=client, partial_images=0, prompt="a hat")
        made = await panel.edit()
        stored = Store()  # IMAGEWIDGETS_HOME, set by conftest
        assert [record.sha256 for record in stored.records()] == [made[0].sha256]
        assert stored.get(made[0].sha256).parents == (made[0].parents[0].sha256,)  # type: ignore[union-attr]
