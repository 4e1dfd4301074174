"""The models the emulator serves on its day, ``GET /v1/models[/{id}]``, and how it refuses the
ones it does not serve.

A shut-down model is answered as WIRE-2026-11 1.4 reports the service does: a 400 naming the
model, code ``model_not_found`` (status and text are third-party reports, not documented). A
model nobody knows gets the service's "does not exist" 400.

Example:
    >>> from datetime import date
    >>> from imagewidgets.emulator.config import EmulatorConfig
    >>> served = served_models(EmulatorConfig(today=date(2026, 11, 30)))
    >>> served["gpt-image-1.5"], served["gpt-image-2.6-flare"], "dall-e-2" in served  # shut down
    (datetime.date(2026, 12, 1), None, False)
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from imagewidgets.capabilities import MODELS, ModelRules, default_model, rules_for
from imagewidgets.capabilities.models import family
from imagewidgets.emulator.config import EmulatorConfig
from imagewidgets.emulator.errors import ServiceError

__all__ = ["model_object", "models_list", "served_models", "serving_rules"]

DEPRECATIONS = "https://platform.openai.com/docs/deprecations"
FIRST_DAY = date(2022, 11, 3)
"""``created`` of a model whose release date the table does not hold."""


def served_models(config: EmulatorConfig) -> dict[str, date | None]:
    """Every model id served on the config's day, with its shutdown date (None: none announced)."""
    day = config.day()
    table = {name: (rules, rules.shutdown) for name, rules in _ids().items()}
    if config.serves_retired:
        return dict.fromkeys(table)
    dates = {name: shutdown for name, (_, shutdown) in table.items()}
    for model, shutdown in config.models.items():
        dates[model] = date.fromisoformat(shutdown) if shutdown else None
    return {name: when for name, when in dates.items() if when is None or when > day}


def serving_rules(model: str, config: EmulatorConfig) -> ModelRules:
    """The rules ``model`` is served with; a 400 ``model_not_found`` when it is not served."""
    served = served_models(config)
    if model in served or family(model) in served:
        return rules_for(model) or MODELS[default_model(config.day())]
    rules = rules_for(model)
    shutdown = config.models.get(model) or (rules.shutdown if rules else None)
    if shutdown is None:
        raise _no_such_model(model)
    use = " or ".join(rules.replacements) if rules else ""
    raise ServiceError(
        400,
        f"The model `{model}` was shut down on {shutdown} and no longer accepts requests"
        + (f"; use {use}" if use else "")
        + f". Learn more: {DEPRECATIONS}",
        param="model",
        code="model_not_found",
    )


def models_list(config: EmulatorConfig) -> dict[str, Any]:
    """The body of ``GET /v1/models``."""
    served = served_models(config)
    return {"object": "list", "data": [_model(name, when) for name, when in served.items()]}


def model_object(model: str, config: EmulatorConfig) -> dict[str, Any]:
    """The body of ``GET /v1/models/{model}``; a 404 ``model_not_found`` when it is not served."""
    served = served_models(config)
    if model not in served:
        raise _no_such_model(model, status=404)
    return _model(model, served[model])


def _ids() -> dict[str, ModelRules]:
    ids: dict[str, ModelRules] = {}
    for rules in MODELS.values():
        ids[rules.name] = rules
        ids.update(dict.fromkeys(rules.snapshots, rules))
    return ids


def _model(name: str, shutdown: date | None) -> dict[str, Any]:
    rules = rules_for(name)
    released = (rules.released if rules else None) or FIRST_DAY
    midnight = datetime(released.year, released.month, released.day, tzinfo=timezone.utc)
    created = int(midnight.timestamp())
    return {
        "id": name,
        "object": "model",
        "created": created,
        "owned_by": "system",
        "shutdown_date": shutdown.isoformat() if shutdown else None,
    }


def _no_such_model(model: str, status: int = 400) -> ServiceError:
    return ServiceError(
        status,
        f"The model `{model}` does not exist or you do not have access to it.",
        param="model",
        code="model_not_found",
    )
