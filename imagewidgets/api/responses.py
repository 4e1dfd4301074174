"""Turn the service's answers into :class:`GeneratedImage` values.

:func:`make_image` is the one place a result is assembled (streams use it too); it reads the
image's real format and pixel size from its header rather than trusting the request (an SVG that
states no size takes the size the service echoed, or the one asked for).
:func:`images_from_json` reads a non-streaming ``ImagesResponse``: base64 is decoded once, and a
dall-e ``url`` is fetched (through the same HTTP client) so every result holds bytes. The
``safety_identifier`` and ``svg_usage`` are read into the result; the echo fields and any field
this version does not know are kept in its ``response``. An answer that holds no usable image
(no ``data``, ``"data": []``, a null item, data that is no image) raises
:class:`~imagewidgets.api.errors.ResponseError` quoting what the service sent.

Example:
    >>> import asyncio, base64, io
    >>> from PIL import Image
    >>> from imagewidgets.api.request import generation_request
    >>> png = io.BytesIO(); Image.new("RGB", (8, 8)).save(png, "PNG")
    >>> item = {"b64_json": base64.b64encode(png.getvalue()).decode(), "generation_id": "g1"}
    >>> body = {"created": 1, "data": [item], "quality": "xhigh", "safety_identifier": "u-1"}
    >>> request = generation_request("a dot", {"model": "gpt-image-2.6-flare"})
    >>> images = asyncio.run(images_from_json(body, request, ResultContext(), None, None))
    >>> images[0].width, images[0].format, images[0].model, images[0].safety_identifier
    (8, 'png', 'gpt-image-2.6-flare', 'u-1')
    >>> images[0].response
    {'quality': 'xhigh', 'generation_id': 'g1'}
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from imagewidgets.api.b64 import decode_base64
from imagewidgets.api.errors import ResponseError
from imagewidgets.api.frames import kept_words, unreadable
from imagewidgets.api.request import ApiRequest
from imagewidgets.api.results import GeneratedImage, ImageList, SvgUsage, Usage
from imagewidgets.capabilities import InvalidParameterError, parse_size
from imagewidgets.imaging.inputs import probe

__all__ = ["Answer", "ResultContext", "images_from_json", "make_image", "unknown_fields"]

BODY_FIELDS = frozenset({"created", "data", "usage", "svg_usage", "safety_identifier"})
"""Fields of an ``ImagesResponse`` read into a result's own attributes (the rest is kept)."""
ITEM_FIELDS = frozenset({"b64_json", "url", "revised_prompt"})

Fetch = Callable[[str], Awaitable[bytes]]


@dataclass(frozen=True)
class ResultContext:
    """What every result of one call shares: the backend, the client and the start time."""

    backend: str = "openai"
    client: Any = None
    started: float = field(default_factory=time.perf_counter)


@dataclass(frozen=True)
class Answer:
    """What the service said of one image besides its bytes."""

    usage: Usage | None = None
    revised_prompt: str | None = None
    safety_identifier: str | None = None
    svg_usage: SvgUsage | None = None
    response: Mapping[str, Any] = field(default_factory=dict)


