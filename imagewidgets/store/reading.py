"""Reading stored images back as results: the bytes checked against their hash, the record's
provenance, the parents found by ``locate`` (recursively), the default client to chain with.

Example::

    image = load_image(sha256, store.locate, {})        # what Store.load does
    image.parent                                        # read back the same way
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from imagewidgets.api.default import DEFAULT_CLIENT
from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.metadata import strip_provenance
from imagewidgets.imaging.source import SourceImage
from imagewidgets.imaging.svg import is_svg
from imagewidgets.store.record import Record

__all__ = ["Locate", "as_result", "load_image", "parents_of", "verified"]

Locate = Callable[[str], "tuple[Path, Record] | None"]
"""Finds a stored image by hash: its file and its record."""


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
        data = verified(path, sha256)
        memo[sha256] = as_result(data, record, parents_of(record, locate, memo))
    return memo[sha256]


def parents_of(
    record: Record, locate: Locate, memo: dict[str, GeneratedImage | SourceImage]
) -> tuple[GeneratedImage | SourceImage, ...]:
    found = [sha256 for sha256 in record.parents if locate(sha256) is not None]
    return tuple(load_image(sha256, locate, memo) for sha256 in found)


def verified(path: Path, sha256: str) -> bytes:
    """The image bytes in the stored file ``path`` (provenance taken out): exactly those that
    hash to ``sha256``, else ``ValueError`` (damaged on disk)."""
    data = strip_provenance(path.read_bytes())
    if SourceImage(data, "", 0, 0).sha256 != sha256:
        raise ValueError(f"{path}: the image bytes do not match their hash (damaged file)")
    return data


def as_result(
    data: bytes, record: Record, parents: tuple[GeneratedImage | SourceImage, ...]
) -> GeneratedImage | SourceImage:
    if record.kind == "source":
        name = record.filename or f"image.{record.format}"
        return SourceImage(data, record.format, record.width, record.height, _alpha(data), name)
    return GeneratedImage(
        data=data, format=record.format, width=record.width, height=record.height,
        parents=parents, client=DEFAULT_CLIENT, **record.provenance_fields(),
    )  # fmt: skip


def _alpha(data: bytes) -> bool:
    if is_svg(data):
        return True  # a drawing: what it leaves out is see-through
    with Image.open(io.BytesIO(data)) as picture:
        return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
