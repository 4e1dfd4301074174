"""The emulator's Files API: ``POST /v1/files`` (multipart ``purpose`` + ``file``),
``GET /v1/files/{id}`` and ``GET /v1/files/{id}/content``, in the service's shapes (SDK 3.57
``FileObject``). Files live in memory for the app's lifetime; batch output files are added here
too (purpose ``batch_output``).

Example:
    >>> files = UploadedFiles()
    >>> info = files.add(b'{"a": 1}\\n', "in.jsonl", "batch")
    >>> info["object"], info["bytes"], files.content(info["id"])
    ('file', 9, b'{"a": 1}\\n')
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from imagewidgets.emulator.errors import ServiceError, refusal
from imagewidgets.emulator.multipart import parse_multipart

__all__ = ["PURPOSES", "UploadedFiles"]

PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
"""What an upload may be for (SDK 3.57 ``FilePurpose``)."""
BATCH_FILE_DAYS = 30
"""``purpose=batch`` files expire after 30 days by default."""


class UploadedFiles:
    """Files by id: their ``FileObject`` and bytes."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[dict[str, Any], bytes]] = {}

    def upload(self, body: bytes, content_type: str) -> dict[str, Any]:
        """A ``POST /v1/files`` body: store its file, answer its ``FileObject``."""
        try:
            parts = {part.name: part for part in parse_multipart(body, content_type)}
        except ValueError as error:
            raise refusal(f"Could not read the multipart/form-data body: {error}.", None) from None
        purpose, file = parts.get("purpose"), parts.get("file")
        if file is None or file.filename is None:
            raise refusal(
                "Missing required parameter: 'file'.", "file", "missing_required_parameter"
            )
        if purpose is None or purpose.text not in PURPOSES:
            given = purpose.text if purpose is not None else None
            raise refusal(
                f"Invalid value for 'purpose': {given!r}. Supported values are: "
                f"{', '.join(PURPOSES)}.",
                "purpose",
            )
        return self.add(file.data, file.filename, purpose.text)

    def add(self, data: bytes, filename: str, purpose: str) -> dict[str, Any]:
        """Keep ``data`` as a new file; return its ``FileObject``."""
        created = int(time.time())
        info: dict[str, Any] = {
            "id": f"file-{secrets.token_hex(12)}", "object": "file", "bytes": len(data),
            "created_at": created, "filename": filename, "purpose": purpose,
            "status": "processed", "status_details": None,
        }  # fmt: skip
        if purpose in ("batch", "batch_output"):
            info["expires_at"] = created + BATCH_FILE_DAYS * 86400
        self._files[info["id"]] = (info, data)
        return info

    def info(self, file_id: str) -> dict[str, Any]:
        """The ``FileObject`` of ``file_id``; a 404 in the service's shape when unknown."""
        return self._found(file_id)[0]

    def content(self, file_id: str) -> bytes:
        """The bytes of ``file_id``; a 404 when unknown."""
        return self._found(file_id)[1]

    def _found(self, file_id: str) -> tuple[dict[str, Any], bytes]:
        found = self._files.get(file_id)
        if found is None:
            raise ServiceError(404, f"No such File object: {file_id}", param="id")
        return found
