"""What the image data of one stream event is worth: its bytes, or why it has none.

A stream goes on past a frame whose data does not decode (see :mod:`imagewidgets.api.stream`):
:func:`image_data` says what the event carried, :func:`unreadable` whether those bytes are an
image at all, and :func:`damaged_error` is how a stream ends when final images were damaged.

Example:
    >>> from imagewidgets.api.sse import ServerSentEvent
    >>> image_data(ServerSentEvent("x", '{"b64_json": "aGk="}'), {"b64_json": "aGk="})
    (b'hi', '')
    >>> image_data(ServerSentEvent("x", "{}", image_error="invalid base64"), {"b64_json": ""})
    (None, 'invalid base64')
    >>> unreadable(b"hi")
    True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from imagewidgets.api.b64 import decode_base64
from imagewidgets.api.errors import DamagedImageError
from imagewidgets.api.events import DamagedFrame
from imagewidgets.api.sse import ServerSentEvent
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.inputs import probe

__all__ = ["NO_IMAGE", "damaged_error", "image_data", "kept_words", "unreadable"]

NO_IMAGE = "its data is not a readable image"
"""Why a frame whose bytes decoded from base64 is still damaged."""


def image_data(sse: ServerSentEvent, body: Mapping[str, Any]) -> tuple[bytes | None, str]:
    """The event's image bytes and ``""``, or ``None`` and why there are none."""
    encoded = body.get("b64_json")
    if sse.image_error is not None:
        return None, sse.image_error
    if sse.image is not None and encoded == "":
        return sse.image, ""
    if sse.image is None and isinstance(encoded, str) and encoded:
        try:
            return decode_base64(encoded), ""
        except ValueError as error:
            return None, str(error)
    return None, "it carries no image data"


def unreadable(data: bytes) -> bool:
    """Whether ``data`` is no image (only its header is read)."""
    try:
        probe(data)
    except InvalidParameterError:
        return True
    return False


def damaged_error(
    damaged: Sequence[DamagedFrame], expected: int, request_id: str | None
) -> DamagedImageError:
    """How a stream of ``expected`` images ends when the ``damaged`` final images did not
    decode (the others were delivered)."""
    images = tuple(frame.index for frame in damaged)
    why, kept = damaged[0].reason, expected - len(images)
    if expected == 1:
        message = f"The final image arrived damaged ({why}) and cannot be shown. Generate again"
    else:
        which = ", ".join(str(index + 1) for index in images)
        message = f"Image {which} of {expected} arrived damaged ({why}) and cannot be shown; "
        message += kept_words(kept) + ". Generate again for the missing image"
        message += "" if len(images) == 1 else "s"
    return DamagedImageError(message, images=images, request_id=request_id)


def kept_words(kept: int) -> str:
    """What became of a batch's other images: ``kept`` of them arrived whole."""
    if kept == 0:
        return "none of the images arrived whole"
    if kept == 1:
        return "the other one arrived and is kept"
    return f"the other {kept} arrived and are kept"
