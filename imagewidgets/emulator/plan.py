"""Judge a parsed request with the shared model rules and settle everything it leaves open.

:func:`make_plan` refuses what :mod:`imagewidgets.capabilities` refuses (the same table the client
uses), in the service's error shape, then resolves the defaults: ``size="auto"``, the quality,
the background, the output format, how the images come back (``b64_json`` or ``url``).

Example:
    >>> from imagewidgets.emulator.parsing import Body
    >>> plan = make_plan("generate", Body({"prompt": "a fox", "model": "gpt-image-1"}))
    >>> plan.size, plan.quality, plan.background, plan.output_format
    ('1024x1024', 'medium', 'opaque', 'png')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from imagewidgets import capabilities
from imagewidgets.capabilities import ENDPOINT_PARAMS, Endpoint, ModelRules
from imagewidgets.emulator.errors import refusal
from imagewidgets.emulator.motifs import words
from imagewidgets.emulator.parsing import Body
from imagewidgets.imaging.source import SourceImage

__all__ = ["Plan", "make_plan"]

AUTO_QUALITY = {"gpt": "medium", "dall-e-3": "standard", "dall-e-2": "standard"}
LANDSCAPE = frozenset("landscape panorama panoramic wide horizon banner".split())
PORTRAIT = frozenset("portrait tall poster vertical standing".split())


@dataclass(frozen=True)
class Plan:
    """A valid request with every setting resolved: what to draw and how to send it back."""

    endpoint: Endpoint
    model: str
    rules: ModelRules
    prompt: str
    width: int
    height: int
    n: int = 1
    quality: str = "standard"
    background: str = "opaque"
    output_format: str = "png"
    compression: int | None = None
    stream: bool = False
    partial_images: int = 0
    response_format: str = "b64_json"
    style: str | None = None
    input_fidelity: str | None = None
    images: tuple[SourceImage, ...] = field(default=())
    mask: SourceImage | None = None

    @property
    def size(self) -> str:
        """The size actually made, ``WxH`` (never ``auto``)."""
        return f"{self.width}x{self.height}"

    @property
    def transparent(self) -> bool:
        """Whether the image has a transparent background."""
        return self.background == "transparent"


def make_plan(endpoint: Endpoint, body: Body) -> Plan:
    """Validate ``body`` for ``endpoint``; refuse with a 400 ``ServiceError`` like the service."""
    params = {name: value for name, value in body.params.items() if value is not None}
    model = capabilities.implied_model(endpoint, params)
    rules = capabilities.rules_for(model)
    if rules is None:
        known = ", ".join(repr(name) for name in capabilities.MODELS)
        raise refusal(f"Invalid value for 'model': {model!r}. Supported models: {known}.", "model")
    _validate(endpoint, params, model)
    _check_files(endpoint, model, body)
    return _resolve(endpoint, model, rules, params, body)


def _validate(endpoint: Endpoint, params: dict[str, object], model: str) -> None:
    try:
        capabilities.validate(endpoint, params)
    except capabilities.InvalidParameterError as error:
        unknown = error.param not in ENDPOINT_PARAMS[endpoint]
        raise refusal(
            str(error), error.param, "unknown_parameter" if unknown else "invalid_value"
        ) from None


def _check_files(endpoint: Endpoint, model: str, body: Body) -> None:
    if endpoint == "generate":
        if body.images or body.mask:
            raise refusal(
                "Generations take no image files; use the edits endpoint.",
                "image",
                "unknown_parameter",
            )
        return
    try:
        capabilities.check_images(endpoint, model, tuple(image.facts for image in body.images))
        if body.mask is not None:
            capabilities.check_mask(model, body.mask.facts, body.images[0].facts)
    except capabilities.InvalidParameterError as error:
        raise refusal(str(error), error.param) from None
    if body.mask is not None and not body.mask.has_alpha:
        raise refusal("The mask must have an alpha channel: alpha 0 marks where to edit.", "mask")
    if (
        model == "dall-e-2"
        and endpoint == "edit"
        and body.mask is None
        and not body.images[0].has_alpha
    ):
        raise refusal(
            "dall-e-2 edits need a mask, or an image whose transparent areas mark where to edit.",
            "mask",
        )


def _resolve(
    endpoint: Endpoint, model: str, rules: ModelRules, params: dict[str, object], body: Body
) -> Plan:
    width, height = _dimensions(endpoint, rules, params, body)
    output_format = str(params.get("output_format", "png"))
    family = "gpt" if rules.gpt_image else rules.name
    return Plan(
        endpoint=endpoint,
        model=model,
        rules=rules,
        prompt=str(params.get("prompt", "")),
        width=width,
        height=height,
        n=_optional_int(params.get("n")) or 1,
        quality=_quality(params, AUTO_QUALITY.get(family, "standard")),
        background=_background(rules, params, output_format),
        output_format=output_format,
        compression=_optional_int(params.get("output_compression")),
        stream=params.get("stream") is True,
        partial_images=_optional_int(params.get("partial_images")) or 0,
        response_format=str(
            params.get("response_format", "url" if rules.response_formats else "b64_json")
        ),
        style=_optional_str(params.get("style", "vivid" if rules.styles else None)),
        input_fidelity=_optional_str(params.get("input_fidelity")),
        images=body.images,
        mask=body.mask,
    )


def _dimensions(
    endpoint: Endpoint, rules: ModelRules, params: dict[str, object], body: Body
) -> tuple[int, int]:
    size = str(params.get("size", "auto"))
    parsed = capabilities.parse_size(size)
    if parsed is not None:
        return parsed
    if endpoint == "edit" and rules.gpt_image:
        return body.images[0].width, body.images[0].height
    if not rules.gpt_image:
        return 1024, 1024
    found = set(words(str(params.get("prompt", ""))))
    if found & LANDSCAPE:
        return 1536, 1024
    return (1024, 1536) if found & PORTRAIT else (1024, 1024)


def _quality(params: dict[str, object], auto: str) -> str:
    quality = str(params.get("quality", "auto"))
    return auto if quality == "auto" else quality


def _background(rules: ModelRules, params: dict[str, object], output_format: str) -> str:
    background = params.get("background", "auto")
    if background == "auto":
        wanted = "transparent" in words(str(params.get("prompt", "")))
        possible = "transparent" in rules.backgrounds and output_format in ("png", "webp")
        return "transparent" if wanted and possible else "opaque"
    return str(background)


def _optional_int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None
