"""When to retry a failed request and how long to wait: exactly what the official SDK does.

- Up to ``max_retries`` (2) retries, on connection errors, time-outs, 408, 409, 429 and 5xx;
  never on other statuses (400, 401, 403, 404, 422, ...). A stream is never sent again once its
  headers came (the service answered and may bill it), even when it breaks before its first
  event; a non-streaming answer whose body breaks is retried (the SDK reads it before it counts).
- ``x-should-retry: true|false`` overrides the status rule.
- ``retry-after-ms``, then ``retry-after`` (seconds or an HTTP date) is honoured when it is
  between 0 and 120 s; a longer wait means no retry at all.
- Otherwise wait ``min(0.5 * 2**n, 8) * (1 - 0.25 * random())`` seconds, n = retries made so far.

``sleep``, ``random`` and ``clock`` are injectable so tests can run the schedule on a fake clock.

Example:
    >>> policy = RetryPolicy(random=lambda: 0.0)
    >>> [policy.delay(n, 503, {}) for n in range(3)]
    [0.5, 1.0, None]
    >>> policy.delay(0, 429, {"retry-after": "7"})
    7.0
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import random as _random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

__all__ = ["MAX_RETRY_AFTER", "RetryNotice", "RetryPolicy", "parse_retry_after"]

MAX_RETRY_AFTER = 120.0
"""A server-requested wait longer than this (seconds) means: do not retry."""

INITIAL_DELAY = 0.5
MAX_DELAY = 8.0
_RETRY_STATUSES = frozenset({408, 409, 429})
_INFINITY = ("inf", "+inf", "infinity", "+infinity")


@dataclass(frozen=True)
class RetryNotice:
    """Given to ``on_retry`` before each wait: retry number ``attempt`` (1-based) comes after
    ``delay`` seconds because of ``error`` (an ``APIError`` or ``APIConnectionError``)."""

    attempt: int
    delay: float
    error: Exception


@dataclass(frozen=True)
class RetryPolicy:
    """The retry schedule of one client (see the module docstring for the rules)."""

    max_retries: int = 2
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    random: Callable[[], float] = _random.random
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise TypeError("max_retries must be a non-negative integer")
        if self.max_retries < 0:
            raise ValueError("max_retries must be a non-negative integer")

    def delay(
        self, retries_taken: int, status: int | None, headers: Mapping[str, str]
    ) -> float | None:
        """Seconds to wait before retrying, or ``None`` when the failure is final.

        ``status`` is ``None`` for a connection error or time-out; ``headers`` are the error
        response's (lower-case names).
        """
        if retries_taken >= self.max_retries:
            return None
        wait = parse_retry_after(headers, self.clock)
        if wait is not None and not math.isfinite(wait):
            wait = None
        if status is not None and not _should_retry(status, headers, wait):
            return None
        if wait is not None and 0 < wait <= MAX_RETRY_AFTER:
            return wait
        backoff = min(INITIAL_DELAY * 2.0 ** min(retries_taken, 1000), MAX_DELAY)
        return max(backoff * (1 - 0.25 * self.random()), 0.0)


def _should_retry(status: int, headers: Mapping[str, str], wait: float | None) -> bool:
    if wait is not None and wait > MAX_RETRY_AFTER:
        return False
    should_retry = headers.get("x-should-retry")
    if should_retry in ("true", "false"):
        return should_retry == "true"
    return status in _RETRY_STATUSES or status >= 500


def parse_retry_after(
    headers: Mapping[str, str], clock: Callable[[], float] = time.time
) -> float | None:
    """The wait in seconds a response asks for (``retry-after-ms``, then ``retry-after``).

    Accepts numbers (floats too) and HTTP dates; ``None`` when absent or unreadable. A number
    too large to represent counts as longer than :data:`MAX_RETRY_AFTER`.
    """
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value)
        except ValueError:
            continue
        if seconds == math.inf and value.strip().lower() not in _INFINITY:
            return MAX_RETRY_AFTER + 1
        return seconds / divisor
    return _parse_http_date(headers.get("retry-after"), clock)


def _parse_http_date(value: str | None, clock: Callable[[], float]) -> float | None:
    if value is None:
        return None
    try:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        return float(email.utils.mktime_tz(parsed) - clock())
    except (TypeError, ValueError, OverflowError, OSError):
        return None
