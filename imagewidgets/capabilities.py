"""What each image model accepts: the one table that the client, the widgets and the emulator share.

The rules come from the API reference (``shared/spec/WIRE.md``, "Model rules"). Three questions are
answered here and nowhere else:

- :func:`validate` checks a request before anything is sent, and raises
  :class:`InvalidParameterError` (a ``ValueError``) naming the parameter, the model and what is
  allowed. The emulator calls the same function, so both sides refuse the same requests.
- :func:`options` and :func:`unavailable_reason` tell a control panel which choices a model
  offers for a parameter, or why the parameter does not apply.
- :func:`rules_for` resolves a model name (dated snapshots such as ``gpt-image-2-2026-04-21``
  follow their family) to its :class:`ModelRules`, or ``None`` for a model this table does not
  know, which then passes through unchecked with an :class:`UnknownModelWarning`.

Example:
    >>> from imagewidgets import capabilities
    >>> capabilities.options("dall-e-3", "size")
    ('1024x1024', '1792x1024', '1024x1792')
    >>> request = {"prompt": "a fox", "model": "gpt-image-2", "background": "transparent"}
    >>> capabilities.validate("generate", request)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    imagewidgets.capabilities.InvalidParameterError: gpt-image-2 does not support background=...
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

__all__ = [
    "ENDPOINT_PARAMS",
    "MODELS",
    "Endpoint",
    "ImageFacts",
    "InvalidParameterError",
    "ModelRules",
    "UnknownModelWarning",
    "check_images",
    "check_mask",
    "custom_size_problem",
    "implied_model",
    "options",
    "parse_size",
    "rules_for",
    "unavailable_reason",
    "validate",
]

Endpoint = Literal["generate", "edit", "variation"]

MB = 1024 * 1024
PARTIAL_IMAGES = (0, 1, 2, 3)
GPT_SIZES = ("1024x1024", "1536x1024", "1024x1536", "auto")
DALLE2_SIZES = ("256x256", "512x512", "1024x1024")
MAX_CUSTOM_EDGE = 3840
MAX_CUSTOM_PIXELS = 3840 * 2160
EXPERIMENTAL_PIXELS = 2560 * 1440

ENDPOINT_PARAMS: Mapping[str, frozenset[str]] = {
    "generate": frozenset(
        "prompt model n size quality background output_format output_compression "
        "moderation style response_format partial_images stream user".split()
    ),
    "edit": frozenset(
        "prompt model n size quality background output_format output_compression "
        "input_fidelity response_format partial_images stream user".split()
    ),
    "variation": frozenset("model n size response_format user".split()),
}
"""The parameters each endpoint takes besides its image files (``image``, ``mask``)."""


class InvalidParameterError(ValueError):
    """A request the model would refuse; raised before anything is sent.

    ``param`` names the offending parameter, ``model`` the model it was checked against and
    ``allowed`` what would have been accepted (empty when the parameter does not apply at all).
    """

    def __init__(
        self, message: str, *, param: str, model: str | None, allowed: tuple[object, ...] = ()
    ) -> None:
        super().__init__(message)
        self.param = param
        self.model = model
        self.allowed = allowed


class UnknownModelWarning(UserWarning):
    """A model name this table does not know: the request is sent unchecked."""


@dataclass(frozen=True)
class ModelRules:
    """Everything one model accepts. Empty tuples mean "this parameter does not apply"."""

    name: str
    prompt_limit: int
    max_n: int
    sizes: tuple[str, ...]
    qualities: tuple[str, ...]
    endpoints: frozenset[str]
    custom_sizes: bool = False
    backgrounds: tuple[str, ...] = ()
    output_formats: tuple[str, ...] = ()
    moderations: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    response_formats: tuple[str, ...] = ()
    input_fidelities: tuple[str, ...] = ()
    max_images: int = 1
    max_image_bytes: int = 4 * MB
    image_formats: tuple[str, ...] = ("png",)
    square_inputs: bool = True
    edit_sizes: tuple[str, ...] = field(default=())

    @property
    def gpt_image(self) -> bool:
        """GPT image models stream, return base64 always and take the output_* parameters."""
        return bool(self.output_formats)


def _gpt_image(name: str, *, fidelity: bool = True, transparent: bool = True) -> ModelRules:
    return ModelRules(
        name=name,
        prompt_limit=32000,
        max_n=10,
        sizes=GPT_SIZES,
        qualities=("low", "medium", "high", "auto"),
        endpoints=frozenset({"generate", "edit"}),
        backgrounds=("transparent", "opaque", "auto") if transparent else ("opaque", "auto"),
        output_formats=("png", "jpeg", "webp"),
        moderations=("low", "auto"),
        input_fidelities=("high", "low") if fidelity else (),
        max_images=16,
        max_image_bytes=50 * MB,
        image_formats=("png", "webp", "jpeg"),
        square_inputs=False,
        edit_sizes=GPT_SIZES,
    )


MODELS: Mapping[str, ModelRules] = {
    rules.name: rules
    for rules in (
        ModelRules(
            name="dall-e-2",
            prompt_limit=1000,
            max_n=10,
            sizes=DALLE2_SIZES,
            qualities=("standard",),
            endpoints=frozenset({"generate", "edit", "variation"}),
            response_formats=("url", "b64_json"),
            edit_sizes=DALLE2_SIZES,
        ),
        ModelRules(
            name="dall-e-3",
            prompt_limit=4000,
            max_n=1,
            sizes=("1024x1024", "1792x1024", "1024x1792"),
            qualities=("standard", "hd"),
            endpoints=frozenset({"generate"}),
            styles=("vivid", "natural"),
            response_formats=("url", "b64_json"),
        ),
        _gpt_image("gpt-image-1"),
        _gpt_image("gpt-image-1-mini", fidelity=False),
        _gpt_image("gpt-image-1.5"),
        _gpt_image("chatgpt-image-latest"),
        replace(_gpt_image("gpt-image-2", transparent=False), custom_sizes=True),
    )
}
"""The models this library knows, by name. Use :func:`rules_for` to look one up."""

_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")
_SIZE = re.compile(r"^(\d{1,5})x(\d{1,5})$")
_GPT_ONLY_TEXT = "is for the GPT image models only"
_GPT_ONLY = ("background", "output_format", "output_compression", "moderation", "partial_images")


def rules_for(model: str) -> ModelRules | None:
    """The rules for ``model``; a dated snapshot (``gpt-image-2-2026-04-21``) uses its family's."""
    return MODELS.get(model) or MODELS.get(_SNAPSHOT.sub("", model))


