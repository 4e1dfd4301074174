"""Read an images request body into parameters, input images and mask, as the service would.

Generations send JSON; edits and variations send ``multipart/form-data`` where every scalar is a
text part (``n=2``, ``stream=true``). Text parts are converted to the JSON types the model rules
expect, so :func:`imagewidgets.capabilities.validate` judges both kinds of body alike.

Example:
    >>> body = parse_json(b'{"prompt": "a fox", "n": 2}')
    >>> body.params
    {'prompt': 'a fox', 'n': 2}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from imagewidgets.emulator.encoding import decode_source
from imagewidgets.emulator.errors import refusal
from imagewidgets.emulator.multipart import Part, parse_multipart
from imagewidgets.imaging.source import SourceImage

__all__ = ["Body", "parse_json", "parse_multipart_body"]

INTEGERS = frozenset({"n", "output_compression", "partial_images"})
BOOLEANS = frozenset({"stream"})
IMAGE_FIELDS = frozenset({"image", "image[]"})


@dataclass(frozen=True)
class Body:
    """A parsed request: scalar parameters, the input images (in order) and the mask."""

    params: dict[str, object]
    images: tuple[SourceImage, ...] = field(default=())
    mask: SourceImage | None = None


def parse_json(data: bytes) -> Body:
    """A JSON body: it must be one object; ``stream`` must be a boolean when present."""
    try:
        params = json.loads(data or b"null")
    except (ValueError, UnicodeDecodeError):
        raise refusal(
            "We could not parse the JSON body of your request. The body must be a JSON object.",
            None,
            "invalid_json",
        ) from None
    if not isinstance(params, dict):
        raise refusal("The request body must be a JSON object.", None, "invalid_json")
    if "stream" in params and not isinstance(params["stream"], (bool, type(None))):
        raise refusal("stream must be a boolean (true or false).", "stream", "invalid_type")
    return Body(params)


def parse_multipart_body(data: bytes, content_type: str) -> Body:
    """A multipart body: text parts become typed parameters, file parts images and mask."""
    try:
        parts = parse_multipart(data, content_type)
    except ValueError as error:
        raise refusal(f"Could not read the multipart/form-data body: {error}.", None) from None
    params: dict[str, object] = {}
    images: list[SourceImage] = []
    mask: SourceImage | None = None
    for part in parts:
        if part.name in IMAGE_FIELDS:
            images.append(_image(part, "image", len(images) + 1))
        elif part.name == "mask":
            mask = _image(part, "mask", 0)
        else:
            params[part.name] = _scalar(part)
    return Body(params, tuple(images), mask)


def _scalar(part: Part) -> object:
    text = part.text
    if part.name in INTEGERS:
        try:
            return int(text.strip())
        except ValueError:
            raise refusal(
                f"{part.name} must be an integer, not {text!r}.", part.name, "invalid_type"
            ) from None
    if part.name in BOOLEANS:
        if text.strip().lower() not in ("true", "false"):
            raise refusal(
                f"{part.name} must be true or false, not {text!r}.", part.name, "invalid_type"
            )
        return text.strip().lower() == "true"
    return text


def _image(part: Part, param: str, number: int) -> SourceImage:
    source = decode_source(part.data, part.filename or f"{param}.png")
    if source is None:
        which = f"image {number}" if param == "image" else "the mask"
        raise refusal(
            f"Invalid image file: {which} ({part.filename or 'unnamed'}) is not a PNG, JPEG or "
            "WebP image Pillow can read.",
            param,
            "invalid_image_format",
        )
    return source
