"""ImagesClient against a mock transport: results, streams, dall-e URLs and service errors."""

from __future__ import annotations

import json

import httpx
import pytest

import imagewidgets as iw
from imagewidgets.api.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    ModerationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    StreamError,
)
from imagewidgets.api.events import CompletedImage, DamagedFrame, PartialImage, StreamEvent
from imagewidgets.api.results import Usage
from tests.support.api import (
    BASE_URL,
    Server,
    collect,
    encoded,
    error_response,
    event_payload,
    images_json,
    png,
    split,
    sse,
    stream_body,
    streaming,
)

FRAMES = [png(colour=c) for c in ("red", "green", "blue")]


def frame(event: StreamEvent) -> bytes:
    assert not isinstance(event, DamagedFrame)
    return event.data if isinstance(event, PartialImage) else event.image.data


async def test_generate_returns_decoded_images_with_provenance() -> None:
    usage = {"input_tokens": 5, "output_tokens": 7, "total_tokens": 12}
    server = Server(images_json(FRAMES[0], FRAMES[1], usage=usage))
    client = server.client()
    images = await client.generate("a fox", model="gpt-image-2.5-sunburst", n=2, quality="low")
    assert isinstance(images, iw.ImageList)
    assert [image.data for image in images] == FRAMES[:2]
    first = images[0]
    assert (first.format, first.width, first.height) == ("png", 16, 16)
    assert first.operation == "generate"
    assert first.model == "gpt-image-2.5-sunburst"
    assert first.prompt == "a fox"
    assert first.params == {"model": "gpt-image-2.5-sunburst", "n": 2, "quality": "low"}
    assert first.request_id == "req_json"
    assert first.created == 1700000000
    assert first.usage == Usage(input_tokens=5, output_tokens=7, total_tokens=12)
    assert first.backend == "openai"
    assert first.client is client
    assert [image.index for image in images] == [0, 1]


async def test_jpeg_results_know_their_format() -> None:
    jpeg = encoded(png((24, 12)))
    server = Server(images_json(jpeg))
    (image,) = await server.client().generate(
        "x", model="gpt-image-2.5-sunburst", output_format="jpeg"
    )
    assert (image.format, image.width, image.height) == ("jpeg", 24, 12)


async def test_dalle_url_is_fetched_with_the_same_client_without_leaking_the_key() -> None:
    def files(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=FRAMES[2])

    body = {
        "created": 1,
        "data": [
            {"url": "https://files.example.test/img.png?sig=abc", "revised_prompt": "a fox, red"},
            {"url": BASE_URL + "/emulator/files/b.png"},
        ],
    }
    listed = {"object": "list", "data": [{"id": "dall-e-3", "shutdown_date": None}]}
    server = Server(httpx.Response(200, json=listed), httpx.Response(200, json=body), files, files)
    images = await server.client().generate("fox", model="dall-e-3")  # a server still serving it
    assert [image.data for image in images] == [FRAMES[2], FRAMES[2]]
    assert images[0].revised_prompt == "a fox, red"
    models, _, other_host, same_host = server.requests
    assert models.url.path == "/v1/models"
    assert other_host.method == "GET"
    assert str(other_host.url) == "https://files.example.test/img.png?sig=abc"
    assert "authorization" not in other_host.headers
    assert same_host.headers["authorization"].startswith("Bearer ")


async def test_edit_result_remembers_parents_and_mask() -> None:
    server = Server(images_json(FRAMES[0]))
    client = server.client()
    (original,) = await client.generate("fox", model="gpt-image-2.5-sunburst")
    mask = png((16, 16), (0, 0, 0, 0), "RGBA")
    (edited,) = await original.edit("add a hat", mask=mask)
    assert edited.operation == "edit"
    assert edited.parent is original
    assert edited.mask_sha256 is not None
    assert edited.model == "gpt-image-2.6-flare"


