"""The preview: frames in order, display-sized bytes as binary buffers, filmstrip, actions."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Sequence

import numpy as np
import pytest
from PIL import Image

from imagewidgets.api.errors import ResponseError
from imagewidgets.api.events import CompletedImage, PartialImage, StreamEvent
from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.thumbnails import DISPLAY_BUDGET, FILMSTRIP_MAX_SIDE, display_image
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.runs.queue import Run, RunQueue
from imagewidgets.widgets.runs.streaming import follow, show_answer, show_images, show_stream
from tests.support.emulator import noise_png
from tests.support.widgets import (
    RecordingComm,
    browser_sends,
    comm_of,
    front_end,
    picture,
    size_of,
)

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


def partial(index: int, frame: int, data: bytes) -> PartialImage:
    return PartialImage(index, frame, data, "png", "1024x1024", "low", "auto", 0)


def final(index: int, data: bytes, width: int = 64, height: int = 64) -> GeneratedImage:
    return GeneratedImage(
        data=data,
        format="png",
        width=width,
        height=height,
        model="gpt-image-2",
        prompt="two foxes",
        index=index,
    )


def test_frames_replace_each_other_in_their_own_cell() -> None:
    preview = ImagePreview(n=2, size="1024x1536")
    assert [cell["state"] for cell in preview.cells] == ["waiting", "waiting"]
    assert preview.cells[0]["width"] == 1024
    first, second, done = picture(64, 96, "red"), picture(64, 96, "blue"), picture(64, 96, "lime")
    preview.show(partial(1, 0, first))
    preview.show(partial(0, 0, second))
    preview.show(CompletedImage(1, final(1, done)))
    assert preview.frames == [second, done]
    assert [cell["state"] for cell in preview.cells] == ["partial", "final"]
    assert preview.cells[1]["caption"] == "image 2 · 64x64 png"
    assert preview.cells[0]["alt"] == "image (image 1, image 1 · frame 1)"
    assert preview.filmstrip_captions == [
        "image 2 · frame 1",
        "image 1 · frame 1",
        "image 2 · final",
    ]
    assert all(max(size_of(thumb)) <= FILMSTRIP_MAX_SIDE for thumb in preview.filmstrip)


def test_images_travel_as_binary_buffers_in_arrival_order() -> None:
    preview = ImagePreview()
    frames = [picture(32, 32, color) for color in ("red", "green", "blue")]
    for number, data in enumerate(frames):
        preview.show(partial(0, number, data))
    cell = comm_of(preview.cell_frames[0])
    updates = cell.updates("data")
    assert updates[-3:] == frames
    for message, buffers in cell.sent:
        if ["data"] in message.get("buffer_paths", []):
            assert "data" not in message["state"]
            where = message["buffer_paths"].index(["data"])
            assert isinstance(buffers[where], bytes)


def test_a_4k_result_costs_the_browser_at_most_the_display_budget(
    front_end: list[RecordingComm],
) -> None:
    noise = np.random.default_rng(1).integers(0, 255, (2160, 3840, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noise).save(buffer, format="PNG")
    full = buffer.getvalue()
    assert len(full) > 10 * DISPLAY_BUDGET
    preview = ImagePreview()
    preview.show(CompletedImage(0, final(0, full, 3840, 2160)))
    assert max(max(comm.binary_updates(), default=0) for comm in front_end) <= DISPLAY_BUDGET
    assert size_of(preview.frames[0]) == (1536, 864)
    assert preview.cells[0]["caption"] == "image 1 · 3840x2160 png"


def test_a_run_sends_each_distinct_frame_once(front_end: list[RecordingComm]) -> None:
    preview = ImagePreview(n=4)
    made = [
        preview.show(partial(index, frame, noise_png((256, 256), seed=10 * frame + index)))
        for frame in range(3)
        for index in range(4)
    ]
    for index in range(4):
        final_image = final(index, noise_png((320, 320), seed=100 + index), 320, 320)
        made.append(preview.show(CompletedImage(index, final_image)))
    distinct = {data for frame in made for data in (frame.shown.data, frame.thumb.data)}
    assert len(preview.filmstrip) == 16
    assert len(distinct) == 32
    sent = sum(comm.buffer_bytes() for comm in front_end)
    assert sent / sum(map(len, distinct)) == 1.0


def test_a_closed_preview_leaves_no_image_bytes_behind(front_end: list[RecordingComm]) -> None:
    preview = ImagePreview(n=2)
    preview.show(partial(0, 0, picture(256, 256)))
    preview.show(CompletedImage(1, final(1, picture(300, 300, "red"))))
    frames = [*preview.cell_frames, *preview.strip_frames]
    preview.close()
    assert all(frame.comm is None for frame in frames)
    for comm in front_end:  # what a saved notebook keeps: each model's last state
        last: dict[tuple[str, ...], int] = {}
        for message, buffers in [(comm.opened["data"], comm.opened["buffers"]), *comm.sent]:
            for path, buffer in zip(message.get("buffer_paths", []), buffers, strict=True):
                last[tuple(map(str, path))] = len(bytes(buffer))
        assert sum(last.values()) == 0, comm.opened["data"]["state"].get("_model_name")


def test_small_images_go_to_the_browser_untouched() -> None:
    data = picture(256, 256, fmt="JPEG")
    shown = display_image(data)
    assert shown.data is data
    assert shown.format == "jpeg"


def test_grid_cells_are_smaller_than_a_single_image() -> None:
    big = picture(2048, 2048)
    alone, grid = ImagePreview(n=1), ImagePreview(n=4)
    alone.show(partial(0, 0, big))
    grid.show(partial(3, 0, big))
    assert size_of(alone.frames[0]) == (1536, 1536)
    assert size_of(grid.frames[3]) == (768, 768)
    assert grid.frames[:3] == [b"", b"", b""]


def test_button_presses_reach_action_callbacks() -> None:
    preview = ImagePreview(actions=["edit", "copy"])
    pressed: list[tuple[str, int]] = []
    preview.on_action(lambda action, index: pressed.append((action, index)))
    browser_sends(preview, {"action": "edit", "index": 0})
    browser_sends(preview, {"action": "cancel", "index": -1})
    browser_sends(preview, {"action": "format_disk", "index": 0})
    browser_sends(preview, {"action": "edit", "index": "0"})
    assert pressed == [("edit", 0), ("cancel", -1)]


def test_reset_clears_the_last_run() -> None:
    preview = ImagePreview()
    preview.show(partial(0, 0, picture(8, 8)))
    preview.error = {"title": "x"}
    preview.reset(3, description="a fox")
    assert preview.frames == [b""] * 3
    assert preview.filmstrip == []
    assert preview.error == {}
    assert preview.cells[2]["alt"] == "a fox (image 3, waiting)"


async def events(items: Sequence[StreamEvent]) -> AsyncIterator[StreamEvent]:
    for item in items:
        yield item


async def test_show_stream_keeps_order_delivers_before_showing_and_ignores_late_partials() -> None:
    preview, queue = ImagePreview(n=2), RunQueue(tick=0)
    delivered: list[tuple[int, bytes]] = []
    red, blue = final(0, picture(16, 16, "red")), final(1, picture(16, 16, "blue"))
    stream: list[StreamEvent] = [
        partial(0, 0, picture(16, 16, "gray")),
        CompletedImage(1, blue),
        CompletedImage(0, red),
        partial(0, 1, picture(16, 16, "white")),
    ]

    def deliver(image: GeneratedImage) -> None:
        delivered.append((image.index, preview.frames[image.index]))

    async def work(run: Run) -> Sequence[GeneratedImage]:
        return await show_stream(
            events(stream),
            preview,
            run,
            n=2,
            partials=1,
            deliver=deliver,
            code_for=lambda image: f"code {image.index}",
        )

    run = queue.submit(work)
    follow(preview, run)
    images = await run
    assert [image.index for image in images] == [0, 1]
    assert delivered[0] == (1, b"")
    assert preview.frames == [red.data, blue.data]
    assert [cell["code"] for cell in preview.cells] == ["code 0", "code 1"]
    assert preview.status.startswith("done · 2 images")
    assert not preview.busy
    assert len(preview.filmstrip) == 3


async def test_follow_shows_failure_and_cancel() -> None:
    preview, queue = ImagePreview(n=2), RunQueue(tick=0)

    async def failing(run: Run) -> Sequence[GeneratedImage]:
        await show_images([final(0, picture(8, 8))], preview, run)
        raise ConnectionResetError("peer went away")

    run = queue.submit(failing, label="Run 7")
    follow(preview, run)
    assert preview.busy
    assert preview.label == "Run 7"
    with pytest.raises(ConnectionResetError):
        await run
    assert preview.error["title"] == "unexpected error (ConnectionResetError)"
    assert preview.error["advice"] == "peer went away"
    assert [cell["state"] for cell in preview.cells] == ["final", "failed"]
    assert not preview.busy


async def test_a_partly_unusable_answer_shows_its_usable_images_in_their_cells() -> None:
    preview, queue = ImagePreview(n=3), RunQueue(tick=0)
    usable = (final(1, picture(8, 8)), final(2, picture(8, 8, "red")))
    delivered: list[GeneratedImage] = []

    async def answer() -> Sequence[GeneratedImage]:
        raise ResponseError("image 1 of 3 is unusable", images=usable, request_id="req_1")

    async def work(run: Run) -> Sequence[GeneratedImage]:
        return await show_answer(answer(), preview, run, deliver=delivered.append)

    run = queue.submit(work)
    follow(preview, run)
    with pytest.raises(ResponseError):
        await run
    assert [cell["state"] for cell in preview.cells] == ["failed", "final", "final"]
    assert delivered == list(usable)
    assert run.results == list(usable)
    assert preview.error["title"] == "the service sent no usable image"
    assert preview.error["request_id"] == "req_1"


async def test_the_cancel_button_cancels_the_run() -> None:
    import asyncio

    preview, queue = ImagePreview(), RunQueue(tick=0)
    started = asyncio.Event()

    async def forever(run: Run) -> Sequence[GeneratedImage]:
        started.set()
        await asyncio.Event().wait()
        return []

    run = queue.submit(forever)
    follow(preview, run)
    await started.wait()
    browser_sends(preview, {"action": "cancel", "index": -1})
    with pytest.raises(asyncio.CancelledError):
        await run
    assert preview.status.startswith("cancelled after")
    assert preview.cells[0]["state"] == "cancelled"
    assert preview.cells[0]["caption"] == "cancelled"
