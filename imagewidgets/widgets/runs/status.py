"""The words of a run's status line, one function per moment of its life.

Example:
    >>> streaming_text(2, 3, 4.14)
    'streaming · frame 2 of 3 · 4.1 s'
    >>> streaming_text(3, 4, 2.0, skipped=1)
    'streaming · frame 3 of 4 · 1 damaged frame skipped · 2.0 s'
    >>> waiting_text(1, 4)
    'waiting · 1 ahead in line (4 runs at once)'
    >>> making_text({"output_format": "gif", "frame_count": 9}), working_text("drawing", 12.04)
    ('drawing 9 frames', 'drawing · 12.0 s')
"""

from __future__ import annotations

from collections.abc import Mapping

from imagewidgets.api.results import ImageList, SvgUsage, Usage

__all__ = [
    "cancelled_text",
    "done_text",
    "failed_text",
    "making_text",
    "sending_text",
    "skipped_text",
    "streaming_text",
    "svg_usage_text",
    "usage_text",
    "waiting_text",
    "working_text",
]

DEFAULT_FRAMES = 9
"""The service's ``frame_count`` when none is sent (WIRE-2026-11 2.2)."""


def waiting_text(ahead: int, limit: int) -> str:
    """A run waits for a free slot behind ``ahead`` others."""
    place = "next in line" if ahead == 0 else f"{ahead} ahead in line"
    return f"waiting · {place} ({limit} runs at once)"


def sending_text(elapsed: float) -> str:
    """The request is out; no frame has come back yet."""
    return f"sending · {elapsed:.1f} s"


def making_text(params: Mapping[str, object]) -> str:
    """What a request that cannot stream is busy with while it is out ("" for any other): GIF
    and SVG output arrive whole, often after many seconds."""
    fmt = params.get("output_format")
    if fmt == "gif":
        frames = params.get("frame_count") or DEFAULT_FRAMES
        return f"drawing {frames} frames"
    if fmt == "svg":
        return "drawing, then writing the SVG"
    return ""


def working_text(doing: str, elapsed: float) -> str:
    """The request is out and busy with ``doing`` (see :func:`making_text`)."""
    return f"{doing} · {elapsed:.1f} s"


def streaming_text(frame: int, total: int, elapsed: float, *, skipped: int = 0) -> str:
    """Frame ``frame`` of the ``total`` expected has arrived (``skipped`` of them damaged)."""
    return _join(
        "streaming", f"frame {frame} of {total}", skipped_text(skipped), f"{elapsed:.1f} s"
    )


def skipped_text(skipped: int) -> str:
    """How many damaged frames were left out ("" when none was)."""
    if not skipped:
        return ""
    return f"{skipped} damaged frame{'' if skipped == 1 else 's'} skipped"


def usage_text(usage: Usage | None) -> str:
    """Token usage in words ("" when the model reports none, as dall-e models do)."""
    if usage is None:
        return ""
    return f"{usage.total_tokens:,} tokens ({usage.input_tokens:,} in, {usage.output_tokens:,} out)"


def svg_usage_text(usage: SvgUsage | None) -> str:
    """The SVG author's usage in words ("" without one): billed apart, at its model's rates."""
    if usage is None:
        return ""
    spent = f"{usage.total_tokens:,} tokens ({usage.reasoning_tokens:,} reasoning)"
    return f"{usage.model}: {spent}"


def done_text(images: ImageList, elapsed: float, *, skipped: int = 0) -> str:
    """The run finished: how many images, the tokens they cost, damaged frames left out, the
    time it took."""
    count = f"{len(images)} image{'' if len(images) == 1 else 's'}"
    svg = next((image.svg_usage for image in images if image.svg_usage is not None), None)
    author = f"SVG author {svg_usage_text(svg)}" if svg else ""
    used = usage_text(images.usage)
    return _join("done", count, used, author, skipped_text(skipped), f"{elapsed:.1f} s")


def failed_text(elapsed: float) -> str:
    """The run failed (the error card says why)."""
    return f"failed after {elapsed:.1f} s"


def cancelled_text(elapsed: float, kept: int) -> str:
    """The run was cancelled; finished images are kept."""
    text = f"cancelled after {elapsed:.1f} s"
    return f"{text} · kept {kept} finished image{'' if kept == 1 else 's'}" if kept else text


def _join(*parts: str) -> str:
    return " · ".join(part for part in parts if part)
