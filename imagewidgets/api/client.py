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

from collections.abc import AsyncGenerator, Mapping, Sequence
from functools import partial
from types import TracebackType
from typing import TYPE_CHECKING

import httpx

from imagewidgets.api.config import Settings, resolve_settings
from imagewidgets.api.errors import ImagesError
from imagewidgets.api.events import StreamEvent
from imagewidgets.api.offline import announce_offline, offline_http_client
from imagewidgets.api.request import (
    ApiRequest,
    edit_request,
    generation_request,
    variation_request,
)
from imagewidgets.api.responses import ResultContext, images_from_json
from imagewidgets.api.results import ImageList
from imagewidgets.api.retry import RetryPolicy
from imagewidgets.api.sender import HttpCall, OnRetry, Sender
from imagewidgets.api.stream import stream_events
from imagewidgets.imaging.inputs import ImageInput
from imagewidgets.imaging.masks import MaskInput

if TYPE_CHECKING:
    from imagewidgets.emulator import EmulatorConfig

__all__ = ["ImagesClient"]


class ImagesClient:
    """An async client of the Images API (or of the offline emulator).

    ``http_client`` lets you pass your own ``httpx.AsyncClient`` (it is not closed by
    :meth:`aclose`); otherwise one is made. ``timeout`` (seconds to read; connecting gets 5 s,
    or pass an ``httpx.Timeout``) applies to every request, through your client too.
    ``max_retries`` and the retry schedule follow the official SDK (see
    :mod:`imagewidgets.api.retry`); :attr:`retry` may be replaced, e.g. with a fake clock.
    ``offline=None`` means offline exactly when no key is given or set and neither ``base_url``
    nor ``http_client`` is passed; ``emulator`` (an ``EmulatorConfig``) implies offline.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_retries: int = 2,
        timeout: float | httpx.Timeout = 600.0,
        offline: bool | None = None,
        emulator: EmulatorConfig | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        if offline is None and emulator is not None:
            offline = True
        settings = resolve_settings(
            api_key,
            base_url=base_url,
            organization=organization,
            project=project,
            offline=offline,
            explicit_transport=http_client is not None,
        )
        if settings.offline and http_client is not None:
            raise ValueError(
                "offline=True answers from the built-in emulator, so http_client cannot be "
                "used; to reach a served emulator pass base_url=EmulatorServer(...).url instead."
            )
        limits = (
            timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout, connect=5.0)
        )
        self._owns_http = http_client is None
        if http_client is None:
            http_client = (
                offline_http_client(emulator, limits)
                if settings.offline
                else httpx.AsyncClient(timeout=limits, follow_redirects=True)
            )
        self._sender = Sender(
            http_client,
            settings,
            timeout=limits,
            retry=RetryPolicy(max_retries),
            default_headers=default_headers,
        )
        if settings.offline:
            announce_offline()

    @property
    def offline(self) -> bool:
        """True when the built-in emulator answers instead of the service."""
        return self._settings.offline

    @property
    def backend(self) -> str:
        """``"offline"`` or ``"openai"``: recorded on every result."""
        return "offline" if self.offline else "openai"

    @property
    def base_url(self) -> str:
        """Where requests go (the emulator's own address when offline)."""
        return self._settings.base_url

    @property
    def retry(self) -> RetryPolicy:
        """The retry schedule; assign a new :class:`RetryPolicy` to change it."""
        return self._sender.retry

    @retry.setter
    def retry(self, policy: RetryPolicy) -> None:
        self._sender.retry = policy

    @property
    def _settings(self) -> Settings:
        return self._sender.settings

    def __repr__(self) -> str:
        key = "set" if self._settings.api_key is not None else "missing"
        return f"ImagesClient(backend={self.backend!r}, base_url={self.base_url!r}, api_key={key})"

    async def aclose(self) -> None:
        """Close the HTTP client (only if this client made it)."""
        if self._owns_http:
            await self._sender.http.aclose()

    async def __aenter__(self) -> ImagesClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

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
        params = _params(
            model=model, n=n, size=size, quality=quality, background=background,
            output_format=output_format, output_compression=output_compression,
            moderation=moderation, style=style, response_format=response_format, user=user,
        )  # fmt: skip
        request = generation_request(prompt, params, extra_headers=extra_headers)
        return await self._complete(request, on_retry)

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
        params = _params(
            model=model, n=n, size=size, quality=quality, background=background,
            output_format=output_format, output_compression=output_compression,
            moderation=moderation, style=style, response_format=response_format, user=user,
            partial_images=partial_images,
        )  # fmt: skip
        request = generation_request(prompt, params, stream=True, extra_headers=extra_headers)
        return self._stream(request, on_retry)

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
        params = _params(
            model=model, n=n, size=size, quality=quality, background=background,
            output_format=output_format, output_compression=output_compression,
            input_fidelity=input_fidelity, response_format=response_format, user=user,
        )  # fmt: skip
        request = edit_request(image, prompt, params, mask=mask, extra_headers=extra_headers)
        return await self._complete(request, on_retry)

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
        """:meth:`edit` with streaming, like :meth:`stream_generate`."""
        params = _params(
            model=model, n=n, size=size, quality=quality, background=background,
            output_format=output_format, output_compression=output_compression,
            input_fidelity=input_fidelity, response_format=response_format, user=user,
            partial_images=partial_images,
        )  # fmt: skip
        request = edit_request(
            image, prompt, params, mask=mask, stream=True, extra_headers=extra_headers
        )
        return self._stream(request, on_retry)

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
        params = _params(model=model, n=n, size=size, response_format=response_format, user=user)
        request = variation_request(image, params, extra_headers=extra_headers)
        return await self._complete(request, on_retry)

    async def _complete(self, request: ApiRequest, on_retry: OnRetry | None) -> ImageList:
        context = ResultContext(self.backend, self)
        headers, body = await self._sender.json(_call(request), on_retry)
        if not isinstance(body, dict):
            raise ImagesError(f"The service answered with unexpected JSON: {str(body)[:80]!r}.")
        fetch = partial(self._sender.fetch, on_retry=on_retry)
        return await images_from_json(body, request, context, headers.get("x-request-id"), fetch)

    def _stream(
        self, request: ApiRequest, on_retry: OnRetry | None
    ) -> AsyncGenerator[StreamEvent, None]:
        context = ResultContext(self.backend, self)
        consume = partial(stream_events, request=request, context=context)
        return self._sender.run(_call(request), consume, on_retry)


def _params(**params: object) -> dict[str, object]:
    return params


def _call(request: ApiRequest) -> HttpCall:
    return HttpCall(
        "POST", request.path, request.content, request.content_type, request.extra_headers
    )
