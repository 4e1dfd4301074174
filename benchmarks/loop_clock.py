"""Measure what runs on an asyncio event loop: every callback's duration, and where long ones are.

``LoopClock`` wraps ``asyncio.Handle._run`` (every callback, task step and timer goes through
it) to time each one on the loop; a watchdog thread samples the loop thread's stack while a
callback runs longer than ``sample_after`` seconds, so a stall report names the code that
stalled. Shared by the store and stall benchmarks.

Example::

    with LoopClock() as clock:
        await work()
    print(clock.longest, clock.busy, clock.report())
"""

from __future__ import annotations

import asyncio
import collections
import sys
import threading
import time
import traceback
from typing import Any

__all__ = ["LoopClock"]


class LoopClock:
    """Times the callbacks of the event loop while it is entered (one loop thread: the loops
    that worker threads run of their own, ``asyncio.run`` in ``to_thread``, are not counted)."""

    def __init__(self, sample_after: float = 0.02) -> None:
        self.durations: list[float] = []
        self.cpu: list[float] = []
        """The loop thread's own CPU time in each callback (without waiting for the GIL or for
        a core: what the code itself costs, whatever else the machine runs)."""
        self.sample_after = sample_after
        self.samples: collections.Counter[str] = collections.Counter()
        self.beside: collections.Counter[str] = collections.Counter()
        """Where the other threads were while the loop was in a long callback."""
        self._running_since: float | None = None
        self._thread_id = threading.get_ident()
        self._stop = threading.Event()
        self._original: Any = None

    @property
    def longest(self) -> float:
        """The longest time the loop spent in one callback (seconds)."""
        return max(self.durations, default=0.0)

    @property
    def busy(self) -> float:
        """The time the loop spent running callbacks in all (seconds)."""
        return sum(self.durations)

    @property
    def longest_cpu(self) -> float:
        """The most CPU time the loop thread spent in one callback (seconds)."""
        return max(self.cpu, default=0.0)

    def reset(self) -> None:
        """Forget what was measured so far."""
        self.durations.clear()
        self.cpu.clear()
        self.samples.clear()

    def report(self, top: int = 5) -> str:
        """Where the loop was seen stuck, most often first."""
        return "\n".join(f"{count:5d}  {where}" for where, count in self.samples.most_common(top))

    def __enter__(self) -> LoopClock:
        self._thread_id = threading.get_ident()
        self._original = asyncio.events.Handle._run
        clock = self

        def timed(handle: asyncio.Handle) -> None:
            if threading.get_ident() != clock._thread_id:  # a worker thread's own loop
                clock._original(handle)
                return
            start = clock._running_since = time.perf_counter()
            cpu = time.thread_time()
            try:
                clock._original(handle)
            finally:
                clock._running_since = None
                clock.durations.append(time.perf_counter() - start)
                clock.cpu.append(time.thread_time() - cpu)

        asyncio.events.Handle._run = timed  # type: ignore[method-assign, assignment]
        threading.Thread(target=self._watch, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        asyncio.events.Handle._run = self._original  # type: ignore[method-assign]
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            since = self._running_since
            if since is None or time.perf_counter() - since < self.sample_after:
                continue
            frames = sys._current_frames()
            if self._thread_id in frames:
                self.samples[_where(frames.pop(self._thread_id))] += 1
            for frame in frames.values():  # what the worker threads do meanwhile
                where = _where(frame)
                if "imagewidgets" in where:
                    self.beside[where] += 1


def _where(frame: Any) -> str:
    """The innermost frames of the package (or else the innermost frames), one line."""
    stack = traceback.extract_stack(frame)
    ours = [f for f in stack if "imagewidgets" in f.filename] or stack
    return " <- ".join(f"{f.filename.split('/')[-1]}:{f.lineno} {f.name}" for f in ours[-3:][::-1])
