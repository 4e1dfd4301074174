"""The emulator's Batch API: ``POST /v1/batches``, ``GET /v1/batches/{id}`` and
``POST /v1/batches/{id}/cancel``, in the service's shapes (SDK 3.57 ``Batch``).

A batch progresses with time, over ``EmulatorConfig.batch_seconds``: ``validating`` (the first
tenth), ``in_progress`` (its requests answered in order, as their time comes), ``finalizing``
(the last tenth), then ``completed`` with an output file (answered requests) and an error file
(refused ones). Each request is answered when the batch is looked at and its time has come, by
the same images service as a direct request (so the rules refuse alike), off the event loop.
Requests whose ``custom_id`` is in ``EmulatorConfig.batch_failures`` fail with a 500. Cancelling
goes ``cancelling``, then (at the next look) ``cancelled``: the requests not yet answered are
in the error file with code ``batch_cancelled``. The line formats are the standard Batch ones
(WIRE-2026-11 section 6: guesses).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from imagewidgets.emulator.batch_input import InputLine, read_input
from imagewidgets.emulator.config import EmulatorConfig
from imagewidgets.emulator.errors import ServiceError, refusal
from imagewidgets.emulator.uploads import UploadedFiles

__all__ = ["BATCH_ENDPOINTS", "Answer", "BatchBook"]

BATCH_ENDPOINTS = ("/v1/images/generations",)
"""What the emulator runs in a batch (the service also takes edits, chat, embeddings, ...)."""
Answer = Callable[[InputLine], Awaitable[tuple[int, dict[str, Any]]]]
"""Answers one request of a batch: its status code and JSON body."""


@dataclass
class _Job:
    """One batch: its object as the service shows it, its requests and what they answered."""

    info: dict[str, Any]
    lines: list[InputLine]
    started: float
    output: list[bytes] = field(default_factory=list)
    errors: list[bytes] = field(default_factory=list)
    usage: dict[str, int] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def answered(self) -> int:
        return len(self.output) + len(self.errors)


class BatchBook:
    """The batches of one emulator app."""

    def __init__(self, config: EmulatorConfig, files: UploadedFiles, answer: Answer) -> None:
        self.config = config
        self.files = files
        self.answer = answer
        self._jobs: dict[str, _Job] = {}

    def create(self, body: bytes) -> dict[str, Any]:
        """Start a batch from a ``POST /v1/batches`` JSON body; answer its ``Batch``."""
        params = _json_object(body)
        endpoint, window = params.get("endpoint"), params.get("completion_window")
        if endpoint not in BATCH_ENDPOINTS:
            raise refusal(f"The emulator runs batches of {BATCH_ENDPOINTS[0]} only.", "endpoint")
        if window != "24h":
            raise refusal("completion_window must be '24h'.", "completion_window")
        file_id = str(params.get("input_file_id") or "")
        if self.files.info(file_id)["purpose"] != "batch":
            raise refusal("The input file must be uploaded with purpose 'batch'.", "input_file_id")
        lines, problems = read_input(self.files.content(file_id), str(endpoint))
        job = _Job(_batch_object(params, file_id, len(lines)), lines, time.monotonic())
        if problems:
            _set(job, "failed", failed_at=True, errors={"object": "list", "data": problems})
        self._jobs[job.info["id"]] = job
        return dict(job.info)

    async def retrieve(self, batch_id: str) -> dict[str, Any]:
        """The batch now: its requests answered as far as their time has come."""
        job = self._job(batch_id)
        async with job.lock:  # two looks at once must not answer a request twice
            if job.info["status"] in ("validating", "in_progress", "finalizing", "cancelling"):
                await self._advance(job)
        return dict(job.info)

    def cancel(self, batch_id: str) -> dict[str, Any]:
        """Ask a batch to stop: ``cancelling`` now, ``cancelled`` at the next look."""
        job = self._job(batch_id)
        if job.info["status"] in ("validating", "in_progress", "finalizing"):
            _set(job, "cancelling", cancelling_at=True)
        return dict(job.info)

    async def _advance(self, job: _Job) -> None:
        if job.info["status"] == "cancelling":
            await self._close(job, "cancelled")
            return
        elapsed = time.monotonic() - job.started
        span = max(self.config.batch_seconds, 1e-9)
        share = min(1.0, max(0.0, (elapsed - 0.1 * span) / (0.8 * span)))
        if share > 0 and job.info["status"] == "validating":
            _set(job, "in_progress", in_progress_at=True)
        due = round(share * len(job.lines))
        while job.answered < due and job.info["status"] == "in_progress":
            await self._answer(job, job.lines[job.answered])
        _count(job)
        if elapsed >= 0.9 * span and job.answered == len(job.lines):
            _set(job, "finalizing", finalizing_at=True)
        if elapsed >= span and job.answered == len(job.lines):
            await self._close(job, "completed")

    async def _answer(self, job: _Job, line: InputLine) -> None:
        if line.custom_id in self.config.batch_failures:
            status, body = 500, _error_body("The server had an error processing this request.")
        else:
            status, body = await self.answer(line)
        response = {"status_code": status, "request_id": f"req_{secrets.token_hex(16)}",
                    "body": body}  # fmt: skip
        entry = {"id": f"batch_req_{secrets.token_hex(12)}", "custom_id": line.custom_id,
                 "response": response, "error": None}  # fmt: skip
        (job.output if status == 200 else job.errors).append(_jsonl(entry))
        for name, value in (body.get("usage") or {}).items() if status == 200 else ():
            if isinstance(value, int):
                job.usage[name] = job.usage.get(name, 0) + value

    async def _close(self, job: _Job, status: str) -> None:
        for line in job.lines[job.answered :]:
            message = "The batch was cancelled before this request ran."
            entry = {
                "id": f"batch_req_{secrets.token_hex(12)}",
                "custom_id": line.custom_id,
                "response": None,
                "error": {"code": "batch_cancelled", "message": message},
            }
            job.errors.append(_jsonl(entry))  # fmt: skip
        _count(job)
        name = f"batch_{job.info['id']}"
        for key, lines, suffix in (("output_file_id", job.output, "output"),
                                   ("error_file_id", job.errors, "error")):  # fmt: skip
            if lines:
                data = await asyncio.to_thread(b"".join, lines)  # a large file: off the loop
                job.info[key] = self.files.add(data, f"{name}_{suffix}.jsonl", "batch_output")["id"]
        job.info["usage"] = _usage(job.usage)
        _set(job, status, **{f"{status}_at": True})

    def _job(self, batch_id: str) -> _Job:
        job = self._jobs.get(batch_id)
        if job is None:
            raise ServiceError(404, f"No batch found with id '{batch_id}'.", param="batch_id")
        return job


def _batch_object(params: dict[str, Any], file_id: str, total: int) -> dict[str, Any]:
    now = int(time.time())
    return {
        "id": f"batch_{secrets.token_hex(12)}", "object": "batch",
        "endpoint": params["endpoint"], "errors": None, "input_file_id": file_id,
        "completion_window": "24h", "status": "validating", "output_file_id": None,
        "error_file_id": None, "created_at": now, "in_progress_at": None,
        "expires_at": now + 86400, "finalizing_at": None, "completed_at": None,
        "failed_at": None, "expired_at": None, "cancelling_at": None, "cancelled_at": None,
        "request_counts": {"total": total, "completed": 0, "failed": 0},
        "metadata": params.get("metadata"),
    }  # fmt: skip


def _set(job: _Job, status: str, **stamps: Any) -> None:
    job.info["status"] = status
    for name, value in stamps.items():
        job.info[name] = int(time.time()) if value is True else value


def _count(job: _Job) -> None:
    counts = job.info["request_counts"]
    counts["completed"], counts["failed"] = len(job.output), len(job.errors)


def _usage(summed: dict[str, int]) -> dict[str, Any]:
    inputs, outputs = summed.get("input_tokens", 0), summed.get("output_tokens", 0)
    return {"input_tokens": inputs, "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": outputs, "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": inputs + outputs}  # fmt: skip


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        params = json.loads(body or b"null")
    except ValueError:
        params = None
    if not isinstance(params, dict):
        raise refusal("The request body must be a JSON object.", None, "invalid_json")
    return params


def _error_body(message: str) -> dict[str, Any]:
    return ServiceError(500, message, type="server_error").body()


def _jsonl(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, separators=(",", ":")).encode("utf-8") + b"\n"
