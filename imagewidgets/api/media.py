"""What sets GIF and SVG results apart: how they become inputs, show inline and chain on.

An animated GIF is sent to an edit as one of its frames (a PNG, the first unless another is
chosen), an SVG as its rasterised copy: neither format is an input the service takes. A result
made from such a copy keeps the GIF or SVG as its parent, and ``params["prepared_input"]``
records which copy went out (the steps, and the hash of the bytes sent), as the edit panel's
prepared copies do. Inline, a GIF plays as it is; an SVG shows as an ``<img>`` of its safe copy
(never as inline markup, so nothing in it runs).

Example:
    >>> svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><script/></svg>'
    >>> source = input_copy(svg, "svg", 0)
    >>> source.format, (source.width, source.height), steps("svg", source, 0, 1)
    ('png', (40, 20), ['rasterised the SVG at 40x20'])
    >>> "<script" in inline_html(svg, "svg", 40, 20, "a dot")
    False
"""

from __future__ import annotations

import base64
import dataclasses
import html
import io
from collections.abc import AsyncIterator
from typing import Any, TypeVar

from PIL import Image

from imagewidgets.imaging.animation import animated_copy, frame_png
from imagewidgets.imaging.source import SourceImage
from imagewidgets.imaging.svg_raster import rasterise
from imagewidgets.imaging.svg_safety import safe_svg

__all__ = [
    "copy_at",
    "from_copy",
    "inline_html",
    "input_copy",
    "relinked",
    "relinked_all",
    "steps",
]

T = TypeVar("T")
INLINE_FRAMES = 16
"""The most frames an inline animated thumbnail keeps."""


def input_copy(data: bytes, fmt: str, frame: int) -> SourceImage:
    """The PNG an edit sends for a GIF (its frame ``frame``) or an SVG (rasterised)."""
    if fmt == "svg":
        picture = rasterise(data)
        buffer = io.BytesIO()
        picture.save(buffer, "PNG")
        png, name = buffer.getvalue(), "rasterised.png"
    else:
        png, name = frame_png(data, frame), f"frame-{frame + 1}.png"
        picture = Image.open(io.BytesIO(png))
    alpha = picture.mode == "RGBA"
    return SourceImage(png, "png", picture.width, picture.height, alpha, name, encoded_here=True)


def steps(fmt: str, sent: SourceImage, frame: int, frame_count: int) -> list[str]:
    """How the copy ``sent`` was made, in words the provenance keeps."""
    if fmt == "svg":
        return [f"rasterised the SVG at {sent.width}x{sent.height}"]
    return [f"frame {frame + 1} of {frame_count} of the GIF"]


def copy_at(image: T, frame: int) -> tuple[T, dict[str, Any]]:
    """``image`` (a GIF or SVG result) as sent from ``frame``, and the record of that copy."""
    copy = dataclasses.replace(image, source_frame=frame)  # type: ignore[type-var]
    sent: SourceImage = copy.as_source()  # type: ignore[attr-defined]
    made = steps(copy.format, sent, frame, copy.frame_count)  # type: ignore[attr-defined]
    return copy, {"steps": made, "sent_sha256": sent.sha256}


def relinked_all(images: T, origin: object, record: dict[str, Any] | None) -> T:
    """The results ``images`` (a list type) relinked to ``origin`` when sent from a copy."""
    if record is None:
        return images
    return type(images)(from_copy(image, origin, record) for image in images)  # type: ignore[call-arg, attr-defined]


def from_copy(image: T, origin: object, record: dict[str, Any]) -> T:
    """``image`` (a result made from a copy) with ``origin`` as its first parent and the copy's
    ``record`` as ``params["prepared_input"]``."""
    parents = (origin, *image.parents[1:])  # type: ignore[attr-defined]
    params = {**image.params, "prepared_input": record}  # type: ignore[attr-defined]
    return dataclasses.replace(image, parents=parents, params=params)  # type: ignore[type-var]


async def relinked(events: AsyncIterator[T], origin: object, record: dict[str, Any]) -> Any:
    """The stream ``events``, each final image relinked to ``origin`` (see :func:`from_copy`)."""
    async for event in events:
        image = getattr(event, "image", None)
        if image is not None:
            event = dataclasses.replace(event, image=from_copy(image, origin, record))  # type: ignore[type-var]
        yield event


def inline_html(
    data: bytes, fmt: str, width: int, height: int, title: str, side: int | None = 256
) -> str:
    """An ``<img>`` of a GIF or SVG result at most ``side`` pixels long (``None``: its own
    size), for notebook HTML: an SVG's safe copy, a GIF as it is when shown whole, else a
    smaller animated copy.

    HTML, because ``nbconvert --to html`` drops ``image/gif`` outputs and inlines
    ``image/svg+xml`` ones as markup; an ``<img>`` plays, stays crisp and runs nothing."""
    scale = 1.0 if side is None else min(1.0, side / max(width, height, 1))
    shown = round(width * scale), round(height * scale)
    if fmt == "svg":
        kind, body = "image/svg+xml", safe_svg(data)
    elif scale == 1.0:
        kind, body = "image/gif", data
    else:
        copy = animated_copy(data, max_side=side or width, max_frames=INLINE_FRAMES)
        kind, body = "image/webp", copy
    encoded = base64.b64encode(body).decode("ascii")
    text = html.escape(title, quote=True)
    return (
        f'<img src="data:{kind};base64,{encoded}" title="{text}" alt="{text}" '
        f'width="{shown[0]}" height="{shown[1]}">'
    )