def unknown_fields(body: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The fields of ``body`` not in ``known``: kept with the result, never dropped."""
    return {name: value for name, value in body.items() if name not in known}


def make_image(
    data: bytes,
    request: ApiRequest,
    context: ResultContext,
    *,
    index: int,
    request_id: str | None,
    created: int | None,
    answer: Answer | None = None,
) -> GeneratedImage:
    """One result: ``data`` plus everything about the request that made it."""
    answer = answer or Answer()
    try:
        kind, width, height, _ = probe(data)
    except InvalidParameterError:
        raise ResponseError(
            f"The service sent image {index + 1} as data that is not a readable image "
            f"({len(data)} bytes, starting {data[:8]!r}). Try again",
            request_id=request_id,
        ) from None
    if not (width and height):
        width, height = _stated_size(answer.response, request)
    return GeneratedImage(
        data=data,
        format=kind,
        width=width,
        height=height,
        operation=request.operation,
        model=request.model,
        prompt=request.prompt,
        params=dict(request.params),
        usage=answer.usage,
        revised_prompt=answer.revised_prompt,
        request_id=request_id,
        created=created,
        index=index,
        parents=request.parents,
        mask_sha256=request.mask_sha256,
        backend=context.backend,
        elapsed=time.perf_counter() - context.started,
        client=context.client,
        safety_identifier=answer.safety_identifier,
        svg_usage=answer.svg_usage,
        response=dict(answer.response),
        markup_sha256=request.markup_sha256,
        inputs=tuple(parent.sha256 for parent in request.parents),
        sent_files=request.sent_files,
    )


def _stated_size(response: Mapping[str, Any], request: ApiRequest) -> tuple[int, int]:
    """The size the service echoed, else the one asked for (an SVG without width and height)."""
    for size in (response.get("size"), request.params.get("size")):
        parsed = parse_size(size) if isinstance(size, str) else None
        if parsed is not None:
            return parsed
    return 1024, 1024


async def images_from_json(
    body: object,
    request: ApiRequest,
    context: ResultContext,
    request_id: str | None,
    fetch: Fetch | None,
) -> ImageList:
    """The images of an ``ImagesResponse``, in order (``url`` items fetched with ``fetch``).

    An unusable item raises :class:`ResponseError` once every item was read; the usable ones
    travel in its ``images``.
    """
    if not isinstance(body, dict):
        raise ResponseError(
            f"The service answered with JSON that is not an object: {_quote(body)}. Try again",
            request_id=request_id,
        )
    items = _items(body, request, request_id)
    created = body.get("created")
    shared = Answer(
        usage=Usage.from_json(body.get("usage")),
        safety_identifier=_text(body.get("safety_identifier")),
        svg_usage=SvgUsage.from_json(body.get("svg_usage")),
        response=unknown_fields(body, BODY_FIELDS),
    )
    images, unusable = [], {}
    for index, item in enumerate(items):
        try:
            data = await _item_bytes(item, fetch)
        except _Unusable as why:
            unusable[index] = str(why)
            continue
        answer = replace(
            shared,
            revised_prompt=item.get("revised_prompt"),
            response={**shared.response, **unknown_fields(item, ITEM_FIELDS)},
        )
        image = make_image(
            data,
            request,
            context,
            index=index,
            request_id=request_id,
            created=created if isinstance(created, int) else None,
            answer=answer,
        )
        images.append(image)
    if unusable:
        raise _unusable_error(unusable, tuple(images), len(items), request_id)
    return ImageList(images)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


class _Unusable(Exception):
    """Why one item of ``data`` holds no image."""


def _items(body: Mapping[str, Any], request: ApiRequest, request_id: str | None) -> list[Any]:
    """The ``data`` items; :class:`ResponseError` saying what came when there are none."""
    items = body.get("data")
    asked = request.expected_images
    if not isinstance(items, list) or not items:
        sent = 'no "data"' if items is None else f'"data": {_quote(items)}'
        raise ResponseError(
            f"The service answered with no images ({sent}) though {asked} "
            f"{'was' if asked == 1 else 'were'} asked for; nothing was made. Try again",
            request_id=request_id,
        )
    return items


async def _item_bytes(item: object, fetch: Fetch | None) -> bytes:
    """The image bytes of one item; :class:`_Unusable` saying why there are none."""
    if not isinstance(item, dict):
        raise _Unusable(f"it is {_quote(item)} instead of an object with b64_json or url")
    encoded, url = item.get("b64_json"), item.get("url")
    if isinstance(encoded, str) and encoded:
        try:
            data = decode_base64(encoded)
        except ValueError as error:
            raise _Unusable(str(error)) from None
    elif isinstance(url, str) and url and fetch is not None:
        data = await fetch(url)
    else:
        keys = ", ".join(sorted(item)) or "no keys"
        raise _Unusable(f"it has neither b64_json nor url ({keys})")
    if unreadable(data):
        raise _Unusable(f"its data is not a readable image ({len(data)} bytes: {data[:8]!r})")
    return data


def _unusable_error(
    unusable: Mapping[int, str],
    images: tuple[GeneratedImage, ...],
    total: int,
    request_id: str | None,
) -> ResponseError:
    why = next(iter(unusable.values()))
    if total == 1:
        message = f"The service's answer for the image is unusable: {why}. Try again"
    else:
        which = ", ".join(str(index + 1) for index in unusable)
        message = f"The service's answer for image {which} of {total} is unusable: {why}; "
        message += kept_words(len(images)) + ". Try again for the missing image"
        message += "" if len(unusable) == 1 else "s"
    return ResponseError(message, request_id=request_id, images=images)


def _quote(value: object) -> str:
    """``value`` as JSON, cut short: what the service sent, in its own notation."""
    text = json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:79] + "…"
