"""Checking a store: every listed image is whole, matches its hash, and says what made it.

Used by the tests that kill writers mid-write, and by anyone who copied a store around::

    >>> from imagewidgets.store import Store
    >>> problems(Store("/tmp/an-empty-store"))
    []
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from PIL import Image

from imagewidgets.imaging.metadata import read_provenance, strip_provenance
from imagewidgets.imaging.source import SourceImage

if TYPE_CHECKING:
    from imagewidgets.store.record import Record
    from imagewidgets.store.store import Store

__all__ = ["problems"]


def problems(store: Store) -> list[str]:
    """A sentence for each damaged entry of ``store``; empty when all is well."""
    found: list[str] = []
    for record in store.records(None):
        found += _entry_problems(store, record)
    return found


def _entry_problems(store: Store, record: Record) -> list[str]:
    name = record.sha256[:12]
    try:
        data = store.image_path(record).read_bytes()
        thumbnail = store.thumbnail_path(record.sha256).read_bytes()
    except OSError as error:
        return [f"{name}: a file is missing ({error.strerror}: {error.filename})"]
    found = []
    if SourceImage(strip_provenance(data), "", 0, 0).sha256 != record.sha256:
        found.append(f"{name}: the image bytes do not match the hash")
    embedded = read_provenance(data)
    if embedded is not None and embedded != record.provenance():
        found.append(f"{name}: the provenance in the file differs from the record")
    found += [f"{name}: {problem}" for problem in _undecodable(data, thumbnail)]
    return found


def _undecodable(*files: bytes) -> list[str]:
    found = []
    for label, data in zip(("image", "thumbnail"), files, strict=False):
        try:
            with Image.open(io.BytesIO(data)) as picture:
                picture.load()
        except (OSError, SyntaxError, ValueError) as error:
            found.append(f"the {label} does not decode ({error})")
    return found