async def test_stream_yields_partials_then_the_completed_image() -> None:
    server = Server(streaming(split(stream_body([FRAMES[0]], partials=2), 50)))
    events = await collect(
        server.client().stream_generate("fox", model="gpt-image-2.5-sunburst", partial_images=2)
    )
    assert [type(e).__name__ for e in events] == ["PartialImage", "PartialImage", "CompletedImage"]
    partial = events[0]
    assert isinstance(partial, PartialImage)
    assert (partial.index, partial.partial_image_index, partial.data) == (0, 0, FRAMES[0])
    assert (partial.size, partial.quality, partial.background) == ("16x16", "low", "opaque")
    assert partial.request_id == "req_stream"
    done = events[-1]
    assert isinstance(done, CompletedImage)
    assert done.image.data == FRAMES[0]
    assert done.image.usage == Usage(10, 100, 110, 10, 0)
    assert done.image.request_id == "req_stream"
    assert json.loads(server.bodies[0])["stream"] is True
    assert done.image.params == {
        "model": "gpt-image-2.5-sunburst",
        "partial_images": 2,
        "stream": True,
    }


async def test_stream_of_several_images_keeps_their_frames_apart() -> None:
    server = Server(streaming(split(stream_body(FRAMES, partials=2), 333)))
    client = server.client()
    events = await collect(
        client.stream_generate("f", model="gpt-image-2.5-sunburst", n=3, partial_images=2)
    )
    partials = [
        (e.index, e.partial_image_index, e.data) for e in events if isinstance(e, PartialImage)
    ]
    assert partials == [(i, step, FRAMES[i]) for i in range(3) for step in range(2)]
    completed = [
        (e.index, e.image.index, e.image.data) for e in events if isinstance(e, CompletedImage)
    ]
    assert completed == [(i, i, FRAMES[i]) for i in range(3)]


async def test_partial_index_that_does_not_increase_starts_a_new_image() -> None:
    kind = "image_generation.partial_image"
    body = b"".join(
        sse(event_payload(kind, frame, step))
        for frame, step in [(FRAMES[0], 0), (FRAMES[0], 1), (FRAMES[1], 0), (FRAMES[1], 2)]
    )
    body += sse(event_payload("image_generation.completed", FRAMES[1]))
    events = await collect(
        Server(streaming([body])).client().stream_generate("f", model="gpt-image-2.5-sunburst")
    )
    assert [(e.index, frame(e)) for e in events] == [
        (0, FRAMES[0]),
        (0, FRAMES[0]),
        (1, FRAMES[1]),
        (1, FRAMES[1]),
        (1, FRAMES[1]),
    ]


async def test_edit_stream_events_done_marker_and_unknown_types() -> None:
    body = (
        sse({"type": "image_edit.in_progress"})
        + sse(event_payload("image_edit.partial_image", FRAMES[0], 0))
        + sse(event_payload("image_edit.completed", FRAMES[1]))
        + b"data: [DONE]\n\n"
        + b"data: this is never read\n\n"
    )
    server = Server(streaming(split(body, 7)))
    events = await collect(server.client().stream_edit(png(), "hat", partial_images=1))
    assert [type(e).__name__ for e in events] == ["PartialImage", "CompletedImage"]
    assert str(server.requests[0].url).endswith("/images/edits")
    assert b'name="stream"\r\n\r\ntrue' in server.bodies[0]


async def test_event_line_is_ignored_the_type_field_decides() -> None:
    payload = event_payload("image_generation.completed", FRAMES[0])
    events = await collect(
        Server(streaming([sse(payload, event="misleading")]))
        .client()
        .stream_generate("f", model="gpt-image-2.5-sunburst")
    )
    assert isinstance(events[0], CompletedImage)


