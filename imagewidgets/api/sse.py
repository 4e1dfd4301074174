"""An incremental Server-Sent Events decoder that lifts image data out as the bytes arrive.

:meth:`SSEDecoder.feed` takes the response body in chunks split anywhere (inside a line, a
``\\r\\n`` or a base64 group) and returns the events completed so far. Lines follow the SSE
rules: ``\\n``, ``\\r`` or ``\\r\\n`` endings, ``field: value`` with one optional space, ``:``
comments, several ``data:`` lines joined by ``\\n``, a blank line dispatches.

The one departure from a textbook decoder is for speed and memory: when a ``data:`` line
reaches the key ``"b64_json"``, the string value is decoded from base64 piece by piece as it
arrives (see :mod:`imagewidgets.api.b64`) and left out of the event's text, which then holds
``"b64_json": ""``; the decoded bytes travel as :attr:`ServerSentEvent.image`. The small rest of
the JSON is parsed as usual. Image data that is not valid base64 spoils only its own event: the
rest of the string is skipped, the event comes with :attr:`ServerSentEvent.image_error` saying
why, and the stream goes on.

Example:
    >>> decoder = SSEDecoder()
    >>> decoder.feed(b'event: x\\ndata: {"type": "x", "b64_json": "aGk="}\\n')
    []
    >>> (event,) = decoder.feed(b"\\n")
    >>> event.data, event.image
    ('{"type": "x", "b64_json": ""}', b'hi')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from imagewidgets.api.b64 import Base64Decoder

__all__ = ["SSEDecoder", "ServerSentEvent"]

_KEY = re.compile(rb'"b64_json"[ \t]*:[ \t]*"')
_LOOKBACK = 48
_CR = 13


@dataclass(frozen=True)
class ServerSentEvent:
    """One event: its ``event:`` name, its data text, and the image its data carried, decoded
    (``image_error`` says why there is none when the image data did not decode)."""

    event: str
    data: str
    image: bytes | None = None
    image_error: str | None = None


class SSEDecoder:
    """Turns body chunks into :class:`ServerSentEvent` values; ``ValueError`` when the body is
    not a stream of events (a data line that ends inside the image string, a cut-off event)."""

    def __init__(self) -> None:
        self._line = bytearray()
        self._data: list[bytes] = []
        self._event = b""
        self._image: bytes | None = None
        self._image_error: str | None = None
        self._b64: Base64Decoder | None = None
        self._skip_lf = False

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Consume ``chunk``; return the events it completed, in order."""
        events: list[ServerSentEvent] = []
        pos = 1 if self._skip_lf and chunk[:1] == b"\n" else 0
        self._skip_lf = False
        while pos < len(chunk):
            if self._b64 is not None:
                pos = self._feed_b64(chunk, pos)
            else:
                pos = self._feed_line(chunk, pos, events)
        return events

    def finish(self) -> list[ServerSentEvent]:
        """At the end of the body: the last event if its lines were complete but the blank line
        that should close it never came (a finished image is not thrown away for that).

        ``ValueError`` if the body stopped in the middle of a line.
        """
        if self._b64 is not None or self._line:
            raise ValueError("the stream ended in the middle of an event")
        events: list[ServerSentEvent] = []
        self._dispatch(events)
        return events

    def _feed_b64(self, chunk: bytes, pos: int) -> int:
        assert self._b64 is not None
        quote = chunk.find(b'"', pos)
        stop = len(chunk) if quote < 0 else quote
        if _line_end(chunk, pos, stop) >= 0:
            raise ValueError("a malformed event: its data line ends inside the image string")
        if self._image_error is None:
            try:
                self._b64.feed(chunk, pos, stop)
                if quote >= 0:
                    self._image = self._b64.finish()
            except ValueError as error:  # skip to the string's end; the next event is fine
                self._image_error = str(error)
        if quote >= 0:
            self._b64 = None
        return stop

    def _feed_line(self, chunk: bytes, pos: int, events: list[ServerSentEvent]) -> int:
        end = _line_end(chunk, pos)
        stop = len(chunk) if end < 0 else end
        before = len(self._line)
        self._line += memoryview(chunk)[pos:stop]
        taken = self._image is not None or self._image_error is not None
        if not taken and self._line.startswith(b"data:"):
            match = _KEY.search(self._line, max(0, before - _LOOKBACK))
            if match:
                rest = len(self._line) - match.end()
                del self._line[match.end() :]
                self._b64 = Base64Decoder()
                return stop - rest
        if end < 0:
            return stop
        self._end_line(events)
        if chunk[end] == _CR:
            if end + 1 == len(chunk):
                self._skip_lf = True
            elif chunk[end + 1] == ord("\n"):
                return end + 2
        return end + 1

    def _end_line(self, events: list[ServerSentEvent]) -> None:
        line = bytes(self._line)
        self._line.clear()
        if not line:
            self._dispatch(events)
            return
        name, _, value = line.partition(b":")
        value = value[1:] if value[:1] == b" " else value
        if name == b"data":
            self._data.append(value)
        elif name == b"event":
            self._event = value

    def _dispatch(self, events: list[ServerSentEvent]) -> None:
        if self._data:
            text = b"\n".join(self._data).decode("utf-8", "replace")
            name = self._event.decode("utf-8", "replace")
            events.append(ServerSentEvent(name, text, self._image, self._image_error))
        self._data = []
        self._event = b""
        self._image = None
        self._image_error = None


def _line_end(chunk: bytes, pos: int, stop: int | None = None) -> int:
    """The index of the first ``\\r`` or ``\\n`` in ``chunk[pos:stop]``, or -1."""
    stop = len(chunk) if stop is None else stop
    lf = chunk.find(b"\n", pos, stop)
    cr = chunk.find(b"\r", pos, stop if lf < 0 else lf)
    return cr if cr >= 0 else lf
