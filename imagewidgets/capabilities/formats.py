"""The rules of the newer parameters: GIF and SVG output, markup edits, ``safety_identifier``
(WIRE-2026-11 section 2.2).

GIF and SVG do not stream and have no partial images (GIF: no mask either); ``frame_count`` and
``frame_duration_ms`` go with GIF only, the ``svg`` settings with SVG only; ``markup`` is for the
models that take it and never goes with a mask; ``user`` is deprecated for ``safety_identifier``.

Example:
    >>> from imagewidgets.capabilities.checks import Request
    >>> from imagewidgets.capabilities.models import MODELS
    >>> rules = MODELS["gpt-image-2.6-flare"]
    >>> gif = {"prompt": "a kite", "output_format": "gif", "frame_count": 20}
    >>> check_gif(Request("generate", rules.name, rules, gif, frozenset()))
    Traceback (most recent call last):
    ...
    imagewidgets.capabilities.InvalidParameterError: gpt-image-2.6-flare does not support ...
"""

from __future__ import annotations

from collections.abc import Mapping

from imagewidgets.capabilities.checks import Request, check_int
from imagewidgets.capabilities.errors import DeprecatedParameterWarning, choices
from imagewidgets.capabilities.models import NEW_FORMATS, SVG_EFFORTS
from imagewidgets.capabilities.warn import warn_once

__all__ = [
    "FORMAT_ONLY",
    "SVG_EFFORTS",
    "check_gif",
    "check_identity",
    "check_markup",
    "check_svg",
    "check_unstreamed",
]

FORMAT_ONLY = {"frame_count": "gif", "frame_duration_ms": "gif", "svg": "svg"}
"""The parameters that go with one output format only (any other format refuses them)."""
SAFETY_ID_LIMIT = 128
"""A guess: the guide's excerpt names "128" and is cut off (WIRE-2026-11 9.7)."""


def check_unstreamed(r: Request) -> None:
    """GIF and SVG output cannot stream and have no partial images."""
    fmt = r.output_format
    if fmt in NEW_FORMATS and r.rules.gpt_image:
        _check_not_streamed(r, fmt)


def _check_not_streamed(r: Request, fmt: str) -> None:
    name = fmt.upper()
    if r.params.get("stream") is True:
        r.fail("stream", f"{name} output cannot be streamed; leave stream unset.")
    if r.params.get("partial_images") is not None:
        message = f"{name} output has no partial images; leave partial_images unset."
        r.fail("partial_images", message)


def check_gif(r: Request) -> None:
    for param in (name for name, fmt in FORMAT_ONLY.items() if fmt == "gif"):
        if r.params.get(param) is not None and r.output_format != "gif":
            r.fail(param, f"{param} is only for output_format='gif'.")
    check_int(r, "frame_count", 2, 16)
    check_int(r, "frame_duration_ms", 20, 655_350, " (milliseconds per frame)")
    if r.output_format == "gif" and "mask" in r.files:
        r.fail("mask", "GIF output does not support masks; remove the mask or choose png.")


def check_svg(r: Request) -> None:
    svg = r.params.get("svg")
    if svg is None:
        return
    if r.output_format != FORMAT_ONLY["svg"]:
        r.fail("svg", "svg (the SVG author's settings) is only for output_format='svg'.")
    if not isinstance(svg, Mapping):
        r.fail("svg", "svg must be an object like {'model': ..., 'reasoning': {'effort': 'low'}}.")
    if not isinstance(svg.get("model"), str) or not svg["model"]:
        message = "svg needs 'model', the model that authors the SVG (e.g. {'model': '...'})."
        r.fail("svg", message) if r.endpoint == "generate" else r.doubt("svg", message)
    reasoning = svg.get("reasoning")
    effort = reasoning.get("effort") if isinstance(reasoning, Mapping) else None
    well_formed = isinstance(reasoning, Mapping) and effort in (None, *SVG_EFFORTS)
    if reasoning is not None and not well_formed:
        r.fail("svg", f"svg['reasoning']['effort'] must be {choices(SVG_EFFORTS)}.", SVG_EFFORTS)


def check_markup(r: Request) -> None:
    if "markup" not in r.files:
        return
    if not r.rules.markup:
        r.fail("markup", f"{r.model} does not take markup; use gpt-image-2.5 or 2.6 models.")
    if "mask" in r.files:
        r.fail("markup", "markup cannot be combined with a mask; send one or the other.")


def check_identity(r: Request) -> None:
    for param in ("user", "safety_identifier"):
        value = r.params.get(param)
        if value is not None and not isinstance(value, str):
            r.fail(param, f"{param} must be a string, not {type(value).__name__}.")
    identifier = r.params.get("safety_identifier")
    if isinstance(identifier, str) and len(identifier) > SAFETY_ID_LIMIT:
        length = f"is {len(identifier)} characters; the limit is probably {SAFETY_ID_LIMIT}"
        r.doubt("safety_identifier", f"safety_identifier {length}.")
    if r.params.get("user") is not None and r.guesses == "warn":
        warn_once(
            "user is deprecated: pass safety_identifier (a hash of your user's id) instead.",
            DeprecatedParameterWarning,
            stacklevel=5,
        )
