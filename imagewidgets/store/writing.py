"""Writing one image into the store: its parents first, then its inputs, its files, the index.

The files its request sent that are not images of the history (a mask, a markup, a prepared
copy) are kept first (:mod:`imagewidgets.store.inputs`), so no record names an input that is
not there. Each file is written atomically (:mod:`imagewidgets.store.atomic`): the image with its
provenance inside (unless the same bytes are there already, whole: another request delivered
them), its thumbnail, and the record of this request. Only then is the record indexed; if the
index cannot take it, the files still hold it and the index catches up later. Any failure to
write becomes a :class:`~imagewidgets.store.errors.NotSavedError`.

Example::

    record, written = save(store, image, run=None, partials=())   # what Store.add does
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from imagewidgets.api.events import PartialImage
from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store import sync
from imagewidgets.store.atomic import sweep, write_atomic
from imagewidgets.store.files import embedded, intact, make_thumbnail, saving
from imagewidgets.store.inputs import FOLDER, keep_input
from imagewidgets.store.record import Record, record_for
from imagewidgets.store.thumbs import THUMBNAILS

if TYPE_CHECKING:
    from imagewidgets.store.store import Store

__all__ = ["keep_inputs", "save", "sweep_folders", "write_files"]

log = logging.getLogger("imagewidgets")


def save(
    store: Store, image: GeneratedImage | SourceImage, *, run: str | None,
    partials: tuple[PartialImage, ...],
) -> tuple[Record, list[Record]]:  # fmt: skip
    """Write ``image`` and its parents not yet stored: its record, and the records newly written
    (parents first) for the listeners. ``NotSavedError`` when the files cannot be written."""
    with saving(store.path):
        return _put(store, image, run, partials)


def _put(
    store: Store, image: GeneratedImage | SourceImage, run: str | None,
    partials: tuple[PartialImage, ...],
) -> tuple[Record, list[Record]]:  # fmt: skip
    written: list[Record] = []
    if isinstance(image, GeneratedImage):
        for parent in image.parents:
            written += _put(store, parent, None, ())[1]
    record = record_for(image, stored_at=time.time(), run=run)
    existing = _recorded(store, record.file_name)
    if existing is not None:
        return existing, written
    keep_inputs(store.path, image)
    hashes = tuple(store.write_partial(frame) for frame in partials)
    record = record.with_partials(hashes or store.pending_partials(image.sha256))
    write_files(store, image.data, record)
    return record, [*written, record]


def keep_inputs(folder: Path, image: GeneratedImage | SourceImage) -> None:
    """Keep the files the request of ``image`` sent, except its parents (stored as images)."""
    if not isinstance(image, GeneratedImage):
        return
    parents = {parent.sha256 for parent in image.parents}
    for file in image.sent_files:
        if file.sha256 not in parents:
            keep_input(folder, file)


def _recorded(store: Store, file_name: str) -> Record | None:
    """The record already in ``records/<file_name>`` (a damaged one counts as none)."""
    try:
        return Record.from_json(json.loads((store.path / "records" / file_name).read_bytes()))
    except (OSError, ValueError):
        return None


def write_files(store: Store, data: bytes, record: Record) -> None:
    """The image (unless it is there, whole), its thumbnail and its record, then the index."""
    image, thumb = store.image_path(record), store.thumbnail_path(record.sha256)
    thumbnail, before = make_thumbnail(data), sync.stamps(store.path)
    if not intact(image, record.sha256):
        write_atomic(image, embedded(data, record))
    write_atomic(thumb, thumbnail)
    THUMBNAILS.put(thumb, thumbnail)
    text = json.dumps(record.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(store.path / "records" / record.file_name, text.encode("utf-8"))
    try:
        store.index.write(lambda db: sync.written(db, record, image.name, store.path, before))
    except sqlite3.Error:  # the files are the truth: the index catches up with them later
        log.warning("the store's index could not be updated", exc_info=True)
        store.index.forget_check()


def sweep_folders(store: Store) -> None:
    """Remove what killed writers left in the store's folders (a look at every file)."""
    for folder in ("images", "records", "thumbs", "partials", FOLDER):
        sweep(store.path / folder)
