"""Where the client's settings come from: arguments first, then the environment.

``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID`` and ``OPENAI_PROJECT_ID`` are read as
the official SDK reads them. The key is kept in a :class:`Secret`, whose ``repr`` and ``str`` never
show it, so it cannot leak into a log line, a traceback's locals or a notebook.

Example:
    >>> settings = resolve_settings(api_key="sk-example-123456", env={})
    >>> settings.api_key
    Secret('***')
    >>> settings.offline, settings.base_url
    (False, 'https://api.openai.com/v1')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn

__all__ = ["DEFAULT_BASE_URL", "OFFLINE_BASE_URL", "OFFLINE_KEY", "Secret", "Settings"]

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


def resolve_settings(
    api_key: str | None = None,
    *,
    base_url: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    offline: bool | None = None,
    explicit_transport: bool = False,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Combine arguments and environment into :class:`Settings`.

    With ``offline=None`` the client works offline when no key is given or set, unless a
    ``base_url`` or an ``http_client`` was passed explicitly (then the caller means that server,
    and a missing key is the server's to refuse).
    """
    env = os.environ if env is None else env
    key = api_key if api_key is not None else env.get("OPENAI_API_KEY") or None
    if offline is None:
        offline = key is None and base_url is None and not explicit_transport
    if offline:
        return Settings(Secret(OFFLINE_KEY), OFFLINE_BASE_URL, None, None, True)
    url = base_url or env.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
    return Settings(
        api_key=Secret(key) if key else None,
        base_url=url.rstrip("/"),
        organization=organization or env.get("OPENAI_ORG_ID") or None,
        project=project or env.get("OPENAI_PROJECT_ID") or None,
        offline=False,
    )
