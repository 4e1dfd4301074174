"""What a streamed generation costs the client: CPU, peak memory and event-loop stalls.

Streams 3 partial frames + the final image at 1024x1024 and 3840x2160 (PNG) from a loopback
server with no pacing, and measures side by side, in one run and one process:

- ``imagewidgets``: ``ImagesClient.stream_generate`` (every frame decoded to bytes);
- ``naive``: the floor of a hand-written client: raw httpx bytes, line split, ``json.loads``,
  ``base64.b64decode`` of the whole field;
- ``openai``: the official SDK, ``AsyncOpenAI(...).images.generate(stream=True)``, plus the
  ``b64decode`` of each event so that it ends with the same bytes.

CPU time is the process's (the server runs in another process), median per request over
interleaved rounds. Peak memory (``tracemalloc``) is shown as a multiple of one decoded image;
the longest stall is the largest gap seen by a 1 ms ticker task on the same event loop.

Two servers: ``photo`` serves pre-encoded SSE bodies of photo-like PNGs the size real ones are
(about 2 MB at 1024x1024, 16 MB at 4K), from a small asyncio server in a subprocess; ``emulator``
is the project's own emulator (``python -m imagewidgets.emulator --pace 0``), whose procedural
pictures compress to about 25 KB and 130 KB, so there the fixed cost of a request dominates.
A stall is shown in wall time and in this thread's CPU time; on a busy shared machine the wall
time also counts the moments the OS ran other processes, so the target is checked on CPU time.
The targets (at most 0.65x naive, 0.4x the SDK, 4.5x one image of memory, no stall over 20 ms
at 4K) are checked on the ``photo`` payloads; exit status 1 when one is missed.

Run: ``.venv/bin/python benchmarks/bench_client_stream.py [--rounds N] [--decoder binascii]``
(``--decoder binascii`` measures the standard-library fallback used when pybase64 is missing).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import io
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import numpy as np
from openai import AsyncOpenAI
from PIL import Image

from imagewidgets.api import b64
from imagewidgets.api.b64 import decoder_name
from imagewidgets.api.client import ImagesClient
from imagewidgets.api.events import CompletedImage, PartialImage

SIZES = ("1024x1024", "3840x2160")
KEY = "sk-benchmark"
Run = Callable[[str], Awaitable[int]]


# -- the photo server (runs in a subprocess: python bench_client_stream.py --serve) ------------


def photo_png(width: int, height: int) -> bytes:
    """A deterministic photo-like picture: smooth colour fields plus sensor-like noise."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = np.stack(
        [
            128 + 100 * np.sin(x / width * 6),
            128 + 100 * np.cos(y / height * 5),
            128 + 80 * np.sin((x + y) / (width + height) * 9),
        ],
        axis=-1,
    )
    noise = np.random.default_rng(0).normal(0, 6, (height, width, 3))
    buffer = io.BytesIO()
    Image.fromarray((base + noise).clip(0, 255).astype(np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def sse_body(image: bytes, size: str) -> bytes:
    """3 partial events and a completed event, each ending with a blank line."""
    fields = {"created_at": 1, "size": size, "quality": "high", "background": "opaque"}
    encoded = base64.b64encode(image).decode("ascii")
    events = [
        {"type": "image_generation.partial_image", "b64_json": encoded, "partial_image_index": i}
        for i in range(3)
    ]
    usage = {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}
    events.append({"type": "image_generation.completed", "b64_json": encoded, "usage": usage})
    return b"".join(
        b"event: %s\ndata: %s\n\n"
        % (
            str(event["type"]).encode(),
            json.dumps({**event, **fields, "output_format": "png"}).encode(),
        )
        for event in events
    )


async def serve() -> None:
    bodies = {size: sse_body(photo_png(*map(int, size.split("x"))), size) for size in SIZES}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
                length = int(head.split("content-length:")[1].split("\r\n")[0])
                size = json.loads(await reader.readexactly(length)).get("size", SIZES[0])
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                    b"x-request-id: req_bench\r\ntransfer-encoding: chunked\r\n\r\n"
                )
                body = bodies[size]
                for start in range(0, len(body), 1 << 18):
                    piece = body[start : start + (1 << 18)]
                    writer.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    await writer.drain()
                writer.write(b"0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1", flush=True)
    await server.serve_forever()


def start(command: list[str]) -> tuple[subprocess.Popen[str], str]:
    """Start a server process and read the base URL it prints."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    return process, line[line.index("http") :].strip()


# -- the three clients ---------------------------------------------------------------------------


@dataclass
class Clients:
    ours: ImagesClient
    http: httpx.AsyncClient
    sdk: AsyncOpenAI
    url: str

    def runs(self) -> dict[str, Run]:
        return {"imagewidgets": self.run_ours, "naive": self.run_naive, "openai": self.run_sdk}

    async def run_ours(self, size: str) -> int:
        total = 0
        stream = self.ours.stream_generate(
            "a fox", model="gpt-image-2", size=size, partial_images=3
        )
        async for event in stream:
            if isinstance(event, PartialImage):
                total += len(event.data)
            elif isinstance(event, CompletedImage):
                total += len(event.image.data)
        return total

    async def run_naive(self, size: str) -> int:
        body = {"prompt": "a fox", "model": "gpt-image-2", "size": size, "stream": True}
        total, buffer, start = 0, bytearray(), 0
        headers = {"authorization": f"Bearer {KEY}"}
        url = self.url + "/images/generations"
        async with self.http.stream("POST", url, json=body, headers=headers) as response:
            async for chunk in response.aiter_raw():
                buffer += chunk
                while (end := buffer.find(b"\n", start)) >= 0:
                    line = bytes(buffer[:end])
                    del buffer[: end + 1]
                    start = 0
                    if line.startswith(b"data: "):
                        total += len(base64.b64decode(json.loads(line[6:])["b64_json"]))
                start = len(buffer)
        return total

    async def run_sdk(self, size: str) -> int:
        total = 0
        stream = await self.sdk.images.generate(
            prompt="a fox",
            model="gpt-image-2",
            size=size,
            stream=True,
            partial_images=3,
        )
        async for event in stream:
            total += len(base64.b64decode(event.b64_json))
        return total


# -- measurements --------------------------------------------------------------------------------


async def cpu_ms(runs: dict[str, Run], size: str, rounds: int) -> dict[str, float]:
    """Median CPU milliseconds per request of each client, rounds interleaved."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():
        await run(size)  # warm-up: connections, imports, caches
    for _ in range(rounds):
        for name, run in runs.items():
            gc.collect()
            begin = time.process_time()
            await run(size)
            samples[name].append((time.process_time() - begin) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


async def peak_bytes(run: Run, size: str) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        await run(size)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def longest_stall_ms(run: Run, size: str) -> tuple[float, float]:
    """The longest gap between ticks of a 1 ms ticker while ``run`` streams: in wall time, and
    in this thread's CPU time (which leaves out the time the OS ran other processes instead)."""
    done = asyncio.Event()
    worst_wall = worst_cpu = 0.0

    async def ticker() -> None:
        nonlocal worst_wall, worst_cpu
        wall, cpu = time.perf_counter(), time.thread_time()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now_wall, now_cpu = time.perf_counter(), time.thread_time()
            worst_wall = max(worst_wall, now_wall - wall)
            worst_cpu = max(worst_cpu, now_cpu - cpu)
            wall, cpu = now_wall, now_cpu

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    await run(size)
    done.set()
    await task
    return worst_wall * 1000, worst_cpu * 1000


@dataclass(frozen=True)
class Row:
    payload: str
    size: str
    client: str
    cpu_ms: float
    x_naive: float
    x_sdk: float
    peak_x_image: float
    image_mb: float
    stall_ms: float
    stall_cpu_ms: float

    def line(self) -> str:
        return (
            f"{self.payload:<9} {self.size:<10} {self.client:<13} {self.cpu_ms:>10.1f}"
            f" {self.x_naive:>8.2f} {self.x_sdk:>6.2f} {self.peak_x_image:>7.2f}"
            f" ({self.image_mb:4.1f} MB) {self.stall_ms:>8.1f} {self.stall_cpu_ms:>8.1f}"
        )


async def measure(label: str, url: str, rounds: int) -> list[Row]:
    http = httpx.AsyncClient(timeout=httpx.Timeout(600, connect=5))
    clients = Clients(
        ImagesClient(api_key=KEY, base_url=url),
        http,
        AsyncOpenAI(base_url=url, api_key=KEY, max_retries=0),
        url,
    )
    rows = []
    for size in SIZES:
        image = (await clients.run_ours(size)) // 4
        cpu = await cpu_ms(
            clients.runs(), size, rounds if size == SIZES[0] else max(3, rounds // 3)
        )
        for name, run in clients.runs().items():
            peak = await peak_bytes(run, size)
            wall, stall_cpu = await longest_stall_ms(run, size)
            x_naive, x_sdk = cpu[name] / cpu["naive"], cpu[name] / cpu["openai"]
            memory = peak / image
            rows.append(
                Row(
                    label,
                    size,
                    name,
                    cpu[name],
                    x_naive,
                    x_sdk,
                    memory,
                    image / 1e6,
                    wall,
                    stall_cpu,
                )
            )
    await clients.ours.aclose()
    await http.aclose()
    await clients.sdk.close()
    return rows


def report(rows: list[Row]) -> bool:
    print(f"base64 decoder: {decoder_name()}")
    print(
        "payload   size       client        CPU ms/req  x naive  x SDK  peak (x image)"
        "     stall ms (wall, CPU)"
    )
    for row in rows:
        print(row.line())
    ours = [r for r in rows if r.payload == "photo" and r.client == "imagewidgets"]
    checks = [
        ("CPU <= 0.65x naive", all(r.x_naive <= 0.65 for r in ours)),
        ("CPU <= 0.40x SDK", all(r.x_sdk <= 0.40 for r in ours)),
        ("4K peak <= 4.5x image", ours[-1].peak_x_image <= 4.5),
        ("4K stall <= 20 ms (CPU)", ours[-1].stall_cpu_ms <= 20),
    ]
    for name, passed in checks:
        print(f"target {name}: {'met' if passed else 'MISSED'} (photo payloads)")
    return all(passed for _, passed in checks)


async def main(rounds: int) -> bool:
    rows: list[Row] = []
    for label, command in [
        ("photo", [sys.executable, __file__, "--serve"]),
        ("emulator", [sys.executable, "-m", "imagewidgets.emulator", "--port", "0", "--pace", "0"]),
    ]:
        process, url = start(command)
        try:
            rows += await measure(label, url, rounds)
        finally:
            process.terminate()
            process.wait()
    return report(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=9, help="timed requests per client (1024)")
    parser.add_argument("--decoder", choices=["pybase64", "binascii"], default="pybase64")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.decoder == "binascii":
        b64._fast_decode = None
    if arguments.serve:
        asyncio.run(serve())
    else:
        sys.exit(0 if asyncio.run(main(arguments.rounds)) else 1)
