"""From the emulator sending a 1024x1024 frame to the browser painting it, in real JupyterLab.

Starts JupyterLab 4 (the browser tests' harness: free loopback port, fresh environment) and Debian's
Chromium, opens a notebook whose Studio talks to the project's emulator through the in-process
streaming transport, and presses Generate ``--runs`` times (1024x1024, 3 partial frames + the
final image each, ``--pace`` seconds apart). Two clocks, both wall time on this machine:

- the kernel notes when the emulator hands the last byte of each image event to the transport
  (an ASGI wrapper around the emulator app: the moment the frame is *sent*);
- the page notes, for every image the preview shows, when its ``src`` changed and when it was
  decoded and painted (``tests/browser/frame_recorder.js``: after the next animation frame).

The n-th event sent in a run is matched with the n-th frame the run's preview showed. Reported:
median, 90th percentile and worst of sent -> painted, split into sent -> shown in the page
(kernel, comm, websocket) and shown -> painted (decode, paint), over every run but the first
(warm-up). Target: median under 150 ms; exit status 1 when missed.

Run: ``.venv/bin/python benchmarks/bench_browser_latency.py [--runs 12] [--pace 0.4]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.harness import FRAME_RECORDER, launch_chromium, write_notebook
from tests.browser.notebook_page import NotebookPage
from tests.browser.servers import JupyterServer

TARGET_MS = 150.0
FRAMES_PER_RUN = 4  # 3 partial frames and the final image

NOTEBOOK = """\
import time

import httpx

import imagewidgets as iw
from imagewidgets.emulator import EmulatorConfig, StreamingASGITransport, create_app

SENT = []  # (wall time, kind) of each image event, when its last byte left the emulator


class SendTimes:
    \"\"\"ASGI wrapper: note when each image event is complete and handed to the transport.\"\"\"

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        pending = b""

        async def timed(message):
            nonlocal pending
            if message["type"] == "http.response.body":
                pending += message.get("body", b"")
                while b"\\n\\n" in pending:
                    event, pending = pending.split(b"\\n\\n", 1)
                    if b"image_generation." in event:
                        kind = "final" if b"image_generation.completed" in event else "partial"
                        SENT.append((time.time(), kind))
            await send(message)

        await self.app(scope, receive, timed)


app = SendTimes(create_app(EmulatorConfig(pace={pace})))
http = httpx.AsyncClient(transport=StreamingASGITransport(app), timeout=120)
client = iw.ImagesClient(
    api_key="emulator", base_url="http://emulator.invalid/v1", http_client=http
)
studio = iw.Studio("a lighthouse at dusk, oil painting", client=client, size="1024x1024",
                   quality="medium", partial_images=3)
studio
"""


def measure(runs: int, pace: float) -> list[dict[str, float]]:
    """Generate ``runs`` times in JupyterLab; one row per matched frame (times in ms)."""
    with tempfile.TemporaryDirectory(prefix="iw-latency-") as tmp:
        root = Path(tmp) / "notebooks"
        root.mkdir()
        write_notebook(root, "latency.ipynb", [NOTEBOOK.format(pace=pace)])
        with (
            JupyterServer.running("lab", root, Path(tmp) / "home") as server,
            sync_playwright() as playwright,
        ):
            browser = launch_chromium(playwright)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.add_init_script(path=str(FRAME_RECORDER))
                notebook = NotebookPage(page, server)
                notebook.open("latency.ipynb")
                notebook.run_all()
                for run in range(1, runs + 1):
                    generate(notebook, run)
                page.wait_for_timeout(500)
                return match(notebook.value("SENT"), notebook, runs)
            finally:
                browser.close()


def generate(notebook: NotebookPage, run: int) -> None:
    """Press Generate and wait until run ``run`` shows its final image."""
    notebook.widget("button", "Generate").click()
    region = notebook.page.get_by_role("region", name=f"Generation run {run}")
    region.locator(".iw-cell[data-state='final']").wait_for(timeout=120_000)


def match(sent: list[list[Any]], notebook: NotebookPage, runs: int) -> list[dict[str, float]]:
    """Pair the n-th event sent in each run with the n-th frame its preview showed."""
    rows = []
    for run in range(2, runs + 1):  # run 1 warms up
        shown = notebook.frames(f"Generation run {run}")
        events = sent[(run - 1) * FRAMES_PER_RUN : run * FRAMES_PER_RUN]
        if len(shown) != len(events):
            print(f"run {run}: {len(events)} frames sent, {len(shown)} shown: left out")
            continue
        for (sent_at, kind), frame in zip(events, shown, strict=True):
            if frame.get("painted") is None:
                continue
            sent_ms = sent_at * 1000
            rows.append(
                {
                    "final": float(kind == "final"),
                    "shown": frame["seen"] - sent_ms,
                    "painted": frame["painted"] - sent_ms,
                    "paint": frame["painted"] - frame["seen"],
                }
            )
    return rows


def report(rows: list[dict[str, float]]) -> bool:
    """Print the distribution of each interval; whether the target is met."""
    if not rows:
        print("no frame could be matched")
        return False
    print(f"{len(rows)} frames of 1024x1024 images (partial and final), warm-up run left out")
    print(f"{'interval':34} {'median':>8} {'p90':>8} {'worst':>8}")
    for key, name in [
        ("shown", "sent -> shown in the page"),
        ("paint", "shown -> painted"),
        ("painted", "sent -> painted"),
    ]:
        values = sorted(row[key] for row in rows)
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        print(f"{name:34} {statistics.median(values):7.1f}  {p90:7.1f}  {values[-1]:7.1f}  ms")
    median = statistics.median(row["painted"] for row in rows)
    met = median < TARGET_MS
    print(f"median sent -> painted: {median:.1f} ms (target < {TARGET_MS:.0f} ms): ", end="")
    print("met" if met else "MISSED")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12, help="Generate presses (first is warm-up)")
    parser.add_argument("--pace", type=float, default=0.4, help="seconds between frames")
    args = parser.parse_args()
    return 0 if report(measure(args.runs, args.pace)) else 1


if __name__ == "__main__":
    sys.exit(main())
