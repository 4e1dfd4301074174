"""What the Files and Batch APIs answer with, as small frozen values (SDK 3.57 ``FileObject``,
``Batch``, ``BatchRequestCounts``, ``BatchError``).

Only the fields a client acts on are read; the whole answer is kept in ``raw``.

Example:
    >>> job = BatchJob.from_json({"id": "batch_1", "status": "in_progress",
    ...     "endpoint": "/v1/images/generations", "input_file_id": "file-1", "created_at": 1,
    ...     "request_counts": {"total": 4, "completed": 1, "failed": 1}})
    >>> job.finished, job.done, job.describe()
    (False, 2, 'in progress · 2 of 4 requests (1 failed)')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FINISHED", "BatchJob", "BatchProblem", "FileInfo"]

FINISHED = frozenset({"completed", "failed", "expired", "cancelled"})
"""The statuses a batch never leaves."""


@dataclass(frozen=True)
class FileInfo:
    """An uploaded file (``FileObject``): its id, size in bytes, name and purpose."""

    id: str
    bytes: int
    filename: str
    purpose: str
    created_at: int = 0
    expires_at: int | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FileInfo:
        """Read a ``FileObject``; ``KeyError`` or ``ValueError`` when it is none."""
        expires = data.get("expires_at")
        return cls(
            id=str(data["id"]), bytes=int(data["bytes"]), filename=str(data["filename"]),
            purpose=str(data["purpose"]), created_at=int(data.get("created_at") or 0),
            expires_at=int(expires) if expires is not None else None,
        )  # fmt: skip


@dataclass(frozen=True)
class BatchProblem:
    """Why a batch (or one of its input lines) was refused: ``BatchError``."""

    message: str
    code: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class BatchJob:
    """A batch as the service reports it: status, files and request counts."""

    id: str
    status: str
    endpoint: str
    input_file_id: str
    created_at: int
    output_file_id: str | None = None
    error_file_id: str | None = None
    total: int = 0
    completed: int = 0
    failed: int = 0
    problems: tuple[BatchProblem, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BatchJob:
        """Read a ``Batch``; ``KeyError`` or ``ValueError`` when it is none."""
        counts = data.get("request_counts") or {}
        errors = (data.get("errors") or {}).get("data") or []
        return cls(
            id=str(data["id"]), status=str(data["status"]), endpoint=str(data["endpoint"]),
            input_file_id=str(data["input_file_id"]), created_at=int(data["created_at"]),
            output_file_id=data.get("output_file_id"), error_file_id=data.get("error_file_id"),
            total=int(counts.get("total", 0)), completed=int(counts.get("completed", 0)),
            failed=int(counts.get("failed", 0)), problems=tuple(map(_problem, errors)),
            metadata=dict(data.get("metadata") or {}), raw=dict(data),
        )  # fmt: skip

    @property
    def finished(self) -> bool:
        """Whether the batch will change no more (completed, failed, expired or cancelled)."""
        return self.status in FINISHED

    @property
    def done(self) -> int:
        """Requests answered so far, made or failed."""
        return self.completed + self.failed

    def describe(self) -> str:
        """``"in progress · 2 of 4 requests (1 failed)"``: the status in words."""
        words = self.status.replace("_", " ")
        if not self.total:
            return words
        failed = f" ({self.failed} failed)" if self.failed else ""
        return f"{words} · {self.done} of {self.total} requests{failed}"


def _problem(data: Mapping[str, Any]) -> BatchProblem:
    line = data.get("line")
    return BatchProblem(
        str(data.get("message") or "no reason given"),
        data.get("code"),
        int(line) if line is not None else None,
    )
