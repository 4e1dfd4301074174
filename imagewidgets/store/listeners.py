"""Who wants to know when an image is stored: galleries and spend lines of this kernel.

Listeners are kept per store directory, so every ``Store`` object on one folder notifies all of
them (a Studio's store and a separately opened gallery see each other's images). Bound methods
are held weakly: a gallery that is gone stops listening by itself.

Example:
    >>> from pathlib import Path
    >>> seen = []
    >>> listen(Path("/tmp/a-store"), seen.append)
    >>> notify(Path("/tmp/a-store"), "record"); seen
    ['record']
"""

from __future__ import annotations

import threading
import types
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["listen", "notify"]

Listener = Callable[[Any], object]
_listeners: dict[Path, list[Callable[[], Listener | None]]] = {}
_lock = threading.Lock()


def listen(folder: Path, callback: Listener) -> None:
    """Call ``callback(record)`` whenever an image is stored in ``folder`` by this kernel."""
    reference: Callable[[], Listener | None] = (
        weakref.WeakMethod(callback) if isinstance(callback, types.MethodType) else lambda: callback
    )
    with _lock:
        _listeners.setdefault(folder.resolve(), []).append(reference)


def notify(folder: Path, record: Any) -> None:
    """Tell the listeners of ``folder`` that ``record`` was stored (forgetting the gone ones)."""
    with _lock:
        references = _listeners.get(folder.resolve(), [])
        callbacks = [reference() for reference in references]
        references[:] = [r for r, c in zip(references, callbacks, strict=True) if c is not None]
    for callback in callbacks:
        if callback is not None:
            callback(record)
