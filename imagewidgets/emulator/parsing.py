"""Read an images request body into parameters, input images and mask, as the service would.

Generations send JSON; edits and variations send ``multipart/form-data`` where every scalar is a
text part (``n=2``, ``stream=true``) and nested objects are bracket fields (``svg[model]``,
``svg[reasoning][effort]``). Text parts are converted to the JSON types the model rules expect,
so :func:`imagewidgets.capabilities.validate` judges both kinds of body alike.

Example:
    >>> body = parse_json(b'{"prompt": "a fox", "n": 2}')
    >>> body.params
    {'prompt': 'a fox', 'n': 2}
    >>> nest({}, "svg[reasoning][effort]", "low")
    {'svg': {'reasoning': {'effort': 'low'}}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from imagewidgets.emulator.encoding import decode_source
from imagewidgets.emulator.errors import refusal
from imagewidgets.emulator.multipart import Part, parse_multipart
from imagewidgets.imaging.source import SourceImage

__all__ = ["Body", "nest", "parse_json", "parse_multipart_body"]

INTEGERS = frozenset(
    {"n", "output_compression", "partial_images", "frame_count", "frame_duration_ms"}
)
BOOLEANS = frozenset({"stream"})
IMAGE_FIELDS = frozenset({"image", "image[]"})


@dataclass(frozen=True)
class Body:
    """A parsed request: parameters, the input images (in order), the mask and the markup."""

    params: dict[str, object]
    images: tuple[SourceImage, ...] = field(default=())
    mask: SourceImage | None = None
    markup: SourceImage | None = None

    @property
    def files(self) -> frozenset[str]:
        """The file parts sent besides the images (``mask``, ``markup``)."""
        given = {"mask": self.mask, "markup": self.markup}
        return frozenset(name for name, source in given.items() if source is not None)


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
    overlays: dict[str, SourceImage] = {}
    for part in parts:
        if part.name in IMAGE_FIELDS:
            images.append(_image(part, "image", len(images) + 1))
        elif part.name in ("mask", "markup"):
            overlays[part.name] = _image(part, part.name, 0)
        else:
            nest(params, part.name, _scalar(part))
    return Body(params, tuple(images), overlays.get("mask"), overlays.get("markup"))


def nest(params: dict[str, object], name: str, value: object) -> dict[str, object]:
    """Store ``value`` under a form field name, bracket fields (``a[b][c]``) as nested objects."""
    keys = name.replace("]", "").split("[") if name.endswith("]") and "[" in name else [name]
    target = params
    for key in keys[:-1]:
        inner = target.get(key)
        if not isinstance(inner, dict):
            inner = target[key] = {}
        target = inner
    target[keys[-1]] = value
    return params


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
        which = f"image {number}" if param == "image" else f"the {param}"
        raise refusal(
            f"Invalid image file: {which} ({part.filename or 'unnamed'}) is not a PNG, JPEG or "
            "WebP image Pillow can read.",
            param,
            "invalid_image_format",
        )
    return source
