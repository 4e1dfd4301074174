"""What a control panel offers: the choices of a parameter for a model, or why it does not apply.

Only documented choices (and those WIRE-2026-11 reports as accepted) are offered; a refusal
that is only a guess is not offered either, though :func:`validate` lets it through.

Example:
    >>> options("gpt-image-2.6-flare", "quality")
    ('low', 'medium', 'high', 'xhigh', 'max', 'auto')
    >>> options("gpt-image-2.6-flare", "complexity")
    ('low', 'medium', 'high')
    >>> unavailable_reason("gpt-image-2", "complexity")
    'complexity is for the gpt-image-2.6 models only'
    >>> options("gpt-image-2.6-flare", "svg_effort")[:3]
    ('none', 'minimal', 'low')
    >>> unavailable_reason("gpt-image-2", "svg_model")
    'svg_model is for SVG output (gpt-image-2.6 models)'

The ``svg`` object has two parts a panel shows apart: ``svg_model`` (``svg.model``, the model
that writes the SVG) and ``svg_effort`` (``svg.reasoning.effort``); they apply where ``svg`` does.
"""

from __future__ import annotations

from typing import Literal

from imagewidgets.capabilities.models import (
    ENDPOINT_NAMES,
    ENDPOINT_PARAMS,
    SVG_EFFORTS,
    rules_for,
)

__all__ = [
    "FRAME_COUNTS",
    "MAX_FRAME_DURATION_MS",
    "MIN_FRAME_DURATION_MS",
    "PARTIAL_IMAGES",
    "SVG_PARTS",
    "options",
    "unavailable_reason",
]

PARTIAL_IMAGES = (0, 1, 2, 3)
FRAME_COUNTS = tuple(range(2, 17))
"""``frame_count`` of a GIF: 2 to 16 (default 9)."""
MIN_FRAME_DURATION_MS = 20
"""``frame_duration_ms`` of a GIF: at least 20 (default 200, rounded to 10 ms by the service)."""
MAX_FRAME_DURATION_MS = 655_350
"""The longest delay a GIF frame can encode (the service caps it there)."""
SVG_PARTS = {"svg_model": ("svg", "model"), "svg_effort": ("svg", "reasoning", "effort")}
"""Where each part of the ``svg`` object goes in a request."""
_Endpoint = Literal["generate", "edit", "variation"]
_GPT_ONLY = "is for the GPT image models only"


def options(model: str, param: str, endpoint: _Endpoint = "generate") -> tuple[object, ...]:
    """The values ``model`` offers for ``param`` on ``endpoint``; empty when it does not apply.

    Numeric parameters answer with their whole range (``n`` -> ``(1, ..., max_n)``); ``size``
    lists the fixed sizes only (see :attr:`ModelRules.custom_sizes` for ``WxH``); free text
    (``safety_identifier``) and ``frame_duration_ms`` have no list. An unknown model offers
    nothing.
    """
    rules = rules_for(model)
    if rules is None or unavailable_reason(model, param, endpoint) is not None:
        return ()
    listed: dict[str, tuple[object, ...]] = {
        "n": tuple(range(1, rules.max_n + 1)),
        "size": rules.edit_sizes if endpoint in ("edit", "variation") else rules.sizes,
        "quality": rules.qualities,
        "complexity": rules.complexities,
        "background": rules.backgrounds,
        "output_format": rules.output_formats,
        "output_compression": tuple(range(101)),
        "moderation": rules.moderations,
        "style": rules.styles,
        "response_format": rules.response_formats,
        "input_fidelity": rules.input_fidelities,
        "partial_images": PARTIAL_IMAGES if rules.gpt_image else (),
        "stream": (True, False) if rules.gpt_image else (),
        "frame_count": FRAME_COUNTS,
        "svg_effort": SVG_EFFORTS,
    }
    return listed.get(param, ())


def unavailable_reason(model: str, param: str, endpoint: _Endpoint = "generate") -> str | None:
    """Why ``param`` does not apply to ``model`` on ``endpoint``, or ``None`` when it does.

    The reason is a short sentence a control panel can show next to a disabled control.
    """
    rules = rules_for(model)
    if rules is None:
        return None
    if endpoint not in rules.endpoints:
        return f"{model} does not support {ENDPOINT_NAMES[endpoint]}"
    if SVG_PARTS.get(param, (param,))[0] not in ENDPOINT_PARAMS[endpoint]:
        return f"{param} is not a parameter of {ENDPOINT_NAMES[endpoint]}"
    gif = "gif" in rules.output_formats
    reasons: dict[str, tuple[bool, str]] = {
        "background": (bool(rules.backgrounds), _GPT_ONLY),
        "output_format": (rules.gpt_image, _GPT_ONLY),
        "output_compression": (rules.gpt_image, _GPT_ONLY),
        "moderation": (bool(rules.moderations), _GPT_ONLY),
        "partial_images": (rules.gpt_image, "streaming " + _GPT_ONLY),
        "stream": (rules.gpt_image, "streaming " + _GPT_ONLY),
        "style": (bool(rules.styles), "is for dall-e-3 only"),
        "response_format": (bool(rules.response_formats), "is for the dall-e models only"),
        "input_fidelity": (bool(rules.input_fidelities), f"is not supported by {model}"),
        "complexity": (bool(rules.complexities), "is for the gpt-image-2.6 models only"),
        "frame_count": (gif, "is for GIF output, which the gpt-image-2.6 models make"),
        "frame_duration_ms": (gif, "is for GIF output, which the gpt-image-2.6 models make"),
        "svg": ("svg" in rules.output_formats, "is for SVG output (gpt-image-2.6 models)"),
    }
    applies, why = reasons.get(SVG_PARTS.get(param, (param,))[0], (True, ""))
    return None if applies else f"{param} {why}"
