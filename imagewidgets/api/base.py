"""``BaseClient``: what an :class:`~imagewidgets.api.client.ImagesClient` connects with.

It resolves the settings (key, base URL, organization, project, offline or not, Azure), makes or
adopts the ``httpx.AsyncClient``, sets up the :class:`~imagewidgets.api.sender.Sender` with the
retry policy and the :class:`~imagewidgets.api.directory.ModelDirectory` (the server's model
list, for model lifecycle), and closes what it made. The image operations live in
``ImagesClient``; keeping the plumbing here leaves that module to the API's own parameters.

Example:
    >>> import asyncio
    >>> async def main():
    ...     async with BaseClient(offline=True) as client:
    ...         return client.backend, client.base_url
    >>> asyncio.run(main())
    ('offline', 'http://emulator.imagewidgets.invalid/v1')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

import httpx

from imagewidgets.api.batches import Batches
from imagewidgets.api.config import Provider, Settings, resolve_settings
from imagewidgets.api.directory import ModelDirectory
from imagewidgets.api.offline import announce_offline, offline_http_client
from imagewidgets.api.retry import RetryPolicy
from imagewidgets.api.sender import Sender
from imagewidgets.capabilities import ModelCatalog

if TYPE_CHECKING:
    from imagewidgets.emulator import EmulatorConfig

__all__ = ["BaseClient"]

C = TypeVar("C", bound="BaseClient")


class BaseClient:
    """Settings, HTTP client, sender and lifecycle of a client (see ``ImagesClient``)."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_retries: int = 2,
        timeout: float | httpx.Timeout = 600.0,
        offline: bool | None = None,
        emulator: EmulatorConfig | None = None,
        default_headers: Mapping[str, str] | None = None,
        azure_endpoint: str | None = None,
        provider: Provider | None = None,
        today: date | None = None,
    ) -> None:
        if offline is None and emulator is not None:
            offline = True
        settings = resolve_settings(
            api_key,
            base_url=base_url,
            organization=organization,
            project=project,
            offline=offline,
            explicit_transport=http_client is not None,
            azure_endpoint=azure_endpoint,
            provider=provider,
        )
        if settings.offline and http_client is not None:
            raise ValueError(
                "offline=True answers from the built-in emulator, so http_client cannot be "
                "used; to reach a served emulator pass base_url=EmulatorServer(...).url instead."
            )
        limits = (
            timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout, connect=5.0)
        )
        self._owns_http = http_client is None
        if http_client is None:
            http_client = (
                offline_http_client(emulator, limits)
                if settings.offline
                else httpx.AsyncClient(timeout=limits, follow_redirects=True)
            )
        self._sender = Sender(
            http_client,
            settings,
            timeout=limits,
            retry=RetryPolicy(max_retries),
            default_headers=default_headers,
        )
        self._directory = ModelDirectory(self._sender, today)
        if settings.offline:
            announce_offline()

    @property
    def offline(self) -> bool:
        """True when the built-in emulator answers instead of the service."""
        return self._settings.offline

    @property
    def backend(self) -> str:
        """``"offline"`` or ``"openai"``: recorded on every result."""
        return "offline" if self.offline else "openai"

    @property
    def provider(self) -> Provider:
        """Whose model lifecycle applies: ``"openai"`` (OpenAI's service or the offline
        emulator of it), ``"azure"`` or ``"compatible"`` (the server's own model list)."""
        return self._settings.provider

    @property
    def today(self) -> date | None:
        """The day model lifecycle is judged on (``None``: the real date or
        ``IMAGEWIDGETS_TODAY``)."""
        return self._directory.today

    @property
    def batches(self) -> Batches:
        """The Files and Batch APIs (upload a JSONL of requests, run it at half the price): see
        :mod:`imagewidgets.api.batches`."""
        return Batches(self._sender)

    async def models(self) -> ModelCatalog | None:
        """The server's model list with shutdown dates (``GET /v1/models``), read once per
        client and cached; ``None`` when OpenAI's service gave none (the rules table applies).
        Pass it to :func:`imagewidgets.capabilities.lifecycle` and friends as ``catalog``."""
        return await self._directory.load()

    @property
    def base_url(self) -> str:
        """Where requests go (the emulator's own address when offline)."""
        return self._settings.base_url

    @property
    def retry(self) -> RetryPolicy:
        """The retry schedule; assign a new :class:`RetryPolicy` to change it."""
        return self._sender.retry

    @retry.setter
    def retry(self, policy: RetryPolicy) -> None:
        self._sender.retry = policy

    @property
    def _settings(self) -> Settings:
        return self._sender.settings

    def __repr__(self) -> str:
        key = "set" if self._settings.api_key is not None else "missing"
        name = type(self).__name__
        return f"{name}(backend={self.backend!r}, base_url={self.base_url!r}, api_key={key})"

    async def aclose(self) -> None:
        """Close the HTTP client (only if this client made it)."""
        if self._owns_http:
            await self._sender.http.aclose()

    async def __aenter__(self: C) -> C:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
