"""``await iw.generate(...)``: images back, and in a notebook the frames shown as they stream."""

from __future__ import annotations

import base64
import re
import threading
from pathlib import Path
from typing import Any

import pytest

import imagewidgets as iw
from imagewidgets.api.client import ImagesClient
from imagewidgets.api.events import CompletedImage, StreamEvent
from imagewidgets.emulator import EmulatorConfig
from imagewidgets.imaging.thumbnails import display_image
from imagewidgets.store import BudgetExceededError
from imagewidgets.widgets import quick
from tests.support.emulator import client

GIF_MODEL = "gpt-image-2.6-flare"
"""Makes small animated GIFs, which arrive whole: they cannot stream."""

__all__ = ["client"]


class Handle:
    """Stands in for IPython's DisplayHandle: records every bundle shown, in order."""

    def __init__(self, shown: list[dict[str, str]]) -> None:
        self.shown = shown

    def update(self, bundle: dict[str, str], raw: bool = False) -> None:
        assert raw
        self.shown.append(bundle)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    bundles: list[dict[str, str]] = []

    def display(bundle: dict[str, str], raw: bool = False, display_id: Any = None) -> Handle:
        assert raw
        assert display_id is True
        bundles.append(bundle)
        return Handle(bundles)

    monkeypatch.setattr(quick, "display", display)
    return bundles


async def test_in_a_notebook_the_frames_stream_into_one_output(
    client: ImagesClient, shown: list[dict[str, str]]
) -> None:
    images = await iw.generate("a lighthouse at dusk", client=client, quality="low", n=2, show=True)
    assert isinstance(images, iw.ImageList)
    same = await client.generate(
        "a lighthouse at dusk", model="gpt-image-2.6-flare", quality="low", n=2
    )
    assert [image.data for image in images] == [image.data for image in same]
    frames, summary = shown[:-1], shown[-1]
    assert len(frames) == 2 * 3
    statuses = [bundle["text/plain"] for bundle in frames]
    assert [re.sub(r" · [\d.]+ s$", "", status) for status in statuses] == [
        f"streaming · frame {number} of 6" for number in range(1, 7)
    ]
    assert frames[-1]["text/html"].count("<img") == 2
    url = re.search(r'src="data:image/(png|webp);base64,([^"]+)"', frames[0]["text/html"])
    assert url is not None
    assert base64.b64decode(url[2])
    assert summary["text/plain"].startswith("done · 2 images · ")
    assert "<img" not in summary["text/html"]


async def test_outside_a_notebook_it_just_returns_the_images(
    client: ImagesClient, shown: list[dict[str, str]]
) -> None:
    assert not quick.in_notebook()
    images = await iw.generate(
        "a fox", client=client, model=GIF_MODEL, output_format="gif", frame_count=2
    )
    assert images[0].frame_count == 2
    streamed = await iw.generate("a fox", client=client, quality="low", partial_images=1)
    assert streamed[0].params["partial_images"] == 1
    assert shown == []


async def test_bad_input_names_the_parameter(client: ImagesClient) -> None:
    with pytest.raises(iw.InvalidParameterError, match="quality"):
        await iw.generate("a fox", client=client, quality="ultra", show=True)


async def test_each_final_image_is_stored_before_it_is_shown(
    client: ImagesClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = iw.Store(tmp_path, keep_partials=True)
    stored_when_shown: list[bool] = []
    show = quick.LiveOutput.show

    async def showing(live: quick.LiveOutput, event: StreamEvent) -> None:
        if isinstance(event, CompletedImage):
            stored_when_shown.append(event.image.sha256 in store)
        await show(live, event)

    monkeypatch.setattr(quick.LiveOutput, "show", showing)
    monkeypatch.setattr(quick, "display", lambda *args, **kwargs: None)
    images = await iw.generate("a fox", client=client, quality="low", n=2, show=True, store=store)
    assert stored_when_shown == [True, True]
    assert [record.sha256 for record in store.records()] == [image.sha256 for image in images]
    assert [len(record.partials) for record in store.records()] == [2, 2]


async def test_the_default_store_keeps_images_that_do_not_stream(client: ImagesClient) -> None:
    images = await iw.generate(
        "a fox", client=client, model=GIF_MODEL, output_format="gif", frame_count=2
    )  # GIFs do not stream
    assert images[0].sha256 in iw.Store()  # IMAGEWIDGETS_HOME, set by conftest


async def test_a_spent_budget_refuses_the_run(client: ImagesClient, tmp_path: Path) -> None:
    (tmp_path / "spend.json").write_text('{"budget": {"tokens": 1, "scope": "store"}}')
    store = iw.Store(tmp_path)
    await iw.generate("a fox", client=client, quality="low", partial_images=1, store=store)
    with pytest.raises(BudgetExceededError, match="tokens"):
        await iw.generate("a fox", client=client, quality="low", store=store)
    assert len(store) == 1


async def test_frames_are_scaled_off_the_event_loop(
    client: ImagesClient, shown: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    scalers: list[int] = []
    scale = display_image

    def spy(data: bytes, **kwargs: Any) -> Any:
        scalers.append(threading.get_ident())
        return scale(data, **kwargs)

    monkeypatch.setattr(quick, "display_image", spy)
    await iw.generate("a fox", client=client, quality="low", partial_images=1, show=True)
    assert len(scalers) == 2
    assert threading.get_ident() not in scalers


async def test_a_damaged_frame_is_counted_and_the_images_still_come(
    shown: list[dict[str, str]], tmp_path: Path
) -> None:
    faulty = ImagesClient(offline=True, emulator=EmulatorConfig(pace=0, faults=("invalid_base64",)))
    store = iw.Store(tmp_path)
    async with faulty:
        images = await iw.generate(
            "a fox", client=faulty, model="gpt-image-2", quality="low", show=True, store=store
        )
    assert len(images) == 1
    assert images[0].sha256 in store
    assert "· 1 damaged frame skipped ·" in shown[-1]["text/plain"]
    assert shown[-1]["text/plain"].startswith("done · 1 image")


async def test_the_usable_images_of_a_partly_unusable_answer_are_stored(tmp_path: Path) -> None:
    faulty = ImagesClient(offline=True, emulator=EmulatorConfig(pace=0, faults=("invalid_base64",)))
    store = iw.Store(tmp_path)
    async with faulty:
        with pytest.raises(iw.ResponseError) as caught:
            await iw.generate("a fox", client=faulty, model="gpt-image-2", n=2, store=store)
    (kept,) = caught.value.images
    assert kept.index == 1
    assert [record.sha256 for record in store.records()] == [kept.sha256]


async def test_gif_and_svg_in_a_notebook_come_whole_and_are_stored(
    client: ImagesClient, shown: list[dict[str, str]], tmp_path: Path
) -> None:
    store = iw.Store(tmp_path)
    (kite,) = await iw.generate(
        "a kite", client=client, output_format="gif", frame_count=3, show=True, store=store
    )
    (logo,) = await iw.generate(
        "a logo", client=client, output_format="svg", show=True, store=store
    )
    assert (kite.frame_count, logo.format) == (3, "svg")
    assert [record.format for record in store.records()] == ["svg", "gif"]
