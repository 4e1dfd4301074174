"""``ImagesClient``: generate, edit and vary images, whole or streamed as partial frames.

Every parameter keeps the name it has in the API reference. Parameters are checked against the
model-rules table before anything is sent (``InvalidParameterError``, a ``ValueError``); service
errors raise :mod:`imagewidgets.api.errors` exceptions whose messages say what to do.

Without an API key (argument or ``OPENAI_API_KEY``) the client works offline, answered by the
built-in emulator in-process; it says so once on stderr.

Example:
    >>> import asyncio
    >>> async def main():
    ...     async with ImagesClient(offline=True) as client:
    ...         images = await client.generate("a red fox in snow", model="gpt-image-1.5")
    ...         return images[0].model, images[0].backend
    >>> asyncio.run(main())
    ('gpt-image-1.5', 'offline')
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import aclosing
from functools import partial
from typing import Any

from imagewidgets.api.base import BaseClient
from imagewidgets.api.checks import check_uploads
from imagewidgets.api.events import StreamEvent
from imagewidgets.api.request import (
    ApiRequest,
    edit_request,
    generation_request,
    variation_request,
)
from imagewidgets.api.responses import ResultContext, images_from_json
from imagewidgets.api.results import ImageList
from imagewidgets.api.sender import HttpCall, OnRetry
from imagewidgets.api.stream import stream_events
from imagewidgets.capabilities import Endpoint
from imagewidgets.imaging.inputs import ImageInput
from imagewidgets.imaging.masks import MaskInput

__all__ = ["ImagesClient"]

_NOT_SENT = frozenset({"self", "prompt", "image", "mask", "extra_headers", "on_retry"})
"""Arguments of the public methods that are not request parameters (all others are sent)."""


class ImagesClient(BaseClient):
    """An async client of the Images API (or of the offline emulator).

    ``ImagesClient(api_key=None, *, base_url=None, organization=None, project=None,
    http_client=None, max_retries=2, timeout=600.0, offline=None, emulator=None,
    default_headers=None)``. ``http_client`` lets you pass your own ``httpx.AsyncClient`` (it is
    not closed by :meth:`aclose`); otherwise one is made. ``timeout`` (seconds to read;
    connecting gets 5 s, or pass an ``httpx.Timeout``) applies to every request, through your
    client too. ``max_retries`` and the retry schedule follow the official SDK (see
    :mod:`imagewidgets.api.retry`); :attr:`retry` may be replaced, e.g. with a fake clock.
    ``offline=None`` means offline exactly when no key is given or set and neither ``base_url``
    nor ``http_client`` is passed; ``emulator`` (an ``EmulatorConfig``) implies offline.

    Each method spells out the API reference's parameters (for help() and completion) and hands
    its arguments, as ``locals()``, to one function that validates and encodes the request.
    """

    async def generate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        n: int | None = None,
        size: str | None = None,
        quality: str | None = None,
        background: str | None = None,
        output_format: str | None = None,
        output_compression: int | None = None,
        moderation: str | None = None,
        style: str | None = None,
        response_format: str | None = None,
        user: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        on_retry: OnRetry | None = None,
    ) -> ImageList:
        """Generate ``n`` images from ``prompt``; returns them when all are done.

        >>> images = await client.generate("a red fox", model="gpt-image-1.5")  # doctest: +SKIP
        """
        return await self._complete("generate", locals())

    def stream_generate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        n: int | None = None,
        size: str | None = None,
        quality: str | None = None,
        background: str | None = None,
        output_format: str | None = None,
        output_compression: int | None = None,
        moderation: str | None = None,
        style: str | None = None,
        response_format: str | None = None,
        user: str | None = None,
        partial_images: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        on_retry: OnRetry | None = None,
    ) -> AsyncGenerator[StreamEvent, None]:
        """Generate with streaming: ``PartialImage`` frames, then a ``CompletedImage`` per image.

        Parameters are checked now (an invalid one raises before anything is sent); the request
        goes out when iteration starts. ``break``, ``aclose()`` or cancelling the task closes
        the connection.

        >>> async for event in client.stream_generate("a fox", partial_images=2):  # doctest: +SKIP
        ...     print(event)
        """
        return self._stream("generate", locals())

    async def edit(
        self,
        image: ImageInput | Sequence[ImageInput],
        prompt: str,
        *,
        mask: MaskInput | None = None,
        model: str | None = None,
        n: int | None = None,
        size: str | None = None,
        quality: str | None = None,
        background: str | None = None,
        output_format: str | None = None,
        output_compression: int | None = None,
        input_fidelity: str | None = None,
        response_format: str | None = None,
        user: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        on_retry: OnRetry | None = None,
    ) -> ImageList:
        """Edit one image (or up to 16, GPT image models) following ``prompt``.

        ``mask`` marks where to edit: an array or black-and-white image (True / white = edit
        here) or a PNG in the API's convention (alpha 0 = edit here); it applies to the first
        image and must have its size.

        >>> images = await client.edit("fox.png", "give it a scarf", mask=mask)  # doctest: +SKIP
        """
        return await self._complete("edit", locals())

    def stream_edit(
        self,
        image: ImageInput | Sequence[ImageInput],
        prompt: str,
        *,
        mask: MaskInput | None = None,
        model: str | None = None,
        n: int | None = None,
        size: str | None = None,
        quality: str | None = None,
        background: str | None = None,
        output_format: str | None = None,
        output_compression: int | None = None,
        input_fidelity: str | None = None,
        response_format: str | None = None,
        user: str | None = None,
        partial_images: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        on_retry: OnRetry | None = None,
    ) -> AsyncGenerator[StreamEvent, None]:
        """:meth:`edit` with streaming, like :meth:`stream_generate` (the input files are
        decoded in full, in a thread, when iteration starts: a damaged one is never sent)."""
        return self._stream("edit", locals())

    async def create_variation(
        self,
        image: ImageInput,
        *,
        model: str | None = "dall-e-2",
        n: int | None = None,
        size: str | None = None,
        response_format: str | None = None,
        user: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        on_retry: OnRetry | None = None,
    ) -> ImageList:
        """Variations of ``image`` (dall-e-2: a square PNG under 4 MB; see
        :func:`imagewidgets.conform_for_dalle2`).

        >>> images = await client.create_variation("square.png", n=2)  # doctest: +SKIP
        """
        return await self._complete("variation", locals())

    async def _complete(self, operation: Endpoint, arguments: Mapping[str, Any]) -> ImageList:
        request = await asyncio.to_thread(_checked_request, operation, arguments)
        on_retry, context = arguments["on_retry"], ResultContext(self.backend, self)
        headers, body = await self._sender.json(_call(request), on_retry)
        fetch = partial(self._sender.fetch, on_retry=on_retry)
        return await images_from_json(body, request, context, headers.get("x-request-id"), fetch)

    def _stream(
        self, operation: Endpoint, arguments: Mapping[str, Any]
    ) -> AsyncGenerator[StreamEvent, None]:
        request = _request(operation, arguments, stream=True)
        return self._streamed(request, arguments["on_retry"])

    async def _streamed(
        self, request: ApiRequest, on_retry: OnRetry | None
    ) -> AsyncGenerator[StreamEvent, None]:
        """The events of ``request``, its files decoded in full (in a thread) before it goes."""
        await asyncio.to_thread(check_uploads, request)
        consume = partial(stream_events, request=request, context=ResultContext(self.backend, self))
        async with aclosing(self._sender.run(_call(request), consume, on_retry)) as events:
            async for event in events:
                yield event


def _checked_request(operation: Endpoint, arguments: Mapping[str, Any]) -> ApiRequest:
    """:func:`_request` with its files decoded in full: CPU work, run in a thread."""
    request = _request(operation, arguments)
    check_uploads(request)
    return request


def _request(
    operation: Endpoint, arguments: Mapping[str, Any], *, stream: bool = False
) -> ApiRequest:
    """The validated request a public method's ``arguments`` (its ``locals()``) describe.

    Raises ``InvalidParameterError`` before anything is sent.
    """
    params = {name: value for name, value in arguments.items() if name not in _NOT_SENT}
    headers = arguments["extra_headers"]
    if operation == "generate":
        return generation_request(arguments["prompt"], params, stream=stream, extra_headers=headers)
    if operation == "edit":
        image, prompt, mask = arguments["image"], arguments["prompt"], arguments["mask"]
        return edit_request(image, prompt, params, mask=mask, stream=stream, extra_headers=headers)
    return variation_request(arguments["image"], params, extra_headers=headers)


def _call(request: ApiRequest) -> HttpCall:
    return HttpCall(
        "POST", request.path, request.content, request.content_type, request.extra_headers
    )
