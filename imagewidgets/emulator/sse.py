"""Server-sent events as the Images API writes them: ``event:``, ``data:``, then a blank line.

Every event ends with a blank line, the last one too (clients drop a final event without it);
no ``[DONE]`` line follows, as in the spec.

Example:
    >>> sse_event("image_generation.completed", {"type": "image_generation.completed"})
    b'event: image_generation.completed\\ndata: {"type":"image_generation.completed"}\\n\\n'
"""

from __future__ import annotations

import json
from collections.abc import Mapping

__all__ = ["MEDIA_TYPE", "malformed_event", "sse_event"]

MEDIA_TYPE = "text/event-stream; charset=utf-8"


def sse_event(event: str, data: Mapping[str, object]) -> bytes:
    """One event: its type on the ``event:`` line and its JSON (one line) on the ``data:`` line."""
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return f"event: {event}\ndata: {payload}\n\n".encode()


def malformed_event(event: str) -> bytes:
    """An event whose ``data:`` JSON is cut short (the ``malformed_sse`` fault)."""
    return f'event: {event}\ndata: {{"type":"{event}","b64_json":"iVBORw0KGgo\n\n'.encode()
