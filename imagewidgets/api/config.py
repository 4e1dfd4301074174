"""Where the client's settings come from: arguments first, then the environment.

``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID`` and ``OPENAI_PROJECT_ID`` are read as
the official SDK reads them. The key is kept in a :class:`Secret`, whose ``repr`` and ``str`` never
show it, so it cannot leak into a log line, a traceback's locals or a notebook.

Azure OpenAI's v1 API: ``azure_endpoint=`` (or ``AZURE_OPENAI_ENDPOINT`` when no OpenAI key or
base URL is given) makes the base URL ``<endpoint>/openai/v1``; the key (``AZURE_OPENAI_API_KEY``)
then goes in an ``api-key`` header. The ``provider`` says whose rules of model lifecycle apply:
``"openai"`` (OpenAI's service, or the offline emulator of it), ``"azure"`` or ``"compatible"``
(any other server: its own model list decides).

Example:
    >>> settings = resolve_settings(api_key="sk-example-123456", env={})
    >>> settings.api_key
    Secret('***')
    >>> settings.offline, settings.base_url, settings.provider
    (False, 'https://api.openai.com/v1', 'openai')
    >>> azure = resolve_settings(env={"AZURE_OPENAI_ENDPOINT": "https://me.openai.azure.com/",
    ...                               "AZURE_OPENAI_API_KEY": "k-123"})
    >>> azure.base_url, azure.provider, azure.key_header
    ('https://me.openai.azure.com/openai/v1', 'azure', 'api-key')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, NoReturn
from urllib.parse import urlsplit

__all__ = [
    "DEFAULT_BASE_URL",
    "OFFLINE_BASE_URL",
    "OFFLINE_KEY",
    "Provider",
    "Secret",
    "Settings",
    "resolve_settings",
]

Provider = Literal["openai", "azure", "compatible"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
OFFLINE_BASE_URL = "http://emulator.imagewidgets.invalid/v1"
"""The base URL of the in-process emulator (never resolved: no request leaves the process)."""
OFFLINE_KEY = "offline-emulator"
"""The placeholder bearer the offline client sends (the emulator accepts any key)."""


class Secret:
    """A string that hides itself: ``repr``, ``str`` and ``format`` all say ``***``.

    ``reveal()`` is called in exactly one place, where the ``Authorization`` header is built.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def __reduce__(self) -> NoReturn:
        raise TypeError("an API key is never pickled")


@dataclass(frozen=True)
class Settings:
    """The resolved settings of one client."""

    api_key: Secret | None
    base_url: str
    organization: str | None
    project: str | None
    offline: bool
    provider: Provider = "openai"

    @property
    def key_header(self) -> str:
        """The header the key goes in: ``Authorization`` (as a bearer) or Azure's ``api-key``."""
        return "api-key" if self.provider == "azure" else "Authorization"


def resolve_settings(
    api_key: str | None = None,
    *,
    base_url: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    offline: bool | None = None,
    explicit_transport: bool = False,
    azure_endpoint: str | None = None,
    provider: Provider | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Combine arguments and environment into :class:`Settings`.

    With ``offline=None`` the client works offline when no key is given or set, unless a
    ``base_url``, an ``azure_endpoint`` or an ``http_client`` was passed explicitly (then the
    caller means that server, and a missing key is the server's to refuse).
    """
    env = os.environ if env is None else env
    nothing_said = api_key is None and base_url is None and offline is not True
    if azure_endpoint is None and nothing_said and not env.get("OPENAI_API_KEY"):
        azure_endpoint = env.get("AZURE_OPENAI_ENDPOINT") or None
    if azure_endpoint is not None:
        return _azure(api_key, azure_endpoint, provider, env)
    key = api_key if api_key is not None else env.get("OPENAI_API_KEY") or None
    if offline is None:
        offline = key is None and base_url is None and not explicit_transport
    if offline:
        return Settings(Secret(OFFLINE_KEY), OFFLINE_BASE_URL, None, None, True, "openai")
    url = (base_url or env.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    return Settings(
        api_key=Secret(key) if key else None,
        base_url=url,
        organization=organization or env.get("OPENAI_ORG_ID") or None,
        project=project or env.get("OPENAI_PROJECT_ID") or None,
        offline=False,
        provider=provider or _provider_of(url),
    )


def _azure(
    api_key: str | None, endpoint: str, provider: Provider | None, env: Mapping[str, str]
) -> Settings:
    key = api_key if api_key is not None else env.get("AZURE_OPENAI_API_KEY") or None
    url = endpoint.rstrip("/")
    url = url if url.endswith("/openai/v1") else url + "/openai/v1"
    return Settings(Secret(key) if key else None, url, None, None, False, provider or "azure")


def _provider_of(base_url: str) -> Provider:
    host = urlsplit(base_url).hostname or ""
    if host == "api.openai.com":
        return "openai"
    return "azure" if host.endswith(".openai.azure.com") else "compatible"
