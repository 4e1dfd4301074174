"""``ImagesClient``: generate, edit and vary images, whole or streamed as partial frames.

Every parameter keeps the name it has in the API reference. Parameters are checked against the
model-rules table before anything is sent (``InvalidParameterError``, a ``ValueError``; a
shut-down model raises ``ModelShutDownError``); service errors raise
:mod:`imagewidgets.api.errors` exceptions whose messages say what to do. A parameter the table
does not know can still be sent, as a keyword or in ``extra_body`` (with one warning), so a new
parameter of the service works the day it ships.

Without an API key (argument or ``OPENAI_API_KEY``) the client works offline, answered by the
built-in emulator in-process; it says so once on stderr.

Example:
    >>> import asyncio
    >>> async def main():
    ...     async with ImagesClient(offline=True) as client:
    ...         images = await client.generate("a red fox", model="gpt-image-2.6-flare",
    ...                                        complexity="low", quality="xhigh")
    ...         return images[0].model, images[0].backend, images[0].response["quality"]
    >>> asyncio.run(main())
    ('gpt-image-2.6-flare', 'offline', 'xhigh')
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
    RuleContext,
    edit_request,
    generation_request,
    variation_request,
)
from imagewidgets.api.responses import ResultContext, images_from_json
from imagewidgets.api.results import ImageList
from imagewidgets.api.sender import HttpCall, OnRetry
from imagewidgets.api.stream import stream_events
from imagewidgets.api.variations import VARIATION_PROMPT, refuse_variations, variation_model
from imagewidgets.capabilities import Endpoint, implied_model
from imagewidgets.imaging.inputs import ImageInput
from imagewidgets.imaging.markup import MarkupInput
from imagewidgets.imaging.masks import MaskInput

__all__ = ["ImagesClient"]

_NOT_SENT = frozenset(
    {"self", "prompt", "image", "mask", "markup", "extra_headers", "on_retry", "extra_body"}
)
"""Arguments of the public methods that are not request parameters (all others are sent)."""


class ImagesClient(BaseClient):
    """An async client of the Images API (or of the offline emulator).

    ``ImagesClient(api_key=None, *, base_url=None, organization=None, project=None,
    http_client=None, max_retries=2, timeout=600.0, offline=None, emulator=None,
    default_headers=None, azure_endpoint=None, provider=None, today=None)``. ``http_client``
    lets you pass your own ``httpx.AsyncClient`` (it is not closed by :meth:`aclose`);
    otherwise one is made. ``timeout`` (seconds to read; connecting gets 5 s, or pass an
    ``httpx.Timeout``) applies to every request, through your client too. ``max_retries`` and
    the retry schedule follow the official SDK (see :mod:`imagewidgets.api.retry`);
    :attr:`retry` may be replaced, e.g. with a fake clock. ``offline=None`` means offline
    exactly when no key is given or set and neither ``base_url`` nor ``http_client`` is passed;
    ``emulator`` (an ``EmulatorConfig``) implies offline. ``azure_endpoint`` (or
    ``AZURE_OPENAI_ENDPOINT`` with ``AZURE_OPENAI_API_KEY``) talks to Azure OpenAI's v1 API.
    ``provider`` overrides whose model lifecycle applies (see :attr:`provider`); ``today`` the
    day it is judged on.

    Each method spells out the API reference's parameters (for help() and completion) and hands
    its arguments, as ``locals()``, to one function that validates and encodes the request;
    ``extra_body`` and unknown keywords are sent as they are.
    """

    async def generate(
        self,
        prompt: str,
        *,
        model: str | None = None,
        n: int | None = None,
        size: str | None = None,
        quality: str | None = None,
        complexity: str | None = None,
        background: str | None = None,
        output_format: str | None = None,
        output_compression: int | None = None,
        frame_count: int | None = None,
        frame_duration_ms: int | None = None,
        svg: Mapping[str, Any] | None = None,
        moderation: str | None = None,
        style: str | None = None,
        response_format: str | None = None,
        safety_identifier: str | None = None,
        user: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        on_retry: OnRetry | None = None,
        **extra: Any,
    ) -> ImageList:
        """Generate ``n`` images from ``prompt``; returns them when all are done.

        ``output_format="gif"`` (with ``frame_count``, ``frame_duration_ms``) and ``"svg"``
        (with ``svg={"model": ..., "reasoning": {"effort": ...}}``) come back as one image each
        of that format.

        >>> images = await client.generate("a fox", model="gpt-image-2.6-flare")  # doctest: +SKIP
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
        complexity: str | None = None,
        background: str | None = None,
        output_format: str | None = None,
        output_compression: int | None = None,
        moderation: str | None = None,
        style: str | None = None,
        response_format: str | None = None,
        safety_identifier: str | None = None,
        user: str | None = None,
        partial_images: int | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        on_retry: OnRetry | None = None,
        **extra: Any,
    ) -> AsyncGenerator[StreamEvent, None]:
        """Generate with streaming: ``PartialImage`` frames, then a ``CompletedImage`` per image.

        Parameters are checked now (an invalid one raises before anything is sent); the request
        goes out when iteration starts (a model's lifecycle may be judged then, once the
        server's model list is read). ``break``, ``aclose()`` or cancelling the task closes
        the connection. GIF and SVG output do not stream.

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
        markup: MarkupInput | None = None,
        model: str | None = None,
        n: int | None = None,
        size: str | None = None,
        quality: str | None = None,
        complexity: str | None = None,
        background: str | None = None,
        output_format: str | None = None,
        output_compression: int | None = None,
        frame_count: int | None = None,
        frame_duration_ms: int | None = None,
        svg: Mapping[str, Any] | None = None,
        input_fidelity: str | None = None,
        response_format: str | None = None,
        safety_identifier: str | None = None,
        user: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        on_retry: OnRetry | None = None,
        **extra: Any,
    ) -> ImageList:
        """Edit one image (or up to 16) following ``prompt``.

        ``mask`` marks where to edit: an array or black-and-white image (True / white = edit
        here) or a PNG in the API's convention (alpha 0 = edit here); it applies to the first
        image and must have its size. ``markup`` is a transparent PNG (or an RGBA array) of
        marks (arrows, circles) over the first image that guide the edit (gpt-image-2.5/2.6;
        never with a mask); say in ``prompt`` what each mark means.

        >>> images = await client.edit("fox.png", "give it a scarf", mask=mask)  # doctest: +SKIP
        """
        return await self._complete("edit", locals())

    def stream_edit(
        self,
        image: ImageInput | Sequence[ImageInput],
        prompt: str,
        *,
        mask: MaskInput | None = None,
        markup: MarkupInput | None = None,
        model: str | None = None,
        n: int | None = None,
        size: str | None = None,
        quality: str | None = None,
        complexity: str | None = None,
        background: str | None = None,
        output_format: str | None = None,
        output_compression: int | None = None,
        input_fidelity: str | None = None,
        response_format: str | None = None,
        safety_identifier: str | None = None,
        user: str | None = None,
        partial_images: int | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        on_retry: OnRetry | None = None,
        **extra: Any,
    ) -> AsyncGenerator[StreamEvent, None]:
        """:meth:`edit` with streaming, like :meth:`stream_generate` (the input files are
        decoded in full, in a thread, when iteration starts: a damaged one is never sent)."""
        return self._stream("edit", locals())

    async def vary(
        self, image: ImageInput, *, prompt: str | None = None, model: str | None = None,
        **params: Any,
    ) -> ImageList:  # fmt: skip
        """Variations of ``image`` through the edits endpoint (OpenAI retired the variations
        endpoint): ``prompt`` (default :data:`VARIATION_PROMPT`) asks for the same subject,
        varied; ``model`` defaults to the image's own model while it is active, else an active
        one. Other parameters are :meth:`edit`'s (``n``, ``size``, ``quality``, ...). The prompt
        is stored with each result, and each result's parent is ``image``."""
        catalog = await self.models() if self.provider == "openai" else self._directory.catalog
        chosen = model or variation_model(image, self.today, catalog)
        return await self.edit(image, prompt or VARIATION_PROMPT, model=chosen, **params)

    def stream_vary(
        self, image: ImageInput, *, prompt: str | None = None, model: str | None = None,
        **params: Any,
    ) -> AsyncGenerator[StreamEvent, None]:  # fmt: skip
        """:meth:`vary` with streaming, like :meth:`stream_edit`."""
        chosen = model or variation_model(image, self.today, self._directory.catalog)
        return self.stream_edit(image, prompt or VARIATION_PROMPT, model=chosen, **params)

    async def create_variation(
        self,
        image: ImageInput,
        *,
        model: str | None = "dall-e-2",
        n: int | None = None,
        size: str | None = None,
        response_format: str | None = None,
        user: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        on_retry: OnRetry | None = None,
        **extra: Any,
    ) -> ImageList:
        """The legacy variations endpoint, for compatible servers that still offer it
        (dall-e-2: a square PNG under 4 MB; see :func:`imagewidgets.conform_for_dalle2`).
        OpenAI retired it: against OpenAI's service (and the offline emulator) this raises
        ``RetiredEndpointError`` before sending; use :meth:`vary` there.

        >>> images = await client.create_variation("square.png", n=2)  # doctest: +SKIP
        """
        refuse_variations(self.provider, model)
        return await self._complete("variation", locals())

    async def _complete(self, operation: Endpoint, arguments: Mapping[str, Any]) -> ImageList:
        rules = self._directory.context_now(_model(operation, arguments, self))
        request = await asyncio.to_thread(_checked_request, operation, arguments, rules)
        on_retry = arguments["on_retry"]
        if not rules.lifecycle:
            await self._directory.check_later(request.model)
        context = ResultContext(self.backend, self)
        headers, body = await self._sender.json(_call(request), on_retry)
        fetch = partial(self._sender.fetch, on_retry=on_retry)
        return await images_from_json(body, request, context, headers.get("x-request-id"), fetch)

    def _stream(
        self, operation: Endpoint, arguments: Mapping[str, Any]
    ) -> AsyncGenerator[StreamEvent, None]:
        rules = self._directory.context_now(_model(operation, arguments, self))
        request = _request(operation, arguments, rules, stream=True)
        consume = partial(stream_events, request=request, context=ResultContext(self.backend, self))
        return self._send_stream(request, rules, consume, arguments["on_retry"])

    async def _send_stream(
        self, request: ApiRequest, rules: RuleContext, consume: Any, on_retry: OnRetry | None
    ) -> AsyncGenerator[StreamEvent, None]:
        """The events of ``request``, once its model is judged by the server's list where the
        table could not, and its files are decoded in full (in a thread)."""
        if not rules.lifecycle:
            await self._directory.check_later(request.model)
        await asyncio.to_thread(check_uploads, request)
        async with aclosing(self._sender.run(_call(request), consume, on_retry)) as events:
            async for event in events:
                yield event


