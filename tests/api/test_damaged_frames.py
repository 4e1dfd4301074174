"""A frame that does not decode costs that frame only: it comes as a ``DamagedFrame`` and the
stream goes on. A damaged final image fails that image alone: the batch's others still arrive,
then the stream ends in ``DamagedImageError``."""

from __future__ import annotations

import pytest

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.errors import DamagedImageError
from imagewidgets.api.events import CompletedImage, DamagedFrame, PartialImage, StreamEvent
from imagewidgets.api.wording import doubled_punctuation
from imagewidgets.emulator import EmulatorConfig
from tests.support.api import Server, b64, collect, event_payload, png, sse, streaming

GPT = "gpt-image-2"
PARTIAL, COMPLETED = "image_generation.partial_image", "image_generation.completed"


def kinds(events: list[StreamEvent]) -> list[str]:
    """Each event as ``P<image>.<frame>``, ``C<image>`` or ``D<image>.<frame or final>``."""
    names = []
    for event in events:
        if isinstance(event, PartialImage):
            names.append(f"P{event.index}.{event.partial_image_index}")
        elif isinstance(event, CompletedImage):
            names.append(f"C{event.index}")
        else:
            names.append(f"D{event.index}.{'final' if event.final else event.partial_image_index}")
    return names


def offline(fault: str) -> ImagesClient:
    return ImagesClient(emulator=EmulatorConfig(pace=0, faults=(fault,)), max_retries=0)


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("invalid_base64", ["D0.0", "P0.1", "P0.2", "C0"]),
        ("invalid_base64;after=0", ["P0.0", "D0.1", "P0.2", "C0"]),
        ("invalid_base64;after=1", ["P0.0", "P0.1", "D0.2", "C0"]),
    ],
)
async def test_a_damaged_partial_frame_is_skipped_and_the_run_goes_on(
    fault: str, expected: list[str]
) -> None:
    async with offline(fault) as client:
        events = await collect(
            client.stream_generate("fox", model=GPT, partial_images=3, quality="low")
        )
    assert kinds(events) == expected
    (damaged,) = [event for event in events if isinstance(event, DamagedFrame)]
    assert "base64" in damaged.reason
    assert damaged.request_id is not None
    assert damaged.request_id == events[-1].image.request_id  # type: ignore[union-attr]
    assert str(damaged).startswith(f"image 1: frame {damaged.partial_image_index + 1} did not")  # type: ignore[operator]


async def test_a_partial_frame_that_is_no_image_is_skipped_too() -> None:
    body = sse(event_payload(PARTIAL, b"not an image at all", 0))
    body += sse(event_payload(PARTIAL, png(), 1)) + sse(event_payload(COMPLETED, png()))
    events = await collect(Server(streaming([body])).client().stream_generate("fox", model=GPT))
    assert kinds(events) == ["D0.0", "P0.1", "C0"]
    assert events[0].reason == "its data is not a readable image"  # type: ignore[union-attr]


async def test_an_event_without_image_data_is_a_damaged_frame() -> None:
    payload = event_payload(PARTIAL, png(), 0)
    del payload["b64_json"]
    body = sse(payload) + sse(event_payload(COMPLETED, png()))
    events = await collect(Server(streaming([body])).client().stream_generate("fox", model=GPT))
    assert kinds(events) == ["D0.0", "C0"]
    assert events[0].reason == "it carries no image data"  # type: ignore[union-attr]


async def test_a_damaged_final_image_fails_that_image_alone() -> None:
    async with offline("invalid_base64;after=0") as client:  # the 2nd event: image 1's final
        stream = client.stream_generate("fox", model=GPT, n=2, partial_images=1, quality="low")
        received: list[StreamEvent] = []
        with pytest.raises(DamagedImageError) as caught:
            await collect(stream, received)
    assert kinds(received) == ["P0.0", "D0.final", "P1.0", "C1"]
    error = caught.value
    assert error.images == (0,)
    assert error.request_id == received[-1].image.request_id  # type: ignore[union-attr]
    assert str(error).startswith(
        "Image 1 of 2 arrived damaged (invalid base64: Non-base64 digit found) and cannot be "
        "shown; the other one arrived and is kept. Generate again for the missing image."
    )
    assert doubled_punctuation(str(error)) == []


async def test_a_single_damaged_final_image_ends_the_stream_in_an_error() -> None:
    async with offline("invalid_base64") as client:  # no partials: the final image is struck
        received: list[StreamEvent] = []
        with pytest.raises(DamagedImageError, match=r"^The final image arrived damaged"):
            await collect(client.stream_generate("fox", model=GPT, partial_images=0), received)
    assert kinds(received) == ["D0.final"]


async def test_a_final_image_whose_base64_is_fine_but_bytes_are_no_image() -> None:
    body = sse({**event_payload(COMPLETED, png()), "b64_json": b64(b"GIF89a, cut")})
    with pytest.raises(DamagedImageError, match="its data is not a readable image"):
        await collect(Server(streaming([body])).client().stream_generate("fox", model=GPT))
