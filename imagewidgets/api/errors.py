"""The errors the client raises, each with a message a person can act on.

```
ImagesError                      anything this layer raises (besides validation errors)
 ├── APIError                    the service answered with an error status
 │    ├── BadRequestError        400
 │    │    └── ModerationError   400, code "moderation_blocked"
 │    ├── AuthenticationError    401: key wrong or missing
 │    ├── PermissionDeniedError  403: e.g. organization not verified
 │    ├── NotFoundError          404
 │    ├── RateLimitError         429 (.retry_after seconds, or None)
 │    └── InternalServerError    >= 500
 ├── APIConnectionError          the service could not be reached, or its answer broke off
 │    └── APITimeoutError        ... in time
 ├── ResponseError               a 200 answer without usable images: not JSON, "data": [], null
 └── StreamError                 a stream broke: error event, malformed SSE, cut short
      └── DamagedImageError      a final image of a stream arrived damaged (the others came)
```

Invalid parameters raise :class:`imagewidgets.capabilities.InvalidParameterError` (a
``ValueError``) before anything is sent. No message ever contains the API key: the service's
own messages are scrubbed of anything that looks like one.

Example:
    >>> err = error_from_response(401, {"x-request-id": "req_1"}, b'{"error": {"message": "no"}}')
    >>> type(err).__name__, err.request_id
    ('AuthenticationError', 'req_1')
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from imagewidgets.api.config import Secret
from imagewidgets.api.retry import parse_retry_after
from imagewidgets.api.wording import clause, sentence

if TYPE_CHECKING:
    from imagewidgets.api.results import GeneratedImage

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "DamagedImageError",
    "ImagesError",
    "InternalServerError",
    "ModerationError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseError",
    "StreamError",
    "error_from_response",
    "redact",
]

_KEYLIKE = re.compile(r"\b(sk|sess|rk)-[A-Za-z0-9_\-*.]{3,}")
_HTML_TITLE = re.compile(r"<(title|h1)[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def redact(text: str, secret: Secret | None = None) -> str:
    """``text`` with ``secret`` and anything shaped like an OpenAI key replaced by ``***``."""
    if secret is not None and secret.reveal():
        text = text.replace(secret.reveal(), "***")
    return _KEYLIKE.sub(lambda m: m[1] + "-***", text)


class ImagesError(Exception):
    """Base class of every error the API layer raises (validation errors aside)."""


class APIError(ImagesError):
    """The service answered with an error: status, the error object's fields and the request id.

    ``headers`` are the response headers (the retry logic reads them). Each subclass sets the
    ``title`` and ``advice`` its message is made of.
    """

    title = "The service refused the request"
    advice = "Check the request and try again."

    def __init__(
        self,
        message: str,
        *,
        status: int,
        type: str | None = None,
        code: str | None = None,
        param: str | None = None,
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status = status
        self.type = type
        self.code = code
        self.param = param
        self.message = redact(message)
        self.request_id = request_id
        self.headers: Mapping[str, str] = {k.lower(): v for k, v in (headers or {}).items()}
        super().__init__(self._sentence())

    def _sentence(self) -> str:
        detail = sentence(self.message)
        where = f", parameter {self.param!r}" if self.param else ""
        rid = f" (request id {self.request_id})" if self.request_id else ""
        return f"{self.title} ({self.status}{where}): {detail} {self._advice()}{rid}"

    def _advice(self) -> str:
        return self.advice


class BadRequestError(APIError):
    """400: the service found the request invalid (a parameter, an image, the prompt)."""

    advice = "Fix the parameter named above and send the request again."


class ModerationError(BadRequestError):
    """400 ``moderation_blocked``: the prompt or an input image was refused by the safety system."""

    title = "The safety system blocked this request"
    advice = (
        "Rephrase the prompt (or use other input images); "
        "retrying the same request will be refused again."
    )


class AuthenticationError(APIError):
    """401: the API key is missing, wrong or revoked."""

    title = "The API key was not accepted"
    advice = (
        "The API key is wrong or missing: set OPENAI_API_KEY (or pass api_key=) to a valid key "
        "from https://platform.openai.com/api-keys, or leave it unset to work offline."
    )


class PermissionDeniedError(APIError):
    """403: the key may not do this, typically because the organization is not verified."""

    title = "Permission denied"
    advice = (
        "GPT image models need a verified organization: verify it at "
        "https://platform.openai.com/settings/organization/general (it can take 15 minutes to "
        "apply), or pick a model your organization may use (e.g. dall-e-3)."
    )


class NotFoundError(APIError):
    """404: the model or endpoint does not exist for this key (or the base URL is wrong)."""

    title = "Not found"
    advice = "Check the model name and the base URL (OPENAI_BASE_URL)."


class RateLimitError(APIError):
    """429: too many requests or tokens per minute, or the quota is used up.

    ``retry_after`` is the wait in seconds the service asked for, or ``None``.
    """

    title = "Rate limited"

    def __init__(self, message: str, **fields: Any) -> None:
        headers = fields.get("headers") or {}
        self.retry_after = parse_retry_after({k.lower(): v for k, v in headers.items()})
        super().__init__(message, **fields)

    def _advice(self) -> str:
        if self.code == "insufficient_quota":
            return "The quota is used up: add credit or raise the limit in the billing settings."
        if self.retry_after is not None:
            return f"Retry in {max(self.retry_after, 0):.0f} s or send fewer requests at once."
        return "Wait a minute and retry, or send fewer requests at once."


class InternalServerError(APIError):
    """5xx: the service failed; usually temporary."""

    title = "The service had an error"
    advice = "This is usually temporary: try again in a few seconds."


class _Answered(ImagesError):
    """An error that may carry the request id of an answer; ``reason`` is the message without it.

    The request id closes the message ("... Try again. (request id req_1)").
    """

    def __init__(self, message: str, *, request_id: str | None = None) -> None:
        self.request_id = request_id
        self.reason = sentence(redact(message))
        super().__init__(self.reason + (f" (request id {request_id})" if request_id else ""))


class APIConnectionError(_Answered):
    """The service could not be reached (DNS, refused connection, dropped connection), or the
    connection broke while its answer was arriving.

    ``request_id`` is set when the service had answered (its headers arrived) before the break;
    ``offline`` when the other end was the built-in emulator (no network was involved).
    """

    def __init__(
        self, message: str, *, request_id: str | None = None, offline: bool = False
    ) -> None:
        self.offline = offline
        super().__init__(message, request_id=request_id)


class APITimeoutError(APIConnectionError):
    """The service did not answer in time."""


class ResponseError(_Answered):
    """The service answered 200 but sent no usable image, or not all of them: a body that is not
    JSON or not an object, no ``data`` list, an empty one, an item that is null or holds no image
    data, or image data that does not decode. The message quotes what the service sent.

    ``images`` are the answer's usable images (it was billed): with ``n > 1`` the good ones are
    kept here when another one is unusable.
    """

    def __init__(
        self,
        message: str,
        *,
        request_id: str | None = None,
        images: tuple[GeneratedImage, ...] = (),
    ) -> None:
        self.images = images
        super().__init__(message, request_id=request_id)


class StreamError(_Answered):
    """A stream broke after it started: an error event, malformed data or an early end.

    ``request_id`` is the stream's request id; ``code`` the error object's code, if any.
    """

    def __init__(
        self, message: str, *, request_id: str | None = None, code: str | None = None
    ) -> None:
        self.code = code
        super().__init__(message, request_id=request_id)


class DamagedImageError(StreamError):
    """A stream delivered a final image whose data did not decode; ``images`` are the damaged
    images' places in the batch (0-based). The batch's other images were delivered."""

    def __init__(
        self, message: str, *, images: tuple[int, ...], request_id: str | None = None
    ) -> None:
        self.images = images
        super().__init__(message, request_id=request_id)


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def error_from_response(
    status: int, headers: Mapping[str, str], body: bytes, secret: Secret | None = None
) -> APIError:
    """The :class:`APIError` subclass for an error response (``{"error": {...}}`` or anything).

    The message is scrubbed of ``secret`` (the key that was sent) wherever the service quotes it.
    """
    headers = {name.lower(): value for name, value in headers.items()}
    fields = _error_fields(body)
    code = _text(fields.get("code"))
    cls = _BY_STATUS.get(status, InternalServerError if status >= 500 else APIError)
    if status == 400 and code == "moderation_blocked":
        cls = ModerationError
    return cls(
        redact(_text(fields.get("message")) or _fallback_message(status, headers, body), secret),
        status=status,
        type=_text(fields.get("type")),
        code=code,
        param=_text(fields.get("param")),
        request_id=headers.get("x-request-id"),
        headers=headers,
    )


def _error_fields(body: bytes) -> Mapping[str, Any]:
    try:
        parsed = json.loads(body)
    except ValueError:
        return {}
    error = parsed.get("error") if isinstance(parsed, dict) else None
    return error if isinstance(error, dict) else {}


def _fallback_message(status: int, headers: Mapping[str, str], body: bytes) -> str:
    """What an answer without an error object said, in a few words (an HTML page by its title)."""
    text = body[:4000].decode("utf-8", "replace")
    if "html" in headers.get("content-type", "").lower() or text.lstrip()[:1] == "<":
        title = _html_title(text) or _reason(status)
        return f"the proxy/server answered with an HTML error page ({title})"
    words = " ".join(text.split())
    return f"the response was: {_shorten(words, 200)}" if words else "the response had no body"


def _html_title(page: str) -> str:
    match = _HTML_TITLE.search(page)
    if match is None:
        return ""
    return clause(_shorten(" ".join(html.unescape(_TAG.sub(" ", match[2])).split()), 80))


def _reason(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(value: object) -> str | None:
    return None if value is None else str(value)
