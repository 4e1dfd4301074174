"""StreamingASGITransport: chunks arrive as the app sends them; closing stops the app."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx
import pytest

from imagewidgets.emulator import ConnectionDropped, EmulatorConfig, StreamingASGITransport
from tests.support.emulator import AUTH, emulator_client

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
STREAM = {
    "prompt": "a red fox",
    "model": "gpt-image-2.5-sunburst",
    "stream": True,
    "partial_images": 3,
}


class HandshakeApp:
    """Sends one chunk, then waits for the test to say it got it before sending the next."""

    def __init__(self) -> None:
        self.received_first = asyncio.Event()
        self.finished: str | None = None
        self.disconnect_seen = False

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        request = await receive()
        assert request["body"] == b"hello"
        try:
            await send({"type": "http.response.start", "status": 200, "headers": [(b"x-a", b"1")]})
            await send({"type": "http.response.body", "body": b"first", "more_body": True})
            await self.received_first.wait()
            await send({"type": "http.response.body", "body": b"second", "more_body": False})
            self.finished = "complete"
        except asyncio.CancelledError:
            self.finished = "cancelled"
            raise


async def test_a_chunk_arrives_before_the_app_sends_the_next() -> None:
    app = HandshakeApp()
    async with (
        httpx.AsyncClient(transport=StreamingASGITransport(app), base_url="http://t") as client,
        client.stream("POST", "/", content=b"hello") as response,
    ):
        chunks = response.aiter_bytes()
        first = await asyncio.wait_for(chunks.__anext__(), 5)
        app.received_first.set()
        rest = [chunk async for chunk in chunks]
    assert (response.headers["x-a"], first, rest) == ("1", b"first", [b"second"])
    assert app.finished == "complete"


async def test_closing_the_response_cancels_the_app() -> None:
    app = HandshakeApp()
    async with (
        httpx.AsyncClient(transport=StreamingASGITransport(app), base_url="http://t") as client,
        client.stream("POST", "/", content=b"hello") as response,
    ):
        await response.aiter_bytes().__anext__()
    assert app.finished == "cancelled"


async def test_emulator_frames_arrive_spread_out_in_time() -> None:
    arrivals = []
    async with (
        emulator_client(EmulatorConfig(pace=0.25)) as client,
        client.stream("POST", "/images/generations", json=STREAM) as response,
    ):
        async for line in response.aiter_lines():
            if line.startswith("event: "):
                arrivals.append(time.monotonic())
    assert len(arrivals) == 4
    assert arrivals[-1] - arrivals[0] > 0.4, "frames came one by one, not all at the end"


async def test_pace_header_overrides_the_configured_pace() -> None:
    async with emulator_client(EmulatorConfig(pace=30)) as client:
        response = await asyncio.wait_for(
            client.post("/images/generations", json=STREAM, headers={"x-emulator-pace": "0"}), 20
        )
    assert response.text.count("event: ") == 4


async def test_abandoning_an_emulator_stream_stops_its_work() -> None:
    started = asyncio.Event()
    states: list[str] = []
    from imagewidgets.emulator import create_app

    emulator = create_app(EmulatorConfig(pace=30))

    async def watched(scope: Message, receive: Receive, send: Send) -> None:
        started.set()
        try:
            await emulator(scope, receive, send)
            states.append("finished")
        except asyncio.CancelledError:
            states.append("cancelled")
            raise

    transport = StreamingASGITransport(watched)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://e/v1", headers=AUTH) as client,
        client.stream("POST", "/images/generations", json=STREAM) as response,
    ):
        assert response.status_code == 200  # headers are in; the first frame is 30 s away
    assert started.is_set()
    assert states == ["cancelled"]


async def test_app_errors_surface_before_and_during_the_body() -> None:
    async def broken(scope: Message, receive: Receive, send: Send) -> None:
        raise RuntimeError("boom")

    async def dropping_midway(scope: Message, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"partial", "more_body": True})
        raise ConnectionDropped("cut")

    async def silent(scope: Message, receive: Receive, send: Send) -> None:
        return None

    async with httpx.AsyncClient(
        transport=StreamingASGITransport(broken), base_url="http://t"
    ) as client:
        with pytest.raises(RuntimeError, match="boom"):
            await client.get("/")
    async with httpx.AsyncClient(
        transport=StreamingASGITransport(dropping_midway), base_url="http://t"
    ) as client:
        with pytest.raises(httpx.RemoteProtocolError, match="incomplete"):
            await client.get("/")
    async with httpx.AsyncClient(
        transport=StreamingASGITransport(silent), base_url="http://t"
    ) as client:
        with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
            await client.get("/")


async def test_read_timeout_applies_between_chunks() -> None:
    app = HandshakeApp()
    timeout = httpx.Timeout(5.0, read=0.05)
    transport = StreamingASGITransport(app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://t", timeout=timeout
    ) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.post("/", content=b"hello")
    assert app.finished == "cancelled"


class CancellingApp:
    """Sends headers and chunks; as it hands over one of them it cancels the reader's task.

    Cancelling in the same loop step as the send is the race ``asyncio.wait_for`` loses before
    Python 3.12: the awaited data and the cancellation are both ready when the reader wakes.
    """

    def __init__(self, cancel_at: int, yields: int) -> None:
        self.cancel_at = cancel_at  # 0: with the headers; k: with chunk k
        self.yields = yields
        self.reader: asyncio.Task[object] | None = None
        self.finished: str | None = None

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        try:
            await self._pause()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await self._after_send(0)
            for number in range(1, self.cancel_at + 4):
                await self._pause()
                await send({"type": "http.response.body", "body": b"x", "more_body": True})
                await self._after_send(number)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            self.finished = "complete"
        except asyncio.CancelledError:
            self.finished = "cancelled"
            raise

    async def _pause(self) -> None:
        for _ in range(self.yields):
            await asyncio.sleep(0)

    async def _after_send(self, number: int) -> None:
        if number == self.cancel_at:
            assert self.reader is not None
            self.reader.cancel()
            await asyncio.sleep(0)  # an app that never yields could not be cancelled at all


@pytest.mark.parametrize("cancel_at", [0, 1, 3])
async def test_a_cancel_that_lands_as_data_arrives_is_never_lost(cancel_at: int) -> None:
    for yields in range(12):
        app = CancellingApp(cancel_at, yields)
        chunks: list[bytes] = []

        async def read(app: CancellingApp = app, chunks: list[bytes] = chunks) -> object:
            transport = StreamingASGITransport(app)
            async with (
                httpx.AsyncClient(transport=transport, base_url="http://t") as client,
                client.stream("GET", "/") as response,
            ):
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
            return "read to the end"

        app.reader = asyncio.create_task(read())
        outcome = await asyncio.gather(app.reader, return_exceptions=True)
        assert app.reader.cancelled(), (yields, outcome)
        assert app.finished == "cancelled", yields
        assert len(chunks) <= cancel_at, yields
