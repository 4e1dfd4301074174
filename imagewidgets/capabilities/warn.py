"""Each doubt of the rules said once per process, and checks that say nothing.

The rules warn when they send something they cannot vouch for (an unknown parameter or model, a
guessed rule, a deprecated model or parameter). A grid of 100 cells, or a Studio that checks its
request at every keystroke, must not repeat the same sentence 100 times: :func:`warn_once` says
each one once per process. The panels and the grid check requests before sending them; inside
:func:`quiet` a check says nothing and remembers nothing, so the warning still comes, once, when
the request is really sent. :func:`quiet` yields the list of what would have been said, for the
grid's notes.

Example:
    >>> with quiet() as said:
    ...     warn_once("'seed' is not in the rules table.", UserWarning)
    >>> said
    ["'seed' is not in the rules table."]
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["quiet", "warn_once"]

_said: set[tuple[type[Warning], str]] = set()
"""What this process has warned already."""
_held: ContextVar[list[str] | None] = ContextVar("imagewidgets_quiet_warnings", default=None)


def warn_once(message: str, category: type[Warning], stacklevel: int = 1) -> None:
    """Warn ``message`` unless this process already did (``stacklevel`` as for ``warnings.warn``,
    counted from the caller); inside :func:`quiet`, only note it."""
    held = _held.get()
    if held is not None:
        held.append(message)
        return
    if (category, message) in _said:
        return
    _said.add((category, message))
    warnings.warn(message, category, stacklevel=stacklevel + 1)


@contextmanager
def quiet() -> Iterator[list[str]]:
    """Check without warning: what would have been said is collected in the yielded list (and
    said for real, once, when the request is sent)."""
    said: list[str] = []
    token = _held.set(said)
    try:
        yield said
    finally:
        _held.reset(token)
