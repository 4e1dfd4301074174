"""Faults on demand: parse fault specs and decide, request by request, which one fires.

A spec is ``<name>[;times=N][;after=K][;seconds=S]`` (see :mod:`imagewidgets.emulator` for what
each name does). It comes from the ``x-emulator-fault`` request header or from
``EmulatorConfig.faults``. With ``times=N`` a spec fires for the first N requests that carry it
(counted per spec, per app), then requests succeed; without ``times`` it always fires.

Example:
    >>> book = FaultBook(("rate_limit;times=1",))
    >>> [getattr(book.pick(None), "name", None) for _ in range(2)]
    ['rate_limit', None]
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from imagewidgets.emulator.errors import ConnectionDropped, ServiceError, refusal

__all__ = ["FAULT_NAMES", "STREAM_FAULTS", "Fault", "FaultBook", "fault_error", "parse_fault"]

STREAM_FAULTS = frozenset({"cut", "malformed_sse", "invalid_base64", "stream_error"})
"""Faults that strike after the response has started, inside its body."""
FAULT_NAMES = (
    "rate_limit", "server_error", "unavailable", "org_not_verified", "moderation", "drop",
    "slow", *sorted(STREAM_FAULTS),
)  # fmt: skip
OPTIONS = {"times": int, "after": int, "seconds": float}
HEADER = "x-emulator-fault"


@dataclass(frozen=True)
class Fault:
    """One parsed fault spec."""

    name: str
    times: int | None = None
    after: int | None = None
    seconds: float | None = None

    @property
    def spec(self) -> str:
        """The spec in canonical form (its identity for ``times`` counting)."""
        options = [
            f"{key}={getattr(self, key)}" for key in OPTIONS if getattr(self, key) is not None
        ]
        return ";".join([self.name, *options])


def parse_fault(spec: str) -> Fault:
    """Parse ``spec``; ``ValueError`` naming the problem and what is allowed."""
    name, *options = (piece.strip() for piece in spec.split(";"))
    if name not in FAULT_NAMES:
        raise ValueError(f"unknown fault {name!r}; use one of {', '.join(FAULT_NAMES)}")
    values: dict[str, float | int] = {}
    for option in options:
        key, _, value = option.partition("=")
        if key.strip() not in OPTIONS:
            raise ValueError(
                f"unknown fault option {key.strip()!r}; use times=N, after=K or seconds=S"
            )
        try:
            values[key.strip()] = OPTIONS[key.strip()](value.strip())
        except ValueError:
            raise ValueError(f"fault option {option!r} needs a number") from None
    if any(value < 0 for value in values.values()):
        raise ValueError(f"fault options cannot be negative: {spec!r}")
    return Fault(name, **values)  # type: ignore[arg-type]


class FaultBook:
    """The faults of one app: server-wide specs plus per-request headers, with their counts."""

    def __init__(self, specs: tuple[str, ...] = ()) -> None:
        self.server = tuple(parse_fault(spec) for spec in specs)
        self.counts: Counter[tuple[str, str]] = Counter()

    def pick(self, header: str | None) -> Fault | None:
        """The fault that fires for this request (the header's first), counting each spec seen."""
        candidates = [("header", fault) for fault in self._from_header(header)]
        candidates += [("server", fault) for fault in self.server]
        for origin, fault in candidates:
            seen = self.counts[(origin, fault.spec)]
            self.counts[(origin, fault.spec)] += 1
            if fault.times is None or seen < fault.times:
                return fault
        return None

    @staticmethod
    def _from_header(header: str | None) -> list[Fault]:
        if not header:
            return []
        try:
            return [parse_fault(header)]
        except ValueError as error:
            raise refusal(f"{HEADER}: {error}.", None, "invalid_fault") from None


def fault_error(fault: Fault, model: str) -> ServiceError | ConnectionDropped | None:
    """The error a fault answers with before any headers; ``None`` when it does not."""
    if fault.name == "rate_limit":
        delay = 1.0 if fault.seconds is None else fault.seconds
        headers = (
            ("retry-after", str(math.ceil(delay))),
            ("retry-after-ms", str(round(delay * 1000))),
        )
        message = (
            f"Rate limit reached for {model} (offline emulator fault). Please try again later."
        )
        return ServiceError(
            429, message, type="requests", code="rate_limit_exceeded", headers=headers
        )
    if fault.name == "drop":
        return ConnectionDropped("the emulator dropped the connection (fault 'drop')")
    return _ERRORS[fault.name](model) if fault.name in _ERRORS else None


_ERRORS = {
    "server_error": lambda model: ServiceError(
        500,
        "The server had an error while processing your request. Sorry about that!",
        type="server_error",
    ),
    "unavailable": lambda model: ServiceError(
        503,
        "The server is overloaded or not ready yet.",
        type="server_error",
        code="service_unavailable",
    ),
    "org_not_verified": lambda model: ServiceError(
        403,
        f"Your organization must be verified to use the model `{model}`. Please go to: "
        "https://platform.openai.com/settings/organization/general and click on Verify "
        "Organization. If you just verified, it can take up to 15 minutes for access to propagate.",
    ),
    "moderation": lambda model: ServiceError(
        400,
        "Your request was rejected by the safety system. If you believe this is an error, contact "
        "us at help.openai.com and include the request ID. safety_violations=[emulated].",
        type="image_generation_user_error",
        code="moderation_blocked",
    ),
}
