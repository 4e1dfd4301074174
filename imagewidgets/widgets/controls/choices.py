"""What the control panel offers for a model on an endpoint: defaults, what applies, the request.

Pure functions over :mod:`imagewidgets.capabilities` (the only source of model rules) and the
rows of :mod:`~imagewidgets.widgets.controls.params`, kept apart from the widgets so they are easy
to test. ``endpoint`` is ``"generate"`` (the Studio) or ``"edit"`` (the edit panel).

Example:
    >>> request_params("gpt-image-2", {"n": 1, "size": "1536x864", "quality": "high",
    ...                                "complexity": "low", "safety_identifier": ""})
    {'model': 'gpt-image-2', 'size': '1536x864', 'quality': 'high', 'n': 1}
    >>> notes("gpt-image-2.5-flare", "edit")
    'Not for gpt-image-2.5-flare — Complexity: for the gpt-image-2.6 models only.'
    >>> needs_reason("output_compression", {"output_format": "png"})
    'compression applies to the jpeg and webp output formats only'
    >>> needs_reason("partial_images", {"output_format": "gif"})
    'GIF and SVG output cannot stream'
    >>> request_params("gpt-image-2.6-flare", {"output_format": "svg", "n": 2, "partial_images": 2,
    ...     "svg_model": "gpt-5.6-sol", "svg_effort": "low"})  # doctest: +NORMALIZE_WHITESPACE
    {'model': 'gpt-image-2.6-flare', 'output_format': 'svg',
     'svg': {'model': 'gpt-5.6-sol', 'reasoning': {'effort': 'low'}}}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from imagewidgets.capabilities import (
    EXPERIMENTAL_PIXELS,
    MAX_FRAME_DURATION_MS,
    MIN_FRAME_DURATION_MS,
    Endpoint,
    InvalidParameterError,
    ModelCatalog,
    active_models,
    custom_size_problem,
    options,
    parse_size,
    quiet,
    rules_for,
    unavailable_reason,
    validate,
)
from imagewidgets.widgets.controls.output import gif_size_problem
from imagewidgets.widgets.controls.params import LABELS, ROWS, names_for, rows_for

__all__ = [
    "UNKNOWN_CHOICES",
    "bounds",
    "check_choice",
    "check_control",
    "check_number",
    "default_choice",
    "keeps",
    "listed",
    "needs_reason",
    "notes",
    "one_image_reason",
    "request_params",
    "request_problem",
    "serves",
    "size_note",
    "unavailable",
]

UNKNOWN_CHOICES = "is not known for models outside the rules table (the server decides)"


def serves(model: str, endpoint: Endpoint) -> bool:
    """Whether ``model`` can be chosen for ``endpoint`` (a model the table does not know can:
    it is sent unchecked)."""
    rules = rules_for(model)
    return rules is None or endpoint in rules.endpoints


def listed(model: str, param: str, endpoint: Endpoint = "generate") -> tuple[object, ...]:
    """What the list of ``param`` holds for ``model``: its options, after ``""`` (not sent) when
    the row has an ``unset`` entry (complexity: the model's default)."""
    offered = options(model, param, endpoint)
    row = ROWS.get(param)
    return ("", *offered) if offered and row is not None and row.unset else offered


def default_choice(model: str, param: str, endpoint: Endpoint = "generate") -> str | None:
    """The value a list starts at for ``model``: the row's default where the model offers it."""
    offered = listed(model, param, endpoint)
    if not offered:
        return None
    preferred = ROWS[param].default
    return str(preferred) if preferred in offered else str(offered[0])


def bounds(model: str, param: str, endpoint: Endpoint = "generate") -> tuple[int, int] | None:
    """The range ``model`` takes for a number (``n``: 1 to ``max_n``); ``None`` when it does not
    apply."""
    if param == "frame_duration_ms" and unavailable_reason(model, param, endpoint) is None:
        return (MIN_FRAME_DURATION_MS, MAX_FRAME_DURATION_MS) if rules_for(model) else None
    offered = [value for value in options(model, param, endpoint) if isinstance(value, int)]
    return (min(offered), max(offered)) if offered else None


def unavailable(model: str, endpoint: Endpoint = "generate") -> dict[str, str]:
    """Why each control that does not apply to ``model`` is hidden, by parameter.

    A model the rules table does not know (one a server lists) has no known choices: those
    lists are hidden and left to the server's defaults; numbers and texts stay.
    """
    if rules_for(model) is None:
        return {row.name: f"{row.name} {UNKNOWN_CHOICES}" for row in rows_for(endpoint)
                if row.kind == "choice"}  # fmt: skip
    return {
        param: reason
        for param in names_for(endpoint)
        if (reason := unavailable_reason(model, param, endpoint)) is not None
    }


def one_image_reason(model: str) -> str | None:
    """Why the number of images is locked to 1 for ``model`` (dall-e-3), else ``None``."""
    rules = rules_for(model)
    return f"{model} makes one image per request" if rules and rules.max_n == 1 else None


def notes(model: str, endpoint: Endpoint = "generate", today: date | None = None) -> str:
    """One line saying which controls do not apply to ``model`` and why ("" when all apply);
    the rows of an output format the model does not make go unsaid (its format list says it).

    A control that no active model takes (``style``: dall-e-3's) is hidden without a word: the
    note would name a model that is gone."""
    grouped: dict[str, list[str]] = {}
    for param, reason in unavailable(model, endpoint).items():
        if ROWS[param].hidden or not _current(param, endpoint, today):
            continue
        why = reason.removeprefix(param).strip().removeprefix("is ")
        grouped.setdefault(why, []).append(LABELS[param])
    sentences = [f"{', '.join(labels)}: {why}." for why, labels in grouped.items()]
    locked = one_image_reason(model)
    if locked:
        sentences.append(f"{LABELS['n']}: {locked}.")
    return f"Not for {model} — " + " ".join(sentences) if sentences else ""


def _current(param: str, endpoint: Endpoint, today: date | None) -> bool:
    """Whether some model active on ``today`` takes ``param`` on ``endpoint``."""
    return any(unavailable_reason(model, param, endpoint) is None for model in active_models(today))


def needs_reason(param: str, values: Mapping[str, object]) -> str | None:
    """Why ``param`` does not apply with these ``values`` of the other controls (compression
    needs a lossy format, partial frames a format that streams), or ``None``. A control that is
    not set (it does not apply to the model) counts as its default: png, the service's."""
    needs = ROWS[param].needs
    if needs is None:
        return None
    current = values.get(needs[0])
    if (ROWS[needs[0]].default if current is None else current) in needs[1]:
        return None
    if ROWS[param].why:
        return ROWS[param].why
    other, allowed = LABELS[needs[0]].lower(), needs[1]
    wanted = " and ".join(allowed) + f" {other}" + ("s" if len(allowed) > 1 else "")
    return f"{LABELS[param].lower()} applies to the {wanted} only"


def size_note(size: str, model: str, endpoint: Endpoint = "generate") -> str:
    """What to tell about a custom size as it is typed: its problem, or that it is experimental."""
    rules = rules_for(model)
    if rules is None or not rules.custom_sizes or size in options(model, "size", endpoint):
        return ""
    problem = custom_size_problem(size)
    if problem is not None:
        return problem
    width, height = parse_size(size) or (0, 0)
    if width * height > EXPERIMENTAL_PIXELS:
        return "sizes above 2560x1440 are experimental"
    return ""


def request_params(
    model: str, values: Mapping[str, object], endpoint: Endpoint = "generate"
) -> dict[str, Any]:
    """The parameters to send for ``model`` given the controls' ``values`` (prompt excluded).

    Controls that do not apply are left out, and so are those whose ``needs`` are not met
    (compression unless the format is lossy) and empty texts.
    """
    params: dict[str, Any] = {"model": model}
    skipped = unavailable(model, endpoint)
    for param in names_for(endpoint):
        value = values.get(param)
        if param in skipped or value is None or value == "" or needs_reason(param, values):
            continue
        _put(params, ROWS[param].part, value)
    svg = params.get("svg")
    if isinstance(svg, dict) and "model" not in svg:  # no author named: the service picks
        del params["svg"]
    return params


def _put(params: dict[str, Any], part: tuple[str, ...], value: object) -> None:
    """``params`` with ``value`` at ``part`` (``("svg", "model")``: inside the ``svg`` object)."""
    for key in part[:-1]:
        params = params.setdefault(key, {})
    params[part[-1]] = value


def keeps(model: str, param: str, value: object, endpoint: Endpoint = "generate") -> bool:
    """Whether ``value`` of ``param`` can stay (or be restored) when ``model`` is chosen.

    Custom sizes stay for gpt-image-2 whatever they are, so they can be checked as typed; a
    parameter that does not apply keeps only ``None``; a text keeps any value.
    """
    rules = rules_for(model)
    if param == "size" and rules is not None and rules.custom_sizes and value:
        return True
    if ROWS[param].kind == "text":
        return isinstance(value, str)
    offered = listed(model, param, endpoint)
    return value in offered or (not offered and value is None)


def check_choice(model: str, param: str, value: object, endpoint: Endpoint = "generate") -> None:
    """Raise :class:`InvalidParameterError` if ``model`` does not offer ``value`` for ``param``."""
    if value is None or param == "size" or keeps(model, param, value, endpoint):
        return
    allowed = listed(model, param, endpoint)
    raise InvalidParameterError(
        f"{model} does not support {param}={value!r}; use one of {', '.join(map(str, allowed))}.",
        param=param,
        model=model,
        allowed=allowed,
    )


def check_number(model: str, param: str, value: int, endpoint: Endpoint = "generate") -> None:
    """Raise :class:`InvalidParameterError` if ``value`` is out of the range ``model`` takes."""
    span = bounds(model, param, endpoint)
    if span is None:
        return
    low, high = span
    if not low <= value <= high:
        raise InvalidParameterError(
            f"{param} must be from {low} to {high} for {model}, not {value}.",
            param=param,
            model=model,
            allowed=tuple(range(low, high + 1)),
        )


def check_control(model: str, param: str, endpoint: Endpoint = "generate") -> None:
    """Raise :class:`InvalidParameterError` unless ``param`` is a control ``model`` takes."""
    allowed = ("prompt", "model", *names_for(endpoint))
    if param not in allowed:
        raise InvalidParameterError(
            f"{param!r} is not a control; use one of {', '.join(allowed)}.",
            param=param,
            model=model,
            allowed=allowed,
        )
    reason = unavailable(model, endpoint).get(param)
    if reason:
        raise InvalidParameterError(
            f"{model} does not take {param}: {reason}.", param=param, model=model
        )


def request_problem(
    prompt: str,
    params: Mapping[str, object],
    endpoint: Endpoint = "generate",
    today: date | None = None,
    catalog: ModelCatalog | None = None,
) -> str:
    """Why a request to ``endpoint`` with ``prompt`` and ``params`` would be refused on
    ``today`` (judged by ``catalog`` when given), or ``""``: a shut-down model's reason names
    its date and what to use instead. Warnings are left to the client, when it sends."""
    request = {"prompt": prompt, **params}
    if request.get("partial_images") is not None:
        request["stream"] = True
    too_large = gif_size_problem(params)
    if too_large:
        return f"size: {too_large}."
    try:
        with quiet():
            validate(endpoint, request, today=today, catalog=catalog)
    except InvalidParameterError as exc:
        return str(exc)
    return ""