@pytest.mark.parametrize(
    "error_event",
    [
        {"error": {"message": "boom", "type": "server_error", "code": "oops", "param": None}},
        {"type": "error", "message": "boom", "code": "oops"},
    ],
)
async def test_error_inside_the_stream(error_event: dict[str, object]) -> None:
    body = sse(event_payload("image_generation.partial_image", FRAMES[0], 0))
    body += sse(error_event, event="error")
    stream = Server(streaming([body])).client().stream_generate("f", model="gpt-image-2.5-sunburst")
    seen: list[StreamEvent] = []
    with pytest.raises(StreamError, match="boom") as caught:
        await collect(stream, seen)
    assert len(seen) == 1
    assert caught.value.code == "oops"
    assert caught.value.request_id == "req_stream"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (sse(event_payload("image_generation.partial_image", FRAMES[0], 0)), "0 of 1"),
        (b"data: {not json\n\n", "not a JSON object"),
        (b'data: {"type": "image_generation.completed", "b64_json": "%%%"}\n\n', "base64"),
        (b'data: {"type": "image_generation.completed"}\n\n', "carries no image data"),
        (b'data: {"type": "image_generation.completed", "b64_json": "aGk=', "cut off"),
    ],
)
async def test_broken_streams_raise_stream_error(body: bytes, message: str) -> None:
    stream = Server(streaming([body])).client().stream_generate("f", model="gpt-image-2.5-sunburst")
    with pytest.raises(StreamError, match=message):
        await collect(stream)


async def test_stream_of_two_that_ends_after_one() -> None:
    server = Server(streaming([stream_body([FRAMES[0]], partials=0)]))
    with pytest.raises(StreamError, match="1 of 2"):
        await collect(server.client().stream_generate("f", model="gpt-image-2.5-sunburst", n=2))


@pytest.mark.parametrize(
    ("status", "code", "cls", "advice"),
    [
        (400, None, BadRequestError, "Fix the parameter"),
        (400, "moderation_blocked", ModerationError, "Rephrase the prompt"),
        (401, None, AuthenticationError, "set OPENAI_API_KEY"),
        (403, None, PermissionDeniedError, "verified organization"),
        (404, None, NotFoundError, "Check the model name"),
        (422, None, APIError, "Check the request"),
        (429, None, RateLimitError, "Wait a minute"),
        (429, "insufficient_quota", RateLimitError, "quota is used up"),
        (500, None, InternalServerError, "usually temporary"),
        (503, None, InternalServerError, "usually temporary"),
    ],
)
async def test_every_error_status(
    status: int, code: str | None, cls: type[APIError], advice: str
) -> None:
    server = Server(error_response(status, "The thing failed", code))
    client = server.client(max_retries=0)
    with pytest.raises(APIError) as caught:
        await client.generate("fox", model="gpt-image-2.5-sunburst")
    error = caught.value
    assert type(error) is cls
    assert (error.status, error.code, error.request_id) == (status, code, f"req_{status}")
    assert error.type == "invalid_request_error"
    assert error.message == "The thing failed"
    assert advice in str(error)
    assert f"req_{status}" in str(error)


async def test_rate_limit_message_says_when_to_retry() -> None:
    server = Server(error_response(429, "Slow down", retry_after="12"))
    with pytest.raises(RateLimitError) as caught:
        await server.client(max_retries=0).generate("fox", model="gpt-image-2.5-sunburst")
    assert caught.value.retry_after == 12.0
    assert "Retry in 12 s" in str(caught.value)


async def test_error_param_is_named() -> None:
    response = httpx.Response(
        400,
        json={"error": {"message": "bad size", "type": "x", "param": "size", "code": None}},
    )
    with pytest.raises(BadRequestError, match="parameter 'size'") as caught:
        await Server(response).client().generate("fox", model="gpt-image-2.5-sunburst")
    assert caught.value.param == "size"


async def test_streaming_request_error_before_the_stream() -> None:
    server = Server(error_response(400, "bad", "moderation_blocked"))
    with pytest.raises(ModerationError):
        await collect(server.client().stream_generate("fox", model="gpt-image-2.5-sunburst"))


async def test_client_repr_and_close() -> None:
    server = Server(images_json(png()))
    client = server.client()
    assert repr(client) == (
        "ImagesClient(backend='openai', base_url='https://api.example.test/v1', api_key=set)"
    )
    async with client:
        assert client.backend == "openai"
    await client.aclose()
