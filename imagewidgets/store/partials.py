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

from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import TYPE_CHECKING, Any

from imagewidgets.api.events import CompletedImage, PartialImage, StreamEvent

if TYPE_CHECKING:
    from imagewidgets.store.store import Store

__all__ = ["watch"]


async def watch(store: Store, events: AsyncIterator[StreamEvent]) -> AsyncIterator[StreamEvent]:
    """``events`` as they come, with partial frames written to ``store`` on the way."""
    frames: dict[int, list[str]] = {}
    async with aclosing(_closeable(events)) as stream:
        async for event in stream:
            if isinstance(event, PartialImage):
                frames.setdefault(event.index, []).append(store.write_partial(event))
            elif isinstance(event, CompletedImage):
                store.expect_partials(event.image.sha256, tuple(frames.pop(event.index, ())))
            yield event


def _closeable(events: AsyncIterator[Any]) -> Any:
    if hasattr(events, "aclose"):
        return events
    return _generator(events)


async def _generator(events: AsyncIterator[Any]) -> AsyncIterator[Any]:
    async for event in events:
        yield event