def implied_model(endpoint: Endpoint, params: Mapping[str, object]) -> str:
    """The model the service uses when the request names none.

    Generations default to dall-e-2 unless a GPT-image-only parameter is set (then gpt-image-1);
    edits default to gpt-image-1.5; variations exist only for dall-e-2.
    """
    model = params.get("model")
    if isinstance(model, str) and model:
        return model
    if endpoint == "edit":
        return "gpt-image-1.5"
    if endpoint == "generate" and any(params.get(name) is not None for name in _GPT_ONLY):
        return "gpt-image-1"
    return "dall-e-2"


def parse_size(size: str) -> tuple[int, int] | None:
    """``"1536x864"`` -> ``(1536, 864)``; ``None`` for ``"auto"`` or anything not ``WxH``."""
    match = _SIZE.match(size)
    return (int(match[1]), int(match[2])) if match else None


def options(model: str, param: str, endpoint: Endpoint = "generate") -> tuple[object, ...]:
    """The values ``model`` offers for ``param`` on ``endpoint``; empty when it does not apply.

    Numeric parameters answer with their whole range (``n`` -> ``(1, ..., max_n)``); ``size``
    lists the fixed sizes only (gpt-image-2 also takes custom ``WxH``: see
    :attr:`ModelRules.custom_sizes`). An unknown model offers nothing.
    """
    rules = rules_for(model)
    if rules is None or unavailable_reason(model, param, endpoint) is not None:
        return ()
    listed: dict[str, tuple[object, ...]] = {
        "n": tuple(range(1, rules.max_n + 1)),
        "size": rules.edit_sizes if endpoint in ("edit", "variation") else rules.sizes,
        "quality": rules.qualities,
        "background": rules.backgrounds,
        "output_format": rules.output_formats,
        "output_compression": tuple(range(101)),
        "moderation": rules.moderations,
        "style": rules.styles,
        "response_format": rules.response_formats,
        "input_fidelity": rules.input_fidelities,
        "partial_images": PARTIAL_IMAGES if rules.gpt_image else (),
        "stream": (True, False) if rules.gpt_image else (),
    }
    return listed.get(param, ())


