"""Send requests through one shared ``httpx.AsyncClient``: headers, time-outs, errors, retries.

:meth:`Sender.run` is the single path every request takes. It opens the response, turns an
error status into an :class:`APIError`, hands a good response to a *consumer* (an async iterator
of whatever the caller wants from it) and retries per :class:`RetryPolicy` as the official SDK
does: failures before the response's headers (connection errors, time-outs, retryable statuses)
are retried. Once the headers came, the service has answered and may bill the request, so a
streamed body that breaks is final, before its first event too; a body read whole (a JSON
answer, an image link) is retried like the SDK's non-streaming requests, which read the body
before they count as answered. Closing the iterator (``break``, ``aclose()``, task
cancellation) closes the connection at once.

Example:
    >>> import asyncio, httpx
    >>> from imagewidgets.api.config import resolve_settings
    >>> def reply(request): return httpx.Response(200, json={"ok": request.headers["accept"]})
    >>> http = httpx.AsyncClient(transport=httpx.MockTransport(reply))
    >>> sender = Sender(http, resolve_settings("sk-test", env={}))
    >>> asyncio.run(sender.json(HttpCall("GET", "https://api.openai.com/v1/x")))[1]
    {'ok': 'application/json'}
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit

import httpx

from imagewidgets.api.config import Settings
from imagewidgets.api.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ImagesError,
    ResponseError,
    StreamError,
    error_from_response,
    redact,
)
from imagewidgets.api.retry import RetryNotice, RetryPolicy
from imagewidgets.api.wording import clause

__all__ = ["DEFAULT_TIMEOUT", "HttpCall", "OnRetry", "Sender"]

T = TypeVar("T")
OnRetry = Callable[[RetryNotice], object]
Consumer = Callable[[httpx.Response], AsyncGenerator[T, None]]

DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
"""600 s to read (an image takes a while), 5 s to connect: what the official SDK uses."""


def _user_agent() -> str:
    try:
        return f"imagewidgets/{metadata.version('imagewidgets')}"
    except metadata.PackageNotFoundError:
        return "imagewidgets"


USER_AGENT = _user_agent()
log = logging.getLogger("imagewidgets.api")


@dataclass(frozen=True)
class HttpCall:
    """One HTTP exchange: ``url`` absolute, or a path under the base URL."""

    method: str
    url: str
    content: bytes | None = None
    content_type: str | None = None
    extra_headers: Mapping[str, str] = field(default_factory=dict)
    timeout: httpx.Timeout | None = None
    """This call's time-out (``None``: the client's)."""


class Sender:
    """Sends :class:`HttpCall` values with the client's settings and retry policy."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: Settings,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        self.http = http
        self.settings = settings
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.default_headers = dict(default_headers or {})

    async def json(
        self, call: HttpCall, on_retry: OnRetry | None = None
    ) -> tuple[httpx.Headers, Any]:
        """Send ``call`` and parse its JSON body (read in full, so retried if it breaks)."""
        headers, body = await self._whole(call, on_retry)
        try:
            return headers, json.loads(body)
        except ValueError:
            raise ResponseError(
                f"The service answered with something that is not JSON ({len(body)} bytes, "
                f"starting {body[:60]!r}). Try again",
                request_id=headers.get("x-request-id"),
            ) from None

    async def fetch(self, url: str, on_retry: OnRetry | None = None) -> bytes:
        """GET ``url`` (a dall-e image link) and return its bytes."""
        return (await self._whole(HttpCall("GET", url), on_retry))[1]

    async def _whole(self, call: HttpCall, on_retry: OnRetry | None) -> tuple[httpx.Headers, bytes]:
        async with aclosing(self.run(call, _read_whole, on_retry, whole=True)) as responses:
            async for headers, body in responses:
                return headers, body
        raise AssertionError("unreachable: _read_whole always yields")

    async def run(
        self,
        call: HttpCall,
        consume: Consumer[T],
        on_retry: OnRetry | None = None,
        *,
        whole: bool = False,
    ) -> AsyncGenerator[T, None]:
        """Yield what ``consume`` makes of the response, retrying as the official SDK does.

        ``whole=True`` says ``consume`` reads the whole body before it yields (its one item):
        then a body that breaks is retried; otherwise the body is a stream, final once answered.
        """
        retries = 0
        while True:
            answer: httpx.Headers | None = None
            delivered = 0
            try:
                async with self._open(call) as response, aclosing(consume(response)) as items:
                    answer = response.headers
                    async for item in items:
                        delivered += 1
                        yield item
                return
            except (APIError, APIConnectionError, httpx.RequestError) as caught:
                request_id = answer.get("x-request-id") if answer is not None else None
                if answer is not None and not whole:
                    _reraise(self._broken(caught, delivered, request_id), caught)
                error = self._as_images_error(caught, answer is not None, request_id)
                delay = self._delay(retries, error)
                if delay is None:
                    _reraise(error, caught)
                retries += 1
                log.info("Retrying in %.1f s (retry %d): %s", delay, retries, error)
                if on_retry is not None:
                    on_retry(RetryNotice(retries, delay, error))
                await self.retry.sleep(delay)

    @asynccontextmanager
    async def _open(self, call: HttpCall) -> AsyncIterator[httpx.Response]:
        request = self.http.build_request(
            call.method,
            self._url(call.url),
            content=call.content,
            headers=self._headers(call),
            timeout=call.timeout or self.timeout,
        )
        response = await self.http.send(request, stream=True)
        try:
            if response.status_code >= 400:
                body = await response.aread()
                secret = self.settings.api_key
                raise error_from_response(response.status_code, response.headers, body, secret)
            yield response
        finally:
            await response.aclose()

    def _url(self, url: str) -> str:
        return url if "://" in url else self.settings.base_url + url

    def _headers(self, call: HttpCall) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if call.content_type:
            headers["Content-Type"] = call.content_type
        key = self.settings.api_key
        if key is not None and _same_origin(self._url(call.url), self.settings.base_url):
            bearer = self.settings.key_header == "Authorization"
            headers[self.settings.key_header] = ("Bearer " if bearer else "") + key.reveal()
        if self.settings.organization:
            headers["OpenAI-Organization"] = self.settings.organization
        if self.settings.project:
            headers["OpenAI-Project"] = self.settings.project
        return {**headers, **self.default_headers, **call.extra_headers}

    def _delay(self, retries: int, error: ImagesError) -> float | None:
        if isinstance(error, APIError):
            return self.retry.delay(retries, error.status, error.headers)
        if isinstance(error, APIConnectionError):
            return self.retry.delay(retries, None, {})
        return None

    def _as_images_error(
        self, caught: Exception, answered: bool, request_id: str | None
    ) -> ImagesError:
        """``caught`` in words that fit where it happened: offline or not, answered or not."""
        if isinstance(caught, ImagesError):
            return caught
        offline = self.settings.offline
        kind: type[APIConnectionError] = APIConnectionError
        if isinstance(caught, httpx.TimeoutException):
            kind = APITimeoutError
        message = self._connection_words(kind, self._detail(caught), answered)
        return kind(message, request_id=request_id, offline=offline)

    def _connection_words(self, kind: type[APIConnectionError], detail: str, answered: bool) -> str:
        """The message of a connection error or time-out, offline or from the service."""
        if self.settings.offline:
            where = "The built-in offline emulator"
            if kind is APITimeoutError:
                return (
                    f"{where} did not answer in time ({detail}): it was told to be slow (the "
                    "'slow' fault). Try again, or pass a longer timeout= to ImagesClient"
                )
            return (
                f"{where} dropped the connection ({detail}): nothing left this machine, so "
                "the network is not the cause (the 'drop' and 'cut' faults do this). Try again"
            )
        where = self.settings.base_url
        if kind is APITimeoutError:
            return (
                f"No answer from {where} in time ({detail}); the service may be busy. Try "
                "again, or pass a longer timeout= to ImagesClient"
            )
        if answered:
            return (
                f"The service at {where} answered, but the connection broke while the answer "
                f"was arriving ({detail}). Try again"
            )
        return (
            f"Could not talk to {where} ({detail}). Check the network connection and the "
            "base URL (OPENAI_BASE_URL), then try again"
        )

    def _broken(self, caught: Exception, delivered: int, request_id: str | None) -> ImagesError:
        """A streamed answer that broke: a :class:`StreamError` with the stream's request id."""
        if isinstance(caught, ImagesError):
            return caught
        detail = self._detail(caught)
        if delivered:
            message = f"The connection broke in the middle of the image stream ({detail}). The "
            message += "frames shown so far are kept; generate again for the final image"
        else:
            message = "The service answered, but the connection broke before the first frame of "
            message += f"the image stream arrived ({detail}). Generate again"
        return StreamError(message, request_id=request_id)

    def _detail(self, caught: Exception) -> str:
        """What went wrong, as httpx says it (no key, no closing full stop)."""
        return clause(redact(str(caught) or type(caught).__name__, self.settings.api_key))


async def _read_whole(
    response: httpx.Response,
) -> AsyncGenerator[tuple[httpx.Headers, bytes], None]:
    yield response.headers, await response.aread()


def _same_origin(url: str, base_url: str) -> bool:
    """Send the key only to the API's own host, never to an image link on another host."""
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def _reraise(error: ImagesError, caught: Exception) -> NoReturn:
    if error is caught:
        raise error
    raise error from caught
