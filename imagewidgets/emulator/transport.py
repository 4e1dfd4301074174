"""``StreamingASGITransport``: httpx talking to an ASGI app in-process, one chunk at a time.

``httpx.ASGITransport`` collects the whole response before returning it, so a stream's partial
frames would all arrive at the end. This transport runs the app as a task and hands each body
chunk to the reader as soon as the app sends it. Closing the response (or cancelling the reader)
cancels the app's task. It behaves like a socket where it matters to a client: an app that drops
the connection (:class:`~imagewidgets.emulator.errors.ConnectionDropped`) raises
``httpx.RemoteProtocolError``, before or during the body, and the request's read time-out applies
while waiting for headers and for each chunk (``httpx.ReadTimeout``). Waits use
``asyncio.wait`` rather than ``asyncio.wait_for``, which before Python 3.12 drops a cancellation
that lands in the same loop step as the data it waits for (the stream would then run on).

Example:
    >>> import httpx
    >>> from imagewidgets.emulator import EmulatorConfig, StreamingASGITransport, create_app
    >>> transport = StreamingASGITransport(create_app(EmulatorConfig(pace=0)))
    >>> client = httpx.AsyncClient(transport=transport, base_url="http://emulator/v1")
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote

import httpx

from imagewidgets.emulator.errors import ConnectionDropped

__all__ = ["ASGIApp", "StreamingASGITransport"]

Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[Message]],
        Callable[[Message], Awaitable[None]],
    ],
    Awaitable[None],
]
_END = object()
NO_RESPONSE = "Server disconnected without sending a response."
CUT = "peer closed connection without sending complete message body: incomplete chunked read"


class StreamingASGITransport(httpx.AsyncBaseTransport):
    """An ``httpx.AsyncBaseTransport`` that streams an ASGI app's response incrementally."""

    def __init__(
        self, app: ASGIApp, *, root_path: str = "", client: tuple[str, int] = ("127.0.0.1", 0)
    ) -> None:
        self.app = app
        self.root_path = root_path
        self.client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Start the app on ``request``; return as soon as it has sent its headers."""
        exchange = _Exchange(self.app, self._scope(request), await request.aread(), request)
        status, headers = await exchange.start()
        return httpx.Response(
            status, headers=headers, stream=exchange, extensions={"http_version": b"HTTP/1.1"}
        )

    def _scope(self, request: httpx.Request) -> dict[str, Any]:
        url = request.url
        return {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "headers": [(name.lower(), value) for name, value in request.headers.raw],
            "scheme": url.scheme,
            "path": unquote(url.path),
            "raw_path": url.raw_path.split(b"?")[0],
            "query_string": url.query,
            "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
            "client": self.client,
            "root_path": self.root_path,
        }


class _Exchange(httpx.AsyncByteStream):
    """One request/response: the app's task, its headers future and its queue of body chunks."""

    def __init__(
        self, app: ASGIApp, scope: dict[str, Any], body: bytes, request: httpx.Request
    ) -> None:
        self.request = request
        self.body: bytes | None = body
        self.read_timeout = (request.extensions.get("timeout") or {}).get("read")
        self.started: asyncio.Future[tuple[int, list[tuple[bytes, bytes]]]] = (
            asyncio.get_running_loop().create_future()
        )
        self.chunks: deque[object] = deque()
        self.arrived: asyncio.Future[None] | None = None
        self.closed = asyncio.Event()
        self.task = asyncio.create_task(self._run(app, scope))

    async def start(self) -> tuple[int, list[tuple[bytes, bytes]]]:
        try:
            await self._within(self.started, "The emulator sent no headers in time.")
            return self.started.result()
        except ConnectionDropped:
            await self.aclose()
            raise httpx.RemoteProtocolError(NO_RESPONSE, request=self.request) from None
        except BaseException:
            await self.aclose()
            raise

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            if not self.chunks:
                self.arrived = asyncio.get_running_loop().create_future()
                await self._within(self.arrived, "The emulator stopped sending.")
            item = self.chunks.popleft()
            if item is _END:
                return
            if isinstance(item, ConnectionDropped):
                raise httpx.RemoteProtocolError(CUT, request=self.request)
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, bytes)
            yield item

    async def _within(self, future: asyncio.Future[Any], what: str) -> None:
        """Wait for ``future`` up to the read time-out; a cancellation always propagates."""
        done, _ = await asyncio.wait((future,), timeout=self.read_timeout)
        if not done:
            raise httpx.ReadTimeout(what, request=self.request)

    async def aclose(self) -> None:
        """Stop the app (if still running) and wait for its task to end."""
        self.closed.set()
        if not self.task.done():
            self.task.cancel()
            await asyncio.wait([self.task])

    async def _run(self, app: ASGIApp, scope: dict[str, Any]) -> None:
        try:
            await app(scope, self._receive, self._send)
        except asyncio.CancelledError:
            self.started.cancel()
            self._put(_END)
            raise
        except Exception as error:  # handed over to whoever reads the response
            self._fail(error)
        else:
            self._fail(ConnectionDropped("the app returned without completing its response"))

    def _fail(self, error: Exception) -> None:
        if not self.started.done():
            self.started.set_exception(error)
            self.started.exception()
        else:
            self._put(error)

    def _put(self, item: object) -> None:
        self.chunks.append(item)
        if self.arrived is not None and not self.arrived.done():
            self.arrived.set_result(None)

    async def _receive(self) -> Message:
        if self.body is not None:
            body, self.body = self.body, None
            return {"type": "http.request", "body": body, "more_body": False}
        await self.closed.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(bytes(name), bytes(value)) for name, value in message.get("headers", [])]
            self.started.set_result((int(message["status"]), headers))
        elif message["type"] == "http.response.body":
            if message.get("body"):
                self._put(bytes(message["body"]))
            if not message.get("more_body", False):
                self._put(_END)
