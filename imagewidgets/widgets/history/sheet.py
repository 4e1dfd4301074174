"""The images as a plain picture beside a widget, for every reader of the notebook file.

A widget shows nothing where no kernel runs it: on GitHub, in ``nbconvert --to html``, in a
JupyterLab opened later. :class:`StaticSheet` is an ordinary ``image/jpeg`` output (a contact
sheet of the newest thumbnails, each at most :data:`TILE` pixels) with a ``text/plain`` list of
the prompts. It is displayed once with a display id and updated in place as images arrive, so
the saved notebook always holds the latest sheet, at thumbnail size: a few hundred KB at most.

When an animated GIF is among the images, the sheet moves too: a ``text/html`` ``<img>`` of an
animated WebP sheet (each GIF's tile plays its bounded thumbnail, the others stay still), which
JupyterLab, Notebook and ``nbconvert --to html`` all show, before the still JPEG for the rest.
SVGs appear as their rasterised thumbnails.

Example::

    sheet = StaticSheet(store)
    sheet.display()            # in the cell, beside the widget
    sheet.show(store.records(limit=24), total=store.count())  # later: updates in place

Making the sheet (decoding thumbnails, encoding a JPEG) takes tens of milliseconds: the gallery
does it in a worker thread with :meth:`StaticSheet.compose` and shows the result on the event
loop with :meth:`StaticSheet.put`.
"""

from __future__ import annotations

import base64
import html
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, WebPImagePlugin

from imagewidgets.store import Record, Store

__all__ = [
    "COLUMNS",
    "LIMIT",
    "TILE",
    "Sheet",
    "StaticSheet",
    "animated_sheet",
    "contact_sheet",
    "display_with_sheet",
]

TILE = 160
"""The longest side of each image on the sheet."""
COLUMNS = 6
"""Images per row."""
LIMIT = 24
"""The newest images shown; the gallery has the rest."""
SHEET_FRAME_MS = 250
"""How long each frame of a moving sheet shows (its tiles' frames are evenly chosen)."""
_GAP = 4
_THUMBNAIL_FORMATS = (WebPImagePlugin.WebPImageFile.format,)
"""What the store's thumbnails are: naming it spares PIL loading every image plugin it has (a
fresh kernel's first sheet took 60-90 ms longer for it)."""


@dataclass(frozen=True)
class Sheet:
    """A composed sheet: the images on it and its MIME bundle (None: the same as shown)."""

    shown: tuple[str, ...]
    bundle: dict[str, Any] | None