def _checked_request(
    operation: Endpoint, arguments: Mapping[str, Any], rules: RuleContext
) -> ApiRequest:
    """:func:`_request` with its files decoded in full: CPU work, run in a thread."""
    request = _request(operation, arguments, rules)
    check_uploads(request)
    return request


def _model(operation: Endpoint, arguments: Mapping[str, Any], client: BaseClient) -> str:
    """The model a call will use (named, or the default the request will name)."""
    return implied_model(operation, _params(arguments), client.today)


def _params(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters to send: the named ones, then ``extra_body`` and unknown keywords."""
    named = {name: value for name, value in arguments.items() if name not in _NOT_SENT}
    extra = named.pop("extra", None) or {}
    return {**named, **(arguments.get("extra_body") or {}), **extra}


def _request(
    operation: Endpoint, arguments: Mapping[str, Any], rules: RuleContext, *, stream: bool = False
) -> ApiRequest:
    """The validated request a public method's ``arguments`` (its ``locals()``) describe.

    Raises ``InvalidParameterError`` before anything is sent.
    """
    params, headers = _params(arguments), arguments["extra_headers"]
    if operation == "generate":
        prompt = arguments["prompt"]
        return generation_request(prompt, params, stream=stream, extra_headers=headers, rules=rules)
    if operation == "edit":
        return edit_request(
            arguments["image"], arguments["prompt"], params, mask=arguments["mask"],
            markup=arguments["markup"], stream=stream, extra_headers=headers, rules=rules,
        )  # fmt: skip
    return variation_request(arguments["image"], params, extra_headers=headers, rules=rules)


def _call(request: ApiRequest) -> HttpCall:
    return HttpCall(
        "POST", request.path, request.content, request.content_type, request.extra_headers
    )
