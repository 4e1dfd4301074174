"""``Store``: every image on disk, content-addressed, with what made it. Nothing is ever lost.

The Studio, the edit panel and ``iw.generate`` write each final image into their store
(atomically, see :mod:`imagewidgets.store.atomic`) before it is shown, with
:meth:`Store.add_async`: decoding, writing and indexing run in a worker thread, so streams on
the kernel's loop do not stall. When the disk cannot take it, :class:`NotSavedError` says why
(the image is still shown and returned by its callers). Each image is one file named by its
SHA-256, with one record per request that delivered it; two kernels may write one store at once.
Listing, search, lineage and spend are answered by the index (:mod:`imagewidgets.store.index`),
a cache of the files that rebuilds itself. The layout is described in
:mod:`imagewidgets.store.location`.

Example:
    >>> import io, tempfile
    >>> from PIL import Image
    >>> from imagewidgets.imaging.source import SourceImage
    >>> buffer = io.BytesIO(); Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    >>> photo = SourceImage(buffer.getvalue(), "png", 8, 8)
    >>> store = Store(tempfile.mkdtemp())
    >>> store.add(photo).kind, photo.sha256 in store, store.count("source")
    ('source', True, 1)
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from imagewidgets.api.events import PartialImage, StreamEvent
from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.inputs import ImageInput, to_source
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store import queries, sync
from imagewidgets.store.atomic import write_atomic
from imagewidgets.store.files import image_file, saving
from imagewidgets.store.index import index_for
from imagewidgets.store.inputs import keep_input, read_input
from imagewidgets.store.listeners import announce, listen
from imagewidgets.store.location import default_home
from imagewidgets.store.queries import Query
from imagewidgets.store.reading import load_image
from imagewidgets.store.record import Record
from imagewidgets.store.spend import Spend
from imagewidgets.store.thumbs import THUMBNAILS
from imagewidgets.store.writing import save, sweep_folders

__all__ = ["Store"]


class Store:
    """The image history in ``path`` (default ``$IMAGEWIDGETS_HOME``, else ``~/.imagewidgets``).

    ``add`` writes an image, its thumbnail and its record (and keeps the files its request
    sent); ``records`` lists what is stored, newest first (a page of a search, if asked); ``get``
    finds a record by hash; ``load`` gives the image back as a result with its parents;
    ``input`` gives back a file a request sent (a mask, a prepared copy), exactly as sent.
    Directories are created with the first write.
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, keep_partials: bool = False
    ) -> None:
        self.path = Path(path).expanduser() if path is not None else default_home()
        self.keep_partials = keep_partials
        """Whether :meth:`watch` keeps the partial frames of streams (off: finals only)."""
        self.index = index_for(self.path)
        """The index of this folder (shared by every ``Store`` on it in this process)."""
        self._pending: dict[str, tuple[str, ...]] = {}
        self._spend: Spend | None = None
        self.index.once(partial(sweep_folders, self))

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, {len(self)} images)"

    def __len__(self) -> int:
        return self.count()

    def __contains__(self, sha256: object) -> bool:
        return isinstance(sha256, str) and len(sha256) == 64 and self.get(sha256) is not None

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records())

    def add(
        self,
        image: GeneratedImage | SourceImage,
        *,
        run: str | None = None,
        partials: Iterable[PartialImage] = (),
    ) -> Record:
        """Store ``image`` (and its parents first) unless this request's record of it is there;
        return its record. Raises :class:`~imagewidgets.store.errors.NotSavedError` when the
        files cannot be written.

        ``run`` names the request when the caller has its own run id; ``partials`` are the
        streamed frames to keep beside it. Safe to call from several kernels at once.
        """
        record, written = save(self, image, run=run, partials=tuple(partials))
        announce(self.path, written, at_once=True)
        return record

    async def add_async(
        self,
        image: GeneratedImage | SourceImage,
        *,
        run: str | None = None,
        partials: Iterable[PartialImage] = (),
    ) -> Record:
        """:meth:`add`, with the decoding, writing and indexing in a worker thread (a 4K PNG
        takes a quarter of a second); listeners are told back on the caller's event loop, and
        their own updates (run off the loop too) are awaited."""
        record, written = await asyncio.to_thread(
            partial(save, self, image, run=run, partials=tuple(partials))
        )
        told = announce(self.path, written)
        if told is not None:
            await told
        return record

    def records(
        self, kind: str | None = "generated", *, query: str = "", model: str = "",
        offset: int = 0, limit: int | None = None,
    ) -> list[Record]:  # fmt: skip
        """The stored images of ``kind`` ("generated", "source" or None for all), newest first,
        each with its newest record; images of one request stay together in batch order.

        ``query`` keeps those with every word in the prompt or revised prompt (any case, any part
        of a word); ``model`` those of one model; ``offset`` and ``limit`` give one page.
        """
        chosen = Query(kind, tuple(query.split()), model)
        return self.index.read(lambda db: queries.page(db, chosen, offset, limit or -1))

    def count(self, kind: str | None = "generated", *, query: str = "", model: str = "") -> int:
        """How many images :meth:`records` lists for these filters."""
        chosen = Query(kind, tuple(query.split()), model)
        return self.index.read(lambda db: queries.count(db, chosen))

    def models(self) -> list[str]:
        """The models of the stored generated images, sorted (the gallery's filter)."""
        return self.index.read(queries.models)

    def get(self, sha256: str) -> Record | None:
        """The newest record of the image with this hash (or unique hash prefix), or None."""
        if not sha256 or sha256.strip("0123456789abcdef"):
            return None
        return self.index.read(lambda db: queries.get(db, sha256))

    def deliveries(self, sha256: str) -> list[Record]:
        """Every record of one image, oldest first: one per request that delivered it."""
        found = self.index.read(lambda db: queries.deliveries(db, sha256))
        return [record for _, _, record in found]

    def load(self, sha256: str) -> GeneratedImage | SourceImage:
        """The stored image as a result with its parents (or as a ``SourceImage`` for inputs),
        chaining with the default client.

        Raises ``KeyError`` for an unknown hash and ``ValueError`` when the file does not match
        its hash (damaged on disk).
        """
        record = self.get(sha256)
        if record is None:
            raise KeyError(f"sha256: no image {sha256!r} in {self.path}")
        return load_image(record.sha256, self.locate, {})

    def input(self, sha256: str) -> bytes:
        """The bytes of a file a stored request sent, exactly as sent, by its SHA-256: an input
        image, a mask, a markup or a prepared copy (what "Copy as Python" code reads).

        Raises ``KeyError`` when this store does not hold it and ``ValueError`` when the file
        does not match its hash (damaged on disk) or ``sha256`` is no hash.
        """
        return read_input(self.path, sha256, self.locate)

    def keep_input(self, file: ImageInput) -> str:
        """Keep a file sent with a request (a mask, a markup, a prepared copy...) in ``inputs/``
        exactly as it is, and return its SHA-256, the name records give it; keeping it again
        writes nothing. :meth:`add` keeps the files of each result it stores by itself.
        Raises :class:`~imagewidgets.store.errors.NotSavedError` when it cannot be written."""
        source = to_source(file)
        with saving(self.path):
            keep_input(self.path, source)
        return source.sha256

    def locate(self, sha256: str) -> tuple[Path, Record] | None:
        """The image file and record of a stored image, or None."""
        record = self.get(sha256)
        return None if record is None else (self.image_path(record), record)

    @property
    def spend(self) -> Spend:
        """Usage and cost per run, kernel and store, with ``spend.json``'s prices and budget.

        One ``Spend`` per store object, so the budget check and the spend line share what it
        has read of ``spend.json``; the sums themselves are kept in the index."""
        if self._spend is None:
            self._spend = Spend(self)
        return self._spend

    def image_path(self, record: Record) -> Path:
        """Where the image file of ``record`` is (provenance embedded)."""
        return self.path / "images" / image_file(record)

    def thumbnail(self, sha256: str) -> bytes:
        """The stored WebP thumbnail (at most 256 pixels long).

        Read from disk once, then from memory (:mod:`imagewidgets.store.thumbs`): the file is
        named by its image's hash and never changes.
        """
        return THUMBNAILS.read(self.thumbnail_path(sha256))

    def thumbnail_path(self, sha256: str) -> Path:
        """Where the thumbnail of the image ``sha256`` is (see :meth:`thumbnail`)."""
        return self.path / "thumbs" / f"{sha256}.webp"

    def children(self, sha256: str) -> list[Record]:
        """The images made from this one (edits, variations), oldest first."""
        return self.index.read(lambda db: queries.children(db, sha256))

    def refresh(self) -> sync.Changes:
        """Look at every file again now: index what another kernel or a copy added, what was
        removed, and what is damaged (:meth:`problems` says what)."""
        return self.index.catch_up()

    def problems(self) -> list[str]:
        """A sentence for each damaged or foreign file, and each image that is not whole, does
        not match its hash or has no record; [] if none."""
        from imagewidgets.store.check import problems

        return problems(self)

    def repair(self) -> list[str]:
        """Mend what :meth:`problems` finds that can be mended; a sentence for each thing done."""
        from imagewidgets.store.repair import repair

        return repair(self)

    def subscribe(self, callback: Callable[[Record], object]) -> None:
        """Call ``callback(record)`` after any Store on this directory in this kernel adds one.

        A callback may return an awaitable (its work done off the event loop):
        :meth:`add_async` awaits it; :meth:`add` asks for the update at once
        (:func:`~imagewidgets.store.listeners.told_at_once`). Bound methods are held weakly, so
        a closed gallery does not stay alive because of it.
        """
        listen(self.path, callback)

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

    def pending_partials(self, sha256: str) -> tuple[str, ...]:
        """The frames :meth:`expect_partials` remembered for image ``sha256`` (then forgotten)."""
        return self._pending.pop(sha256, ())
