"""Animated GIFs: their frames and timing, and small animated copies for thumbnails and views.

Pillow composes each frame as a viewer shows it (disposal and transparency applied):
:func:`gif_frames` gives them as RGBA images, :func:`timing` their count and durations without
decoding pixels. :func:`animated_copy` makes a bounded copy (at most ``max_frames`` frames,
evenly chosen, each stretched so the loop lasts as long, at most ``max_side`` pixels) as an
animated WebP, which every browser plays in an ``<img>`` and Pillow reads back.

Example:
    >>> import io
    >>> from PIL import Image
    >>> shots = [Image.new("RGB", (64, 32), colour) for colour in ("red", "green", "blue")]
    >>> buffer = io.BytesIO()
    >>> shots[0].save(buffer, "GIF", save_all=True, append_images=shots[1:], duration=100, loop=0)
    >>> timing(buffer.getvalue())
    Timing(frame_count=3, durations=(100, 100, 100))
    >>> small = Image.open(io.BytesIO(animated_copy(buffer.getvalue(), max_side=16, max_frames=2)))
    >>> small.format, small.n_frames, small.size
    ('WEBP', 2, (16, 8))
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

__all__ = ["Timing", "animated_copy", "frame_png", "gif_frames", "is_animated", "timing"]

DEFAULT_DELAY_MS = 100
"""What a frame without a delay lasts (browsers play a 0 delay at about 100 ms)."""


@dataclass(frozen=True)
class Timing:
    """How many frames an animation has and how long each lasts, in milliseconds."""

    frame_count: int
    durations: tuple[int, ...]


def is_animated(data: bytes) -> bool:
    """Whether ``data`` is a GIF with more than one frame."""
    return data.startswith((b"GIF87a", b"GIF89a")) and timing(data).frame_count > 1


def timing(data: bytes) -> Timing:
    """The frame count and durations of a GIF (a still image: one frame)."""
    with Image.open(io.BytesIO(data)) as picture:
        count = getattr(picture, "n_frames", 1)
        durations = []
        for number in range(count):
            picture.seek(number)
            durations.append(int(picture.info.get("duration") or DEFAULT_DELAY_MS))
    return Timing(count, tuple(durations))


def gif_frames(data: bytes) -> list[Image.Image]:
    """Every frame of a GIF as a viewer composes it, as loaded RGBA images."""
    with Image.open(io.BytesIO(data)) as picture:
        frames = []
        for number in range(getattr(picture, "n_frames", 1)):
            picture.seek(number)
            frames.append(picture.convert("RGBA"))
    return frames


def frame_png(data: bytes, index: int) -> bytes:
    """Frame ``index`` of a GIF as PNG bytes (``IndexError`` past the last frame)."""
    with Image.open(io.BytesIO(data)) as picture:
        count = getattr(picture, "n_frames", 1)
        if not 0 <= index < count:
            raise IndexError(f"frame: this GIF has frames 0 to {count - 1}, not {index}")
        picture.seek(index)
        frame = picture.convert("RGBA")
    if frame.getextrema()[3][0] == 255:
        frame = frame.convert("RGB")
    buffer = io.BytesIO()
    frame.save(buffer, "PNG")
    return buffer.getvalue()


def animated_copy(data: bytes, *, max_side: int, max_frames: int, quality: int = 75) -> bytes:
    """A looping animated WebP of the GIF ``data``: at most ``max_frames`` frames evenly chosen
    (durations stretched so the loop lasts as long) and ``max_side`` pixels long."""
    frames, durations = gif_frames(data), timing(data).durations
    chosen = _evenly(len(frames), max_frames)
    kept = [frames[i] for i in chosen]
    total = sum(durations)
    shown = [max(20, round(total / len(kept)))] * len(kept)
    for frame in kept:
        frame.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    kept[0].save(
        buffer, "WEBP", save_all=True, append_images=kept[1:], duration=shown, loop=0,
        quality=quality, method=4,
    )  # fmt: skip
    return buffer.getvalue()


def _evenly(count: int, most: int) -> list[int]:
    """At most ``most`` indices of ``range(count)``, evenly spread, the first one included."""
    if count <= most:
        return list(range(count))
    return sorted({round(step * count / most) for step in range(most)})
