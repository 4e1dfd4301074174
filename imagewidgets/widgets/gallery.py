"""``Gallery``: every stored image, newest first, with its provenance, lineage and actions.

The view (``js/src/gallery.js``) receives thumbnails of one page and the selected image at
display size, as binary buffers; full-resolution bytes stay on disk. Search, model filter, page,
selection and comparison are synced traits (a re-opened view rebuilds from them); the buttons
Edit, Variations, Use these settings and Copy as Python reach :meth:`Gallery.on_action` callbacks.
Beside the widget, a plain image of the newest thumbnails keeps the notebook readable without a
kernel (see :mod:`imagewidgets.widgets.history.sheet`). Pages, search and filter are answered by
the store's index; in a kernel, every redraw (a new image, a search, a selection) is computed in
a worker thread and only the traits are set on the event loop, so streams never wait for it.
The first page too, when the index must first be built (``status`` says "Indexing N images…"
meanwhile) or catch up with files stored elsewhere (the page the index has is shown at once).

Example::

    gallery = iw.Gallery()                       # the default store: ~/.imagewidgets
    gallery.on_action(lambda action, image: print(action, image))
    gallery                                      # shows the widget (and the static copy)
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any, TypeVar

import anywidget
from traitlets import Bytes, Dict, Int, List, Unicode, observe

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store import Record, Store
from imagewidgets.store.index import NotReady, State
from imagewidgets.store.listeners import told_at_once
from imagewidgets.widgets.history.gallery_work import (
    GALLERY_ACTIONS,
    Action,
    Selection,
    call_hooks,
    compared,
    loaded,
    selection,
)
from imagewidgets.widgets.history.later import Later, loop_running
from imagewidgets.widgets.history.pages import Page, page_of
from imagewidgets.widgets.history.sheet import StaticSheet, display_with_sheet
from imagewidgets.widgets.theme import BINARY, STATIC

__all__ = ["GALLERY_ACTIONS", "Gallery"]

T = TypeVar("T")


class Gallery(anywidget.AnyWidget):
    """The store's images as a searchable grid, with details, comparison and lineage."""

    _esm = STATIC / "gallery.js"
    _css = STATIC / "gallery.css"

    label = Unicode("Image gallery").tag(sync=True)
    """The accessible name of the gallery region."""
    items = List(Dict()).tag(sync=True)
    """The page shown: per image ``sha``, ``title``, ``caption``, ``label`` and ``thumb`` bytes."""
    total = Int(0).tag(sync=True)
    """How many images match the search and filter."""
    page = Int(0).tag(sync=True)
    """The page shown (0-based); set by the view's Previous / Next buttons."""
    page_size = Int(24).tag(sync=True)
    """Thumbnails per page: what one page costs the browser (and the saved notebook)."""
    query = Unicode("").tag(sync=True)
    """Search text: every word must appear in the prompt or revised prompt."""
    model_filter = Unicode("").tag(sync=True)
    """Show only this model's images ("" for all)."""
    models = List(Unicode()).tag(sync=True)
    """The models found in the store, for the filter."""
    selected = Unicode("").tag(sync=True)
    """The hash of the selected image ("" for none)."""
    detail = Dict().tag(sync=True)
    """The selected image: ``title``, ``alt``, provenance ``rows``, ``code`` (Copy as Python)."""
    detail_image = Bytes(b"").tag(sync=True, **BINARY)
    """The selected image at display size (at most 768 pixels long)."""
    lineage = List(Dict()).tag(sync=True)
    """The selected image's family tree, depth first: ``sha``, ``depth``, ``label``, ``thumb``."""
    compare = List(Unicode()).tag(sync=True)
    """The hashes of up to two images to compare."""
    compare_images = List(Bytes()).tag(sync=True)
    """The compared images at display size, in the order of :attr:`compare`."""
    actions = List(Unicode(), list(GALLERY_ACTIONS)).tag(sync=True)
    """The action buttons offered; without an :meth:`on_action` callback, only ``copy``."""
    status = Unicode("").tag(sync=True)
    """A line for the person: what happened, or what went wrong."""

    def __init__(self, store: Store | None = None, **kwargs: Any) -> None:
        self.store = store if store is not None else Store()
        self.sheet = StaticSheet(self.store)
        self._callbacks: list[Action] = []
        self._ready = False
        self._indexing = ""
        self._compared: list[str] = []
        self._later = Later()
        super().__init__(**kwargs)
        self.actions = ["copy"]
        self._ready = True
        self.store.subscribe(self._added)
        self.on_msg(self._handle_message)
        self._first_page()

    def _ipython_display_(self) -> None:
        """The widget, then the static copy of the newest images (for readers without a kernel)."""
        display_with_sheet(self, self.sheet)

    def on_action(self, callback: Action) -> None:
        """Call ``callback(action, image)`` on Edit ("edit"), Variations ("vary"), Use these
        settings ("use") and Copy as Python ("copy"); ``image`` is the stored result."""
        self._callbacks.append(callback)
        self.actions = list(GALLERY_ACTIONS)

    def refresh(self) -> None:
        """Read the store again (images another kernel added appear) and redraw the page."""
        self._show(self.page_now())

    def _first_page(self) -> None:
        """The first page: at once when the index answers at once (or no loop runs); in a
        kernel, else, from a worker thread that builds the index or catches it up first, with
        the page the index has shown meanwhile (if it has one of this layout)."""
        index = self.store.index
        state = index.state()
        if state == "ready" or not loop_running():
            self.refresh()
            return
        with contextlib.suppress(NotReady), index.as_is():
            self.refresh()
        loop = asyncio.get_running_loop()

        def say(words: str) -> None:  # from the worker thread, in order before the page
            loop.call_soon_threadsafe(self._say, words)

        self._soon("page", partial(self._indexed, state, say), self._show)

    def _indexed(self, state: State, say: Callable[[str], object]) -> Page:
        """(In a worker thread.) The page once the index is built or caught up, saying which."""
        if state == "missing":
            say(f"Indexing {self.store.index.images_on_disk():,} images…")
        elif state == "behind":
            say("Looking for images stored elsewhere…")
        return self.page_now()

    def _say(self, words: str) -> None:
        if self.store.index.state() != "ready":  # not if a page came from the index meanwhile
            self._indexing = self.status = words
            if not self.items:  # not the page the index had: its sheet stays too
                self.sheet.say(words)

    def page_now(self) -> Page:
        """The page as the store and the filters have it now (safe in a worker thread)."""
        return page_of(self.store, self.sheet, query=self.query, model=self.model_filter,
                       number=self.page, size=self.page_size)  # fmt: skip

    async def updated(self) -> None:
        """Wait until every redraw asked for so far is shown (in a kernel, a new image, a search
        or a selection is drawn from a worker thread, a moment later)."""
        await self._later.settled()

    def select(self, sha256: str) -> None:
        """Show one image in the detail panel with its provenance and lineage."""
        self.selected = sha256

    @observe("query", "model_filter", "page", "page_size")
    def _filters_changed(self, change: dict[str, Any]) -> None:
        if not self._ready:
            return
        if change["name"] != "page":
            self.page = 0
        self._soon("page", self.page_now, self._show, trait=change["name"])

    @observe("selected")
    def _selection_changed(self, change: dict[str, Any]) -> None:
        shown = partial(selection, self.store, change["new"])
        self._soon("selected", shown, self._show_selection, trait="selected")

    @observe("compare")
    def _compare_changed(self, change: dict[str, Any]) -> None:
        if change["new"] == self._compared:  # as shown: the trait was set to what is stored
            return
        images = partial(compared, self.store, list(change["new"]))
        self._soon("compare", images, self._show_compared, trait="compare")

    def _show_compared(self, chosen_images: tuple[list[str], list[bytes]]) -> None:
        chosen, self.compare_images = chosen_images
        self._compared = chosen
        self.compare = chosen

    def _show_selection(self, shown: Selection) -> None:
        with self.hold_sync():
            self.detail, self.detail_image, self.lineage = shown

    def _show(self, page: Page) -> None:
        with self.hold_sync():
            self.models = page.models
            self.total, self.page, self.items = page.total, page.number, page.items
            if self._indexing and self.status == self._indexing:  # read from the index built
                self.status = self._indexing = ""
        self.sheet.put(page.sheet)

    def _added(self, record: Record) -> Awaitable[None] | None:
        """Redraw for a new generated image; input images (an edit's parents) are not shown.

        In a kernel the redraw is computed in a worker thread and returned for the store to
        await. The page is one synced list, so a changed page is sent whole; an unchanged one (a
        new image outside the search or page) is not sent at all, and thumbnails come from
        memory.
        """
        if record.kind != "generated":
            return None
        return self._later.soon("page", self.page_now, self._show, now=told_at_once())

    def _soon(
        self, what: str, compute: Callable[[], T], apply: Callable[[T], object],
        *, trait: str | None = None,
    ) -> Awaitable[None] | None:  # fmt: skip
        """Redraw off the loop for a new image or a ``trait`` the browser set; at once when
        Python code set ``trait`` (it reads the result next; its cell holds the loop anyway)."""
        by_python = trait is not None and trait not in self._property_lock
        return self._later.soon(what, compute, apply, now=by_python)

    def _handle_message(self, _: object, content: object, buffers: Sequence[bytes]) -> None:
        if not isinstance(content, dict):
            return
        action, sha256 = content.get("action"), content.get("sha")
        if action == "refresh":  # look at every file: another kernel's, copied in, damaged
            self._soon("page", self._caught_up, self._show)
        elif action in GALLERY_ACTIONS and isinstance(sha256, str):  # loaded off the loop
            found = partial(loaded, self.store, str(action), sha256)
            self._later.soon(f"{action} {sha256}", found, partial(self._acted, str(action)))

    def _caught_up(self) -> Page:
        self.store.refresh()
        return self.page_now()

    def act(self, action: str, sha256: str) -> None:
        """Do what the ``action`` button does for the image ``sha256`` (also from Python)."""
        self._acted(action, loaded(self.store, action, sha256))

    def _acted(self, action: str, found: tuple[GeneratedImage | SourceImage | None, str]) -> None:
        image, problem = found
        if image is None:
            self.status = problem
            return
        call_hooks(self._callbacks, action, image, partial(setattr, self, "status"))
