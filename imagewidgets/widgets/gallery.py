"""``Gallery``: every stored image, newest first, with its provenance, lineage and actions.

The view (``js/src/gallery.js``) receives thumbnails of one page and the selected image at
display size, as binary buffers; full-resolution bytes stay on disk. Search, model filter, page,
selection and comparison are synced traits (a re-opened view rebuilds from them); the buttons
Edit, Variations, Use these settings and Copy as Python reach :meth:`Gallery.on_action` callbacks.
Beside the widget, a plain image of the newest thumbnails keeps the notebook readable without a
kernel (see :mod:`imagewidgets.widgets.history.sheet`).

Example::

    gallery = iw.Gallery()                       # the default store: ~/.imagewidgets
    gallery.on_action(lambda action, image: print(action, image))
    gallery                                      # shows the widget (and the static copy)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import anywidget
from traitlets import Bytes, Dict, Int, List, Unicode, observe

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store import Record, Store
from imagewidgets.widgets.history.items import (
    compare_image,
    detail,
    grid_item,
    lineage_nodes,
    matches,
)
from imagewidgets.widgets.history.sheet import StaticSheet, display_with_sheet
from imagewidgets.widgets.theme import BINARY, STATIC

__all__ = ["GALLERY_ACTIONS", "Gallery"]

GALLERY_ACTIONS = ("edit", "vary", "use", "copy")
"""What the buttons under the selected image do; ``copy`` also copies the code in the browser."""
Action = Callable[[str, GeneratedImage | SourceImage], object]


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
        super().__init__(**kwargs)
        self.actions = ["copy"]
        self._ready = True
        self.store.subscribe(self._added)
        self.on_msg(self._handle_message)
        self.refresh()

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
        records = self.store.records()
        words = self.query.split()
        shown = [r for r in records if matches(r, words, self.model_filter)]
        last_page = max(0, (len(shown) - 1) // max(1, self.page_size))
        page = min(max(self.page, 0), last_page)
        start = page * self.page_size
        items = [grid_item(self.store, r) for r in shown[start : start + self.page_size]]
        with self.hold_sync():
            self.models = sorted({r.model for r in records if r.model})
            self.total, self.page, self.items = len(shown), page, items
        self.sheet.show(records)

    def select(self, sha256: str) -> None:
        """Show one image in the detail panel with its provenance and lineage."""
        self.selected = sha256

    @observe("query", "model_filter", "page", "page_size")
    def _filters_changed(self, change: dict[str, Any]) -> None:
        if not self._ready:
            return
        if change["name"] != "page":
            self.page = 0
        self.refresh()

    @observe("selected")
    def _selection_changed(self, change: dict[str, Any]) -> None:
        record = self.store.get(change["new"]) if change["new"] else None
        if record is None:
            with self.hold_sync():
                self.detail, self.detail_image, self.lineage = {}, b"", []
            return
        info, shown = detail(self.store, record)
        with self.hold_sync():
            self.detail, self.detail_image = info, shown
            self.lineage = lineage_nodes(self.store, record.sha256)

    @observe("compare")
    def _compare_changed(self, change: dict[str, Any]) -> None:
        chosen = [sha for sha in change["new"] if self.store.get(sha) is not None][-2:]
        if chosen != list(change["new"]):
            self.compare = chosen
            return
        self.compare_images = [compare_image(self.store, sha) for sha in chosen]

    def _added(self, record: Record) -> None:
        """Redraw for a new generated image; input images (an edit's parents) are not shown.

        The page is one synced list, so a changed page is sent whole; an unchanged one (a new
        image outside the search or page) is not sent at all, and thumbnails come from memory.
        """
        if record.kind == "generated":
            self.refresh()

    def _handle_message(self, _: object, content: object, buffers: Sequence[bytes]) -> None:
        if not isinstance(content, dict):
            return
        action, sha256 = content.get("action"), content.get("sha")
        if action == "refresh":
            self.refresh()
        elif action in GALLERY_ACTIONS and isinstance(sha256, str):
            self.act(str(action), sha256)

    def act(self, action: str, sha256: str) -> None:
        """Do what the ``action`` button does for the image ``sha256`` (also from Python)."""
        try:
            image = self.store.load(sha256)
        except (KeyError, ValueError, OSError) as error:
            self.status = f"{action}: {error}"
            return
        self.status = "Copied the Python code" if action == "copy" else ""
        for callback in list(self._callbacks):
            try:
                callback(action, image)
            except Exception as error:  # a broken hook must not break the gallery
                self.status = f"{action} failed: {error}"
