"""Runs: tasks held until they end, cancellable, at most four at once, the rest waiting visibly."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from imagewidgets.api.errors import RateLimitError
from imagewidgets.api.results import GeneratedImage, Usage
from imagewidgets.api.retry import RetryNotice
from imagewidgets.widgets.runs.queue import Run, RunQueue
from imagewidgets.widgets.runs.status import done_text, streaming_text, waiting_text


def image(index: int = 0, usage: Usage | None = None) -> GeneratedImage:
    return GeneratedImage(
        data=b"png",
        format="png",
        width=8,
        height=8,
        model="gpt-image-2",
        prompt="a fox",
        index=index,
        usage=usage,
    )


class Gate:
    """Work that runs until the test opens its gate, recording when it started."""

    def __init__(self) -> None:
        self.opened = asyncio.Event()
        self.started = asyncio.Event()

    async def __call__(self, run: Run) -> Sequence[GeneratedImage]:
        self.started.set()
        await self.opened.wait()
        return [image(run.number)]


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_a_run_reports_its_result_and_status() -> None:
    queue = RunQueue(tick=0)
    used = Usage(input_tokens=50, output_tokens=1184, total_tokens=1234)

    async def work(run: Run) -> Sequence[GeneratedImage]:
        run.progress(1, 3)
        assert run.status.startswith("streaming · frame 1 of 3 · ")
        return [image(usage=used)]

    run = queue.submit(work, label="Run 1")
    images = await run
    assert run.state == "done"
    assert [found.index for found in images] == [0]
    assert run.status.startswith("done · 1 image · 1,234 tokens (50 in, 1,184 out) · ")
    assert run.card is None
    assert queue.runs == ()


async def test_at_most_four_run_and_the_rest_wait_in_line_visibly() -> None:
    queue = RunQueue(limit=4, tick=0)
    gates = [Gate() for _ in range(6)]
    runs = [queue.submit(gate) for gate in gates]
    await settle()
    assert [run.state for run in runs] == ["running"] * 4 + ["waiting"] * 2
    assert runs[4].status == waiting_text(0, 4) == "waiting · next in line (4 runs at once)"
    assert runs[5].status == "waiting · 1 ahead in line (4 runs at once)"
    assert queue.runs == tuple(runs)
    gates[1].opened.set()
    await settle()
    assert runs[1].state == "done"
    assert runs[4].state == "running"
    assert runs[5].status == "waiting · next in line (4 runs at once)"
    for gate in gates:
        gate.opened.set()
    results = [await run for run in runs]
    assert [found[0].index for found in results] == [1, 2, 3, 4, 5, 6]
    assert queue.runs == ()


async def test_cancelling_a_waiting_run_moves_the_line_on() -> None:
    queue = RunQueue(limit=1, tick=0)
    gates = [Gate() for _ in range(3)]
    runs = [queue.submit(gate) for gate in gates]
    await settle()
    assert runs[1].cancel()
    await settle()
    assert runs[1].state == "cancelled"
    assert runs[1].status == "cancelled after 0.0 s"
    assert runs[2].status == "waiting · next in line (1 runs at once)"
    gates[0].opened.set()
    gates[2].opened.set()
    assert len(await runs[2]) == 1
    assert not gates[1].started.is_set()


async def test_cancelling_a_running_run_stops_its_work_and_frees_the_slot() -> None:
    queue = RunQueue(limit=1, tick=0)
    first, second = Gate(), Gate()
    running = queue.submit(first)
    waiting = queue.submit(second)
    await first.started.wait()
    assert queue.cancel_all() == 2
    with pytest.raises(asyncio.CancelledError):
        await running
    assert running.state == waiting.state == "cancelled"
    assert not running.cancel()
    third = Gate()
    third.opened.set()
    assert len(await queue.submit(third)) == 1


async def test_a_failure_becomes_an_error_card_and_is_raised_to_awaiters() -> None:
    queue = RunQueue(tick=0)

    async def work(run: Run) -> Sequence[GeneratedImage]:
        raise RateLimitError("slow down", status=429, request_id="req_9")

    run = queue.submit(work)
    with pytest.raises(RateLimitError):
        await run
    assert run.state == "failed"
    assert run.status.startswith("failed after ")
    assert run.card is not None
    assert run.card.title == "rate limited"
    assert run.card.request_id == "req_9"


async def test_a_retry_shows_a_warning_until_frames_arrive() -> None:
    queue = RunQueue(tick=0)
    seen: list[str] = []
    proceed = asyncio.Event()

    async def work(run: Run) -> Sequence[GeneratedImage]:
        error = RateLimitError("slow down", status=429, headers={"retry-after": "12"})
        run.retrying(RetryNotice(attempt=1, delay=12.0, error=error))
        await proceed.wait()
        run.progress(1, 1)
        return []

    run = queue.submit(work)
    run.observe(lambda change: seen.append(change["new"]), "status")
    await settle()
    assert run.status == "rate limited: retrying in 12 s"
    assert getattr(run.card, "kind", None) == "warning"
    proceed.set()
    await run
    assert run.card is None
    assert seen[-2].startswith("streaming · frame 1 of 1")
    assert seen[-1].startswith("done · 0 images")


async def test_the_status_line_ticks_while_waiting_for_the_first_frame() -> None:
    queue = RunQueue(tick=0.01)
    now = [100.0]
    gate = Gate()
    run = queue.submit(gate)
    run._clock = lambda: now[0]
    await gate.started.wait()
    now[0] += 2.5
    ticked = asyncio.Event()
    run.observe(lambda change: ticked.set(), "status")
    await ticked.wait()
    assert run.status == "sending · 2.5 s"
    gate.opened.set()
    await run


async def test_the_queue_holds_a_strong_reference_to_each_task() -> None:
    queue = RunQueue(tick=0)
    gate = Gate()
    run = queue.submit(gate)
    assert run.task is not None
    assert queue.runs == (run,)
    del run
    import gc

    gc.collect()
    assert queue.runs[0].task is not None
    assert not queue.runs[0].task.done()
    gate.opened.set()
    await queue.runs[0]


def test_runs_need_a_running_loop() -> None:
    async def work(run: Run) -> Sequence[GeneratedImage]:
        return []

    with pytest.raises(RuntimeError, match="running event loop"):
        RunQueue().submit(work)


def test_status_words() -> None:
    assert streaming_text(2, 3, 4.06) == "streaming · frame 2 of 3 · 4.1 s"
    from imagewidgets.api.results import ImageList

    assert done_text(ImageList([image(), image(1)]), 3.0) == "done · 2 images · 3.0 s"


async def test_a_cancel_swallowed_by_a_library_still_stops_the_run() -> None:
    queue = RunQueue(tick=0)
    swallowed = asyncio.Event()

    async def stubborn(run: Run) -> Sequence[GeneratedImage]:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            swallowed.set()  # as asyncio.wait_for may do on Python < 3.12
        return [image()]

    run = queue.submit(stubborn)
    await settle()
    assert run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    assert swallowed.is_set()
    assert run.state == "cancelled"
    assert run.results == []