def unavailable_reason(model: str, param: str, endpoint: Endpoint = "generate") -> str | None:
    """Why ``param`` does not apply to ``model`` on ``endpoint``, or ``None`` when it does.

    The reason is a short sentence a control panel can show next to a disabled control.
    """
    rules = rules_for(model)
    if rules is None:
        return None
    if endpoint not in rules.endpoints:
        return f"{model} does not support {_ENDPOINT_NAMES[endpoint]}"
    if param not in ENDPOINT_PARAMS[endpoint]:
        return f"{param} is not a parameter of {_ENDPOINT_NAMES[endpoint]}"
    gpt_only = _GPT_ONLY_TEXT
    reasons: dict[str, tuple[bool, str]] = {
        "background": (bool(rules.backgrounds), gpt_only),
        "output_format": (bool(rules.output_formats), gpt_only),
        "output_compression": (bool(rules.output_formats), gpt_only),
        "moderation": (bool(rules.moderations), gpt_only),
        "partial_images": (rules.gpt_image, "streaming " + gpt_only),
        "stream": (rules.gpt_image, "streaming " + gpt_only),
        "style": (bool(rules.styles), "is for dall-e-3 only"),
        "response_format": (bool(rules.response_formats), "is for the dall-e models only"),
        "input_fidelity": (bool(rules.input_fidelities), f"is not supported by {model}"),
    }
    applies, why = reasons.get(param, (True, ""))
    return None if applies else f"{param} {why}"


_ENDPOINT_NAMES = {"generate": "generations", "edit": "edits", "variation": "variations"}


def validate(endpoint: Endpoint, params: Mapping[str, object]) -> ModelRules | None:
    """Check a request's parameters (``None`` values count as unset); return the model's rules.

    Raises :class:`InvalidParameterError` for the first problem found. An unknown model warns
    with :class:`UnknownModelWarning` and returns ``None``: the service is the judge then.
    """
    given = {name: value for name, value in params.items() if value is not None}
    unknown = sorted(set(given) - ENDPOINT_PARAMS[endpoint])
    model = implied_model(endpoint, given)
    if unknown:
        raise InvalidParameterError(
            f"{unknown[0]!r} is not a parameter of {_ENDPOINT_NAMES[endpoint]}; "
            f"use one of {', '.join(sorted(ENDPOINT_PARAMS[endpoint]))}.",
            param=unknown[0],
            model=model,
            allowed=tuple(sorted(ENDPOINT_PARAMS[endpoint])),
        )
    rules = rules_for(model)
    if rules is None:
        warnings.warn(
            f"Model {model!r} is not in imagewidgets' rules table; sending the request unchecked.",
            UnknownModelWarning,
            stacklevel=2,
        )
        return None
    for check in _CHECKS:
        check(endpoint, rules, model, given)
    return rules


def _fail(param: str, model: str | None, message: str, allowed: tuple[object, ...] = ()) -> None:
    raise InvalidParameterError(message, param=param, model=model, allowed=allowed)


