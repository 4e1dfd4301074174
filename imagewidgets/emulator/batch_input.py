"""Reading a batch's input file as the service does before it runs anything (status
``validating``): one JSON request per line, each with a unique ``custom_id``, ``method`` POST
and the batch's ``url``; at most 50,000 lines and 200 MB. What is wrong is reported as the
batch's ``errors`` (SDK 3.57 ``BatchError``: ``code``, ``message``, ``line``), and the batch fails.

Example:
    >>> lines, problems = read_input(b'{"custom_id": "a", "method": "POST", '
    ...     b'"url": "/v1/images/generations", "body": {"prompt": "a fox"}}\\n',
    ...     "/v1/images/generations")
    >>> [line.custom_id for line in lines], problems
    (['a'], [])
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_BYTES", "MAX_LINES", "InputLine", "read_input"]

MAX_LINES = 50_000
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class InputLine:
    """One request of a batch: its ``custom_id`` and JSON ``body``."""

    custom_id: str
    body: dict[str, Any]


def read_input(data: bytes, endpoint: str) -> tuple[list[InputLine], list[dict[str, Any]]]:
    """The requests of an input file, and the problems that fail the batch (``[]`` when none)."""
    if len(data) > MAX_BYTES:
        return [], [_problem("file_too_large", f"The input file is over {MAX_BYTES} bytes.")]
    raw = [text for text in data.decode("utf-8", errors="replace").split("\n") if text.strip()]
    if not raw:
        return [], [_problem("empty_file", "The input file holds no requests.")]
    if len(raw) > MAX_LINES:
        return [], [_problem("too_many_requests", f"At most {MAX_LINES} requests per batch.")]
    lines: list[InputLine] = []
    problems: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, text in enumerate(raw, 1):
        line, problem = _line(text, number, endpoint, seen)
        if problem is not None:
            problems.append(problem)
        elif line is not None:
            lines.append(line)
            seen.add(line.custom_id)
    return lines, problems


def _line(
    text: str, number: int, endpoint: str, seen: set[str]
) -> tuple[InputLine | None, dict[str, Any] | None]:
    try:
        data = json.loads(text)
    except ValueError:
        return None, _problem("invalid_json_line", "This line is not valid JSON.", number)
    if not isinstance(data, dict):
        return None, _problem("invalid_json_line", "This line is not a JSON object.", number)
    custom_id, body = data.get("custom_id"), data.get("body")
    checks = (
        (isinstance(custom_id, str) and custom_id != "", "missing_custom_id",
         "Each line needs a non-empty custom_id."),
        (custom_id not in seen, "duplicate_custom_id",
         f"The custom_id {custom_id!r} is used by an earlier line."),
        (data.get("method") == "POST", "invalid_method", "The method must be POST."),
        (data.get("url") == endpoint, "mismatched_endpoint",
         f"The url {data.get('url')!r} is not the batch's endpoint {endpoint}."),
        (isinstance(body, dict), "missing_body", "Each line needs a JSON object 'body'."),
    )  # fmt: skip
    for passed, code, message in checks:
        if not passed:
            return None, _problem(code, message, number)
    return InputLine(str(custom_id), dict(body) if isinstance(body, dict) else {}), None


def _problem(code: str, message: str, line: int | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "param": None, "line": line}
