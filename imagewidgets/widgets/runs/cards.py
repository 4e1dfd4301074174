"""Error cards: what went wrong and what to do about it, in words, never a bare traceback.

Every failure of a run ends as an :class:`ErrorCard` in the widget. ``title`` says what happened
("the key was refused"), ``advice`` what to do ("set OPENAI_API_KEY ..."), ``request_id`` is the
service's id for a support ticket. A retry in progress is a ``kind="warning"`` card from
:func:`retry_card` ("rate limited: retrying in 12 s").

Example:
    >>> from imagewidgets.api.errors import RateLimitError
    >>> card = error_card(RateLimitError("slow down", status=429, headers={"retry-after": "12"}))
    >>> str(card)
    'rate limited: wait 12 s and try again, or run fewer generations at once'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch
from typing import Literal

from imagewidgets.api.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DamagedImageError,
    InternalServerError,
    ModerationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseError,
    StreamError,
)
from imagewidgets.api.retry import RetryNotice
from imagewidgets.api.wording import clause, sentence
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.store import BudgetExceededError, NotSavedError

__all__ = ["ErrorCard", "error_card", "retry_card"]


@dataclass(frozen=True)
class ErrorCard:
    """What a widget shows for a failure: a title, advice and the request id, if any."""

    title: str
    advice: str
    request_id: str | None = None
    kind: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.title}: {self.advice}" if self.advice else self.title

    def to_json(self) -> dict[str, str | None]:
        """The card as the preview's ``error`` trait carries it."""
        return {
            "title": self.title,
            "advice": self.advice,
            "request_id": self.request_id,
            "kind": self.kind,
        }


def error_card(exc: BaseException) -> ErrorCard:
    """The card for ``exc``: known errors get specific advice, anything else its message."""
    title, advice = _describe(exc)
    return ErrorCard(title, advice, getattr(exc, "request_id", None))


def retry_card(notice: RetryNotice) -> ErrorCard:
    """The warning shown while the client waits to retry ``notice.error``."""
    return ErrorCard(
        f"{_retry_cause(notice.error)}: retrying in {_seconds(notice.delay)} s",
        f"retry {notice.attempt}; nothing to do, the request is sent again by itself",
        getattr(notice.error, "request_id", None),
        kind="warning",
    )


def _seconds(delay: float) -> str:
    """Whole seconds, or tenths under 1.5 s (the first retry waits 0.4 s: not "0 s")."""
    tenths = round(delay, 1)
    return f"{tenths:.1f}" if delay < 1.5 and tenths != round(tenths) else f"{round(delay)}"


def _retry_cause(error: Exception) -> str:
    if isinstance(error, RateLimitError):
        return "rate limited"
    if isinstance(error, APIError):
        return f"the service answered HTTP {error.status}"
    if isinstance(error, APITimeoutError):
        return "timed out"
    return "the connection failed"


def _said(exc: APIError) -> str:
    """What the service said, as the start of a sentence."""
    return clause(exc.message) or f"HTTP {exc.status}"


@singledispatch
def _describe(exc: BaseException) -> tuple[str, str]:
    return f"unexpected error ({type(exc).__name__})", str(exc) or repr(exc)


@_describe.register
def _(exc: InvalidParameterError) -> tuple[str, str]:
    return f"invalid {exc.param}", str(exc)


@_describe.register
def _(exc: BudgetExceededError) -> tuple[str, str]:
    return "stopped by the budget", str(exc)


_SAVE_ELSEWHERE = "use Save to keep this image elsewhere"
_NOT_SAVED = {
    "full": f"free some space (or move the store: IMAGEWIDGETS_HOME), and {_SAVE_ELSEWHERE}",
    "read-only": "point IMAGEWIDGETS_HOME (or store=) at a writable folder, and " + _SAVE_ELSEWHERE,
    "permission": "fix the folder's permissions or point IMAGEWIDGETS_HOME (or store=) at "
    f"another folder, and {_SAVE_ELSEWHERE}",
    "in-the-way": "move that file away (python -m imagewidgets.store check says what is "
    f"wrong), and {_SAVE_ELSEWHERE}",
    "undecodable": "the service sent bytes that are no image, so there was nothing to keep: "
    "generate again",
    "other": "fix the folder or point IMAGEWIDGETS_HOME (or store=) elsewhere, and "
    + _SAVE_ELSEWHERE,
}
"""What to do when the store could not keep an image, by :attr:`NotSavedError.cause`."""


@_describe.register
def _(exc: NotSavedError) -> tuple[str, str]:
    return "the image was not saved", f"{exc.reason} ({exc.folder}): {_NOT_SAVED[exc.cause]}"


@_describe.register
def _(exc: PermissionDeniedError) -> tuple[str, str]:
    return "permission denied", f"{sentence(exc.message or _said(exc))} {exc.advice}"


@_describe.register
def _(exc: RateLimitError) -> tuple[str, str]:
    if exc.code == "insufficient_quota":
        return "quota used up", "add credit or raise the limit in the billing settings"
    wait = f"wait {max(exc.retry_after, 0):.0f} s" if exc.retry_after is not None else "wait"
    return "rate limited", f"{wait} and try again, or run fewer generations at once"


@_describe.register
def _(exc: NotFoundError) -> tuple[str, str]:
    return "not found", f"{_said(exc)}: check the model name and OPENAI_BASE_URL"


@_describe.register
def _(exc: InternalServerError) -> tuple[str, str]:
    return (
        f"the service failed (HTTP {exc.status})",
        "this is usually temporary: try again in a few seconds",
    )


@_describe.register
def _(exc: BadRequestError) -> tuple[str, str]:
    return "the request was refused", f"{_said(exc)}: change it and try again"


@_describe.register
def _(exc: APIError) -> tuple[str, str]:
    return f"the service answered HTTP {exc.status}", _said(exc)


_FIXED: dict[type[BaseException], tuple[str, str]] = {
    AuthenticationError: (
        "the key was refused",
        "set OPENAI_API_KEY to a valid key (or pass api_key=), "
        "or unset it to work offline with the built-in emulator",
    ),
    ModerationError: (
        "blocked by moderation",
        "rephrase the prompt (or use other images): the same request is refused again",
    ),
}
"""Errors whose title and advice do not depend on what the service said."""

for _kind, _words in _FIXED.items():
    _describe.register(_kind, lambda exc, words=_words: words)


@_describe.register
def _(exc: APIConnectionError) -> tuple[str, str]:
    if exc.offline:
        return (
            "the offline emulator dropped the connection",
            "nothing left this machine, so the network is not the cause (the emulator's 'drop' "
            "and 'cut' faults do this): try again",
        )
    if exc.request_id is not None:
        return "the connection broke", "the service answered but its answer broke off: try again"
    return "could not reach the service", "check the network and OPENAI_BASE_URL"


@_describe.register
def _(exc: APITimeoutError) -> tuple[str, str]:
    if exc.offline:
        return "timed out", "the offline emulator was told to be slow: try again, or raise timeout="
    return "timed out", "the service did not answer in time: try again, or raise timeout="


@_describe.register
def _(exc: StreamError) -> tuple[str, str]:
    return "the stream broke off", exc.reason


@_describe.register
def _(exc: DamagedImageError) -> tuple[str, str]:
    return "an image arrived damaged", exc.reason


@_describe.register
def _(exc: ResponseError) -> tuple[str, str]:
    return "the service sent no usable image", exc.reason
