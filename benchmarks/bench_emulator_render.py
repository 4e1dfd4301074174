"""What one streamed 1024x1024 emulator image costs in CPU: drawing, 3 partial frames, encoding.

Measures the emulator's whole per-image work for ``stream=true, partial_images=3`` (the picture,
the three coarse-to-fine frames, PNG encoding of all four, base64 and the SSE events) in CPU
time, median of ``ROUNDS`` after a warm-up, against the 150 ms budget. Side by side it measures a
machine reference, a plain ``PIL`` PNG save of one 1024x1024 RGB picture, and reports the render
as a multiple of it (a ratio that holds on faster or slower machines), plus the cost of the other
output formats and of a whole in-process HTTP stream (``StreamingASGITransport``, pace 0).

Run: ``.venv/bin/python benchmarks/bench_emulator_render.py`` (exit status 1 when over budget).
"""

from __future__ import annotations

import asyncio
import base64
import io
import statistics
import sys
import time
from collections.abc import Callable

import httpx
from PIL import Image

from imagewidgets.emulator import EmulatorConfig, StreamingASGITransport, create_app
from imagewidgets.emulator.parsing import Body
from imagewidgets.emulator.pictures import render_image
from imagewidgets.emulator.plan import Plan, make_plan
from imagewidgets.emulator.sse import sse_event
from imagewidgets.emulator.wire import stream_event

BUDGET_MS = 150.0
ROUNDS = 15
PROMPT = "a cozy house by the mountains at night with stars, watercolor"


def cpu_ms(work: Callable[[], object], rounds: int = ROUNDS) -> float:
    """Median CPU milliseconds of ``work`` over ``rounds`` runs, after one warm-up run."""
    work()
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        work()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def plan_for(**params: object) -> Plan:
    body = {"prompt": PROMPT, "model": "gpt-image-2.6-flare", "size": "1024x1024", **params}
    return make_plan("generate", Body(body))


def stream_work(plan: Plan) -> Callable[[], object]:
    """Everything the emulator does for one streamed image, short of the socket."""

    def work() -> list[bytes]:
        rendered = render_image(plan, 0)
        frames = [*rendered.partials, rendered.final]
        events = []
        for number, data in enumerate(frames):
            partial = None if number == len(frames) - 1 else number
            event = stream_event(plan, base64.b64encode(data).decode(), partial=partial)
            events.append(sse_event(event["type"], event))
        return events

    return work


def reference_png() -> Callable[[], object]:
    picture = Image.radial_gradient("L").resize((1024, 1024)).convert("RGB")

    def work() -> bytes:
        buffer = io.BytesIO()
        picture.save(buffer, "PNG")
        return buffer.getvalue()

    return work


def http_stream() -> Callable[[], object]:
    request = {"prompt": PROMPT, "model": "gpt-image-2", "stream": True, "partial_images": 3}

    async def once() -> int:
        transport = StreamingASGITransport(create_app(EmulatorConfig(pace=0)))
        headers = {"Authorization": "Bearer bench"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://e/v1", headers=headers
        ) as client:
            response = await client.post("/images/generations", json=request)
            return len(response.content)

    return lambda: asyncio.run(once())


VARIANTS: list[tuple[str, dict[str, object]]] = [
    ("1024x1024 png, no partials", {"stream": True}),
    ("1024x1024 jpeg, 3 partials", {"stream": True, "partial_images": 3, "output_format": "jpeg"}),
    ("1024x1024 webp, 3 partials", {"stream": True, "partial_images": 3, "output_format": "webp"}),
    ("1536x1024 png, 3 partials", {"stream": True, "partial_images": 3, "size": "1536x1024"}),
]


def main() -> int:
    budgeted = cpu_ms(stream_work(plan_for(stream=True, partial_images=3)))
    reference = cpu_ms(reference_png())
    rows = [("1024x1024 png, 3 partials (budgeted)", budgeted)]
    rows += [(label, cpu_ms(stream_work(plan_for(**params)))) for label, params in VARIANTS]
    rows.append(("whole HTTP stream in-process, png, 3 partials", cpu_ms(http_stream(), rounds=7)))
    rows.append(("reference: one PIL PNG save, 1024x1024 RGB", reference))
    for label, value in rows:
        print(f"{label:<48} {value:8.1f} ms CPU  ({value / reference:4.1f}x reference)")
    verdict = "within" if budgeted <= BUDGET_MS else "OVER"
    share = f"{budgeted / BUDGET_MS:.0%} of {BUDGET_MS:.0f} ms"
    print(f"budgeted render: {budgeted:.1f} ms CPU = {share} ({verdict} budget)")
    return 0 if budgeted <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
