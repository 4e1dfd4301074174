"""``default_client()``: the client used wherever none is given, with one clear lifetime.

The Studio, the edit panel, ``iw.generate`` and chaining on an image read back from a file or
the store (``await iw.open(path).edit(...)``) all use it when they are given no client. There is
one per event loop (a notebook kernel has one loop, so one client), made on first use; it is
closed when the interpreter exits, and a loop that is closed and gone takes its client with it
(``asyncio.run`` twice in a script gets two, never one bound to a dead loop).
:data:`DEFAULT_CLIENT` stands for it in a result's ``client`` field: it looks the client up at
each call, so an image loaded now chains with the loop it is used on later.

Example:
    >>> import asyncio
    >>> async def same():
    ...     return default_client() is default_client()
    >>> asyncio.run(same())
    True
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import weakref
from collections.abc import AsyncIterator
from typing import Any

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.events import StreamEvent
from imagewidgets.api.results import ImageList

__all__ = ["DEFAULT_CLIENT", "default_client"]

_per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ImagesClient]
_per_loop = weakref.WeakKeyDictionary()
_outside_loops: list[ImagesClient] = []


def default_client() -> ImagesClient:
    """The client of the running event loop (or, outside any loop, of the process), made on
    first use: offline without a key, as ``ImagesClient()`` always is."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        if not _outside_loops:
            _outside_loops.append(ImagesClient())
        return _outside_loops[0]
    if loop not in _per_loop:
        _per_loop[loop] = ImagesClient()
    return _per_loop[loop]


class _DefaultClient:
    """Chains through :func:`default_client`, looked up when the call is made."""

    def __repr__(self) -> str:
        return "DEFAULT_CLIENT"

    async def edit(self, *args: Any, **kwargs: Any) -> ImageList:
        return await default_client().edit(*args, **kwargs)

    def stream_edit(self, *args: Any, **kwargs: Any) -> AsyncIterator[StreamEvent]:
        return default_client().stream_edit(*args, **kwargs)

    async def vary(self, *args: Any, **kwargs: Any) -> ImageList:
        return await default_client().vary(*args, **kwargs)

    def stream_vary(self, *args: Any, **kwargs: Any) -> AsyncIterator[StreamEvent]:
        return default_client().stream_vary(*args, **kwargs)


DEFAULT_CLIENT = _DefaultClient()
"""The ``client`` of results read from files or the store: the default client of the moment."""


@atexit.register
def close_all() -> None:
    """Close every default client still open (run when the interpreter exits)."""
    clients = [*_per_loop.values(), *_outside_loops]
    _per_loop.clear()
    _outside_loops.clear()
    for client in clients:
        with contextlib.suppress(Exception):  # its loop may be gone: nothing left to close
            asyncio.run(client.aclose())
