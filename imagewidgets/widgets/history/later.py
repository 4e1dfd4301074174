"""Redraws computed off the event loop: the slow part in a worker thread, the traits on the loop.

A gallery page, a selected image, a spend line: each is computed from the store (reading the
index, decoding thumbnails) and then shown by setting traits. :class:`Later` runs the computing
in a worker thread when an event loop runs (a kernel), so streams and clicks never wait for it,
and applies the result on the loop, unless a newer redraw of the same kind was asked for
meanwhile (a search typed on, another image selected). Without a loop, or when asked to, it
does both at once.

Example:
    >>> shown = []
    >>> Later().soon("line", lambda: "3 runs", shown.append)   # no loop here: done at once
    >>> shown
    ['3 runs']
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["Later", "loop_running"]

T = TypeVar("T")


class Later:
    """Schedules redraws; :meth:`settled` waits for those asked for so far."""

    def __init__(self) -> None:
        self._asked: dict[str, int] = {}
        self._tasks: set[asyncio.Future[Any]] = set()

    def soon(
        self, what: str, compute: Callable[[], T], apply: Callable[[T], object], *,
        now: bool = False,
    ) -> asyncio.Future[None] | None:  # fmt: skip
        """``apply(compute())``, computed in a worker thread when a loop runs (the returned
        future, held until done); at once when ``now`` or when no loop runs."""
        if now or not loop_running():
            apply(compute())
            return None
        task = asyncio.ensure_future(self._run(what, compute, apply))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def settled(self) -> None:
        """Wait until every redraw asked for so far is shown."""
        while self._tasks:
            await asyncio.gather(*self._tasks)

    async def _run(self, what: str, compute: Callable[[], T], apply: Callable[[T], object]) -> None:
        asked = self._asked[what] = self._asked.get(what, 0) + 1
        result = await asyncio.to_thread(compute)
        if self._asked[what] == asked:
            apply(result)


def loop_running() -> bool:
    """Whether this thread runs an event loop (a kernel's cell does; a script does not)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
