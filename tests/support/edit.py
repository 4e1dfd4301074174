"""Helpers of the editing tests: an emulator-backed client that records what it sends, a way to
read multipart bodies back, and images with structure (so leaks and masks show)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import httpx
import numpy as np
import numpy.typing as npt
from PIL import Image

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.results import GeneratedImage
from imagewidgets.emulator import EmulatorConfig, StreamingASGITransport, create_app
from imagewidgets.imaging.masks import to_api_mask
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.runs.queue import Run
from tests.support.widgets import browser_sets, click, comm_of


@dataclass
class Recorder(httpx.AsyncBaseTransport):
    """Passes requests to the in-process emulator and keeps each one (path, headers, body)."""

    inner: httpx.AsyncBaseTransport
    requests: list[httpx.Request] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    def sent(self, path: str) -> list[httpx.Request]:
        """The requests sent to ``/v1{path}``, in order."""
        return [r for r in self.requests if r.url.path == f"/v1{path}"]


@asynccontextmanager
async def recording_client(
    pace: float = 0.0,
    faults: tuple[str, ...] = (),
    max_retries: int = 0,
    serves_retired: bool = False,
) -> AsyncIterator[tuple[ImagesClient, Recorder]]:
    """An ``ImagesClient`` answered by a fresh emulator, and the recorder of its requests
    (``serves_retired``: a compatible server that still serves dall-e-2 and its variations)."""
    config = EmulatorConfig(pace, faults, serves_retired=serves_retired)
    recorder = Recorder(StreamingASGITransport(create_app(config)))
    http = httpx.AsyncClient(transport=recorder)
    client = ImagesClient(
        "test-key", base_url="http://emulator/v1", http_client=http, max_retries=max_retries
    )
    try:
        yield client, recorder
    finally:
        await http.aclose()


@dataclass(frozen=True)
class Part:
    """One part of a multipart body."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


def multipart_parts(request: httpx.Request) -> list[Part]:
    """The parts of a ``multipart/form-data`` request, in order."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.content)
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        parts.append(
            Part(
                str(part.get_param("name", header="content-disposition")),
                part.get_filename(),
                part.get_content_type(),
                payload if isinstance(payload, bytes) else b"",
            )
        )
    return parts


def scene(width: int = 256, height: int = 256, fmt: str = "PNG") -> bytes:
    """A picture with structure everywhere (gradients), so any change shows."""
    y, x = np.mgrid[0:height, 0:width]
    pixels = np.stack([x * 255 // width, y * 255 // height, (x + y) % 256], -1).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, format=fmt)
    return buffer.getvalue()


def box(width: int, height: int, x0: int, y0: int, x1: int, y1: int) -> npt.NDArray[np.bool_]:
    """A mask array: True (edit here) inside the box."""
    mask = np.zeros((height, width), dtype=bool)
    mask[y0:y1, x0:x1] = True
    return mask


def parent_sha(image: GeneratedImage) -> str:
    """The SHA-256 of the image ``image`` was made from."""
    parent = image.parent
    assert parent is not None
    return parent.sha256


def prepared_input(image: GeneratedImage) -> dict[str, Any]:
    """What ``params["prepared_input"]`` records: the steps and the sent bytes' SHA-256."""
    record = image.params["prepared_input"]
    assert isinstance(record, dict)
    return record


# The edit panel driven as the browser drives it.

SIDE = 1024
MASK = box(SIDE, SIDE, 200, 300, 600, 700)


def paint(panel: EditPanel, mask: Any = MASK) -> None:
    """What the painter view sends after a stroke: the mask as PNG bytes in a binary buffer
    (``mask`` an array, or the PNG bytes the view's own encoder made)."""
    width, height = panel.painter.size
    data = mask if isinstance(mask, bytes) else to_api_mask(mask, (width, height)).data
    message = {
        "content": {"data": {"method": "update", "state": {}, "buffer_paths": [["mask_png"]]}},
        "buffers": [memoryview(data)],
    }
    comm_of(panel.painter).handler(message)


def type_prompt(panel: EditPanel, text: str) -> None:
    browser_sets(panel.controls.prompt_box, value=text)


def upload(widget: Any, *files: tuple[str, bytes]) -> None:
    """What a FileUpload sends when files are chosen: their bytes as binary buffers."""
    value = [
        {"name": name, "type": "image/png", "size": len(data), "content": None, "last_modified": 0}
        for name, data in files
    ]
    paths = [["value", i, "content"] for i in range(len(files))]
    message = {
        "content": {"data": {"method": "update", "state": {"value": value}, "buffer_paths": paths}},
        "buffers": [memoryview(data) for _, data in files],
    }
    comm_of(widget).handler(message)


def button_named(card: Any, name: str) -> Any:
    """The button of a thumbnail card whose accessible name (its text) is ``name``."""
    return next(child for child in card.children if getattr(child, "description", "") == name)


async def press(panel: EditPanel, button: Any) -> Run:
    """Click ``button`` and give back the run it started."""
    before = set(map(id, panel.runs.active))
    click(button)
    assert not panel.notice.value or "Cannot" not in panel.notice.value, panel.notice.value
    started = [run for run in panel.runs.active if id(run) not in before]
    assert len(started) == 1, panel.notice.value
    return started[0]
