"""Who wants to know when an image is stored: galleries and spend lines of this kernel.

Listeners are kept per store directory, so every ``Store`` object on one folder notifies all of
them (a Studio's store and a separately opened gallery see each other's images). Bound methods
are held weakly: a gallery that is gone stops listening by itself. A listener may return an
awaitable (its update, with the slow part off the event loop): :func:`announce` gathers them,
so ``await store.add_async(image)`` returns once every gallery shows the image. A plain
``store.add(image)`` waits for its listeners anyway: :func:`told_at_once` tells them to update
at once (the caller reads the gallery next).

Example:
    >>> from pathlib import Path
    >>> seen = []
    >>> listen(Path("/tmp/a-store"), seen.append)
    >>> notify(Path("/tmp/a-store"), "record"); seen
    []
    ['record']
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import logging
import threading
import types
import weakref
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = ["announce", "listen", "notify", "told_at_once"]

log = logging.getLogger("imagewidgets")

Listener = Callable[[Any], object]
_listeners: dict[Path, list[Callable[[], Listener | None]]] = {}
_lock = threading.Lock()
_updating: set[asyncio.Future[Any]] = set()
_at_once: contextvars.ContextVar[bool] = contextvars.ContextVar("at_once", default=False)


def told_at_once() -> bool:
    """Whether the listener being called was told by a caller that waits for it to update."""
    return _at_once.get()


def listen(folder: Path, callback: Listener) -> None:
    """Call ``callback(record)`` whenever an image is stored in ``folder`` by this kernel."""
    reference: Callable[[], Listener | None] = (
        weakref.WeakMethod(callback) if isinstance(callback, types.MethodType) else lambda: callback
    )
    with _lock:
        _listeners.setdefault(folder.resolve(), []).append(reference)


def notify(folder: Path, record: Any) -> list[Awaitable[object]]:
    """Tell the listeners of ``folder`` that ``record`` was stored (forgetting the gone ones);
    the awaitables some of them returned."""
    with _lock:
        references = _listeners.get(folder.resolve(), [])
        callbacks = [reference() for reference in references]
        references[:] = [r for r, c in zip(references, callbacks, strict=True) if c is not None]
    outcomes = [callback(record) for callback in callbacks if callback is not None]
    return [outcome for outcome in outcomes if inspect.isawaitable(outcome)]


def announce(
    folder: Path, records: Iterable[Any], *, at_once: bool = False
) -> asyncio.Future[Any] | None:
    """:func:`notify` of each record in turn (``at_once``: see :func:`told_at_once`); the
    listeners' updates as one future (scheduled on the running loop, kept until done), or None
    when no listener returned one."""
    telling = _at_once.set(at_once)
    try:
        pending = [update for record in records for update in notify(folder, record)]
    finally:
        _at_once.reset(telling)
    if not pending:
        return None
    updates = asyncio.ensure_future(_settle(pending))
    _updating.add(updates)
    updates.add_done_callback(_updating.discard)
    return updates


async def _settle(pending: list[Awaitable[object]]) -> None:
    for outcome in await asyncio.gather(*pending, return_exceptions=True):
        if isinstance(outcome, BaseException):
            log.warning("a store listener failed", exc_info=outcome)
