"""ASGI responses: a status, headers and a body that is either bytes or an async stream of chunks.

Every response carries ``x-request-id``. A streamed body is sent chunk by chunk as it is
produced (that is what makes partial frames arrive spaced in time), and stops being produced as
soon as the client goes away.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from imagewidgets.emulator.errors import ServiceError

__all__ = ["Receive", "Response", "Send", "error_response", "json_response"]

Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]
Receive = Callable[[], Awaitable[Message]]


@dataclass
class Response:
    """What the app sends back for one request."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | AsyncIterator[bytes] = b""

    async def send(self, send: Send, receive: Receive, request_id: str) -> None:
        """Send the headers, then the body (each chunk as soon as it is ready)."""
        headers = [
            (name.encode("latin-1"), value.encode("latin-1")) for name, value in self.headers
        ]
        headers.append((b"x-request-id", request_id.encode("ascii")))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        if isinstance(self.body, bytes):
            await send({"type": "http.response.body", "body": self.body, "more_body": False})
            return
        streaming = asyncio.ensure_future(self._stream(self.body, send))
        watching = asyncio.ensure_future(_disconnected(receive))
        try:
            await asyncio.wait({streaming, watching}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watching.cancel()
            if not streaming.done():
                streaming.cancel()
                await asyncio.wait({streaming})
        if not streaming.cancelled():
            streaming.result()

    @staticmethod
    async def _stream(chunks: AsyncIterator[bytes], send: Send) -> None:
        async for chunk in chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def json_bytes(payload: object) -> bytes:
    """Compact JSON, UTF-8."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def json_response(
    status: int, payload: object, headers: tuple[tuple[str, str], ...] = ()
) -> Response:
    """A JSON response with its content length."""
    body = json_bytes(payload)
    return Response(
        status,
        [
            ("content-type", "application/json"),
            ("content-length", str(len(body))),
            *headers,
        ],
        body,
    )


def error_response(error: ServiceError) -> Response:
    """The service's error shape with the error's status and extra headers."""
    return json_response(error.status, error.body(), error.headers)
