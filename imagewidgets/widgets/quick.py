"""``await iw.generate(prompt, ...)``: one line from a prompt to images, for scripts and teaching.

In a notebook the frames show as they stream, in one output updated in place (an IPython display
id); when the images are done that output turns into a one-line summary and the returned
:class:`~imagewidgets.ImageList` shows the images. Elsewhere it simply returns the images.
Like the Studio, it checks the store's budget first and writes each final image to the store
(default ``Store()``) before it is shown; when the store cannot write it (a full disk, a
read-only folder), the images are returned all the same and a card says why and what to do.

Example (in a notebook cell)::

    images = await iw.generate("a lighthouse at dusk", quality="low")  # an active model
    await images[0].edit("add a rowing boat")
"""

from __future__ import annotations

import asyncio
import base64
import time
import warnings
from collections.abc import Sequence
from typing import Any

from IPython.display import DisplayHandle, display

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.default import default_client
from imagewidgets.api.errors import ResponseError
from imagewidgets.api.events import CompletedImage, DamagedFrame, PartialImage, StreamEvent
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.capabilities import default_model, rules_for
from imagewidgets.imaging.thumbnails import display_image
from imagewidgets.store import NotSavedError, Store
from imagewidgets.store.errors import not_saved
from imagewidgets.widgets.runs.cards import error_card
from imagewidgets.widgets.runs.status import done_text, streaming_text
from imagewidgets.widgets.theme import note_html, theme_style

__all__ = ["generate", "in_notebook"]

LIVE_MAX_SIDE = 512
"""The longest side of a streamed frame in the live output (kept small: outputs are saved)."""


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
    image. dall-e models, GIF and SVG output do not stream: their images come whole. ``store``
    (default ``Store()``) must have budget for the run and keeps each final image (and its
    frames when it keeps partials), written before the image is shown or returned; one it
    cannot keep is returned all the same, with a card (or, outside a notebook, a warning)
    saying why.
    """
    client = client or default_client()
    model = model or default_model(client.today)
    store = store if store is not None else Store()
    show = in_notebook() if show is None else show
    rules = rules_for(model)
    store.spend.check(model, params)
    whole = params.get("output_format") in ("gif", "svg") and partial_images is None
    if rules is None or not rules.gpt_image or whole or not (show or partial_images is not None):
        try:
            images = await client.generate(prompt, model=model, **params)
        except ResponseError as error:  # partly unusable: its usable images are kept all the same
            await _keep(store, error.images, show=show)
            raise
        await _keep(store, images, show=show)
        return images
    frames = 2 if partial_images is None else partial_images
    live = LiveOutput(int(params.get("n") or 1), frames) if show else None
    events = client.stream_generate(prompt, model=model, partial_images=frames, **params)
    finals: dict[int, GeneratedImage] = {}
    async for event in store.watch(events):
        if isinstance(event, CompletedImage):
            finals[event.index] = event.image
            await keep(store, event.image, show=show)
        if live is not None:
            await live.show(event)
    images = ImageList(finals[index] for index in sorted(finals))
    if live is not None:
        live.finish(images)
    return images


async def _keep(store: Store, images: Sequence[GeneratedImage], *, show: bool) -> None:
    for image in images:
        await keep(store, image, show=show)


async def keep(store: Store, image: GeneratedImage, *, show: bool) -> None:
    """Store ``image``; when the store cannot, say why and what to do (in the notebook, else as
    a warning) and go on: the image was paid for and is returned whatever the store does."""
    try:
        await store.add_async(image)
    except Exception as exc:
        failure = exc if isinstance(exc, NotSavedError) else not_saved(exc, store.path)
        card = error_card(failure)
        if not show:
            warnings.warn(str(card), RuntimeWarning, stacklevel=3)
            return
        note = _bundle(note_html(str(card), "warn", role="alert"), str(card))
        display(note, raw=True)  # type: ignore[no-untyped-call]


class LiveOutput:
    """One notebook output showing the latest frame of each image, updated in place."""

    def __init__(self, n: int, partials: int) -> None:
        self.cells: list[str] = [""] * n
        self.total, self.seen, self.skipped = n * (partials + 1), 0, 0
        self.started = time.monotonic()
        self.handle: DisplayHandle | None = None

    async def show(self, event: StreamEvent) -> None:
        """Put ``event``'s frame in its cell and redraw (scaled in a worker thread: decoding a
        large frame on the kernel's loop would stall every other widget); a damaged frame is
        only counted."""
        self.seen += 1
        if isinstance(event, DamagedFrame):
            self.skipped += 1
        else:
            data = event.data if isinstance(event, PartialImage) else event.image.data
            shown = await asyncio.to_thread(display_image, data, max_side=LIVE_MAX_SIDE)
            encoded = base64.b64encode(shown.data).decode("ascii")
            self.cells[event.index] = f"data:{shown.content_type};base64,{encoded}"
        frame, elapsed = min(self.seen, self.total), self._elapsed()
        status = streaming_text(frame, self.total, elapsed, skipped=self.skipped)
        self._draw(_grid(self.cells, status))

    def finish(self, images: Sequence[GeneratedImage]) -> None:
        """Replace the frames with the summary line (the returned images show themselves)."""
        text = done_text(ImageList(images), self._elapsed(), skipped=self.skipped)
        self._draw(_bundle(theme_style() + note_html(text), text))

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
    page = theme_style() + f'<div style="display:flex;flex-wrap:wrap;gap:8px">{images}</div>'
    page += note_html(status)
    return _bundle(page, status)


def _bundle(page: str, text: str) -> dict[str, str]:
    return {"text/html": page, "text/plain": text}
