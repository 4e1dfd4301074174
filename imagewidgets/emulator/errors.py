"""Errors in the service's shape: ``{"error": {"message", "type", "param", "code"}}`` + a status.

The handlers raise :class:`ServiceError`; the app turns it into the JSON response, with any extra
headers it carries (``retry-after`` on a 429). :class:`ConnectionDropped` is not a response at
all: it tells the server (or the in-process transport) to drop the connection.

Example:
    >>> error = ServiceError(400, "prompt is required.", param="prompt")
    >>> error.body()["error"]["type"]
    'invalid_request_error'
"""

from __future__ import annotations

from typing import Any

__all__ = ["ConnectionDropped", "ServiceError", "refusal"]


class ServiceError(Exception):
    """An error response: HTTP ``status`` and the four fields of the service's error object."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = headers

    def body(self) -> dict[str, Any]:
        """The JSON body: all four keys present, ``param`` and ``code`` possibly null."""
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }


class ConnectionDropped(Exception):
    """Raised by the app to make the connection close without a (complete) response."""


def refusal(message: str, param: str | None, code: str = "invalid_value") -> ServiceError:
    """A 400 ``invalid_request_error``: the answer to a request the model rules refuse."""
    return ServiceError(400, message, param=param, code=code)
