"""``Record``: what the store knows of one image, and its JSON form (the provenance).

The same JSON object is written beside the image (``records/<sha256>.json``) and inside it (see
:mod:`imagewidgets.imaging.metadata`). It names every input by hash and never holds a secret: the
API key is no parameter of a request, and keys that could carry credentials are dropped.

Example:
    >>> record = Record.from_json({"sha256": "ab" * 32, "kind": "source", "format": "png",
    ...                            "width": 8, "height": 8})
    >>> record.kind, Record.from_json(record.to_json()) == record
    ('source', True)
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from imagewidgets.api.results import GeneratedImage, Usage
from imagewidgets.imaging.source import SourceImage

__all__ = ["SCHEMA", "SESSION", "Kind", "Record", "record_for"]

SCHEMA = 1
"""The version of the record format, stored under the key ``imagewidgets``."""
SESSION = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
"""This kernel's (Python process's) identity: spend per kernel sums the records carrying it."""

Kind = Literal["generated", "source"]
_STORAGE_FIELDS = ("stored_at", "session")
_SECRET_WORDS = ("key", "authorization", "header", "token", "secret", "password")


@dataclass(frozen=True)
class Record:
    """One stored image: a result of the API (``kind="generated"``) or an input (``"source"``).

    ``parents`` and ``mask_sha256`` name inputs by SHA-256; ``session`` is the kernel that stored
    it and ``run`` the request it came from (images of one request share usage).
    """

    sha256: str
    kind: Kind
    format: str
    width: int
    height: int
    operation: str | None = None
    model: str | None = None
    prompt: str | None = None
    revised_prompt: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    usage: Usage | None = None
    request_id: str | None = None
    created: int | None = None
    index: int = 0
    parents: tuple[str, ...] = ()
    mask_sha256: str | None = None
    backend: str | None = None
    elapsed: float | None = None
    filename: str | None = None
    stored_at: float = 0.0
    session: str = ""
    run: str | None = None
    partials: tuple[str, ...] = ()

    @property
    def run_key(self) -> str:
        """The request this image belongs to: its run, request id, or (alone) its own hash."""
        return self.run or self.request_id or self.sha256

    def provenance(self) -> dict[str, Any]:
        """What made the image, without when and by which kernel it was stored: what the image
        file carries (so two kernels storing the same image write the same file)."""
        data = self.to_json()
        for name in _STORAGE_FIELDS:
            del data[name]
        return data

    def to_json(self) -> dict[str, Any]:
        """The provenance as a JSON-ready dict (``imagewidgets`` holds the schema version)."""
        data = dataclasses.asdict(self)
        data["usage"] = dataclasses.asdict(self.usage) if self.usage else None
        data["parents"], data["partials"] = list(self.parents), list(self.partials)
        data["params"] = dict(self.params)
        return {"imagewidgets": SCHEMA, **data}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Record:
        """Read a record written by :meth:`to_json`; unknown keys (newer versions) are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        usage = values.get("usage")
        values["usage"] = Usage(**usage) if isinstance(usage, Mapping) else None
        values["parents"] = tuple(values.get("parents") or ())
        values["partials"] = tuple(values.get("partials") or ())
        values["params"] = dict(values.get("params") or {})
        return cls(**values)


def record_for(
    image: GeneratedImage | SourceImage, *, stored_at: float, run: str | None = None
) -> Record:
    """The record of ``image`` as stored now by this kernel."""
    common: dict[str, Any] = {"stored_at": stored_at, "session": SESSION, "run": run}
    if isinstance(image, SourceImage):
        return Record(
            image.sha256, "source", image.format, image.width, image.height,
            filename=image.filename, **common,
        )  # fmt: skip
    return Record(
        image.sha256, "generated", image.format, image.width, image.height,
        operation=image.operation, model=image.model, prompt=image.prompt,
        revised_prompt=image.revised_prompt, params=safe_params(image.params), usage=image.usage,
        request_id=image.request_id, created=image.created, index=image.index,
        parents=tuple(parent.sha256 for parent in image.parents), mask_sha256=image.mask_sha256,
        backend=image.backend, elapsed=image.elapsed, **common,
    )  # fmt: skip


def safe_params(params: Mapping[str, object]) -> dict[str, Any]:
    """The request parameters as JSON values, without anything that could carry a credential.

    Nested records (such as ``prepared_input``) stay JSON objects and lists; anything else
    becomes its ``repr``.
    """
    return {
        str(name): _json_value(value)
        for name, value in params.items()
        if not any(word in str(name).lower() for word in _SECRET_WORDS)
    }


def _json_value(value: object) -> Any:
    if isinstance(value, str | int | float | bool | None):
        return value
    if isinstance(value, Mapping):
        return safe_params(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return repr(value)
