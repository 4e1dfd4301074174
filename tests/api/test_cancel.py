"""A stream stops at once: cancelling the task, ``aclose()`` or ``break`` closes its connection."""

from __future__ import annotations

import asyncio
import gc

import httpx
import pytest

from imagewidgets.api.events import StreamEvent
from tests.support.api import ChunkStream, Server, collect, event_payload, png, sse

FIRST = sse(event_payload("image_generation.partial_image", png(), 0))


def held_stream() -> tuple[Server, ChunkStream]:
    """A server whose stream sends one partial frame and then hangs."""
    body = ChunkStream([FIRST], hold=asyncio.Event())
    response = httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=body)
    return Server(response), body


async def test_cancelling_the_task_mid_stream_closes_the_connection() -> None:
    server, body = held_stream()
    stream = server.client().stream_generate(
        "fox", model="gpt-image-2.5-sunburst", partial_images=3
    )
    first_seen = asyncio.Event()
    received: list[StreamEvent] = []

    async def consume() -> None:
        async for event in stream:
            received.append(event)
            first_seen.set()

    task = asyncio.create_task(consume())
    await first_seen.wait()
    await asyncio.sleep(0.01)  # the consumer is now waiting for the next chunk
    assert not body.is_closed()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()
    assert body.is_closed()
    assert len(received) == 1
    assert server.delays == []
    assert len(server.requests) == 1


async def test_aclose_after_break_closes_the_connection() -> None:
    server, body = held_stream()
    stream = server.client().stream_generate("fox", model="gpt-image-2.5-sunburst")
    async for _ in stream:
        break
    assert not body.is_closed()
    await stream.aclose()
    assert body.is_closed()


async def test_break_alone_closes_the_connection_within_a_loop_turn() -> None:
    server, body = held_stream()
    client = server.client()
    async for _ in client.stream_generate("fox", model="gpt-image-2.5-sunburst"):
        break
    gc.collect()
    for _ in range(3):
        await asyncio.sleep(0)
    assert body.is_closed()


async def test_wait_for_time_out_closes_the_connection() -> None:
    server, body = held_stream()
    stream = server.client().stream_generate("fox", model="gpt-image-2.5-sunburst")
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(collect(stream), 0.05)
    assert body.is_closed()


async def test_cancelling_a_whole_response_request_closes_the_connection() -> None:
    body = ChunkStream([b'{"created": 1, "data": ['], hold=asyncio.Event())
    server = Server(httpx.Response(200, headers={"content-type": "application/json"}, stream=body))
    task = asyncio.create_task(server.client().generate("fox", model="gpt-image-2.5-sunburst"))
    await body.drained.wait()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()
    assert body.is_closed()
