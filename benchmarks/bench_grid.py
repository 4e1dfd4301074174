"""A grid at scale: 100 live cells with the kernel responsive, and a 1,000-line batch.

1. Live: a 10 x 10 ``iw.Grid`` at n=1 (100 requests, one partial frame each) against the
   in-process emulator, four cells at once. Every callback of the event loop is timed
   (:mod:`loop_clock`): the longest is the longest the kernel could not answer a click. Every
   widget model gets a recording comm (a stand-in browser): the bytes sent are counted, binary
   buffers (thumbnails) and JSON state apart, and the largest buffer shows that only thumbnails
   travel. Targets: no callback of the loop takes over 50 ms of its own CPU time (on a shared
   machine the wall-clock stall, printed beside it, also counts waiting for a core or the GIL
   while the emulator renders in threads); no buffer over 64 kB.
2. Batch: a 1,000-cell grid (40 x 25) in batch mode: the JSONL is built and uploaded, the batch
   polled until the emulator has answered every line, the results decoded, stored and laid out
   (the view holds one window of 100 cells). Each step is timed, and the longest stall shown.

Run: ``.venv/bin/python benchmarks/bench_grid.py [--batch-cells 1000]`` (exit status 1 over a
target). The batch part renders every image in the emulator: about a minute for 1,000.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import comm

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loop_clock import LoopClock

import imagewidgets as iw
from tests.support.widgets import RecordingComm

STALL_TARGET_S = 0.050
BUFFER_TARGET = 64 * 1024


def record_comms() -> list[RecordingComm]:
    """Give every widget model made from now on a recording comm; the list of them."""
    opened: list[RecordingComm] = []

    def create_comm(**kwargs: Any) -> RecordingComm:
        opened.append(RecordingComm(**kwargs))
        return opened[-1]

    comm.create_comm = create_comm  # type: ignore[assignment]
    return opened


def sent_bytes(opened: list[RecordingComm]) -> tuple[int, int, int]:
    """(binary buffer bytes, JSON bytes, largest buffer) the kernel sent, opening states too."""
    buffers = [bytes(b) for c in opened for b in c.opened.get("buffers") or []]
    buffers += [bytes(b) for c in opened for _, sent in c.sent for b in sent]
    texts = [json.dumps(c.opened.get("data"), default=str) for c in opened]
    texts += [json.dumps(data, default=str) for c in opened for data, _ in c.sent]
    return sum(map(len, buffers)), sum(map(len, texts)), max(map(len, buffers), default=0)


async def live(folder: Path) -> tuple[LoopClock, float, int]:
    config = iw.EmulatorConfig(pace=0.02)
    async with iw.ImagesClient(offline=True, emulator=config) as client:
        grid = iw.Grid("a {thing} in {style}", thing=[f"thing {k}" for k in range(10)],
                       style=[f"style {k}" for k in range(10)], quality="low",
                       store=iw.Store(folder), client=client, partial_images=1)  # fmt: skip
        await asyncio.sleep(0)
        started = time.perf_counter()
        with LoopClock() as clock:
            results = await grid.run()
        return clock, time.perf_counter() - started, len(results)


async def batch(folder: Path, cells: int) -> tuple[LoopClock, dict[str, float], int, int]:
    columns = 25 if cells >= 25 else cells
    config = iw.EmulatorConfig(pace=0, batch_seconds=2.0)
    steps: dict[str, float] = {}
    async with iw.ImagesClient(offline=True, emulator=config) as client:
        things = [f"thing {k}" for k in range(cells // columns)]
        grid = iw.Grid("a {thing} in {style}", thing=things, quality="low", mode="batch",
                       style=[f"style {k}" for k in range(columns)], store=iw.Store(folder),
                       client=client, poll=0.5)  # fmt: skip
        shown: list[float] = []
        grid.view.observe(lambda _: shown.append(time.perf_counter()), "progress")
        started = time.perf_counter()
        with LoopClock() as clock:
            results = await grid.run()
        ended = time.perf_counter()
        steps["built and uploaded, first look"] = (shown[0] if shown else ended) - started
        steps["polled until answered"] = (shown[-1] if shown else ended) - started
        steps["in all (collected, stored, laid out)"] = ended - started
        return clock, steps, len(results), len(grid.view.cells)


def stall_lines(clock: LoopClock) -> list[str]:
    target = f"target {STALL_TARGET_S * 1000:.0f} ms"
    lines = [f"  longest stall on the event loop: {clock.longest * 1000:6.1f} ms "
             f"(its own CPU {clock.longest_cpu * 1000:5.1f} ms: {target})"]  # fmt: skip
    if clock.samples:
        lines.append("  where the loop was seen in long callbacks:\n" + clock.report())
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch-cells", type=int, default=1000)
    cells = parser.parse_args().batch_cells
    opened = record_comms()
    over = False
    with tempfile.TemporaryDirectory() as folder:
        clock, seconds, made = asyncio.run(live(Path(folder) / "live"))
        buffers, texts, largest = sent_bytes(opened)
        print(f"live 10 x 10: {made} cells with images in {seconds:.1f} s")
        print("\n".join(stall_lines(clock)))
        print(f"  sent to the browser: {buffers / 1e6:.2f} MB in buffers (thumbnails), "
              f"{texts / 1e6:.2f} MB of JSON state; largest buffer {largest / 1024:.0f} kB "
              f"(target {BUFFER_TARGET // 1024} kB)")  # fmt: skip
        over |= clock.longest_cpu > STALL_TARGET_S or largest > BUFFER_TARGET or made != 100
        clock, steps, made, window = asyncio.run(batch(Path(folder) / "batch", cells))
        print(f"batch of {cells} lines: {made} cells with images; the view holds {window} cells")
        for step, taken in steps.items():
            print(f"  {step}: {taken:.1f} s")
        print("\n".join(stall_lines(clock)))
        over |= clock.longest_cpu > STALL_TARGET_S or made != cells or window > 100
    print("  OVER TARGET" if over else "  within targets")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
