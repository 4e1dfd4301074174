"""``EmulatorConfig``: how the offline emulator paces its streams and which faults it injects."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DEFAULT_PACE", "EmulatorConfig"]

DEFAULT_PACE = 0.3
"""Seconds before each stream frame: slow enough to see the image form, fast enough for a demo."""


@dataclass(frozen=True)
class EmulatorConfig:
    """Settings for one emulator app (in-process or served on a socket).

    ``pace`` is the delay in seconds before each event of a stream, the first one included, as a
    model takes a moment per frame (0 for tests and benchmarks); a request may override it with
    the ``x-emulator-pace`` header. ``faults`` are
    fault specs applied to every images request (the same syntax as the ``x-emulator-fault``
    header, see :mod:`imagewidgets.emulator`). ``latency`` delays every images response before
    its headers, like a model thinking.

    Example:
        >>> from imagewidgets.emulator import EmulatorConfig
        >>> EmulatorConfig(pace=0, faults=("rate_limit;times=1",)).pace
        0
    """

    pace: float = DEFAULT_PACE
    faults: tuple[str, ...] = field(default=())
    latency: float = 0.0

    def __post_init__(self) -> None:
        if self.pace < 0 or self.latency < 0:
            raise ValueError("pace and latency are seconds and cannot be negative.")
        if not isinstance(self.faults, tuple):
            raise TypeError("faults is a tuple of fault specs, e.g. ('rate_limit;times=1',).")
