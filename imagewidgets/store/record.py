"""``Record``: what the store knows of one image it was given, and its JSON form.

A record is the image's :class:`~imagewidgets.api.provenance.Provenance` (what made it) with the
facts of the file (hash, format, size, parents by hash) and of the storing (when, by which
kernel, in which run). The same JSON, without the storing, is written inside the image file
(:meth:`Record.provenance`, equal to :meth:`GeneratedImage.provenance_json`).

One image may have several records: the same bytes delivered by two requests (the offline
emulator is deterministic, so two kernels asking alike get alike bytes) are one image file and
two records, each counted in its own run's spend. :attr:`Record.file_name` tells them apart.

Example:
    >>> record = Record.from_json({"sha256": "ab" * 32, "kind": "source", "format": "png",
    ...                            "width": 8, "height": 8})
    >>> record.kind, Record.from_json(record.to_json()) == record, record.file_name[-10:]
    ('source', True, 'babab.json')
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from imagewidgets.api.provenance import SCHEMA, Provenance
from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.source import SourceImage

__all__ = ["SCHEMA", "SESSION", "Kind", "Record", "RecordError", "record_for"]

SESSION = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
"""This kernel's (Python process's) identity: spend per kernel sums the records carrying it."""

Kind = Literal["generated", "source"]
_STORAGE_FIELDS = ("stored_at", "session", "run", "partials")
_HEX = frozenset("0123456789abcdef")


class RecordError(ValueError):
    """A record's JSON is not a record (damaged, truncated, or some other program's file)."""


@dataclass(frozen=True, kw_only=True)
class Record(Provenance):
    """One stored image: a result of the API (``kind="generated"``) or an input (``"source"``).

    ``parents`` name the inputs by SHA-256; ``session`` is the kernel that stored it and ``run``
    the request it came from (images of one request share usage). A source image's provenance
    fields keep their defaults.
    """

    sha256: str
    kind: Kind = "generated"
    format: str
    width: int
    height: int
    parents: tuple[str, ...] = ()
    filename: str | None = None
    stored_at: float = 0.0
    session: str = ""
    run: str | None = None
    partials: tuple[str, ...] = ()

    @property
    def run_key(self) -> str:
        """The request this image belongs to: its run, request id, or (alone) its own hash."""
        return self.run or self.request_id or self.sha256

    @property
    def origin(self) -> str:
        """What made the image: its operation, or ``"source"`` for an input image."""
        return self.operation if self.kind == "generated" else "source"

    @property
    def file_name(self) -> str:
        """The record's file in ``records/``: ``<sha256>.json`` for an image alone (an input),
        ``<sha256>.<request>.json`` for a delivery of a request, so each request keeps its own."""
        if self.run_key == self.sha256:
            return f"{self.sha256}.json"
        return f"{self.sha256}.{hashlib.sha256(self.run_key.encode()).hexdigest()[:16]}.json"

    def with_partials(self, hashes: tuple[str, ...]) -> Record:
        """This record naming the partial frames ``hashes`` (kept in ``partials/``)."""
        return dataclasses.replace(self, partials=hashes) if hashes else self

    def provenance(self) -> dict[str, Any]:
        """What the image file carries inside: the record without when, by which kernel and in
        which run it was stored (so every kernel storing the image writes the same file)."""
        data = self.to_json()
        for name in _STORAGE_FIELDS:
            data.pop(name, None)
        return data

    def to_json(self) -> dict[str, Any]:
        """The record as a JSON-ready dict (``imagewidgets`` holds the schema version)."""
        data: dict[str, Any] = {"imagewidgets": SCHEMA, "sha256": self.sha256, "kind": self.kind}
        data |= {"format": self.format, "width": self.width, "height": self.height}
        data["parents"] = list(self.parents)
        if self.kind == "generated":
            data |= Provenance.to_json(self)
        else:
            data["filename"] = self.filename
        data |= {"stored_at": self.stored_at, "session": self.session, "run": self.run}
        return data | {"partials": list(self.partials)}

    @classmethod
    def from_json(cls, data: object) -> Record:
        """Read a record written by :meth:`to_json` (or an image's embedded provenance); keys of
        newer versions are ignored. :class:`RecordError` when ``data`` is no record."""
        if not isinstance(data, Mapping):
            raise RecordError(f"expected a JSON object, found {type(data).__name__}")
        try:
            return cls(**_base_fields(data), **_storage_fields(data), **_provenance_of(data))
        except (TypeError, ValueError, KeyError) as error:
            raise RecordError(f"not an imagewidgets record ({error})") from error

    def same_image_as(self, other: Record) -> bool:
        """Whether ``other`` says the same of the image as this one (storing aside)."""
        return self.provenance() == other.provenance()


def _base_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    sha256, kind = data["sha256"], data.get("kind", "generated")
    if not isinstance(sha256, str) or len(sha256) != 64 or not set(sha256) <= _HEX:
        raise ValueError(f"sha256: not a SHA-256 ({str(sha256)[:20]!r})")
    if kind not in ("generated", "source"):
        raise ValueError(f"kind: {kind!r}")
    size = (int(data["width"]), int(data["height"]))
    parents = tuple(str(parent) for parent in data.get("parents") or ())
    return {"sha256": sha256, "kind": kind, "format": str(data["format"]), "parents": parents,
            "width": size[0], "height": size[1]}  # fmt: skip


def _storage_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    filename, run = data.get("filename"), data.get("run")
    return {
        "filename": str(filename) if filename is not None else None,
        "stored_at": float(data.get("stored_at") or 0.0),
        "session": str(data.get("session") or ""),
        "run": str(run) if run is not None else None,
        "partials": tuple(str(sha) for sha in data.get("partials") or ()),
    }


def _provenance_of(data: Mapping[str, Any]) -> dict[str, Any]:
    if data.get("kind", "generated") != "generated":
        return {}
    return Provenance.fields_from_json(data)


def record_for(
    image: GeneratedImage | SourceImage, *, stored_at: float, run: str | None = None
) -> Record:
    """The record of ``image`` as stored now by this kernel (its JSON is what reads back)."""
    storing = {"stored_at": stored_at, "session": SESSION, "run": run}
    if isinstance(image, SourceImage):
        facts: dict[str, Any] = {"sha256": image.sha256, "kind": "source"}
        facts["format"] = image.format
        facts |= {"width": image.width, "height": image.height, "filename": image.filename}
        return Record.from_json({**facts, **storing})
    return Record.from_json({**image.provenance_json(), **storing})
