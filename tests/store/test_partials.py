"""Partial frames are kept when asked: each on disk as it arrives, named in the final's record."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.events import CompletedImage, PartialImage, StreamEvent
from imagewidgets.emulator import EmulatorConfig
from imagewidgets.store import Store
from tests.support.store import encoded, result


async def test_frames_of_a_stream_are_kept_beside_each_final(tmp_path: Path) -> None:
    store = Store(tmp_path, keep_partials=True)
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        events = client.stream_generate(
            "a fox", model="gpt-image-2.5-sunburst", n=2, partial_images=2
        )
        seen: list[StreamEvent] = []
        async for event in store.watch(events):
            seen.append(event)
            if isinstance(event, PartialImage):
                assert len(list((tmp_path / "partials").iterdir())) >= 1, "on disk before shown"
            elif isinstance(event, CompletedImage):
                store.add(event.image)
    finals = [event.image for event in seen if isinstance(event, CompletedImage)]
    partials = [event for event in seen if isinstance(event, PartialImage)]
    assert len(finals) == 2
    for image in finals:
        record = store.get(image.sha256)
        assert record is not None
        frames = [p.data for p in partials if p.index == image.index]
        kept = [(tmp_path / "partials" / f"{sha}.png").read_bytes() for sha in record.partials]
        assert kept == frames
        assert len(kept) == 2


async def test_without_asking_the_stream_is_untouched(tmp_path: Path) -> None:
    async def events() -> AsyncIterator[StreamEvent]:
        yield CompletedImage(0, result())

    stream = events()
    assert Store(tmp_path).watch(stream) is stream


async def test_leaving_early_closes_the_watched_stream(tmp_path: Path) -> None:
    closed = []

    async def events() -> AsyncIterator[StreamEvent]:
        try:
            for step in range(3):
                yield PartialImage(
                    0, step, encoded("png", (step, 0, 0)), "png", "64x48", "low", "auto", 1
                )
        finally:
            closed.append(True)

    watched = Store(tmp_path, keep_partials=True).watch(events())
    async for _ in watched:
        break
    await watched.aclose()  # type: ignore[attr-defined]
    assert closed == [True]
    assert len(list((tmp_path / "partials").iterdir())) == 1
