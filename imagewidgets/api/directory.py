"""A client's view of its server's model list (``GET /v1/models``), read once and kept.

The list decides model lifecycle together with the rules table (see
:mod:`imagewidgets.capabilities.lifecycle`): OpenAI's service (and the offline emulator of it) is
asked before the first request, and its dates win over the table; another server (a compatible
provider, Azure) is asked only when the table would refuse or warn about a model, and its list
alone decides then. Parameters are always checked first, so a refused request sends nothing at
all, not even the list request. A server without a list (an error, a 404) refuses nothing for
lifecycle.

Example:
    >>> import asyncio, httpx
    >>> from imagewidgets.api.config import resolve_settings
    >>> from imagewidgets.api.sender import Sender
    >>> body = {"data": [{"id": "gpt-image-2", "shutdown_date": "2027-01-05"}]}
    >>> reply = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    >>> http = httpx.AsyncClient(transport=reply)
    >>> directory = ModelDirectory(Sender(http, resolve_settings("sk-test", env={})))
    >>> asyncio.run(directory.load()).dates
    {'gpt-image-2': datetime.date(2027, 1, 5)}
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Literal

import httpx

from imagewidgets.api.errors import ImagesError
from imagewidgets.api.request import RuleContext
from imagewidgets.api.sender import HttpCall, Sender
from imagewidgets.capabilities import ModelCatalog, check_model, lifecycle

__all__ = ["ModelDirectory"]

log = logging.getLogger("imagewidgets.api")
LIST_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
"""The model list is small: a server that takes longer to send it has none worth waiting for."""


class ModelDirectory:
    """The model list of one client's server, loaded lazily (once) and cached."""

    def __init__(self, sender: Sender, today: date | None = None) -> None:
        self.sender = sender
        self.today = today
        self.catalog: ModelCatalog | None = None
        self.loaded = False

    @property
    def openai(self) -> bool:
        """Whether the server is OpenAI's service (or the offline emulator of it)."""
        return self.sender.settings.provider == "openai"

    async def load(self) -> ModelCatalog | None:
        """The server's list (read on the first call); ``None``: OpenAI gave none, use the table."""
        if not self.loaded:
            authority: Literal["openai", "server"] = "openai" if self.openai else "server"
            try:
                body = (await self.sender.json(HttpCall("GET", "/models", timeout=LIST_TIMEOUT)))[1]
            except ImagesError as error:
                log.info("No model list from %s: %s", self.sender.settings.base_url, error)
                body = None
            listed = isinstance(body, dict) and isinstance(body.get("data"), list)
            fallback = None if self.openai else ModelCatalog({}, "server")
            self.catalog = ModelCatalog.from_json(body, authority) if listed else fallback
            self.loaded = True
        return self.catalog

    def needs(self, model: str) -> bool:
        """Whether the list must be read before ``model``'s lifecycle can be judged."""
        if self.loaded:
            return False
        return self.openai or lifecycle(model, self.today).state in ("deprecated", "shut down")

    async def context(self, model: str) -> RuleContext:
        """The rules to build a request for ``model`` with (the list read first if needed)."""
        if self.needs(model):
            await self.load()
        return RuleContext(self.today, self.catalog)

    def context_now(self, model: str) -> RuleContext:
        """The rules to check ``model`` with now, without waiting; its lifecycle is left to
        :meth:`check_later` when the list is still unread."""
        return RuleContext(self.today, self.catalog, lifecycle=not self.needs(model))

    async def check_later(self, model: str) -> None:
        """Read the list if needed, then refuse (or warn about) ``model`` by its lifecycle."""
        if self.needs(model):
            await self.load()
        check_model(model, self.today, self.catalog)
