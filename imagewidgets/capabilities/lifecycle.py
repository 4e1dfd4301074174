"""Model lifecycle on a given day: active, deprecated (a shutdown date ahead) or shut down.

"Today" is a parameter everywhere; ``None`` means :func:`today`, the real date unless the
environment variable ``IMAGEWIDGETS_TODAY=YYYY-MM-DD`` overrides it for the whole process (docs,
notebooks and tests use it). A model is shut down from midnight of its shutdown date on.

Where the lifecycle comes from: the table (:mod:`imagewidgets.capabilities.models`), unless a
:class:`ModelCatalog` (a server's ``GET /v1/models``) is given. OpenAI's own list wins over the
table for the models it names; another server's list decides alone, and a model it does not
list is never refused for lifecycle reasons.

Example:
    >>> from datetime import date
    >>> lifecycle_label("gpt-image-1.5", date(2026, 11, 30))
    'retires 2026-12-01'
    >>> lifecycle("gpt-image-1.5", date(2026, 12, 1)).state
    'shut down'
    >>> default_model(date(2026, 12, 2))
    'gpt-image-2.6-flare'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from imagewidgets.capabilities.errors import ModelDeprecatedWarning, ModelShutDownError, choices
from imagewidgets.capabilities.models import MODELS, family, rules_for
from imagewidgets.capabilities.warn import warn_once

__all__ = [
    "TODAY_ENV",
    "Lifecycle",
    "ModelCatalog",
    "State",
    "active_models",
    "check_model",
    "default_model",
    "lifecycle",
    "lifecycle_label",
    "today",
]

TODAY_ENV = "IMAGEWIDGETS_TODAY"
DEFAULT_MODEL = "gpt-image-2.6-flare"
State = Literal["active", "deprecated", "shut down", "unknown"]
Authority = Literal["openai", "server"]


def today() -> date:
    """The real date, or ``IMAGEWIDGETS_TODAY`` when set (``ValueError`` if it is no date)."""
    value = os.environ.get(TODAY_ENV, "").strip()
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{TODAY_ENV}={value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-02."
        ) from None


_today = today


@dataclass(frozen=True)
class ModelCatalog:
    """What a server's ``GET /v1/models`` lists: each model id and its shutdown date (or None).

    ``authority="openai"`` for OpenAI's service (its dates win over the table), ``"server"`` for
    any other server (its list alone decides; an empty list refuses nothing).
    """

    dates: Mapping[str, date | None] = field(default_factory=dict)
    authority: Authority = "openai"

    @classmethod
    def from_json(cls, body: Any, authority: Authority = "openai") -> ModelCatalog:
        """Read a ``{"data": [{"id", "shutdown_date"}, ...]}`` list; anything else lists none."""
        items = body.get("data") if isinstance(body, Mapping) else None
        dates = {
            item["id"]: _date(item.get("shutdown_date"))
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, Mapping) and isinstance(item.get("id"), str)
        }
        return cls(dates, authority)

    def image_models(self) -> tuple[str, ...]:
        """The image models the list names (``gpt-image-*``, ``*image*``, ``dall-e-*``), sorted."""
        return tuple(sorted(name for name in self.dates if _image_model(name)))

    def find(self, model: str) -> tuple[bool, date | None]:
        """Whether the list names ``model`` (or its family), and the date it gives."""
        for name in (model, family(model)):
            if name in self.dates:
                return True, self.dates[name]
        return False, None


@dataclass(frozen=True)
class Lifecycle:
    """Where ``model`` stands on a day; ``source`` says who said so."""

    model: str
    state: State
    shutdown: date | None = None
    replacements: tuple[str, ...] = ()
    source: Literal["table", "openai", "server", "none"] = "table"

    @property
    def label(self) -> str:
        """``"retires 2026-12-01"``, ``"shut down 2026-05-12"``, or ``""`` when active/unknown."""
        if self.shutdown is None or self.state in ("active", "unknown"):
            return ""
        verb = "retires" if self.state == "deprecated" else "shut down"
        return f"{verb} {self.shutdown.isoformat()}"


def lifecycle(
    model: str, today: date | None = None, catalog: ModelCatalog | None = None
) -> Lifecycle:
    """The lifecycle of ``model`` on ``today`` (see the module docstring for the sources)."""
    day = today or _today()
    rules = rules_for(model)
    replacements = rules.replacements if rules else ()
    if catalog is not None:
        listed, shutdown = catalog.find(model)
        if listed:
            return _on(model, day, shutdown, replacements, catalog.authority)
        if catalog.authority == "server":
            return Lifecycle(model, "unknown", source="server")
    if rules is None:
        return Lifecycle(model, "unknown", source="none")
    return _on(model, day, rules.shutdown, replacements, "table")


def lifecycle_label(
    model: str, today: date | None = None, catalog: ModelCatalog | None = None
) -> str:
    """A short label for a control: ``"retires 2026-12-01"``, ``"shut down 2026-05-12"``, ``""``."""
    return lifecycle(model, today, catalog).label


def active_models(
    today: date | None = None, catalog: ModelCatalog | None = None
) -> tuple[str, ...]:
    """The models with no shutdown date ahead, table order first, then image models only the
    catalog lists (``gpt-image-*``, ``*image*``)."""
    listed = catalog.image_models() if catalog else ()
    names = [*MODELS, *(name for name in listed if family(name) not in MODELS)]
    return tuple(name for name in names if lifecycle(name, today, catalog).state == "active")


def default_model(today: date | None = None, catalog: ModelCatalog | None = None) -> str:
    """The model used when none is named: gpt-image-2.6-flare while it is active."""
    active = active_models(today, catalog)
    return DEFAULT_MODEL if DEFAULT_MODEL in active or not active else active[0]


def check_model(
    model: str, today: date | None = None, catalog: ModelCatalog | None = None
) -> Lifecycle:
    """Refuse a shut-down model (:class:`ModelShutDownError`); warn once per process of a
    deprecated one (:class:`ModelDeprecatedWarning`); return its :class:`Lifecycle`."""
    found = lifecycle(model, today, catalog)
    if found.state == "shut down" and found.shutdown is not None:
        raise ModelShutDownError(model, found.shutdown, found.replacements)
    if found.state == "deprecated" and found.shutdown is not None:
        use = f"; use {choices(found.replacements, quote=False)}" if found.replacements else ""
        warn_once(
            f"model {model} is deprecated and shuts down on {found.shutdown.isoformat()}{use}.",
            ModelDeprecatedWarning,
            stacklevel=3,
        )
    return found


def _on(
    model: str, day: date, shutdown: date | None, replacements: tuple[str, ...], source: Any
) -> Lifecycle:
    if shutdown is None:
        return Lifecycle(model, "active", source=source)
    state: State = "shut down" if day >= shutdown else "deprecated"
    return Lifecycle(model, state, shutdown, replacements, source)


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _image_model(name: str) -> bool:
    return "image" in name or name.startswith("dall-e")
