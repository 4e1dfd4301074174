"""Turn a streaming response into typed events: :class:`PartialImage` and :class:`CompletedImage`.

Events are chosen by the ``type`` field inside the JSON (as the official SDKs do), never by the
``event:`` line: ``image_generation.partial_image``, ``image_edit.partial_image``,
``image_generation.completed`` and ``image_edit.completed``. Unknown types are skipped (a new
kind of event must not break old clients); ``data: [DONE]`` ends the stream; an object with an
``error`` key (or ``type: "error"``) raises :class:`StreamError`. A frame whose image data does
not decode becomes a :class:`DamagedFrame` and the stream goes on; a damaged final image makes
the stream end in :class:`DamagedImageError` once the batch's other images have come.

Events carry no image number, so with ``n > 1`` the image is inferred: a completed event closes
the current image, and a ``partial_image_index`` that does not increase starts a new one.

Example:
    >>> indexer = ImageIndexer()
    >>> [indexer.partial(0), indexer.partial(1), indexer.partial(0), indexer.completed()]
    [0, 0, 1, 1]
    >>> indexer.partial(0)
    2
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Mapping
from typing import Any

import httpx

from imagewidgets.api.errors import StreamError
from imagewidgets.api.events import CompletedImage, DamagedFrame, PartialImage, StreamEvent
from imagewidgets.api.frames import NO_IMAGE, damaged_error, image_data, unreadable
from imagewidgets.api.request import ApiRequest
from imagewidgets.api.responses import Answer, ResultContext, make_image, unknown_fields
from imagewidgets.api.results import Usage
from imagewidgets.api.sse import ServerSentEvent, SSEDecoder
from imagewidgets.api.wording import clause

__all__ = ["ImageIndexer", "stream_events"]

PARTIAL_TYPES = frozenset({"image_generation.partial_image", "image_edit.partial_image"})
COMPLETED_TYPES = frozenset({"image_generation.completed", "image_edit.completed"})
EVENT_FIELDS = frozenset({"type", "b64_json", "created_at", "usage", "safety_identifier"})
"""Fields of a completed event read into the result's attributes (the rest is kept)."""


class ImageIndexer:
    """Infers which image of the batch each event belongs to."""

    def __init__(self) -> None:
        self.current = 0
        self.finished = 0
        self._last_partial = -1

    def partial(self, partial_image_index: int) -> int:
        """The index of the image a partial frame belongs to."""
        if partial_image_index <= self._last_partial:
            self.current += 1
        self._last_partial = partial_image_index
        return self.current

    def completed(self) -> int:
        """The index of the image a completed event finishes (the next event starts another)."""
        index = self.current
        self.current += 1
        self.finished += 1
        self._last_partial = -1
        return index


async def stream_events(
    response: httpx.Response, request: ApiRequest, context: ResultContext
) -> AsyncGenerator[StreamEvent, None]:
    """The typed events of ``response``; :class:`StreamError` if it breaks or ends early."""
    request_id = response.headers.get("x-request-id")
    decoder = SSEDecoder()
    typer = _EventTyper(request, context, request_id)
    async for chunk in response.aiter_bytes():
        for sse in _feed(decoder, chunk, request_id):
            if sse.data.strip() == "[DONE]":
                typer.check_complete()
                return
            event = typer.event(sse)
            if event is not None:
                yield event
    for sse in _finish(decoder, request_id):
        event = None if sse.data.strip() == "[DONE]" else typer.event(sse)
        if event is not None:
            yield event
    typer.check_complete()


def _feed(decoder: SSEDecoder, chunk: bytes, request_id: str | None) -> list[ServerSentEvent]:
    try:
        return decoder.feed(chunk)
    except ValueError as error:
        raise StreamError(
            f"The image stream sent {error}; it cannot go on. Try again", request_id=request_id
        ) from None


def _finish(decoder: SSEDecoder, request_id: str | None) -> list[ServerSentEvent]:
    try:
        return decoder.finish()
    except ValueError as error:
        raise StreamError(
            f"The image stream was cut off: {error}. Try again.", request_id=request_id
        ) from None


class _EventTyper:
    """Builds a typed event from one parsed SSE event of this request's stream."""

    def __init__(self, request: ApiRequest, context: ResultContext, request_id: str | None):
        self.request = request
        self.context = context
        self.request_id = request_id
        self.indexer = ImageIndexer()
        self.damaged: list[DamagedFrame] = []
        """The final images that did not decode."""

    def event(self, sse: ServerSentEvent) -> StreamEvent | None:
        body = self._json(sse.data)
        kind = body.get("type")
        if body.get("error") or kind == "error":
            raise self._error(body)
        if kind in PARTIAL_TYPES:
            return self._partial(body, *image_data(sse, body))
        if kind in COMPLETED_TYPES:
            return self._completed(body, *image_data(sse, body))
        return None

    def check_complete(self) -> None:
        expected, finished = self.request.expected_images, self.indexer.finished
        if finished < expected:
            raise StreamError(
                f"The image stream ended after {finished} of {expected} finished image(s); "
                "the rest never arrived. Try again.",
                request_id=self.request_id,
            )
        if self.damaged:
            raise damaged_error(self.damaged, expected, self.request_id)

    def _partial(
        self, body: Mapping[str, Any], data: bytes | None, why: str
    ) -> PartialImage | DamagedFrame:
        step = _int(body.get("partial_image_index"))
        index = self.indexer.partial(step)
        if data is None or unreadable(data):
            return DamagedFrame(index, step, why or NO_IMAGE, self.request_id)
        return PartialImage(
            index=index,
            partial_image_index=step,
            data=data,
            output_format=str(body.get("output_format", "png")),
            size=str(body.get("size", "")),
            quality=str(body.get("quality", "")),
            background=str(body.get("background", "")),
            created_at=_int(body.get("created_at")),
            request_id=self.request_id,
        )

    def _completed(
        self, body: Mapping[str, Any], data: bytes | None, why: str
    ) -> CompletedImage | DamagedFrame:
        index = self.indexer.completed()
        if data is None or unreadable(data):
            self.damaged.append(DamagedFrame(index, None, why or NO_IMAGE, self.request_id))
            return self.damaged[-1]
        image = make_image(
            data,
            self.request,
            self.context,
            index=index,
            request_id=self.request_id,
            created=_int(body.get("created_at")) or None,
            answer=Answer(
                usage=Usage.from_json(body.get("usage")),
                safety_identifier=body.get("safety_identifier") or None,
                response=unknown_fields(body, EVENT_FIELDS),
            ),
        )
        return CompletedImage(index=index, image=image)

    def _json(self, text: str) -> Mapping[str, Any]:
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise StreamError(
                f"The image stream sent an event that is not a JSON object: {text[:80]!r}. "
                "Try again",
                request_id=self.request_id,
            )
        return body

    def _error(self, body: Mapping[str, Any]) -> StreamError:
        error = body.get("error")
        fields = error if isinstance(error, dict) else body
        message = fields.get("message") or "the service reported an error"
        code = fields.get("code")
        return StreamError(
            f"The service stopped the image stream: {clause(str(message))}"
            + (f" ({code})" if code else "")
            + ". Try again, or change the prompt if it was refused.",
            request_id=self.request_id,
            code=str(code) if code is not None else None,
        )


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
