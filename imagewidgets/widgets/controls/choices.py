"""What the control panel offers for a model: defaults, which controls apply, the request.

Pure functions over :mod:`imagewidgets.capabilities` (the only source of model rules), kept apart
from the widgets so they are easy to test and to reuse (the edit panel needs the same answers).

Example:
    >>> request_params("dall-e-3", {"n": 1, "size": "1024x1024", "quality": "hd",
    ...                             "style": "vivid", "background": "auto"})
    {'model': 'dall-e-3', 'size': '1024x1024', 'quality': 'hd', 'n': 1, 'style': 'vivid'}
    >>> notes("gpt-image-1")
    'Not for gpt-image-1 — Style: for dall-e-3 only.'
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from imagewidgets.capabilities import (
    EXPERIMENTAL_PIXELS,
    Endpoint,
    InvalidParameterError,
    UnknownModelWarning,
    custom_size_problem,
    options,
    parse_size,
    rules_for,
    unavailable_reason,
    validate,
)

__all__ = [
    "CHOICE_PARAMS",
    "CONTROL_LABELS",
    "CONTROL_PARAMS",
    "INT_BOUNDS",
    "INT_DEFAULTS",
    "check_choice",
    "check_control",
    "check_number",
    "compression_reason",
    "default_choice",
    "keeps",
    "notes",
    "one_image_reason",
    "request_params",
    "request_problem",
    "size_note",
    "unavailable",
]

CONTROL_LABELS: Mapping[str, str] = {
    "model": "Model",
    "size": "Size",
    "quality": "Quality",
    "n": "Images",
    "background": "Background",
    "output_format": "Output format",
    "output_compression": "Compression",
    "moderation": "Moderation",
    "style": "Style",
    "partial_images": "Partial frames",
}
"""The visible label (and accessible name) of each control."""

CHOICE_PARAMS = ("size", "quality", "background", "output_format", "moderation", "style")
"""Parameters picked from a list."""
INT_PARAMS = ("n", "output_compression", "partial_images")
"""Parameters given as a number."""
CONTROL_PARAMS = (
    "size",
    "quality",
    "n",
    "background",
    "output_format",
    "output_compression",
    "moderation",
    "style",
    "partial_images",
)
"""Every request parameter the panel has a control for (prompt and model aside), in order."""

INT_DEFAULTS: Mapping[str, int] = {"n": 1, "output_compression": 100, "partial_images": 2}
_PREFERRED = {
    "size": "1024x1024",
    "quality": "auto",
    "background": "auto",
    "output_format": "png",
    "moderation": "auto",
    "style": "vivid",
}
_LOSSY = ("jpeg", "webp")


def default_choice(model: str, param: str, endpoint: Endpoint = "generate") -> str | None:
    """The value a control starts at for ``model``: the service's default where it offers it."""
    offered = options(model, param, endpoint)
    if not offered:
        return None
    preferred = _PREFERRED.get(param)
    return preferred if preferred in offered else str(offered[0])


def unavailable(model: str, endpoint: Endpoint = "generate") -> dict[str, str]:
    """Why each control that does not apply to ``model`` is hidden, by parameter."""
    return {
        param: reason
        for param in CONTROL_PARAMS
        if (reason := unavailable_reason(model, param, endpoint)) is not None
    }


def one_image_reason(model: str) -> str | None:
    """Why the number of images is locked to 1 for ``model`` (dall-e-3), else ``None``."""
    rules = rules_for(model)
    return f"{model} makes one image per request" if rules and rules.max_n == 1 else None


def notes(model: str, endpoint: Endpoint = "generate") -> str:
    """One line saying which controls do not apply to ``model`` and why ("" when all apply)."""
    grouped: dict[str, list[str]] = {}
    for param, reason in unavailable(model, endpoint).items():
        why = reason.removeprefix(param).strip().removeprefix("is ")
        grouped.setdefault(why, []).append(CONTROL_LABELS[param])
    sentences = [f"{', '.join(labels)}: {why}." for why, labels in grouped.items()]
    locked = one_image_reason(model)
    if locked:
        sentences.append(f"{CONTROL_LABELS['n']}: {locked}.")
    return f"Not for {model} — " + " ".join(sentences) if sentences else ""


