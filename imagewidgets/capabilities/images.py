"""The rules for the files an edit sends: input images, the mask and the markup overlay.

Example:
    >>> photo = ImageFacts("png", 1024, 768, 2_000_000)
    >>> check_images("edit", "gpt-image-2.6-flare", (photo,))
    >>> check_markup("gpt-image-2.6-flare", ImageFacts("png", 512, 512, 900), photo, True)
    Traceback (most recent call last):
    ...
    imagewidgets.capabilities.InvalidParameterError: the markup is 512x512 but the first image ...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NoReturn

from imagewidgets.capabilities.errors import InvalidParameterError, choices
from imagewidgets.capabilities.models import ENDPOINT_NAMES, MB, ModelRules, rules_for

__all__ = ["ImageFacts", "check_images", "check_markup", "check_mask"]

_Endpoint = Literal["generate", "edit", "variation"]
_CONFORM_HINT = " imagewidgets.conform_for_dalle2(image) makes a conforming copy."


@dataclass(frozen=True)
class ImageFacts:
    """What the rules need to know of an input image: its format, pixel size and byte count."""

    format: str
    width: int
    height: int
    nbytes: int
    has_alpha: bool = False


def _fail(param: str, model: str | None, message: str) -> NoReturn:
    raise InvalidParameterError(message, param=param, model=model)


def check_images(endpoint: _Endpoint, model: str, images: tuple[ImageFacts, ...]) -> None:
    """Check the input images of an edit or variation against ``model``'s rules.

    GPT image models take up to 16 png/webp/jpeg images under 50 MB each; dall-e-2 (on servers
    that still serve it) one square PNG under 4 MB, and the message then points to
    :func:`imagewidgets.imaging.conform_for_dalle2` for a conforming copy.
    """
    rules = rules_for(model)
    if rules is None:
        return
    if not images:
        _fail("image", model, f"{ENDPOINT_NAMES[endpoint]} need at least one image.")
    limit = 1 if endpoint == "variation" else rules.max_images
    if len(images) > limit:
        _fail("image", model, f"{model} takes at most {limit} image(s); got {len(images)}.")
    for number, facts in enumerate(images, start=1):
        _check_one_image(rules, model, facts, number if len(images) > 1 else 0)


def _check_one_image(rules: ModelRules, model: str, facts: ImageFacts, number: int) -> None:
    which = f"image {number}" if number else "the image"
    hint = _CONFORM_HINT if rules.square_inputs else ""
    if facts.format not in rules.image_formats:
        formats = choices(rules.image_formats)
        _fail("image", model, f"{which} is {facts.format.upper()}; {model} takes {formats}.{hint}")
    if rules.square_inputs and facts.width != facts.height:
        size = f"{facts.width}x{facts.height}"
        _fail("image", model, f"{which} is {size}; {model} needs a square image.{hint}")
    if facts.nbytes >= rules.max_image_bytes:
        _fail(
            "image",
            model,
            f"{which} is {facts.nbytes / MB:.1f} MB; {model} takes files under "
            f"{rules.max_image_bytes // MB} MB.{hint}",
        )


def check_mask(model: str | None, mask: ImageFacts, first_image: ImageFacts) -> None:
    """A mask must be a PNG under 4 MB with the first image's dimensions."""
    _check_overlay("mask", model, mask, first_image)
    if mask.nbytes >= 4 * MB:
        _fail("mask", model, f"the mask is {mask.nbytes / MB:.1f} MB; masks must be under 4 MB.")


def check_markup(
    model: str | None,
    markup: ImageFacts,
    first_image: ImageFacts,
    transparent_pixels: bool | None,
) -> None:
    """A markup overlay must be a PNG with the first image's dimensions and transparent pixels
    (where the image shows through); it cannot go with a mask (see ``validate``).
    ``transparent_pixels`` is ``None`` while the pixels are not decoded yet (checked later)."""
    _check_overlay("markup", model, markup, first_image)
    if transparent_pixels is False:
        _fail(
            "markup",
            model,
            "the markup has no transparent pixels; draw the marks on a transparent PNG so the "
            "image shows through everywhere else.",
        )


def _check_overlay(param: str, model: str | None, overlay: ImageFacts, first: ImageFacts) -> None:
    if overlay.format != "png":
        _fail(param, model, f"the {param} must be a PNG, not {overlay.format.upper()}.")
    if (overlay.width, overlay.height) != (first.width, first.height):
        _fail(
            param,
            model,
            f"the {param} is {overlay.width}x{overlay.height} but the first image is "
            f"{first.width}x{first.height}; they must match.",
        )
