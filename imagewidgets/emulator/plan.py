"""Judge a parsed request with the shared model rules and settle everything it leaves open.

:func:`make_plan` refuses what the service refuses: models it no longer serves
(:mod:`imagewidgets.emulator.catalog`), and whatever :mod:`imagewidgets.capabilities` refuses
(the same table the client uses, its guesses counted as refusals), in the service's error shape.
Then it resolves the defaults: the size (``auto``: from the prompt for generations, from the
first image's shape for edits, as the service picks one of its sizes), the quality, the
background, the output format, the GIF frames, how the images come back.

Example:
    >>> from imagewidgets.emulator.parsing import Body
    >>> plan = make_plan("generate", Body({"prompt": "a fox", "model": "gpt-image-2.6-flare"}))
    >>> plan.size, plan.quality, plan.background, plan.output_format
    ('1024x1024', 'medium', 'opaque', 'png')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from imagewidgets import capabilities
from imagewidgets.capabilities import ENDPOINT_PARAMS, Endpoint, ModelRules
from imagewidgets.emulator.catalog import serving_rules
from imagewidgets.emulator.config import EmulatorConfig
from imagewidgets.emulator.encoding import open_image
from imagewidgets.emulator.errors import refusal
from imagewidgets.emulator.motifs import words
from imagewidgets.emulator.parsing import Body
from imagewidgets.emulator.sizes import auto_size
from imagewidgets.imaging.source import SourceImage

__all__ = ["Plan", "make_plan"]

AUTO_QUALITY = {"gpt": "medium", "dall-e-3": "standard", "dall-e-2": "standard"}


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
    complexity: str | None = None
    frame_count: int = 9
    frame_duration_ms: int = 200
    svg: Mapping[str, object] | None = None
    safety_identifier: str | None = None
    markup: SourceImage | None = None

    @property
    def size(self) -> str:
        """The size actually made, ``WxH`` (never ``auto``)."""
        return f"{self.width}x{self.height}"

    @property
    def transparent(self) -> bool:
        """Whether the image has a transparent background."""
        return self.background == "transparent"


def make_plan(endpoint: Endpoint, body: Body, config: EmulatorConfig | None = None) -> Plan:
    """Validate ``body`` for ``endpoint``; refuse with a 400 ``ServiceError`` like the service."""
    config = config or EmulatorConfig()
    params = {name: value for name, value in body.params.items() if value is not None}
    model = capabilities.implied_model(endpoint, params, config.day())
    rules = serving_rules(model, config)
    _validate(endpoint, params, body.files, config)
    _check_files(endpoint, rules, model, body)
    return _resolve(endpoint, model, rules, params, body)


def _validate(
    endpoint: Endpoint, params: dict[str, object], files: frozenset[str], config: EmulatorConfig
) -> None:
    try:
        capabilities.validate(
            endpoint, params, files=files, guesses="refuse", check_lifecycle=False
        )
    except capabilities.InvalidParameterError as error:
        unknown = error.param not in ENDPOINT_PARAMS[endpoint] and error.param not in files
        raise refusal(
            str(error), error.param, "unknown_parameter" if unknown else "invalid_value"
        ) from None


def _check_files(endpoint: Endpoint, rules: ModelRules, model: str, body: Body) -> None:
    if endpoint == "generate":
        if body.images or body.files:
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
        if body.markup is not None:
            clear = body.markup.has_alpha and _has_clear_pixels(body.markup)
            capabilities.check_markup(model, body.markup.facts, body.images[0].facts, clear)
    except capabilities.InvalidParameterError as error:
        raise refusal(str(error), error.param) from None
    if body.mask is not None and not body.mask.has_alpha:
        raise refusal("The mask must have an alpha channel: alpha 0 marks where to edit.", "mask")
    unmarked = body.mask is None and not body.images[0].has_alpha
    if rules.name == "dall-e-2" and endpoint == "edit" and unmarked:
        raise refusal(
            "dall-e-2 edits need a mask, or an image whose transparent areas mark where to edit.",
            "mask",
        )


def _has_clear_pixels(source: SourceImage) -> bool:
    return open_image(source).getchannel("A").getextrema()[0] == 0


def _resolve(
    endpoint: Endpoint, model: str, rules: ModelRules, params: dict[str, object], body: Body
) -> Plan:
    output_format = str(params.get("output_format", "png"))
    width, height = auto_size(endpoint, rules, params, body.images)
    family = "gpt" if rules.gpt_image else rules.name
    svg = params.get("svg")
    return Plan(
        endpoint=endpoint,
        model=model,
        rules=rules,
        prompt=str(params.get("prompt", "")),
        width=width,
        height=height,
        n=_int(params.get("n")) or 1,
        quality=_quality(params, AUTO_QUALITY.get(family, "standard")),
        background=_background(rules, params, output_format),
        output_format=output_format,
        compression=_int(params.get("output_compression")),
        stream=params.get("stream") is True,
        partial_images=_int(params.get("partial_images")) or 0,
        response_format=str(
            params.get("response_format", "url" if rules.response_formats else "b64_json")
        ),
        style=_str(params.get("style", "vivid" if rules.styles else None)),
        input_fidelity=_str(params.get("input_fidelity")),
        images=body.images,
        mask=body.mask,
        complexity=_str(params.get("complexity")),
        frame_count=_int(params.get("frame_count")) or 9,
        frame_duration_ms=_int(params.get("frame_duration_ms")) or 200,
        svg=svg if isinstance(svg, Mapping) else None,
        safety_identifier=_str(params.get("safety_identifier")) or _str(params.get("user")),
        markup=body.markup,
    )


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


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
