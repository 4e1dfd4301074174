"""The retry schedule of the official SDK, on a fake clock, through the whole client."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from imagewidgets.api.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    InternalServerError,
    RateLimitError,
    StreamError,
)
from imagewidgets.api.events import StreamEvent
from imagewidgets.api.retry import RetryNotice, RetryPolicy, parse_retry_after
from tests.support.api import (
    Server,
    collect,
    error_response,
    event_payload,
    images_json,
    png,
    sse,
    stream_body,
    streaming,
)

NOW = 1_700_000_000.0


def test_backoff_schedule_with_jitter() -> None:
    policy = RetryPolicy(max_retries=6, random=lambda: 0.0)
    assert [policy.delay(n, 500, {}) for n in range(7)] == [0.5, 1, 2, 4, 8, 8, None]
    jittered = RetryPolicy(max_retries=6, random=lambda: 1.0)
    assert [jittered.delay(n, None, {}) for n in range(3)] == [0.375, 0.75, 1.5]


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_statuses_that_retry(status: int) -> None:
    assert RetryPolicy(random=lambda: 0.0).delay(0, status, {}) == 0.5


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_statuses_that_never_retry(status: int) -> None:
    assert RetryPolicy().delay(0, status, {}) is None


def test_should_retry_header_overrides_the_status() -> None:
    policy = RetryPolicy(random=lambda: 0.0)
    assert policy.delay(0, 400, {"x-should-retry": "true"}) == 0.5
    assert policy.delay(0, 503, {"x-should-retry": "false"}) is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after-ms": "soon", "retry-after": "9"}, 9.0),
        ({"retry-after": "2.5"}, 2.5),
        ({"retry-after": "120"}, 120.0),
        ({"retry-after": email.utils.formatdate(NOW + 30, usegmt=True)}, 30.0),
        ({"retry-after": "0"}, 0.5),  # not positive: backoff instead
        ({"retry-after": "-3"}, 0.5),
        ({"retry-after": "whenever"}, 0.5),
        ({"retry-after": "inf"}, 0.5),  # an explicit infinity is not honoured
        ({"retry-after": "121"}, None),  # longer than two minutes: no retry at all
        ({"retry-after": "1e999"}, None),  # too large to represent counts as too long
        ({"retry-after": email.utils.formatdate(NOW + 600, usegmt=True)}, None),
    ],
)
def test_retry_after_headers(headers: dict[str, str], expected: float | None) -> None:
    policy = RetryPolicy(random=lambda: 0.0, clock=lambda: NOW)
    assert policy.delay(0, 429, headers) == expected


def test_parse_retry_after_is_none_without_a_header() -> None:
    assert parse_retry_after({}) is None


def test_max_retries_must_be_a_non_negative_integer() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        RetryPolicy(max_retries=-1)
    with pytest.raises(TypeError, match="non-negative"):
        RetryPolicy(max_retries=None)  # type: ignore[arg-type]


async def test_rate_limit_then_success_waits_as_told_and_notifies() -> None:
    server = Server(error_response(429, "slow", retry_after_ms="2500"), images_json(png()))
    client = server.client()
    notices: list[RetryNotice] = []
    images = await client.generate("fox", model="gpt-image-2.5-sunburst", on_retry=notices.append)
    assert len(images) == 1
    assert len(server.requests) == 2
    assert server.delays == [2.5]
    (notice,) = notices
    assert (notice.attempt, notice.delay) == (1, 2.5)
    assert isinstance(notice.error, RateLimitError)
    assert server.bodies[0] == server.bodies[1]


async def test_server_errors_retry_twice_then_raise() -> None:
    server = Server(error_response(500, "down"))
    client = server.client()
    with pytest.raises(InternalServerError):
        await client.generate("fox", model="gpt-image-2.5-sunburst")
    assert len(server.requests) == 3
    assert server.delays == [0.5 * 0.875, 1.0 * 0.875]


async def test_max_retries_is_respected() -> None:
    server = Server(error_response(503, "down"))
    with pytest.raises(InternalServerError):
        await server.client(max_retries=5).generate("fox", model="gpt-image-2.5-sunburst")
    assert len(server.requests) == 6
    none = Server(error_response(503, "down"))
    with pytest.raises(InternalServerError):
        await none.client(max_retries=0).generate("fox", model="gpt-image-2.5-sunburst")
    assert len(none.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_client_errors_are_not_retried(status: int) -> None:
    server = Server(error_response(status), images_json(png()))
    with pytest.raises(APIError):
        await server.client().generate("fox", model="gpt-image-2.5-sunburst")
    assert len(server.requests) == 1
    assert server.delays == []


async def test_long_retry_after_is_not_retried() -> None:
    server = Server(error_response(429, "later", retry_after="3600"), images_json(png()))
    with pytest.raises(RateLimitError) as caught:
        await server.client().generate("fox", model="gpt-image-2.5-sunburst")
    assert len(server.requests) == 1
    assert "Retry in 3600 s" in str(caught.value)


async def test_connection_errors_retry_then_raise_an_actionable_error() -> None:
    server = Server(httpx.ConnectError("Connection refused"))
    with pytest.raises(APIConnectionError, match=r"Connection refused.*Check the network"):
        await server.client().generate("fox", model="gpt-image-2.5-sunburst")
    assert len(server.requests) == 3


async def test_timeouts_retry_then_raise_api_timeout_error() -> None:
    server = Server(
        httpx.ReadTimeout("timed out"), httpx.ReadTimeout("timed out"), images_json(png())
    )
    images = await server.client().generate("fox", model="gpt-image-2.5-sunburst")
    assert len(images) == 1
    assert len(server.delays) == 2
    always = Server(httpx.ReadTimeout("timed out"))
    with pytest.raises(APITimeoutError, match="longer timeout="):
        await always.client().generate("fox", model="gpt-image-2.5-sunburst")


async def test_stream_failing_before_any_event_is_retried() -> None:
    body = stream_body([png()], partials=1)
    server = Server(error_response(503), streaming([body]))
    events = await collect(server.client().stream_generate("fox", model="gpt-image-2.5-sunburst"))
    assert len(events) == 2
    assert len(server.requests) == 2


async def test_stream_broken_before_its_first_event_is_not_retried() -> None:
    """As in the official SDK: once the headers came the request was answered (and may be
    billed); a streamed body that breaks is final, before its first event too."""
    broken = streaming([b"event: image_generation.partial_image\n", httpx.ReadError("reset")])
    server = Server(broken, streaming([stream_body([png()], partials=1)]))
    notices: list[RetryNotice] = []
    stream = server.client().stream_generate(
        "fox", model="gpt-image-2.5-sunburst", on_retry=notices.append
    )
    with pytest.raises(StreamError) as caught:
        await collect(stream)
    assert len(server.requests) == 1
    assert (server.delays, notices) == ([], [])
    message = str(caught.value)
    assert message.startswith("The service answered, but the connection broke before the first")
    assert "(reset)" in message
    assert "could not reach" not in message.lower()
    assert caught.value.request_id == "req_stream"
    assert message.endswith("(request id req_stream)")


async def test_a_whole_answer_that_breaks_after_its_headers_is_retried() -> None:
    """A non-streaming answer is read whole before it counts, as in the SDK: a break retries."""
    broken = streaming([b'{"created": 1, "da', httpx.ReadError("reset")])
    server = Server(broken, images_json(png()))
    images = await server.client().generate("fox", model="gpt-image-2.5-sunburst")
    assert len(images) == 1
    assert len(server.requests) == 2


async def test_a_whole_answer_that_keeps_breaking_says_the_service_answered() -> None:
    server = Server(lambda _: streaming([b'{"created"', httpx.ReadError("reset")]))
    with pytest.raises(APIConnectionError) as caught:
        await server.client().generate("fox", model="gpt-image-2.5-sunburst")
    assert len(server.requests) == 3
    assert "answered, but the connection broke while the answer was arriving" in str(caught.value)
    assert caught.value.request_id == "req_stream"


async def test_stream_is_never_retried_after_an_event_was_delivered() -> None:
    first = sse(event_payload("image_generation.partial_image", png(), 0))
    server = Server(streaming([first, httpx.ReadError("reset")]), streaming([b""]))
    client = server.client()
    received: list[StreamEvent] = []
    with pytest.raises(StreamError, match="connection broke") as caught:
        await collect(client.stream_generate("fox", model="gpt-image-2.5-sunburst"), received)
    assert len(received) == 1
    assert len(server.requests) == 1
    assert server.delays == []
    assert isinstance(caught.value.__cause__, httpx.ReadError)
