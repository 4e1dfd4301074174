"""Routing of the emulator's Files and Batch APIs (see :mod:`.uploads` and :mod:`.batches`).

``POST /v1/files``, ``GET /v1/files/{id}``, ``GET /v1/files/{id}/content``; ``POST /v1/batches``,
``GET /v1/batches/{id}``, ``POST /v1/batches/{id}/cancel``. Each request of a batch is answered
by the app's images service, as if it had been sent on its own (without streaming: a line that
asks to stream is refused, a guess at what the service does).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from typing import Any

from imagewidgets.emulator.batch_input import InputLine
from imagewidgets.emulator.batches import BatchBook
from imagewidgets.emulator.config import EmulatorConfig
from imagewidgets.emulator.errors import ConnectionDropped, ServiceError, refusal
from imagewidgets.emulator.responses import Response, json_response
from imagewidgets.emulator.service import ImagesService
from imagewidgets.emulator.uploads import UploadedFiles

__all__ = ["PREFIXES", "BatchApi"]

PREFIXES = ("/v1/files", "/v1/batches")
"""The paths this module answers."""
PIECE = 1 << 20
"""A file's content is sent in pieces of this many bytes, as a network delivers it."""


class BatchApi:
    """The Files and Batch APIs of one emulator app."""

    def __init__(self, config: EmulatorConfig, images: ImagesService) -> None:
        self.images = images
        self.files = UploadedFiles()
        self.book = BatchBook(config, self.files, self._answer)
        self._base_url = "http://emulator.invalid/v1"

    async def route(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes, base_url: str
    ) -> Response:
        """The response to one Files or Batch API request (``ServiceError`` for an error)."""
        self._base_url = base_url
        parts = path.strip("/").split("/")[1:]  # "files", id, "content" / "batches", id, "cancel"
        if parts[0] == "files":
            return self._files(method, parts[1:], headers, body)
        return await self._batches(method, parts[1:], body)

    def _files(
        self, method: str, rest: list[str], headers: Mapping[str, str], body: bytes
    ) -> Response:
        if method == "POST" and not rest:
            return json_response(200, self.files.upload(body, headers.get("content-type", "")))
        if method == "GET" and len(rest) == 1:
            return json_response(200, self.files.info(rest[0]))
        if method == "GET" and len(rest) == 2 and rest[1] == "content":
            data = self.files.content(rest[0])
            content_headers = [("content-type", "application/octet-stream"),
                               ("content-length", str(len(data)))]  # fmt: skip
            return Response(200, content_headers, _pieces(data))
        raise ServiceError(404, f"Invalid URL ({method} /v1/files/{'/'.join(rest)})")

    async def _batches(self, method: str, rest: list[str], body: bytes) -> Response:
        if method == "POST" and not rest:
            return json_response(200, self.book.create(body))
        if method == "GET" and len(rest) == 1:
            return json_response(200, await self.book.retrieve(rest[0]))
        if method == "POST" and len(rest) == 2 and rest[1] == "cancel":
            return json_response(200, self.book.cancel(rest[0]))
        raise ServiceError(404, f"Invalid URL ({method} /v1/batches/{'/'.join(rest)})")

    async def _answer(self, line: InputLine) -> tuple[int, dict[str, Any]]:
        """One request of a batch, answered as a direct request would be."""
        try:
            if line.body.get("stream") or line.body.get("partial_images") is not None:
                raise refusal("Streaming is not supported in a batch.", "stream")
            body = json.dumps(line.body).encode("utf-8")
            response = await self.images.handle("generate", {}, body, self._base_url)
        except ServiceError as error:
            return error.status, error.body()
        except ConnectionDropped:
            return 500, ServiceError(500, "The request was dropped.", type="server_error").body()
        if not isinstance(response.body, bytes):
            return 500, ServiceError(500, "The answer was a stream.", type="server_error").body()
        return response.status, json.loads(response.body)


async def _pieces(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), PIECE):
        yield data[start : start + PIECE]