class StaticSheet:
    """A display-id'd image output of the newest images of ``store`` (or of the records given)."""

    def __init__(self, store: Store, *, limit: int = LIMIT) -> None:
        self.store = store
        self.limit = limit
        self.display_id = f"imagewidgets-sheet-{uuid.uuid4().hex}"
        self.displayed = False
        self._shown: tuple[str, ...] = ()
        self._bundle: dict[str, Any] = _empty()

    def display(self) -> None:
        """Put the sheet in the current cell's output (once; later calls update it in place)."""
        from IPython.display import display

        if self.displayed:
            self._update()
            return
        display(self._bundle, raw=True, display_id=self.display_id)  # type: ignore[no-untyped-call]
        self.displayed = True

    def show(self, records: Sequence[Record], total: int | None = None) -> None:
        """Show the newest of ``records`` (newest first) and update the output if displayed;
        ``total`` is how many images there are in all (default: ``len(records)``)."""
        self.put(self.compose(records, total=len(records) if total is None else total))

    def compose(self, records: Sequence[Record], *, total: int) -> Sheet:
        """The sheet of the newest of ``records`` (safe in a worker thread: it changes nothing)."""
        chosen = tuple(r.sha256 for r in records[: self.limit])
        if chosen == self._shown:
            return Sheet(chosen, None)
        return Sheet(chosen, self.bundle(records[: self.limit], total=total))

    def put(self, sheet: Sheet) -> None:
        """Show a composed sheet (updating the output in place if displayed)."""
        if sheet.bundle is None or sheet.shown == self._shown:
            return
        self._shown, self._bundle = sheet.shown, sheet.bundle
        if self.displayed:
            self._update()

    def say(self, words: str) -> None:
        """Show ``words`` in place of the images until they are found (the store's index is
        being built); the next sheet put replaces them."""
        self._shown, self._bundle = (), {"text/plain": words}
        if self.displayed:
            self._update()

    def bundle(self, records: Sequence[Record], total: int = 0) -> dict[str, Any]:
        """The MIME bundle: a base64 ``image/jpeg`` sheet and a ``text/plain`` list of prompts.

        ``total`` is how many images there are in all (the rest are named as a count).
        """
        tiles = [t for t in (self._tiles(r) for r in records) if t]
        if not tiles:
            return _empty()
        lines = [f"{n}. {r.prompt or r.operation} ({r.model})" for n, r in enumerate(records, 1)]
        if total > len(records):
            lines.append(f"... and {total - len(records)} more in the gallery")
        jpeg = base64.b64encode(contact_sheet([t[0] for t in tiles])).decode("ascii")
        bundle = {"image/jpeg": jpeg, "text/plain": "\n".join(lines)}
        if any(len(frames) > 1 for frames in tiles):
            moving = base64.b64encode(animated_sheet(tiles)).decode("ascii")
            alt = html.escape("; ".join(lines), quote=True)
            bundle["text/html"] = f'<img src="data:image/webp;base64,{moving}" alt="{alt}">'
        return bundle

    def _tiles(self, record: Record) -> list[Image.Image]:
        """The frames of the image's tile: one for a still, several for an animated GIF."""
        try:
            data = io.BytesIO(self.store.thumbnail(record.sha256))
            picture = Image.open(data, formats=_THUMBNAIL_FORMATS)
            frames = []
            for number in range(getattr(picture, "n_frames", 1)):
                picture.seek(number)
                frame = picture.convert("RGBA")
                frame.thumbnail((TILE, TILE))
                frames.append(frame)
        except OSError:
            return []
        return frames

    def _update(self) -> None:
        from IPython.display import update_display

        update_display(self._bundle, raw=True, display_id=self.display_id)  # type: ignore[no-untyped-call]


def display_with_sheet(widget: Any, sheet: StaticSheet) -> None:
    """Display ``widget`` (its own bundle, as IPython would) and then ``sheet`` below it."""
    from IPython.display import display

    bundle = widget._repr_mimebundle_()
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
    display(data, metadata=metadata, raw=True)  # type: ignore[no-untyped-call]
    sheet.display()


def contact_sheet(pictures: Sequence[Image.Image], columns: int = COLUMNS) -> bytes:
    """One JPEG with ``pictures`` in rows of ``columns`` tiles, transparency over white."""
    buffer = io.BytesIO()
    _laid_out(pictures, columns).save(buffer, format="JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def animated_sheet(tiles: Sequence[Sequence[Image.Image]], columns: int = COLUMNS) -> bytes:
    """A looping animated WebP of the sheet: frame ``k`` shows frame ``k`` of each tile (a
    still tile stays as it is), as many frames as the longest tile has."""
    count = max(len(frames) for frames in tiles)
    sheets = [
        _laid_out([frames[k % len(frames)] for frames in tiles], columns) for k in range(count)
    ]
    buffer = io.BytesIO()
    sheets[0].save(buffer, format="WEBP", save_all=True, append_images=sheets[1:],
                   duration=SHEET_FRAME_MS, loop=0, quality=75)  # fmt: skip
    return buffer.getvalue()


def _laid_out(pictures: Sequence[Image.Image], columns: int) -> Image.Image:
    rows = (len(pictures) + columns - 1) // columns
    width = min(columns, len(pictures)) * (TILE + _GAP) - _GAP
    sheet = Image.new("RGB", (width, rows * (TILE + _GAP) - _GAP), "white")
    for number, picture in enumerate(pictures):
        x = (number % columns) * (TILE + _GAP) + (TILE - picture.width) // 2
        y = (number // columns) * (TILE + _GAP) + (TILE - picture.height) // 2
        rgba = picture.convert("RGBA")
        sheet.paste(rgba, (x, y), rgba)
    return sheet


def _empty() -> dict[str, Any]:
    return {"text/plain": "No images yet: they appear here as they are made."}
