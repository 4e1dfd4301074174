"""``EmulatorConfig``: how the offline emulator paces its streams, which faults it injects, which
day it lives on and which service it plays (OpenAI's, a compatible server's, Azure's)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from imagewidgets.capabilities import today as real_today

__all__ = ["DEFAULT_PACE", "EmulatorConfig"]

DEFAULT_PACE = 0.3
"""Seconds before each stream frame: slow enough to see the image form, fast enough for a demo."""


@dataclass(frozen=True)
class EmulatorConfig:
    """Settings for one emulator app (in-process or served on a socket).

    ``pace`` is the delay in seconds before each event of a stream, the first one included, as a
    model takes a moment per frame (0 for tests and benchmarks); a request may override it with
    the ``x-emulator-pace`` header. ``faults`` are fault specs applied to every images request
    (the same syntax as the ``x-emulator-fault`` header, see :mod:`imagewidgets.emulator`).
    ``latency`` delays every images response before its headers, like a model thinking.

    ``today`` is the emulator's date (``None``: :func:`imagewidgets.capabilities.today`, i.e.
    ``IMAGEWIDGETS_TODAY`` or the real date): it refuses models shut down by then and lists the
    others in ``GET /v1/models`` with their ``shutdown_date``. ``models`` adds to or overrides
    that list: ``{"gpt-image-1.5": "2026-12-16"}`` moves a date, ``{"gpt-image-3": None}``
    lists (and serves, with gpt-image-2.6-flare's rules) a model the table does not know.
    ``serves_retired=True`` plays an OpenAI-compatible server that still serves every model of
    the table, dall-e-2's ``/v1/images/variations`` included, and lists no shutdown dates.
    ``azure=True`` answers as Azure OpenAI's v1 API: paths under ``/openai/v1`` and the key in
    an ``api-key`` header.

    ``batch_seconds`` is how long a batch takes from creation to completion (its requests are
    answered over that time; 0 in tests), ``batch_failures`` the ``custom_id`` of batch requests
    that fail with a 500 (see :mod:`imagewidgets.emulator.batches`).

    Example:
        >>> from imagewidgets.emulator import EmulatorConfig
        >>> EmulatorConfig(pace=0, faults=("rate_limit;times=1",)).pace
        0
        >>> EmulatorConfig(today=date(2026, 12, 2)).day()
        datetime.date(2026, 12, 2)
    """

    pace: float = DEFAULT_PACE
    faults: tuple[str, ...] = field(default=())
    latency: float = 0.0
    today: date | None = None
    models: Mapping[str, str | None] = field(default_factory=dict)
    serves_retired: bool = False
    azure: bool = False
    batch_seconds: float = 10.0
    batch_failures: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.pace < 0 or self.latency < 0 or self.batch_seconds < 0:
            raise ValueError("pace, latency and batch_seconds are seconds, never negative.")
        if not isinstance(self.faults, tuple):
            raise TypeError("faults is a tuple of fault specs, e.g. ('rate_limit;times=1',).")
        for model, shutdown in self.models.items():
            if shutdown is not None:
                try:
                    date.fromisoformat(shutdown)
                except (TypeError, ValueError):
                    raise ValueError(
                        f"models[{model!r}] must be a YYYY-MM-DD shutdown date or None, "
                        f"not {shutdown!r}."
                    ) from None

    def day(self) -> date:
        """The emulator's today."""
        return self.today or real_today()
