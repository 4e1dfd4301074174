"""The images endpoints: validate, apply faults, render, and answer in JSON or as an SSE stream.

Order of work for one request: read the body, validate it with the shared rules (a refused
request never consumes a fault), pick the fault that fires, wait out ``latency`` and ``slow``,
answer with a fault's error or render. A stream sends each image's partial frames then its
completed event, image after image, each ``pace`` seconds after the one before (the first one
``pace`` seconds after the headers, like a model at work); each image is drawn in a worker
thread just before its frames are due, so the event loop stays free.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Mapping

from imagewidgets.capabilities import Endpoint
from imagewidgets.emulator.config import EmulatorConfig
from imagewidgets.emulator.errors import ConnectionDropped, ServiceError, refusal
from imagewidgets.emulator.faults import HEADER, STREAM_FAULTS, Fault, FaultBook, fault_error
from imagewidgets.emulator.files import FileStore
from imagewidgets.emulator.parsing import Body, parse_json, parse_multipart_body
from imagewidgets.emulator.pictures import Rendered, render_image
from imagewidgets.emulator.plan import Plan, make_plan
from imagewidgets.emulator.responses import Response, json_bytes, json_response
from imagewidgets.emulator.sse import MEDIA_TYPE, malformed_event, sse_event
from imagewidgets.emulator.svg import svg_usage
from imagewidgets.emulator.usage import usage
from imagewidgets.emulator.wire import event_type, image_item, images_response, stream_event

__all__ = ["ImagesService"]

PACE_HEADER = "x-emulator-pace"
INVALID_BASE64 = "!!this-is-not*base64!!"
STREAM_ERROR = ServiceError(
    500, "The server had an error while generating the image.", type="server_error"
)


class ImagesService:
    """Answers ``POST /v1/images/{generations,edits,variations}`` for one app."""

    def __init__(self, config: EmulatorConfig, faults: FaultBook, files: FileStore) -> None:
        self.config = config
        self.faults = faults
        self.files = files

    async def handle(
        self, endpoint: Endpoint, headers: Mapping[str, str], body: bytes, base_url: str
    ) -> Response:
        """The response to one images request (raises :class:`ServiceError` for an error)."""
        parsed = _parse(endpoint, headers.get("content-type", ""), body)
        plan = make_plan(endpoint, parsed, self.config)
        pace = _pace(headers, self.config.pace)
        fault = self.faults.pick(headers.get(HEADER))
        await asyncio.sleep(self.config.latency)
        if fault is not None:
            await self._before_headers(fault, plan.model)
        stream_fault = fault if fault is not None and fault.name in STREAM_FAULTS else None
        if plan.stream:
            chunks = self._events(plan, stream_fault, pace)
            return Response(
                200, [("content-type", MEDIA_TYPE), ("cache-control", "no-cache")], chunks
            )
        return await self._json(plan, stream_fault, base_url)

    async def _before_headers(self, fault: Fault, model: str) -> None:
        if fault.name == "slow":
            await asyncio.sleep(3.0 if fault.seconds is None else fault.seconds)
        error = fault_error(fault, model)
        if error is not None:
            raise error

    async def _json(self, plan: Plan, fault: Fault | None, base_url: str) -> Response:
        rendered = [await asyncio.to_thread(render_image, plan, index) for index in range(plan.n)]
        items = [self._item(plan, image, base_url) for image in rendered]
        authored = None
        if plan.output_format == "svg":
            authored = svg_usage(plan.prompt, rendered[0].final.decode("utf-8"), plan.svg)
        body = images_response(plan, items, usage(plan), authored)
        if fault is None:
            return json_response(200, body)
        return _json_fault(fault, body)

    def _item(self, plan: Plan, image: Rendered, base_url: str) -> dict[str, object]:
        if plan.response_format == "url":
            name = self.files.put(image.final, f"image/{plan.output_format}")
            return image_item(plan, url=f"{base_url}/emulator/files/{name}")
        return image_item(plan, b64=base64.b64encode(image.final).decode("ascii"))

    async def _events(self, plan: Plan, fault: Fault | None, pace: float) -> AsyncIterator[bytes]:
        total = plan.n * (plan.partial_images + 1)
        strike = (
            -1 if fault is None else min(total - 1, 0 if fault.after is None else fault.after + 1)
        )
        position = 0
        for index in range(plan.n):
            rendered = await asyncio.to_thread(render_image, plan, index)
            frames = [*rendered.partials, rendered.final]
            for number, data in enumerate(frames):
                await asyncio.sleep(pace)
                partial = None if number == len(frames) - 1 else number
                if position == strike and fault is not None:
                    yield _stream_fault(fault, plan, partial)
                    if fault.name != "invalid_base64":
                        return
                else:
                    yield _frame(plan, data, partial)
                position += 1


def _parse(endpoint: Endpoint, content_type: str, body: bytes) -> Body:
    if endpoint == "generate":
        return parse_json(body)
    if not content_type.lower().startswith("multipart/form-data"):
        raise refusal(
            f"The {endpoint} endpoint takes a multipart/form-data body with the image file(s).",
            None,
            "invalid_content_type",
        )
    return parse_multipart_body(body, content_type)


def _pace(headers: Mapping[str, str], default: float) -> float:
    try:
        return max(0.0, float(headers.get(PACE_HEADER, default)))
    except ValueError:
        raise refusal(f"{PACE_HEADER} must be a number of seconds.", None, "invalid_pace") from None


def _frame(plan: Plan, data: bytes, partial: int | None) -> bytes:
    b64 = base64.b64encode(data).decode("ascii")
    completed = partial is None
    event_usage = usage(plan, 1, details=False) if completed else None
    event = stream_event(plan, b64, partial=partial, usage=event_usage)
    return sse_event(event["type"], event)


def _stream_fault(fault: Fault, plan: Plan, partial: int | None) -> bytes:
    if fault.name == "cut":
        raise ConnectionDropped("the emulator cut the stream (fault 'cut')")
    if fault.name == "malformed_sse":
        return malformed_event(event_type(plan, completed=partial is None))
    if fault.name == "invalid_base64":
        event_usage = usage(plan, 1, details=False) if partial is None else None
        event = stream_event(plan, INVALID_BASE64, partial=partial, usage=event_usage)
        return sse_event(event["type"], event)
    return sse_event("error", STREAM_ERROR.body())


def _json_fault(fault: Fault, body: dict[str, object]) -> Response:
    if fault.name == "stream_error":
        raise STREAM_ERROR
    if fault.name == "invalid_base64":
        data = body["data"]
        if isinstance(data, list) and "b64_json" in data[0]:
            data[0]["b64_json"] = INVALID_BASE64
        return json_response(200, body)
    response = json_response(200, body)
    payload = json_bytes(body)
    if fault.name == "malformed_sse":
        return Response(200, [("content-type", "application/json")], payload[: len(payload) // 2])
    return Response(200, response.headers, _cut(payload))


async def _cut(payload: bytes) -> AsyncIterator[bytes]:
    yield payload[: len(payload) // 2]
    raise ConnectionDropped("the emulator cut the response (fault 'cut')")
