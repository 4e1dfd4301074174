"""Keeping a stream's partial frames, when asked: each frame is on disk before it is shown.

:func:`watch` passes a stream's events through unchanged, writing each :class:`PartialImage` to
the store's ``partials/`` folder as it arrives; when an image completes, its frames' hashes wait
for :meth:`Store.add <imagewidgets.store.Store.add>` to put them in the image's record. Closing
or cancelling the watched stream closes the underlying one (and its connection).

Example::

    store = iw.Store(keep_partials=True)
    async for event in store.watch(client.stream_generate("a fox", partial_images=3)):
        ...                                # shown as usual; frames are kept
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import TYPE_CHECKING, Any

from imagewidgets.api.events import CompletedImage, PartialImage, StreamEvent

if TYPE_CHECKING:
    from imagewidgets.store.store import Store

__all__ = ["watch"]

log = logging.getLogger("imagewidgets")


async def watch(store: Store, events: AsyncIterator[StreamEvent]) -> AsyncIterator[StreamEvent]:
    """``events`` as they come, with partial frames written to ``store`` on the way."""
    frames: dict[int, list[str]] = {}
    async with aclosing(_closeable(events)) as stream:
        async for event in stream:
            if isinstance(event, PartialImage):
                frames.setdefault(event.index, []).extend(await _kept(store, event))
            elif isinstance(event, CompletedImage):
                store.expect_partials(event.image.sha256, tuple(frames.pop(event.index, ())))
            yield event


async def _kept(store: Store, frame: PartialImage) -> list[str]:
    """The frame's hash once written (in a worker thread); none when it could not be: the
    stream and its final image matter more than a kept frame."""
    try:
        return [await asyncio.to_thread(store.write_partial, frame)]
    except OSError:
        log.warning("a partial frame could not be kept in %s", store.path, exc_info=True)
        return []


def _closeable(events: AsyncIterator[Any]) -> Any:
    if hasattr(events, "aclose"):
        return events
    return _generator(events)


async def _generator(events: AsyncIterator[Any]) -> AsyncIterator[Any]:
    async for event in events:
        yield event
