"""Helpers for the API-layer tests: images, hand-written SSE bodies and a recording mock server."""

from __future__ import annotations

import asyncio
import base64
import io
import json
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import httpx
from PIL import Image

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.events import StreamEvent
from imagewidgets.api.retry import RetryPolicy

API_KEY = "sk-test-SECRETKEY0123456789abcdef"
BASE_URL = "https://api.example.test/v1"


def png(size: tuple[int, int] = (16, 16), colour: Any = "red", mode: str = "RGB") -> bytes:
    """A plain PNG."""
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def encoded(image: bytes, fmt: str = "JPEG") -> bytes:
    """``image`` re-encoded in another format (JPEG by default)."""
    buffer = io.BytesIO()
    with Image.open(io.BytesIO(image)) as picture:
        picture.convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def event_payload(
    kind: str, data: bytes, partial: int | None = None, **extra: Any
) -> dict[str, Any]:
    """An event's JSON as the service sends it (``kind`` e.g. ``image_generation.completed``)."""
    payload: dict[str, Any] = {
        "type": kind,
        "b64_json": b64(data),
        "created_at": 1700000000,
        "size": "16x16",
        "quality": "low",
        "background": "opaque",
        "output_format": "png",
    }
    if partial is not None:
        payload["partial_image_index"] = partial
    else:
        payload["usage"] = {
            "input_tokens": 10,
            "input_tokens_details": {"text_tokens": 10, "image_tokens": 0},
            "output_tokens": 100,
            "total_tokens": 110,
        }
    return {**payload, **extra}


def sse(payload: dict[str, Any] | str, event: str | None = None, newline: str = "\n") -> bytes:
    """One SSE event: ``event:`` line (the type by default), ``data:`` line, blank line."""
    data = payload if isinstance(payload, str) else json.dumps(payload)
    name = event or (payload.get("type") if isinstance(payload, dict) else None)
    lines = ([f"event: {name}"] if name else []) + [f"data: {data}", ""]
    return (newline.join(lines) + newline).encode()


def stream_body(frames: Iterable[bytes], *, partials: int, kind: str = "image_generation") -> bytes:
    """A whole stream: for each final image, ``partials`` partial frames then its completion."""
    body = b""
    for image in frames:
        for step in range(partials):
            body += sse(event_payload(f"{kind}.partial_image", image, step))
        body += sse(event_payload(f"{kind}.completed", image))
    return body


def split(body: bytes, size: int) -> list[bytes]:
    """``body`` cut into pieces of ``size`` bytes (the last may be shorter)."""
    return [body[i : i + size] for i in range(0, len(body), size)]


class ChunkStream(httpx.AsyncByteStream):
    """A response body delivered chunk by chunk; an exception among the chunks is raised there
    (a connection breaking); ``hold`` blocks after the chunks until it is set."""

    def __init__(
        self, chunks: Iterable[bytes | Exception], *, hold: asyncio.Event | None = None
    ) -> None:
        self.chunks = list(chunks)
        self.hold = hold
        self.closed = False
        self.sent = 0
        self.drained = asyncio.Event()
        """Set once every chunk went out (the body then hangs on ``hold``, if any)."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            if isinstance(chunk, Exception):
                raise chunk
            self.sent += 1
            yield chunk
        self.drained.set()
        if self.hold is not None:
            await self.hold.wait()

    async def aclose(self) -> None:
        self.closed = True

    def is_closed(self) -> bool:
        """Whether the client closed this body (a method, so type checkers do not narrow it)."""
        return self.closed


def streaming(
    chunks: Iterable[bytes | Exception], status: int = 200, **kwargs: Any
) -> httpx.Response:
    """An SSE response whose body arrives in ``chunks``."""
    headers = {"content-type": "text/event-stream", "x-request-id": "req_stream"}
    headers.update(kwargs.pop("headers", {}))
    return httpx.Response(status, headers=headers, stream=ChunkStream(chunks, **kwargs))


def images_json(*images: bytes, **extra: Any) -> httpx.Response:
    """A non-streaming ``ImagesResponse`` carrying ``images`` as base64."""
    body = {"created": 1700000000, "data": [{"b64_json": b64(i)} for i in images], **extra}
    return httpx.Response(200, json=body, headers={"x-request-id": "req_json"})


def error_response(
    status: int, message: str = "nope", code: str | None = None, **headers: str
) -> httpx.Response:
    """An error in the service's shape."""
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None}}
    body["error"]["code"] = code
    all_headers = {
        "x-request-id": f"req_{status}",
        **{k.replace("_", "-"): v for k, v in headers.items()},
    }
    return httpx.Response(status, json=body, headers=all_headers)


Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Server:
    """A mock transport that records each request and answers from a script of replies.

    The last reply repeats when the script runs out. An exception in the script is raised.
    """

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []
        self.delays: list[float] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(await request.aread())
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        return reply(request) if callable(reply) else reply

    def client(self, **options: Any) -> ImagesClient:
        """An :class:`ImagesClient` (key set, no real retry waits) talking to this server."""
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", BASE_URL)
        http = httpx.AsyncClient(transport=httpx.MockTransport(self))
        client = ImagesClient(http_client=http, **options)
        client.retry, self.delays = fake_retry(client.retry.max_retries)
        return client


def fake_retry(
    max_retries: int = 2, random: float = 0.5, now: float = 1_700_000_000.0
) -> tuple[RetryPolicy, list[float]]:
    """A :class:`RetryPolicy` on a fake clock whose sleep only records the delays, and that list."""
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    policy = RetryPolicy(max_retries, sleep=sleep, random=lambda: random, clock=lambda: now)
    return policy, delays


async def collect(
    stream: AsyncIterator[StreamEvent], into: list[StreamEvent] | None = None
) -> list[StreamEvent]:
    """All events of ``stream`` (also appended to ``into`` as they come, for failing streams)."""
    events = [] if into is None else into
    async for event in stream:
        events.append(event)
    return events