def compression_reason(output_format: object) -> str | None:
    """Why compression is disabled for ``output_format`` (it applies to jpeg and webp only)."""
    if output_format in _LOSSY:
        return None
    return "compression applies to the jpeg and webp formats only"


def size_note(size: str, model: str) -> str:
    """What to tell about a custom size as it is typed: its problem, or that it is experimental."""
    rules = rules_for(model)
    if rules is None or not rules.custom_sizes or size in rules.sizes:
        return ""
    problem = custom_size_problem(size)
    if problem is not None:
        return problem
    width, height = parse_size(size) or (0, 0)
    if width * height > EXPERIMENTAL_PIXELS:
        return "sizes above 2560x1440 are experimental"
    return ""


def request_params(model: str, values: Mapping[str, object]) -> dict[str, Any]:
    """The parameters to send for ``model`` given the controls' ``values`` (prompt excluded).

    Controls that do not apply are left out, and so is compression unless the format is lossy.
    """
    params: dict[str, Any] = {"model": model}
    skipped = unavailable(model)
    for param in CONTROL_PARAMS:
        value = values.get(param)
        if param in skipped or value is None:
            continue
        if param == "output_compression" and compression_reason(values.get("output_format")):
            continue
        params[param] = value
    return params


INT_BOUNDS: Mapping[str, tuple[int, int]] = {
    "n": (1, 10),
    "output_compression": (0, 100),
    "partial_images": (0, 3),
}
"""The widest range of each numeric parameter (``n`` narrows to the model's ``max_n``)."""


def keeps(model: str, param: str, value: object) -> bool:
    """Whether ``value`` of ``param`` can stay when ``model`` is chosen.

    Custom sizes stay for gpt-image-2 whatever they are, so they can be checked as typed; a
    parameter that does not apply keeps only ``None``.
    """
    rules = rules_for(model)
    if param == "size" and rules is not None and rules.custom_sizes and value:
        return True
    offered = options(model, param)
    return value in offered or (not offered and value is None)


def check_choice(model: str, param: str, value: object) -> None:
    """Raise :class:`InvalidParameterError` if ``model`` does not offer ``value`` for ``param``."""
    if value is None or param == "size" or keeps(model, param, value):
        return
    allowed = options(model, param)
    raise InvalidParameterError(
        f"{model} does not support {param}={value!r}; use one of {', '.join(map(str, allowed))}.",
        param=param,
        model=model,
        allowed=allowed,
    )


def check_number(model: str, param: str, value: int) -> None:
    """Raise :class:`InvalidParameterError` if ``value`` is out of ``param``'s range."""
    low, high = INT_BOUNDS[param]
    rules = rules_for(model)
    if param == "n" and rules is not None:
        high = rules.max_n
    if not low <= value <= high:
        raise InvalidParameterError(
            f"{param} must be from {low} to {high} for {model}, not {value}.",
            param=param,
            model=model,
            allowed=tuple(range(low, high + 1)),
        )


def check_control(model: str, param: str) -> None:
    """Raise :class:`InvalidParameterError` unless ``param`` is a control ``model`` takes."""
    if param not in CONTROL_PARAMS and param not in ("prompt", "model"):
        allowed = ("prompt", "model", *CONTROL_PARAMS)
        raise InvalidParameterError(
            f"{param!r} is not a control; use one of {', '.join(allowed)}.",
            param=param,
            model=model,
            allowed=allowed,
        )
    reason = unavailable(model).get(param)
    if reason:
        raise InvalidParameterError(
            f"{model} does not take {param}: {reason}.", param=param, model=model
        )


def request_problem(
    prompt: str, params: Mapping[str, object], endpoint: Endpoint = "generate"
) -> str:
    """Why a request to ``endpoint`` ("generate" or "edit") with ``prompt`` and ``params``
    would be refused, or ``""``."""
    request = {"prompt": prompt, **params}
    if request.get("partial_images") is not None:
        request["stream"] = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnknownModelWarning)
            validate(endpoint, request)
    except InvalidParameterError as exc:
        return str(exc)
    return ""
