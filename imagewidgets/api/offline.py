"""The offline backend: the built-in emulator, served in-process, with no key and no network.

``ImagesClient()`` without an API key uses it, and says so once per process on stderr so nobody
mistakes its procedural pictures for the real service's.

Example:
    >>> http = offline_http_client(None)
    >>> type(http._transport).__name__
    'StreamingASGITransport'
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import httpx

from imagewidgets.api.sender import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from imagewidgets.emulator import EmulatorConfig

__all__ = ["OFFLINE_NOTICE", "announce_offline", "offline_http_client"]

OFFLINE_NOTICE = (
    "imagewidgets: no OPENAI_API_KEY set, working offline with the built-in emulator "
    "(procedural images, nothing leaves this machine). Set OPENAI_API_KEY to use the real service."
)
_announced = False


def offline_http_client(
    config: EmulatorConfig | None, timeout: httpx.Timeout = DEFAULT_TIMEOUT
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` whose requests are answered by an in-process emulator app."""
    from imagewidgets.emulator import EmulatorConfig, StreamingASGITransport, create_app

    app = create_app(config if config is not None else EmulatorConfig())
    return httpx.AsyncClient(transport=StreamingASGITransport(app), timeout=timeout)


def announce_offline() -> None:
    """Print :data:`OFFLINE_NOTICE` to stderr, the first time only."""
    global _announced
    if not _announced:
        _announced = True
        print(OFFLINE_NOTICE, file=sys.stderr)
