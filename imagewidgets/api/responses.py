"""Turn the service's answers into :class:`GeneratedImage` values.

:func:`make_image` is the one place a result is assembled (streams use it too); it reads the
image's real format and pixel size from its header rather than trusting the request (an SVG that
states no size takes the size the service echoed, or the one asked for).
:func:`images_from_json` reads a non-streaming ``ImagesResponse``: base64 is decoded once, and a
dall-e ``url`` is fetched (through the same HTTP client) so every result holds bytes. The
``safety_identifier`` and ``svg_usage`` are read into the result; the echo fields and any field
this version does not know are kept in its ``response``.

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

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from imagewidgets.api.b64 import decode_base64
from imagewidgets.api.errors import ImagesError
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
        raise ImagesError(
            f"The service sent image {index} as data that is not a readable image "
            f"({len(data)} bytes); try the request again"
            + (f" (request id {request_id})." if request_id else ".")
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
    )


def _stated_size(response: Mapping[str, Any], request: ApiRequest) -> tuple[int, int]:
    """The size the service echoed, else the one asked for (an SVG without width and height)."""
    for size in (response.get("size"), request.params.get("size")):
        parsed = parse_size(size) if isinstance(size, str) else None
        if parsed is not None:
            return parsed
    return 1024, 1024


async def images_from_json(
    body: Mapping[str, Any],
    request: ApiRequest,
    context: ResultContext,
    request_id: str | None,
    fetch: Fetch | None,
) -> ImageList:
    """The images of an ``ImagesResponse``, in order (``url`` items fetched with ``fetch``)."""
    items = body.get("data") or []
    created = body.get("created")
    shared = Answer(
        usage=Usage.from_json(body.get("usage")),
        safety_identifier=_text(body.get("safety_identifier")),
        svg_usage=SvgUsage.from_json(body.get("svg_usage")),
        response=unknown_fields(body, BODY_FIELDS),
    )
    images = []
    for index, item in enumerate(items):
        data = await _item_bytes(item, index, request_id, fetch)
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
    return ImageList(images)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


async def _item_bytes(
    item: Mapping[str, Any], index: int, request_id: str | None, fetch: Fetch | None
) -> bytes:
    encoded, url = item.get("b64_json"), item.get("url")
    if isinstance(encoded, str) and encoded:
        try:
            return decode_base64(encoded)
        except ValueError as error:
            raise ImagesError(_bad_item(index, str(error), request_id)) from None
    if isinstance(url, str) and url and fetch is not None:
        return await fetch(url)
    raise ImagesError(_bad_item(index, "it has neither b64_json nor url", request_id))


def _bad_item(index: int, why: str, request_id: str | None) -> str:
    rid = f" (request id {request_id})" if request_id else ""
    return f"The service's answer for image {index} is unusable: {why}. Try again{rid}."
