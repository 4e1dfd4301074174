"""Feed a run's images into a preview: streamed frames as they arrive, or finished images.

:func:`follow` makes an :class:`ImagePreview` show a :class:`Run` (status line, error card,
Cancel button); :func:`show_stream`, :func:`show_answer` and :func:`show_images` put the images
in its cells. The
Studio and the edit panel use them the same way::

    run = queue.submit(work)
    follow(preview, run)
    # inside work(run):
    events = client.stream_generate(prompt, n=2, partial_images=2, on_retry=run.retrying)
    return await show_stream(events, preview, run, n=2, partials=2)
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import aclosing
from typing import Any, Protocol

from imagewidgets.api.errors import ResponseError
from imagewidgets.api.events import CompletedImage, DamagedFrame, PartialImage, StreamEvent
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.widgets.frames import Frame, prepare_frame
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.runs.queue import Run

__all__ = ["Deliver", "Screen", "follow", "show_answer", "show_images", "show_stream"]

log = logging.getLogger("imagewidgets")

Deliver = Callable[[GeneratedImage], "Awaitable[object] | object"]
"""Called with each final image before it is shown (the store writes it, the Studio keeps it)."""
CodeFor = Callable[[GeneratedImage], str]
"""The "Copy as Python" code of a final image."""


class Screen(Protocol):
    """Where a run's frames are shown: an :class:`ImagePreview`, or a cell of a grid."""

    @property
    def cells(self) -> Sequence[object]:
        """One entry per image the run makes."""

    def put(self, frame: Frame) -> None:
        """Show a prepared frame in its cell."""

    def set_code(self, index: int, code: str) -> None:
        """The "Copy as Python" code of image ``index``."""


def follow(preview: ImagePreview, run: Run) -> None:
    """Show ``run`` in ``preview``: its status, error card and a Cancel button while active."""

    def show(_: object = None) -> None:
        with preview.hold_sync():
            preview.status = run.status
            preview.error = run.card.to_json() if run.card else {}
            preview.busy = run.active
            if run.state in ("failed", "cancelled"):
                preview.fail_waiting(run.state, state=run.state)

    preview.label = run.label
    run.observe(show, ["status", "card", "state"])
    preview.on_action(lambda action, _: run.cancel() if action == "cancel" else None)
    show()


async def show_stream(
    events: AsyncIterator[StreamEvent],
    preview: Screen,
    run: Run,
    *,
    n: int,
    partials: int,
    deliver: Deliver | None = None,
    code_for: CodeFor | None = None,
) -> ImageList:
    """Show each event of ``events`` in its cell as it arrives; return the final images in order.

    A partial frame that arrives after its image is final is ignored (the service may send the
    final image before all partials). A damaged frame (a :class:`DamagedFrame`, or a partial
    frame that cannot be displayed) is left out and counted in the run's status line.
    """
    total, seen = n * (partials + 1), 0
    finals: dict[int, GeneratedImage] = {}
    stream = events if hasattr(events, "aclose") else _closeable(events)
    async with aclosing(stream):  # type: ignore[type-var]
        async for event in stream:
            run.check()
            if isinstance(event, PartialImage) and event.index in finals:
                continue
            if isinstance(event, CompletedImage):
                finals[event.index] = event.image
                await _deliver(event.image, run, deliver)
            seen += 1
            damaged = event if isinstance(event, DamagedFrame) else None
            if not isinstance(event, DamagedFrame):
                damaged = await _show(event, preview, n, code_for)
            if damaged is not None:
                run.skipped(damaged)
            run.progress(min(seen, total), total)
    return ImageList(finals[index] for index in sorted(finals))


async def show_images(
    images: Sequence[GeneratedImage],
    preview: Screen,
    run: Run,
    *,
    deliver: Deliver | None = None,
    code_for: CodeFor | None = None,
) -> ImageList:
    """Show finished images (a request that does not stream); return them."""
    for position, image in enumerate(images):
        run.check()
        await _deliver(image, run, deliver)
        await _show(image, preview, len(images), code_for, index=position)
        run.progress(position + 1, len(images))
    return ImageList(images)


async def show_answer(
    answer: Awaitable[Sequence[GeneratedImage]],
    preview: Screen,
    run: Run,
    *,
    relink: Callable[[GeneratedImage], GeneratedImage] | None = None,
    deliver: Deliver | None = None,
    code_for: CodeFor | None = None,
) -> ImageList:
    """Await a request that does not stream and show its images (each passed through
    ``relink`` first, when given). An answer that is partly unusable raises
    :class:`ResponseError` after its usable images are kept and shown in their own cells."""
    try:
        made = await answer
    except ResponseError as error:
        for image in error.images:
            run.check()
            kept = relink(image) if relink is not None else image
            await _deliver(kept, run, deliver)
            await _show(kept, preview, len(preview.cells), code_for, index=image.index)
        raise
    images = [relink(image) for image in made] if relink is not None else made
    return await show_images(images, preview, run, deliver=deliver, code_for=code_for)


async def _deliver(image: GeneratedImage, run: Run, deliver: Deliver | None) -> None:
    run.add(image)
    if deliver is not None:
        outcome = deliver(image)
        if inspect.isawaitable(outcome):
            await outcome


async def _show(
    item: PartialImage | CompletedImage | GeneratedImage,
    preview: Screen,
    n: int,
    code_for: CodeFor | None,
    index: int | None = None,
) -> DamagedFrame | None:
    """Show ``item`` in its cell; a partial frame that cannot be displayed is left out and
    returned as a :class:`DamagedFrame` (a final image that cannot is an error)."""
    try:
        frame = await asyncio.to_thread(prepare_frame, item, n=n, index=index)
    except Exception as exc:  # any decoding failure: a preview frame is expendable
        if not isinstance(item, PartialImage):
            raise
        log.debug("partial frame %s did not decode", item.partial_image_index, exc_info=True)
        why = f"it did not decode: {exc or type(exc).__name__}"
        return DamagedFrame(item.index, item.partial_image_index, why, item.request_id)
    preview.put(frame)
    image = item.image if isinstance(item, CompletedImage) else item
    if code_for is not None and isinstance(image, GeneratedImage):
        preview.set_code(frame.index, code_for(image))
    return None


async def _closeable(events: AsyncIterator[Any]) -> AsyncIterator[Any]:
    async for event in events:
        yield event
