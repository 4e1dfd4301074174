"""``await iw.generate(prompt, ...)``: one line from a prompt to images, for scripts and teaching.

In a notebook the frames show as they stream, in one output updated in place (an IPython display
id); when the images are done that output turns into a one-line summary and the returned
:class:`~imagewidgets.ImageList` shows the images. Elsewhere it simply returns the images.
Like the Studio, it checks the store's budget first and writes each final image to the store
(default ``Store()``) before it is shown.

Example (in a notebook cell)::

    images = await iw.generate("a lighthouse at dusk", quality="low")
    await images[0].edit("add a rowing boat")
"""

from __future__ import annotations

import asyncio
import base64
import html
import time
from collections.abc import Sequence
from typing import Any

from IPython.display import DisplayHandle, display

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.events import CompletedImage, PartialImage, StreamEvent
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.capabilities import default_model, rules_for
from imagewidgets.imaging.thumbnails import display_image
from imagewidgets.store import Store
from imagewidgets.widgets.runs.status import done_text, streaming_text

__all__ = ["default_client", "generate", "in_notebook"]

LIVE_MAX_SIDE = 512
"""The longest side of a streamed frame in the live output (kept small: outputs are saved)."""

_client: ImagesClient | None = None


def default_client() -> ImagesClient:
    """The client :func:`generate` uses when given none: one per kernel, made on first use."""
    global _client
    if _client is None:
        _client = ImagesClient()
    return _client


def in_notebook() -> bool:
    """Whether this code runs in a Jupyter kernel (where outputs can be updated in place)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return getattr(get_ipython(), "kernel", None) is not None


async def generate(
    prompt: str,
    *,
    model: str | None = None,
    client: ImagesClient | None = None,
    partial_images: int | None = None,
    show: bool | None = None,
    store: Store | None = None,
    **params: Any,
) -> ImageList:
    """Generate images from ``prompt``; in a notebook, watch them form.

    ``params`` are those of :meth:`ImagesClient.generate` (``n``, ``size``, ``quality``, ...).
    ``show`` (default: whether this runs in a notebook) streams the frames into the cell
    output; ``partial_images`` (default 2 when shown) is how many frames come before the final
    image. dall-e models do not stream: their images come whole. ``store`` (default
    ``Store()``) must have budget for the run and keeps each final image (and its frames when
    it keeps partials), written before the image is shown or returned.
    """
    client = client or default_client()
    model = model or default_model()
    store = store if store is not None else Store()
    show = in_notebook() if show is None else show
    rules = rules_for(model)
    store.spend.check(model, params)
    if rules is None or not rules.gpt_image or not (show or partial_images is not None):
        images = await client.generate(prompt, model=model, **params)
        for image in images:
            await store.add_async(image)
        return images
    frames = 2 if partial_images is None else partial_images
    live = LiveOutput(int(params.get("n") or 1), frames) if show else None
    events = client.stream_generate(prompt, model=model, partial_images=frames, **params)
    finals: dict[int, GeneratedImage] = {}
    async for event in store.watch(events):
        if isinstance(event, CompletedImage):
            finals[event.index] = event.image
            await store.add_async(event.image)
        if live is not None:
            await live.show(event)
    images = ImageList(finals[index] for index in sorted(finals))
    if live is not None:
        live.finish(images)
    return images


class LiveOutput:
    """One notebook output showing the latest frame of each image, updated in place."""

    def __init__(self, n: int, partials: int) -> None:
        self.cells: list[str] = [""] * n
        self.total, self.seen = n * (partials + 1), 0
        self.started = time.monotonic()
        self.handle: DisplayHandle | None = None

    async def show(self, event: StreamEvent) -> None:
        """Put ``event``'s frame in its cell and redraw (scaled in a worker thread: decoding a
        large frame on the kernel's loop would stall every other widget)."""
        data = event.data if isinstance(event, PartialImage) else event.image.data
        shown = await asyncio.to_thread(display_image, data, max_side=LIVE_MAX_SIDE)
        encoded = base64.b64encode(shown.data).decode("ascii")
        self.cells[event.index] = f"data:{shown.content_type};base64,{encoded}"
        self.seen += 1
        status = streaming_text(min(self.seen, self.total), self.total, self._elapsed())
        self._draw(_grid(self.cells, status))

    def finish(self, images: Sequence[GeneratedImage]) -> None:
        """Replace the frames with the summary line (the returned images show themselves)."""
        text = done_text(ImageList(images), self._elapsed())
        self._draw(_bundle(f'<div style="opacity:.7">{html.escape(text)}</div>', text))

    def _elapsed(self) -> float:
        return time.monotonic() - self.started

    def _draw(self, bundle: dict[str, str]) -> None:
        if self.handle is None:
            self.handle = display(bundle, raw=True, display_id=True)  # type: ignore[no-untyped-call]
        else:
            self.handle.update(bundle, raw=True)  # type: ignore[no-untyped-call]


def _grid(cells: Sequence[str], status: str) -> dict[str, str]:
    images = "".join(
        f'<img src="{url}" alt="image {index + 1}, forming" style="max-width:{LIVE_MAX_SIDE}px">'
        for index, url in enumerate(cells)
        if url
    )
    page = (
        f'<div style="display:flex;flex-wrap:wrap;gap:8px">{images}</div>'
        f'<div role="status" style="opacity:.7">{html.escape(status)}</div>'
    )
    return _bundle(page, status)


def _bundle(page: str, text: str) -> dict[str, str]:
    return {"text/html": page, "text/plain": text}