def _choices(values: tuple[object, ...]) -> str:
    quoted = [repr(value) for value in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _check_endpoint(
    endpoint: Endpoint, rules: ModelRules, model: str, p: Mapping[str, object]
) -> None:
    if endpoint not in rules.endpoints:
        supporting = tuple(name for name, r in MODELS.items() if endpoint in r.endpoints)
        _fail(
            "model",
            model,
            f"{model} does not support {_ENDPOINT_NAMES[endpoint]}; use {_choices(supporting)}.",
            supporting,
        )


def _check_prompt(
    endpoint: Endpoint, rules: ModelRules, model: str, p: Mapping[str, object]
) -> None:
    if endpoint == "variation":
        return
    prompt = p.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        _fail("prompt", model, "prompt is required: describe the image you want.")
    elif len(prompt) > rules.prompt_limit:
        _fail(
            "prompt",
            model,
            f"prompt is {len(prompt)} characters; {model} accepts at most {rules.prompt_limit}.",
        )


def _check_int(
    p: Mapping[str, object], param: str, model: str, low: int, high: int, why: str = ""
) -> None:
    value = p.get(param)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        span = f"{low}" if low == high else f"an integer from {low} to {high}"
        _fail(
            param,
            model,
            f"{model} does not support {param}={value!r}; use {span}{why}.",
            tuple(range(low, high + 1)),
        )


def _check_n(endpoint: Endpoint, rules: ModelRules, model: str, p: Mapping[str, object]) -> None:
    _check_int(p, "n", model, 1, rules.max_n)


def _check_choice(
    param: str, allowed: tuple[str, ...], model: str, p: Mapping[str, object]
) -> None:
    value = p.get(param)
    if value is None or value in allowed:
        return
    if not allowed:
        reason = unavailable_reason(model, param) or f"{param} does not apply"
        _fail(param, model, f"{model} does not support {param}: {reason}.")
    _fail(
        param,
        model,
        f"{model} does not support {param}={value!r}; use {_choices(allowed)}.",
        allowed,
    )


def _check_choices(
    endpoint: Endpoint, rules: ModelRules, model: str, p: Mapping[str, object]
) -> None:
    _check_choice("quality", rules.qualities, model, p)
    _check_choice("background", rules.backgrounds, model, p)
    _check_choice("output_format", rules.output_formats, model, p)
    _check_choice("moderation", rules.moderations, model, p)
    _check_choice("style", rules.styles, model, p)
    _check_choice("response_format", rules.response_formats, model, p)
    _check_choice("input_fidelity", rules.input_fidelities, model, p)


def _check_size(endpoint: Endpoint, rules: ModelRules, model: str, p: Mapping[str, object]) -> None:
    size = p.get("size")
    if size is None:
        return
    allowed = rules.sizes if endpoint == "generate" else rules.edit_sizes
    if isinstance(size, str) and size in allowed:
        return
    if rules.custom_sizes and isinstance(size, str) and size != "auto":
        problem = custom_size_problem(size)
        if problem is None:
            return
        _fail("size", model, f"{model} does not support size={size!r}: {problem}.", allowed)
    _fail(
        "size", model, f"{model} does not support size={size!r}; use {_choices(allowed)}.", allowed
    )


def custom_size_problem(size: str) -> str | None:
    """Why a custom ``WxH`` size is out of gpt-image-2's limits, or ``None`` when it is fine."""
    parsed = parse_size(size)
    if parsed is None:
        return "write a custom size as WIDTHxHEIGHT, e.g. '1536x864'"
    width, height = parsed
    if width % 16 or height % 16:
        return "width and height must both be divisible by 16"
    if min(width, height) == 0 or max(width, height) > 3 * min(width, height):
        return "the aspect ratio must be between 1:3 and 3:1"
    if max(width, height) > MAX_CUSTOM_EDGE or width * height > MAX_CUSTOM_PIXELS:
        return "the largest supported size is 3840x2160 (or 2160x3840)"
    return None


def _check_output(
    endpoint: Endpoint, rules: ModelRules, model: str, p: Mapping[str, object]
) -> None:
    if not rules.gpt_image:
        _check_gpt_only(model, p)
        return
    output_format = p.get("output_format", "png")
    if p.get("background") == "transparent" and output_format not in ("png", "webp"):
        _fail(
            "background",
            model,
            f"background='transparent' needs output_format 'png' or 'webp', not {output_format!r}.",
            ("png", "webp"),
        )
    if p.get("output_compression") is not None and output_format not in ("jpeg", "webp"):
        _fail(
            "output_compression",
            model,
            "output_compression applies to output_format 'jpeg' or 'webp' only; "
            f"output_format is {output_format!r}.",
        )
    _check_int(p, "output_compression", model, 0, 100)
    _check_int(p, "partial_images", model, 0, 3)


def _check_gpt_only(model: str, p: Mapping[str, object]) -> None:
    for param in ("output_compression", "partial_images", "stream"):
        value = p.get(param)
        # stream=False is harmless; anything else (partial_images=0 too) is GPT-only.
        if value is not None and not (param == "stream" and value is False):
            _fail(param, model, f"{model} does not support {param}: {param} {_GPT_ONLY_TEXT}.")


def _check_user(endpoint: Endpoint, rules: ModelRules, model: str, p: Mapping[str, object]) -> None:
    if p.get("user") is not None and not isinstance(p["user"], str):
        _fail("user", model, f"user must be a string, not {type(p['user']).__name__}.")


_CHECKS = (
    _check_endpoint,
    _check_prompt,
    _check_n,
    _check_size,
    _check_choices,
    _check_output,
    _check_user,
)


@dataclass(frozen=True)
class ImageFacts:
    """What the rules need to know of an input image: its format, pixel size and byte count."""

    format: str
    width: int
    height: int
    nbytes: int
    has_alpha: bool = False


def check_images(endpoint: Endpoint, model: str, images: tuple[ImageFacts, ...]) -> None:
    """Check the input images of an edit or variation against ``model``'s rules.

    dall-e-2 takes one square PNG under 4 MB; GPT image models up to 16 png/webp/jpeg images
    under 50 MB each. The message says exactly what is wrong and points to
    :func:`imagewidgets.imaging.conform_for_dalle2` for a conforming copy.
    """
    rules = rules_for(model)
    if rules is None:
        return
    if not images:
        _fail("image", model, f"{_ENDPOINT_NAMES[endpoint]} need at least one image.")
    limit = 1 if endpoint == "variation" else rules.max_images
    if len(images) > limit:
        _fail("image", model, f"{model} takes at most {limit} image(s); got {len(images)}.")
    for number, facts in enumerate(images, start=1):
        _check_one_image(rules, model, facts, number if len(images) > 1 else 0)


_CONFORM_HINT = " imagewidgets.conform_for_dalle2(image) makes a conforming copy."


def _check_one_image(rules: ModelRules, model: str, facts: ImageFacts, number: int) -> None:
    which = f"image {number}" if number else "the image"
    hint = _CONFORM_HINT if rules.square_inputs else ""
    if facts.format not in rules.image_formats:
        formats = _choices(rules.image_formats)
        _fail("image", model, f"{which} is {facts.format.upper()}; {model} takes {formats}.{hint}")
    if rules.square_inputs and facts.width != facts.height:
        _fail(
            "image",
            model,
            f"{which} is {facts.width}x{facts.height}; {model} needs a square image.{hint}",
        )
    if facts.nbytes >= rules.max_image_bytes:
        _fail(
            "image",
            model,
            f"{which} is {facts.nbytes / MB:.1f} MB; {model} takes files under "
            f"{rules.max_image_bytes // MB} MB.{hint}",
        )


def check_mask(model: str | None, mask: ImageFacts, first_image: ImageFacts) -> None:
    """A mask must be a PNG under 4 MB with the first image's dimensions."""
    if mask.format != "png":
        _fail("mask", model, f"the mask must be a PNG, not {mask.format.upper()}.")
    if (mask.width, mask.height) != (first_image.width, first_image.height):
        _fail(
            "mask",
            model,
            f"the mask is {mask.width}x{mask.height} but the image is "
            f"{first_image.width}x{first_image.height}; they must match.",
        )
    if mask.nbytes >= 4 * MB:
        _fail("mask", model, f"the mask is {mask.nbytes / MB:.1f} MB; masks must be under 4 MB.")
