"""The checks :func:`~imagewidgets.capabilities.validate` runs, one function per rule group
(GIF, SVG, markup and the user identifiers have theirs in
:mod:`imagewidgets.capabilities.formats`).

Each takes the :class:`Request` being checked and raises :class:`InvalidParameterError` for a
documented rule it breaks, or calls :meth:`Request.doubt` for a rule that is only a guess.

Example:
    >>> from imagewidgets.capabilities.models import MODELS
    >>> rules = MODELS["gpt-image-2.6-flare"]
    >>> request = Request("generate", rules.name, rules, {"prompt": "a", "n": 11}, frozenset())
    >>> check_n(request)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    imagewidgets.capabilities.InvalidParameterError: gpt-image-2.6-flare does not support n=11; ...
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from imagewidgets.capabilities.errors import (
    InvalidParameterError,
    UncertainRuleWarning,
    choices,
)
from imagewidgets.capabilities.models import (
    COMPLEXITIES,
    ENDPOINT_NAMES,
    FORMATS,
    MODELS,
    NEW_FORMATS,
    ModelRules,
)
from imagewidgets.capabilities.options import unavailable_reason
from imagewidgets.capabilities.sizes import (
    MIN_CUSTOM_PIXELS,
    custom_size_problem,
    gif_pixel_limit,
    parse_size,
)
from imagewidgets.capabilities.warn import warn_once

__all__ = [
    "Request",
    "check_choices",
    "check_endpoint",
    "check_int",
    "check_n",
    "check_output",
    "check_prompt",
    "check_size",
]

_GPT_ONLY = "is for the GPT image models only"
VALUES: Mapping[str, tuple[str, ...]] = {
    "complexity": COMPLEXITIES,
    "input_fidelity": ("high", "low"),
    "output_format": FORMATS + NEW_FORMATS,
}
"""Every value a parameter takes on some model: the ones an unsure refusal can be about."""


@dataclass(frozen=True)
class Request:
    """One request being checked against ``rules``."""

    endpoint: str
    model: str
    rules: ModelRules
    params: Mapping[str, Any]
    files: frozenset[str]
    guesses: str = "warn"

    @property
    def output_format(self) -> str:
        """The format asked for (``png`` by default)."""
        return str(self.params.get("output_format", "png"))

    def fail(self, param: str, message: str, allowed: tuple[object, ...] = ()) -> NoReturn:
        """Refuse: a documented rule is broken."""
        raise InvalidParameterError(message, param=param, model=self.model, allowed=allowed)

    def doubt(self, param: str, message: str, *, likely_refused: bool = True) -> None:
        """A rule that is only a guess: warn and send, or (``guesses="refuse"``) refuse."""
        if self.guesses == "refuse":
            if likely_refused:
                self.fail(param, message)
            return
        warn_once(
            f"{message} This rule is not documented (WIRE-2026-11); sending the request for "
            "the service to judge.",
            UncertainRuleWarning,
            stacklevel=5,
        )


def check_endpoint(r: Request) -> None:
    if r.endpoint not in r.rules.endpoints:
        able = tuple(name for name, rules in MODELS.items() if r.endpoint in rules.endpoints)
        what = ENDPOINT_NAMES[r.endpoint]
        r.fail("model", f"{r.model} does not support {what}; use {choices(able)}.", able)


def check_prompt(r: Request) -> None:
    if r.endpoint == "variation":
        return
    prompt = r.params.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        r.fail("prompt", "prompt is required: describe the image you want.")
    if len(prompt) > r.rules.prompt_limit:
        limit = r.rules.prompt_limit
        r.fail("prompt", f"prompt is {len(prompt)} characters; {r.model} accepts at most {limit}.")


def check_int(r: Request, param: str, low: int, high: int, why: str = "") -> None:
    """``param``, when given, must be an integer from ``low`` to ``high``."""
    value = r.params.get(param)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        span = f"{low}" if low == high else f"an integer from {low} to {high}"
        allowed = tuple(range(low, high + 1)) if high - low < 1000 else ()
        r.fail(param, f"{r.model} does not support {param}={value!r}; use {span}{why}.", allowed)


def check_n(r: Request) -> None:
    if r.output_format == "svg":
        check_int(r, "n", 1, 1, " (SVG output makes one image per request)")
    check_int(r, "n", 1, r.rules.max_n)


def check_size(r: Request) -> None:
    size = r.params.get("size")
    if size is None:
        return
    allowed = r.rules.sizes if r.endpoint == "generate" else r.rules.edit_sizes
    custom = r.rules.custom_sizes and isinstance(size, str) and size != "auto"
    if size not in allowed and not custom:
        r.fail(
            "size", f"{r.model} does not support size={size!r}; use {choices(allowed)}.", allowed
        )
    problem = None if size in allowed else custom_size_problem(str(size))
    if problem is not None:
        r.fail("size", f"{r.model} does not support size={size!r}: {problem}.", allowed)
    width, height = parse_size(str(size)) or (0, 0)
    if r.output_format == "gif":
        _check_gif_size(r, str(size), width * height)
    elif size not in allowed and width * height < MIN_CUSTOM_PIXELS:
        fewer = f"fewer than {MIN_CUSTOM_PIXELS:,} pixels, the measured minimum"
        r.doubt("size", f"size={size!r} has {fewer}.", likely_refused=False)


def _check_gif_size(r: Request, size: str, pixels: int) -> None:
    frames = r.params.get("frame_count", 9)
    limit = gif_pixel_limit(frames if isinstance(frames, int) else 9)
    if pixels > limit:
        r.doubt(
            "size",
            f"a GIF of {frames} frames at size={size!r} is over the measured frame limit of "
            f"{limit:,} pixels (e.g. {int(limit**0.5)}x{int(limit**0.5)}).",
        )


def check_choices(r: Request) -> None:
    rules = r.rules
    for param, allowed in (
        ("quality", rules.qualities),
        ("complexity", rules.complexities),
        ("background", rules.backgrounds),
        ("output_format", rules.output_formats),
        ("moderation", rules.moderations),
        ("style", rules.styles),
        ("response_format", rules.response_formats),
        ("input_fidelity", rules.input_fidelities),
    ):
        _check_choice(r, param, allowed)


def _check_choice(r: Request, param: str, allowed: tuple[str, ...]) -> None:
    value = r.params.get(param)
    if value is None or value in allowed:
        return
    unsure = param in r.rules.unsure or f"{param}={value}" in r.rules.unsure
    if unsure and value in VALUES.get(param, ()):
        r.doubt(param, f"{r.model} is not documented to take {param}={value!r}.")
        return
    if not allowed:
        reason = unavailable_reason(r.model, param, r.endpoint) or f"{param} does not apply"  # type: ignore[arg-type]
        r.fail(param, f"{r.model} does not support {param}: {reason}.")
    r.fail(param, f"{r.model} does not support {param}={value!r}; use {choices(allowed)}.", allowed)


def check_output(r: Request) -> None:
    if not r.rules.gpt_image:
        for param in ("output_compression", "partial_images", "stream"):
            value = r.params.get(param)
            if value is not None and not (param == "stream" and value is False):
                r.fail(param, f"{r.model} does not support {param}: {param} {_GPT_ONLY}.")
        return
    fmt = r.output_format
    if r.params.get("background") == "transparent" and fmt not in ("png", "webp"):
        if fmt not in NEW_FORMATS:
            needs = f"needs output_format 'png' or 'webp', not {fmt!r}"
            r.fail("background", f"background='transparent' {needs}.", ("png", "webp"))
        works = f"with output_format={fmt!r} works per third-party tests only"
        r.doubt("background", f"background='transparent' {works}.", likely_refused=False)
    if r.params.get("output_compression") is not None and fmt not in ("jpeg", "webp"):
        only = "applies to output_format 'jpeg' or 'webp' only"
        r.fail("output_compression", f"output_compression {only}; output_format is {fmt!r}.")
    check_int(r, "output_compression", 0, 100)
    check_int(r, "partial_images", 0, 3)
