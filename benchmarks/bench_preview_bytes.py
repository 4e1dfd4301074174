"""How many image bytes one streamed run sends to the browser, per distinct frame byte.

A run with ``n=4`` images and 3 partial frames each (1024x1024, the offline emulator) streams into
an :class:`~imagewidgets.ImagePreview` exactly as the Studio does (``show_stream``). Every widget
model gets a fake comm that keeps the binary buffers the kernel sends (opening states included).
The figure is the bytes of all those buffers divided by the bytes of the distinct ones (each cell
frame and each filmstrip thumbnail counted once): 1.0x means each frame is sent once.

When ``frames`` and ``filmstrip`` were ``List(Bytes())`` traits, every new frame resent every cell
and the whole filmstrip (measured in issue 10: 4.0 MB for 0.9 MB of distinct frames, 4.5x).
Target: 1.0x.

Run: ``.venv/bin/python benchmarks/bench_preview_bytes.py`` (exit status 1 above target).
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import comm

from imagewidgets.api.client import ImagesClient
from imagewidgets.emulator import EmulatorConfig
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.runs.queue import Run, RunQueue
from imagewidgets.widgets.runs.streaming import follow, show_stream
from tests.support.widgets import RecordingComm

N, PARTIALS, TARGET = 4, 3, 1.0
MB = 1024 * 1024


def buffers(opened: list[RecordingComm]) -> list[bytes]:
    """Every binary buffer the kernel sent, opening states included."""
    found = [bytes(b) for c in opened for b in c.opened.get("buffers") or []]
    return found + [bytes(b) for c in opened for _, sent in c.sent for b in sent]


async def one_run() -> tuple[int, int]:
    """(bytes sent in buffers, bytes of the distinct frames among them) of one streamed run."""
    opened: list[RecordingComm] = []

    def create_comm(**kwargs: Any) -> RecordingComm:
        opened.append(RecordingComm(**kwargs))
        return opened[-1]

    comm.create_comm = create_comm  # type: ignore[assignment]  # a stand-in front end
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        preview = ImagePreview(N, size="1024x1024")
        events = client.stream_generate(
            "a lighthouse at dusk", model="gpt-image-2.6-flare", n=N, partial_images=PARTIALS
        )

        async def work(run: Run) -> Any:
            return await show_stream(events, preview, run, n=N, partials=PARTIALS)

        run = RunQueue(tick=0).submit(work)
        follow(preview, run)
        await run
    sent = buffers(opened)
    return sum(map(len, sent)), sum(map(len, set(sent)))


def main() -> int:
    sent, distinct = asyncio.run(one_run())
    ratio = sent / distinct
    print(f"n={N}, {PARTIALS} partial frames, 1024x1024: {N * (PARTIALS + 1)} cell frames")
    print(f"bytes sent to the browser:  {sent / MB:6.2f} MB")
    print(f"distinct frame bytes:       {distinct / MB:6.2f} MB")
    print(f"sent / distinct:            {ratio:6.2f}x (target {TARGET:.1f}x)")
    return 0 if ratio <= TARGET + 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
