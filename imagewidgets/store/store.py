"""``Store``: every image on disk, content-addressed, with what made it. Nothing is ever lost.

The Studio, the edit panel and ``iw.generate`` write each final image into their store
(atomically, see :mod:`imagewidgets.store.atomic`) before it is shown, with
:meth:`Store.add_async`: decoding and writing run in a worker thread, so streams on the kernel's
loop do not stall. Two kernels may write one store at once: each image is its own set of files,
named by its SHA-256, so writers never touch the same bytes in different ways. The layout is
described in :mod:`imagewidgets.store.location`.

Example:
    >>> import io, tempfile
    >>> from PIL import Image
    >>> from imagewidgets.imaging.source import SourceImage
    >>> buffer = io.BytesIO(); Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    >>> photo = SourceImage(buffer.getvalue(), "png", 8, 8)
    >>> store = Store(tempfile.mkdtemp())
    >>> store.add(photo).kind, photo.sha256 in store
    ('source', True)
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import io
import json
import os
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path

from PIL import Image

from imagewidgets.api.events import PartialImage, StreamEvent
from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.metadata import embed_provenance
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store.atomic import is_temporary, sweep, write_atomic
from imagewidgets.store.listeners import listen, notify
from imagewidgets.store.location import default_home
from imagewidgets.store.reading import load_image, read_record
from imagewidgets.store.record import Record, record_for
from imagewidgets.store.spend import Spend
from imagewidgets.store.thumbs import THUMBNAILS

__all__ = ["THUMBNAIL_SIDE", "Store"]

THUMBNAIL_SIDE = 256
"""The longest side of the thumbnails kept in ``thumbs/`` (what the gallery sends the browser)."""


class Store:
    """The image history in ``path`` (default ``$IMAGEWIDGETS_HOME``, else ``~/.imagewidgets``).

    ``add`` writes an image, its thumbnail and its record; ``records`` lists what is stored,
    newest first; ``get`` finds a record by hash; ``load`` gives the image back as a result with
    its parents. Directories are created with the first write.
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, keep_partials: bool = False
    ) -> None:
        self.path = Path(path).expanduser() if path is not None else default_home()
        self.keep_partials = keep_partials
        """Whether :meth:`watch` keeps the partial frames of streams (off: finals only)."""
        self._cache: dict[str, Record] = {}
        self._pending: dict[str, tuple[str, ...]] = {}
        self._spend: Spend | None = None
        for folder in ("images", "records", "thumbs", "partials"):
            sweep(self.path / folder)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, {len(self)} images)"

    def __len__(self) -> int:
        return len(self.records())

    def __contains__(self, sha256: object) -> bool:
        return isinstance(sha256, str) and (self.path / "records" / f"{sha256}.json").exists()

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records())

    def add(
        self,
        image: GeneratedImage | SourceImage,
        *,
        run: str | None = None,
        partials: Iterable[PartialImage] = (),
    ) -> Record:
        """Store ``image`` (and its parents first) unless it is already there; return its record.

        ``run`` names the request when the caller has its own run id; ``partials`` are the
        streamed frames to keep beside it. Safe to call from several kernels at once.
        """
        return self._announce(self._put(image, run, partials))

    async def add_async(
        self,
        image: GeneratedImage | SourceImage,
        *,
        run: str | None = None,
        partials: Iterable[PartialImage] = (),
    ) -> Record:
        """:meth:`add`, with the decoding and writing in a worker thread (a 4K PNG takes a
        quarter of a second); listeners are told back on the caller's event loop."""
        written = await asyncio.to_thread(self._put, image, run, tuple(partials))
        return self._announce(written)

    def _put(
        self, image: GeneratedImage | SourceImage, run: str | None, partials: Iterable[PartialImage]
    ) -> tuple[Record, list[Record]]:
        """Write ``image`` and its parents not yet stored: its record, and the records newly
        written (parents first) for the listeners."""
        existing = self.get(image.sha256)
        if existing is not None:
            return existing, []
        written: list[Record] = []
        if isinstance(image, GeneratedImage):
            for parent in image.parents:
                written += self._put(parent, None, ())[1]
        record = record_for(image, stored_at=time.time(), run=run)
        hashes = tuple(self.write_partial(frame) for frame in partials)
        hashes = hashes or self._pending.pop(image.sha256, ())
        if hashes:
            record = dataclasses.replace(record, partials=hashes)
        self._write(image.data, record)
        self._cache[record.sha256] = record
        return record, [*written, record]

    def _announce(self, put: tuple[Record, list[Record]]) -> Record:
        record, written = put
        for each in written:
            notify(self.path, each)
        return record

    def records(self, kind: str | None = "generated") -> list[Record]:
        """The stored records of ``kind`` ("generated", "source" or None for all), newest first.

        Images of one request stay together in batch order.
        """
        self._refresh()
        chosen = [r for r in self._cache.values() if kind is None or r.kind == kind]
        first_seen: dict[str, float] = {}
        for record in chosen:
            key = record.run_key
            first_seen[key] = min(first_seen.get(key, record.stored_at), record.stored_at)
        return sorted(chosen, key=lambda r: (-first_seen[r.run_key], r.run_key, r.index))

    def get(self, sha256: str) -> Record | None:
        """The record of the image with this hash (or unique hash prefix), or None."""
        if sha256 in self._cache:
            return self._cache[sha256]
        if not sha256 or sha256.strip("0123456789abcdef"):
            return None
        path = self.path / "records" / f"{sha256}.json"
        if len(sha256) < 64:
            matches = [r for r in self.records(None) if r.sha256.startswith(sha256)]
            return matches[0] if len(matches) == 1 else None
        record = read_record(path)
        if record is not None:
            self._cache[sha256] = record
        return record

    def load(self, sha256: str) -> GeneratedImage | SourceImage:
        """The stored image as a result with its parents (or as a ``SourceImage`` for inputs).

        Raises ``KeyError`` for an unknown hash and ``ValueError`` when the file does not match
        its hash (damaged on disk).
        """
        record = self.get(sha256)
        if record is None:
            raise KeyError(f"sha256: no image {sha256!r} in {self.path}")
        return load_image(record.sha256, self.locate, {})

    def locate(self, sha256: str) -> tuple[Path, Record] | None:
        """The image file and record of a stored image, or None."""
        record = self.get(sha256)
        return None if record is None else (self.image_path(record), record)

    @property
    def spend(self) -> Spend:
        """Usage and cost per run, kernel and store, with ``spend.json``'s prices and budget.

        One ``Spend`` per store object, so the budget check and the spend line share what it
        has read and summed (it re-reads when the file or the records change)."""
        if self._spend is None:
            self._spend = Spend(self)
        return self._spend

    def image_path(self, record: Record) -> Path:
        """Where the image file of ``record`` is (provenance embedded)."""
        return self.path / "images" / f"{record.sha256}.{record.format}"

    def thumbnail(self, sha256: str) -> bytes:
        """The stored WebP thumbnail (at most :data:`THUMBNAIL_SIDE` pixels long).

        Read from disk once, then from memory (:mod:`imagewidgets.store.thumbs`): the file is
        named by its image's hash and never changes.
        """
        return THUMBNAILS.read(self.thumbnail_path(sha256))

    def thumbnail_path(self, sha256: str) -> Path:
        """Where the thumbnail of the image ``sha256`` is (see :meth:`thumbnail`)."""
        return self.path / "thumbs" / f"{sha256}.webp"

    def children(self, sha256: str) -> list[Record]:
        """The images made from this one (edits, variations), oldest first."""
        found = [r for r in self.records(None) if sha256 in r.parents]
        return sorted(found, key=lambda r: (r.stored_at, r.index))

    def problems(self) -> list[str]:
        """A sentence for each damaged entry (a file missing, not matching its hash); [] if none."""
        from imagewidgets.store.check import problems

        return problems(self)

    def subscribe(self, callback: Callable[[Record], None]) -> None:
        """Call ``callback(record)`` after any Store on this directory in this kernel adds one.

        Bound methods are held weakly, so a closed gallery does not stay alive because of it.
        """
        listen(self.path, callback)

    def _write(self, data: bytes, record: Record) -> None:
        thumbnail = make_thumbnail(data)
        with contextlib.suppress(ValueError):
            data = embed_provenance(data, record.provenance())
        write_atomic(self.image_path(record), data)
        write_atomic(self.thumbnail_path(record.sha256), thumbnail)
        THUMBNAILS.put(self.thumbnail_path(record.sha256), thumbnail)
        text = json.dumps(record.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
        write_atomic(self.path / "records" / f"{record.sha256}.json", text.encode("utf-8"))

    def watch(self, events: AsyncIterator[StreamEvent]) -> AsyncIterator[StreamEvent]:
        """The stream ``events`` unchanged; with :attr:`keep_partials`, its frames are kept."""
        from imagewidgets.store.partials import watch

        return watch(self, events) if self.keep_partials else events

    def write_partial(self, frame: PartialImage) -> str:
        """Write one partial frame to ``partials/`` (atomically); return its hash."""
        sha256 = SourceImage(frame.data, frame.output_format, 0, 0).sha256
        write_atomic(self.path / "partials" / f"{sha256}.{frame.output_format}", frame.data)
        return sha256

    def expect_partials(self, sha256: str, hashes: tuple[str, ...]) -> None:
        """Remember the frames of image ``sha256`` for its record (:meth:`add` takes them)."""
        self._pending[sha256] = hashes

    def _refresh(self) -> None:
        """Read the records written since the last look (by this or any other kernel)."""
        with contextlib.suppress(FileNotFoundError), os.scandir(self.path / "records") as entries:
            for entry in entries:
                sha256 = entry.name.removesuffix(".json")
                if sha256 not in self._cache and not is_temporary(entry.name):
                    record = read_record(Path(entry.path))
                    if record is not None:
                        self._cache[sha256] = record


def make_thumbnail(data: bytes) -> bytes:
    """A WebP copy of the image at most :data:`THUMBNAIL_SIDE` pixels long.

    Decoding the whole image first also proves it is one: ``ValueError`` if it is not, before
    anything is written.
    """
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
            copy = picture.convert("RGBA" if has_alpha else "RGB")
    except (OSError, SyntaxError, ValueError) as error:
        raise ValueError(f"image: the bytes do not decode as an image ({error})") from error
    copy.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="WEBP", quality=80, method=4)
    return buffer.getvalue()
