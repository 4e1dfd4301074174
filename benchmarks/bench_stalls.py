"""Nothing stalls the notebook: ten 8 MB PNG streams in a Studio, with a Gallery open.

A Studio with ten slots (``max_concurrent=10``) streams ten images at once, each a 8 MB PNG (two
partial frames of 8 MB, then the final image), from a fake service behind ``httpx.MockTransport``
that sends the bytes in 64 kB pieces as a network would; a Gallery of the same store is open
(and the Studio's own history, spend line and static sheet). Every callback of the event loop
is timed (:mod:`loop_clock`): the longest one is the longest the kernel could not answer a
click or paint a frame. Target: no stall over 50 ms. Where long callbacks were seen is printed,
with the loop's own CPU time (a machine busy with other work stretches wall-clock stalls; run
it on a quiet machine: the load average is printed).

Run: ``.venv/bin/python benchmarks/bench_stalls.py`` (exit status 1 when over the target).
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loop_clock import LoopClock

from imagewidgets.api.client import ImagesClient
from imagewidgets.store import Store
from imagewidgets.widgets.gallery import Gallery
from imagewidgets.widgets.studio import Studio

TARGET_S = 0.050
STREAMS = 10
SIDE = 1664  # 1664 x 1664 x 3 bytes of noise, stored: an 8.3 MB PNG
PIECE = 65536
PACE_S = 0.002  # between pieces: about 30 MB/s per stream


def noise_png(seed: int) -> bytes:
    pixels = random.Random(seed).randbytes(SIDE * SIDE * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (SIDE, SIDE), pixels).save(buffer, format="PNG", compress_level=0)
    return buffer.getvalue()


def sse(kind: str, png: bytes, **extra: object) -> bytes:
    data = {"type": f"image_generation.{kind}", "b64_json": base64.b64encode(png).decode(),
            "created_at": int(time.time()), "size": f"{SIDE}x{SIDE}", "quality": "high",
            "background": "opaque", "output_format": "png", **extra}  # fmt: skip
    return f"event: image_generation.{kind}\ndata: {json.dumps(data)}\n\n".encode()


def bodies() -> list[bytes]:
    """One SSE body per stream: two partial frames and the final image, all 8 MB PNGs."""
    usage = {"input_tokens": 20, "output_tokens": 6240, "total_tokens": 6260,
             "input_tokens_details": {"text_tokens": 20, "image_tokens": 0}}  # fmt: skip
    pictures = [noise_png(seed) for seed in range(STREAMS + 2)]
    made = []
    for number in range(STREAMS):
        events = [sse("partial_image", pictures[(number + k) % len(pictures)],
                      partial_image_index=k) for k in (1, 2)]  # fmt: skip
        events.append(sse("completed", pictures[number], usage=usage))
        made.append(b"".join(events))
    return made


def client_for(streams: list[bytes]) -> ImagesClient:
    waiting = list(streams)

    async def paced(body: bytes) -> AsyncIterator[bytes]:
        for start in range(0, len(body), PIECE):
            await asyncio.sleep(PACE_S)
            yield body[start : start + PIECE]

    async def answer(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "text/event-stream", "x-request-id": f"req_{len(waiting)}"}
        return httpx.Response(200, headers=headers, content=paced(waiting.pop()))

    transport = httpx.AsyncClient(transport=httpx.MockTransport(answer), timeout=600)
    return ImagesClient("sk-bench", base_url="https://bench.invalid/v1", http_client=transport)


async def run(folder: Path, streams: list[bytes]) -> tuple[LoopClock, float, int]:
    store = Store(folder)
    studio = Studio("ten large images", client=client_for(streams), store=store,
                    max_concurrent=STREAMS, model="gpt-image-2", quality="high",
                    size="auto", partial_images=2)  # fmt: skip
    gallery = Gallery(store)
    await asyncio.sleep(0)
    started = time.perf_counter()
    with LoopClock() as clock:
        runs = [studio._start_generate() for _ in range(STREAMS)]
        results = await asyncio.gather(*runs)
        await gallery.updated()
    assert gallery.total == STREAMS, gallery.total
    return clock, time.perf_counter() - started, sum(len(images) for images in results)


def main() -> int:
    print(f"making {STREAMS} streams of three {SIDE}x{SIDE} PNG frames ...", flush=True)
    streams = bodies()
    size = len(streams[0]) / 3 / 1e6
    with tempfile.TemporaryDirectory() as folder:
        clock, seconds, images = asyncio.run(run(Path(folder), streams))
    print(f"{images} images of about {size * 3 / 4:.1f} MB (base64 {size:.1f} MB), {seconds:.1f} s")
    print(f"  longest stall on the event loop: {clock.longest * 1000:6.1f} ms "
          f"(target {TARGET_S * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores)")  # fmt: skip
    print(
        f"  of which the loop's own CPU time: {clock.longest_cpu * 1000:5.1f} ms at most "
        "(the rest is waiting for a core or the GIL)"
    )
    over = sorted((d for d in clock.durations if d > TARGET_S), reverse=True)
    print(f"  callbacks over the target: {len(over)}; loop busy {clock.busy:.2f} s in all")
    if clock.samples:
        print("  where the loop was seen in long callbacks:\n" + clock.report())
    if clock.beside:
        seen = "\n".join(f"{n:5d}  {where}" for where, n in clock.beside.most_common(5))
        print("  where worker threads were meanwhile:\n" + seen)
    print("  OVER TARGET" if over else "  within target")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
