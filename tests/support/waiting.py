"""Waiting in async tests for something that happens on the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def until(check: Callable[[], bool], timeout: float = 20.0, step: float = 0.01) -> None:
    """Return once ``check()`` is true; fail after ``timeout`` seconds."""
    for _ in range(int(timeout / step)):
        if check():
            return
        await asyncio.sleep(step)
    raise AssertionError(f"still not true after {timeout} s: {check}")
