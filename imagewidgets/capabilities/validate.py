"""``validate()``: check a request against its model's rules before anything is sent.

The first problem raises :class:`InvalidParameterError` naming the parameter, the model and what
is allowed. A rule WIRE-2026-11 does not document (``ModelRules.unsure``, the measured limits)
warns with :class:`UncertainRuleWarning` and lets the request go, so the service can answer for
itself; ``guesses="refuse"`` (the emulator) refuses those instead. Parameters and models the
table does not know are sent with one warning each (forward compatibility).

Example:
    >>> from datetime import date
    >>> request = {"prompt": "a fox", "model": "gpt-image-2.6-flare", "complexity": "low"}
    >>> validate("generate", request).name
    'gpt-image-2.6-flare'
    >>> validate("generate", {**request, "model": "gpt-image-1.5"}, today=date(2026, 12, 2))
    Traceback (most recent call last):
    ...
    imagewidgets.capabilities.ModelShutDownError: model gpt-image-1.5 was shut down on 2026-12-01...
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from typing import Literal

from imagewidgets.capabilities.checks import (
    Request,
    check_choices,
    check_endpoint,
    check_n,
    check_output,
    check_prompt,
    check_size,
)
from imagewidgets.capabilities.errors import (
    InvalidParameterError,
    UnknownModelWarning,
    UnknownParameterWarning,
)
from imagewidgets.capabilities.formats import (
    check_gif,
    check_identity,
    check_markup,
    check_svg,
    check_unstreamed,
)
from imagewidgets.capabilities.lifecycle import ModelCatalog, check_model, default_model
from imagewidgets.capabilities.models import ENDPOINT_NAMES, ENDPOINT_PARAMS, ModelRules, rules_for
from imagewidgets.capabilities.warn import warn_once

__all__ = ["Endpoint", "Guesses", "implied_model", "validate"]

Endpoint = Literal["generate", "edit", "variation"]
Guesses = Literal["warn", "refuse"]
KNOWN_PARAMS = frozenset().union(*ENDPOINT_PARAMS.values())
CHECKS: tuple[Callable[[Request], None], ...] = (
    check_endpoint, check_prompt, check_n, check_size, check_choices, check_output,
    check_unstreamed, check_gif, check_svg, check_markup, check_identity,
)  # fmt: skip
"""Every rule group, in the order a request is checked (the first problem is reported)."""


def implied_model(
    endpoint: Endpoint, params: Mapping[str, object], today: date | None = None
) -> str:
    """The model a request uses: the one it names, else :func:`default_model` (variations:
    dall-e-2, the only model that ever had them). The client always sends it explicitly."""
    model = params.get("model")
    if isinstance(model, str) and model:
        return model
    return "dall-e-2" if endpoint == "variation" else default_model(today)


def validate(
    endpoint: Endpoint,
    params: Mapping[str, object],
    *,
    today: date | None = None,
    catalog: ModelCatalog | None = None,
    files: Collection[str] = (),
    guesses: Guesses = "warn",
    check_lifecycle: bool = True,
) -> ModelRules | None:
    """Check a request's parameters (``None`` values count as unset); return the model's rules.

    ``files`` names the file parts sent besides the images (``"mask"``, ``"markup"``);
    ``today`` and ``catalog`` decide the model's lifecycle (a shut-down model raises
    :class:`~imagewidgets.capabilities.ModelShutDownError`, a deprecated one warns once). An
    unknown model warns with :class:`UnknownModelWarning` and returns ``None``.
    """
    given = {name: value for name, value in params.items() if value is not None}
    model = implied_model(endpoint, given, today)
    _check_names(endpoint, model, given, guesses)
    if check_lifecycle:
        check_model(model, today, catalog)
    rules = rules_for(model)
    if rules is None:
        _unknown_model(model, catalog, guesses)
        return None
    request = Request(endpoint, model, rules, given, frozenset(files), guesses)
    for check in CHECKS:
        check(request)
    return rules


def _check_names(
    endpoint: Endpoint, model: str, given: Mapping[str, object], guesses: Guesses
) -> None:
    accepted = ENDPOINT_PARAMS[endpoint]
    foreign = sorted(name for name in given if name not in accepted and name in KNOWN_PARAMS)
    unknown = sorted(name for name in given if name not in KNOWN_PARAMS)
    if foreign or (unknown and guesses == "refuse"):
        name = (foreign or unknown)[0]
        raise InvalidParameterError(
            f"{name!r} is not a parameter of {ENDPOINT_NAMES[endpoint]}; "
            f"use one of {', '.join(sorted(accepted))}.",
            param=name,
            model=model,
            allowed=tuple(sorted(accepted)),
        )
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        warn_once(
            f"{names} {'is' if len(unknown) == 1 else 'are'} not in imagewidgets' rules table "
            f"for {ENDPOINT_NAMES[endpoint]}; sending {'it' if len(unknown) == 1 else 'them'} "
            "as given, for the service to judge.",
            UnknownParameterWarning,
            stacklevel=4,
        )


def _unknown_model(model: str, catalog: ModelCatalog | None, guesses: Guesses) -> None:
    if guesses == "refuse":
        return
    listed = catalog is not None and catalog.find(model)[0]
    where = "the service lists it, but it is not" if listed else "it is not"
    warn_once(
        f"Model {model!r}: {where} in imagewidgets' rules table; sending the request unchecked.",
        UnknownModelWarning,
        stacklevel=4,
    )
