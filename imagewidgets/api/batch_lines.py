"""The Batch API's line formats for images, and its limits: the one place to correct them.

WIRE-2026-11 section 6: the limits are documented (the SDK 3.57's ``batch_create_params.py``), the
line formats are **guesses** (the standard Batch format; no image example was ever seen). An
input line names the request by ``custom_id`` and carries its JSON body; an output line answers
with the same ``custom_id`` and either ``response`` (``status_code``, ``request_id``, ``body``: an
``ImagesResponse``, or an error object) or ``error`` (``code``, ``message``) when the request was
never run (the batch expired or was cancelled first). Streaming means nothing in a batch, so
``stream`` and ``partial_images`` are left out of the body.

Example:
    >>> from imagewidgets.api.request import generation_request
    >>> request = generation_request("a fox", {"model": "gpt-image-2.6-flare", "quality": "low"})
    >>> import json
    >>> json.loads(request_line("cell-0", request))  # doctest: +NORMALIZE_WHITESPACE
    {'custom_id': 'cell-0', 'method': 'POST', 'url': '/v1/images/generations',
     'body': {'prompt': 'a fox', 'model': 'gpt-image-2.6-flare', 'quality': 'low'}}
    >>> line = read_line(b'{"custom_id": "cell-0", "error": {"code": "batch_expired",'
    ...                  b' "message": "not run in 24h"}, "response": null}')
    >>> line.custom_id, line.ok, line.error_code
    ('cell-0', False, 'batch_expired')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from imagewidgets.api.request import ApiRequest

__all__ = [
    "COMPLETION_WINDOW",
    "ENDPOINTS",
    "MAX_BYTES",
    "MAX_REQUESTS",
    "NOT_IN_BATCH",
    "BatchLine",
    "read_line",
    "request_line",
]

ENDPOINTS = ("/v1/images/generations", "/v1/images/edits")
"""The images endpoints a batch may run (SDK 3.57 ``BatchCreateParams.endpoint``)."""
COMPLETION_WINDOW = "24h"
"""The only completion window the Batch API offers."""
MAX_REQUESTS = 50_000
"""Lines an input file may hold."""
MAX_BYTES = 200 * 1024 * 1024
"""The largest input file, in bytes."""
NOT_IN_BATCH = frozenset({"stream", "partial_images"})
"""Parameters left out of a batch line (GUESS: streaming is meaningless there)."""


def request_line(custom_id: str, request: ApiRequest) -> bytes:
    """The JSONL line of ``request`` (a JSON-bodied generation), newline included (GUESS)."""
    if request.content_type != "application/json":
        raise ValueError(
            f"{request.operation}: only JSON bodies fit in a batch line (edits would need the "
            "JSON edit body with uploaded files, which this version does not build)."
        )
    body = {k: v for k, v in json.loads(request.content).items() if k not in NOT_IN_BATCH}
    line = {"custom_id": custom_id, "method": "POST", "url": "/v1" + request.path, "body": body}
    return json.dumps(line, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"


@dataclass(frozen=True)
class BatchLine:
    """One line of a batch's output or error file (GUESS: the standard Batch format).

    ``body`` is the response body (an ``ImagesResponse`` when ``status_code`` is 200, else the
    service's error object); ``error_code`` and ``error_message`` come from a top-level
    ``error`` (a request that never ran).
    """

    custom_id: str
    status_code: int | None = None
    request_id: str | None = None
    body: Mapping[str, Any] = field(default_factory=dict)
    error_code: str | None = None
    error_message: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the request made its images (a 200 answer)."""
        return self.status_code == 200 and self.error_code is None


def read_line(raw: bytes | str) -> BatchLine:
    """Read one output or error line; ``ValueError`` naming what is wrong with it."""
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise ValueError(f"a batch output line is not JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("custom_id"), str):
        raise ValueError(f"a batch output line has no custom_id: {str(raw)[:80]}")
    response = _object(data.get("response"))
    problem = _object(data.get("error"))
    status = response.get("status_code")
    body = response.get("body")
    return BatchLine(
        custom_id=data["custom_id"],
        status_code=status if isinstance(status, int) else None,
        request_id=_text(response.get("request_id")),
        body=body if isinstance(body, dict) else {},
        error_code=_text(problem.get("code")),
        error_message=_text(problem.get("message")),
    )


def _object(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
