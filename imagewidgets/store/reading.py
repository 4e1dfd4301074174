"""Reading images back: a stored record, a stored image with its parents, or any image file.

``open_image`` (``iw.open``) reads a PNG, JPEG or WebP file that carries imagewidgets provenance,
wherever it was saved or copied to, and returns the :class:`~imagewidgets.GeneratedImage` it was:
same bytes (the embedded record is taken out again), same hash, model, prompt, parameters and
usage. Its parents are found in the store the file sits in, or else in the default store.

Example:
    >>> image = open_image("~/.imagewidgets/images/3f2a....png")        # doctest: +SKIP
    >>> image.model, image.prompt, image.parent                          # doctest: +SKIP
    ('gpt-image-1.5', 'a red fox in snow', GeneratedImage(generate, ...))
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.metadata import read_provenance, strip_provenance
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store.record import Record

if TYPE_CHECKING:
    from imagewidgets.store.store import Store

__all__ = ["Locate", "load_image", "open_image", "read_record"]

Locate = Callable[[str], "tuple[Path, Record] | None"]
"""Finds a stored image by hash: its file and its record."""


def read_record(path: Path) -> Record | None:
    """The record in ``path``, or None when it is missing or unreadable (never half-read)."""
    try:
        return Record.from_json(json.loads(path.read_bytes()))
    except (OSError, ValueError, TypeError):
        return None


def load_image(
    sha256: str, locate: Locate, memo: dict[str, GeneratedImage | SourceImage]
) -> GeneratedImage | SourceImage:
    """The stored image ``sha256`` with the parents ``locate`` finds (recursively).

    Raises ``KeyError`` for an unknown hash and ``ValueError`` for a file that does not match
    its hash (damaged on disk).
    """
    if sha256 not in memo:
        found = locate(sha256)
        if found is None:
            raise KeyError(f"sha256: no stored image {sha256!r}")
        path, record = found
        data = _verified(path, sha256)
        memo[sha256] = _as_result(data, record, _parents(record, locate, memo))
    return memo[sha256]


def open_image(path: str | os.PathLike[str]) -> GeneratedImage:
    """Read an image file with imagewidgets provenance back as a ``GeneratedImage``.

    Its parents come from the store the file sits in, else the default store; a parent that is
    in neither is left out. Raises ``ValueError`` naming the file when it carries no provenance
    (it can still be an input: ``client.edit(path, ...)`` accepts a path).
    """
    file = Path(path).expanduser()
    data = file.read_bytes()
    provenance = read_provenance(data)
    if provenance is None or provenance.get("kind", "generated") != "generated":
        raise ValueError(
            f"path: {file} carries no imagewidgets provenance; pass it as an input image instead"
        )
    record = Record.from_json(provenance)
    parents = _parents(record, _store_around(file).locate, {})
    image = _as_result(strip_provenance(data), record, parents)
    assert isinstance(image, GeneratedImage)
    return image


def _parents(
    record: Record, locate: Locate, memo: dict[str, GeneratedImage | SourceImage]
) -> tuple[GeneratedImage | SourceImage, ...]:
    found = [sha256 for sha256 in record.parents if locate(sha256) is not None]
    return tuple(load_image(sha256, locate, memo) for sha256 in found)


def _verified(path: Path, sha256: str) -> bytes:
    data = strip_provenance(path.read_bytes())
    if SourceImage(data, "", 0, 0).sha256 != sha256:
        raise ValueError(f"{path}: the image bytes do not match their hash (damaged file)")
    return data


def _as_result(
    data: bytes, record: Record, parents: tuple[GeneratedImage | SourceImage, ...]
) -> GeneratedImage | SourceImage:
    if record.kind == "source":
        name = record.filename or f"image.{record.format}"
        return SourceImage(data, record.format, record.width, record.height, _alpha(data), name)
    return GeneratedImage(
        data, record.format, record.width, record.height, record.operation or "generate",  # type: ignore[arg-type]
        record.model, record.prompt, dict(record.params), record.usage, record.revised_prompt,
        record.request_id, record.created, record.index, parents, record.mask_sha256,
        record.backend or "openai", record.elapsed,
    )  # fmt: skip


def _alpha(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as picture:
        return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info


def _store_around(file: Path) -> Store:
    """The store whose ``images/`` folder holds ``file``, else the default store."""
    from imagewidgets.store.store import Store

    folder = file.resolve().parent
    if folder.name == "images" and (folder.parent / "records").is_dir():
        return Store(folder.parent)
    return Store()
