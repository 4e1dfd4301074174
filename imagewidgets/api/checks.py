"""What is checked of a request besides the model rules, before anything is sent.

- :func:`check_text`: every text parameter can be sent as UTF-8. A lone surrogate (half of an
  emoji, left by copying part of a text) cannot, and would fail deep inside the encoder.
- :func:`check_uploads`: every file given as input decodes in full, so a file with a valid
  header and a damaged body is refused instead of uploaded (and, on a 5xx, uploaded again); a
  markup must also have transparent pixels. CPU work: the client runs it in a thread.

Both raise :class:`~imagewidgets.capabilities.InvalidParameterError` naming the parameter.

Example:
    >>> try:
    ...     check_text({"prompt": "a fox \\ud83e", "model": "gpt-image-2"})
    ... except ValueError as error:
    ...     print(error.param, str(error)[:61])
    prompt the prompt holds a character that cannot be sent: '\\ud83e' at
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.inputs import check_decodes
from imagewidgets.imaging.markup import check_markup_pixels
from imagewidgets.imaging.source import SourceImage

if TYPE_CHECKING:
    from imagewidgets.api.request import ApiRequest
    from imagewidgets.api.results import GeneratedImage

__all__ = ["Upload", "check_text", "check_uploads", "uploads"]

Upload = tuple[str, str, bytes]
"""A file to check: its parameter, its name in messages ("image 2", "the mask"), its bytes."""


def check_text(params: Mapping[str, object]) -> None:
    """Refuse a text parameter that cannot be sent as UTF-8."""
    for name, value in params.items():
        if not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise InvalidParameterError(
                f"the {name} holds a character that cannot be sent: {value[error.start]!a} "
                f"at position {error.start}, a lone surrogate (half of an emoji or other "
                "character, often left by copying part of a text); delete or retype it.",
                param=name,
                model=str(params.get("model") or "") or None,
            ) from None


def uploads(
    parents: tuple[GeneratedImage | SourceImage, ...],
    mask: SourceImage | None,
    markup: SourceImage | None = None,
) -> tuple[Upload, ...]:
    """The files to decode before sending: the input images, the mask and the markup given as
    files or bytes (the service's results, and what imagewidgets encoded itself, decode)."""
    many = len(parents) > 1
    found = [
        ("image", f"image {number}" if many else "the image", parent.data)
        for number, parent in enumerate(parents, start=1)
        if isinstance(parent, SourceImage) and not parent.encoded_here
    ]
    for param, overlay in (("mask", mask), ("markup", markup)):
        if overlay is not None and not overlay.encoded_here:
            found.append((param, f"the {param}", overlay.data))
    return tuple(found)


def check_uploads(request: ApiRequest) -> None:
    """Decode every file ``request`` uploads (a full decode: run it off the event loop)."""
    for param, label, data in request.uploads:
        if param == "markup":
            check_markup_pixels(data, request.model)
        else:
            check_decodes(data, param, label)
