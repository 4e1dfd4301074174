"""The words of a run's status line, one function per moment of its life.

Example:
    >>> streaming_text(2, 3, 4.14)
    'streaming · frame 2 of 3 · 4.1 s'
    >>> waiting_text(1, 4)
    'waiting · 1 ahead in line (4 runs at once)'
"""

from __future__ import annotations

from imagewidgets.api.results import ImageList, Usage

__all__ = [
    "cancelled_text",
    "done_text",
    "failed_text",
    "sending_text",
    "streaming_text",
    "usage_text",
    "waiting_text",
]


def waiting_text(ahead: int, limit: int) -> str:
    """A run waits for a free slot behind ``ahead`` others."""
    place = "next in line" if ahead == 0 else f"{ahead} ahead in line"
    return f"waiting · {place} ({limit} runs at once)"


def sending_text(elapsed: float) -> str:
    """The request is out; no frame has come back yet."""
    return f"sending · {elapsed:.1f} s"


def streaming_text(frame: int, total: int, elapsed: float) -> str:
    """Frame ``frame`` of the ``total`` expected has arrived."""
    return f"streaming · frame {frame} of {total} · {elapsed:.1f} s"


def usage_text(usage: Usage | None) -> str:
    """Token usage in words ("" when the model reports none, as dall-e models do)."""
    if usage is None:
        return ""
    return f"{usage.total_tokens:,} tokens ({usage.input_tokens:,} in, {usage.output_tokens:,} out)"


def done_text(images: ImageList, elapsed: float) -> str:
    """The run finished: how many images, the tokens they cost, the time it took."""
    count = f"{len(images)} image{'' if len(images) == 1 else 's'}"
    parts = ["done", count, usage_text(images.usage), f"{elapsed:.1f} s"]
    return " · ".join(part for part in parts if part)


def failed_text(elapsed: float) -> str:
    """The run failed (the error card says why)."""
    return f"failed after {elapsed:.1f} s"


def cancelled_text(elapsed: float, kept: int) -> str:
    """The run was cancelled; finished images are kept."""
    text = f"cancelled after {elapsed:.1f} s"
    return f"{text} · kept {kept} finished image{'' if kept == 1 else 's'}" if kept else text
