"""``Batches``: the Files API (upload, retrieve, content) and the Batch API (create, retrieve,
cancel), through the client's sender: same key, base URL, time-outs, errors and retries.

A batch runs a JSONL file of requests (:mod:`imagewidgets.api.batch_lines`) within 24 hours at
half the price. Upload the file with purpose ``"batch"``, create the batch, poll it until it is
finished, then download its output (and error) file. A file's content can be large (every
image as base64): :meth:`Batches.download` writes it to disk as it arrives.

Example:
    >>> import asyncio
    >>> from imagewidgets.api.client import ImagesClient
    >>> async def main():
    ...     async with ImagesClient(offline=True) as client:
    ...         uploaded = await client.batches.upload(b"", "empty.jsonl")
    ...         return uploaded.purpose, uploaded.bytes
    >>> asyncio.run(main())
    ('batch', 0)
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import AsyncGenerator, Mapping
from contextlib import aclosing
from pathlib import Path
from typing import Any

import httpx

from imagewidgets.api.batch_lines import COMPLETION_WINDOW, ENDPOINTS
from imagewidgets.api.batch_objects import BatchJob, FileInfo
from imagewidgets.api.errors import ResponseError
from imagewidgets.api.multipart import FilePart, encode_multipart, new_boundary
from imagewidgets.api.sender import HttpCall, Sender

__all__ = ["Batches"]

_CHUNK = 1 << 20
"""Bytes gathered before they are written to disk (in a worker thread)."""


class Batches:
    """The Files and Batch APIs of one client (``client.batches``)."""

    def __init__(self, sender: Sender) -> None:
        self._sender = sender

    async def upload(self, data: bytes, filename: str, purpose: str = "batch") -> FileInfo:
        """Upload ``data`` as a file (``POST /files``, multipart: ``purpose`` and ``file``)."""
        boundary = new_boundary()
        part = FilePart("file", filename, "application/jsonl", data)
        body = encode_multipart({"purpose": purpose}, [part], boundary=boundary)
        call = HttpCall("POST", "/files", body, f"multipart/form-data; boundary={boundary}")
        return FileInfo.from_json(await self._json(call))

    async def file(self, file_id: str) -> FileInfo:
        """What the service knows of a file (``GET /files/{id}``)."""
        return FileInfo.from_json(await self._json(HttpCall("GET", f"/files/{_id(file_id)}")))

    async def content(self, file_id: str) -> bytes:
        """A file's bytes, in memory (``GET /files/{id}/content``); see :meth:`download`."""
        call = HttpCall("GET", f"/files/{_id(file_id)}/content", extra_headers=_BINARY)
        async with aclosing(self._sender.run(call, _whole, whole=True)) as answers:
            async for data in answers:
                return data
        raise AssertionError("unreachable: _whole always yields")

    async def download(self, file_id: str, path: str | os.PathLike[str]) -> int:
        """Write a file's bytes to ``path`` as they arrive (a retry starts the file again);
        returns how many were written."""
        target = Path(path)
        call = HttpCall("GET", f"/files/{_id(file_id)}/content", extra_headers=_BINARY)
        consume = _writer(target)
        async with aclosing(self._sender.run(call, consume, whole=True)) as answers:
            async for written in answers:
                return int(written)
        raise AssertionError("unreachable: the writer always yields")

    async def create(
        self,
        input_file_id: str,
        *,
        endpoint: str = ENDPOINTS[0],
        metadata: Mapping[str, str] | None = None,
    ) -> BatchJob:
        """Start a batch of the file's requests (``POST /batches``, 24 h window)."""
        body: dict[str, Any] = {"input_file_id": input_file_id, "endpoint": endpoint,
                                "completion_window": COMPLETION_WINDOW}  # fmt: skip
        if metadata:
            body["metadata"] = dict(metadata)
        return BatchJob.from_json(await self._json(_json_call("POST", "/batches", body)))

    async def get(self, batch_id: str) -> BatchJob:
        """The batch now (``GET /batches/{id}``): status, request counts, files."""
        return BatchJob.from_json(await self._json(HttpCall("GET", f"/batches/{_id(batch_id)}")))

    async def cancel(self, batch_id: str) -> BatchJob:
        """Ask the service to stop the batch (``POST /batches/{id}/cancel``): it goes
        ``cancelling``, then ``cancelled`` with the results made so far."""
        call = HttpCall("POST", f"/batches/{_id(batch_id)}/cancel")
        return BatchJob.from_json(await self._json(call))

    async def _json(self, call: HttpCall) -> Mapping[str, Any]:
        headers, body = await self._sender.json(call)
        if not isinstance(body, dict):
            raise ResponseError(
                f"The service answered {call.method} {call.url} with JSON that is not an "
                "object. Try again",
                request_id=headers.get("x-request-id"),
            )
        return body


_BINARY = {"Accept": "application/binary"}


def _id(value: str) -> str:
    """An id as a path segment: refused when it could leave its place in the URL."""
    if not value or any(char in value for char in "/?#% "):
        raise ValueError(f"not a file or batch id: {value!r}")
    return value


def _json_call(method: str, url: str, body: Mapping[str, Any]) -> HttpCall:
    content = json.dumps(body, separators=(",", ":")).encode("utf-8")
    return HttpCall(method, url, content, "application/json")


async def _whole(response: httpx.Response) -> AsyncGenerator[bytes, None]:
    yield await response.aread()


def _writer(path: Path) -> Any:
    """Write the response into a part file of its own, moved onto ``path`` once whole: a reader
    of ``path`` (another grid collecting the same batch) never sees half a file."""

    async def consume(response: httpx.Response) -> AsyncGenerator[int, None]:
        written, pending = 0, bytearray()
        part = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
        await asyncio.to_thread(part.write_bytes, b"")
        try:
            async for chunk in response.aiter_bytes():
                pending += chunk
                if len(pending) >= _CHUNK:
                    written += await asyncio.to_thread(_append, part, bytes(pending))
                    pending.clear()
            written += await asyncio.to_thread(_append, part, bytes(pending))
            await asyncio.to_thread(os.replace, part, path)
        finally:
            await asyncio.to_thread(part.unlink, missing_ok=True)
        yield written

    return consume


def _append(path: Path, data: bytes) -> int:
    with path.open("ab") as file:
        file.write(data)
    return len(data)
