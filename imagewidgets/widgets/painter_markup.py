"""``MarkupLayer``: the markup mode of :class:`~imagewidgets.widgets.mask_painter.MaskPainter`,
its traits and how Python reads and sets them.

The view draws marks on a transparent RGBA layer at the image's native size and sends it as a PNG
(``markup_png``, no bytes when nothing is drawn) with the marks and their labels (``marks``).
Python reads the PNG as it is (:attr:`MarkupLayer.markup`, nothing decoded: it is what an edit
sends), the labels by name (:attr:`MarkupLayer.labels`), and sets a markup from an RGBA array, a
PIL image or a PNG, checked once where it comes in (:meth:`MarkupLayer.set_markup`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from traitlets import Bytes, Dict, Enum, HasTraits, Int, List, Unicode

from imagewidgets.imaging.markup import MarkupInput, markup_to_array
from imagewidgets.imaging.source import SourceImage
from imagewidgets.widgets.marks import (
    COLORS,
    DEFAULT_WIDTH,
    TOOLS,
    checked_marks,
    mark_names,
    markup_bytes,
)
from imagewidgets.widgets.theme import BINARY

__all__ = ["MarkupLayer"]


class MarkupLayer(HasTraits):
    """The markup traits and methods the mask painter shares with its view (a mixin: the painter
    gives the image's ``size`` and ``hold_sync``)."""

    if TYPE_CHECKING:  # given by MaskPainter

        @property
        def size(self) -> tuple[int, int]: ...

        def hold_sync(self) -> AbstractContextManager[None]: ...

    mode = Enum(("mask", "markup"), default_value="mask").tag(sync=True)
    """What the painter draws and an edit sends: the ``"mask"`` or the ``"markup"`` layer."""
    markup_png = Bytes(b"").tag(sync=True, **BINARY)
    """The markup as an RGBA PNG at native size, transparent where the picture shows through;
    ``b""`` when nothing is drawn."""
    marks = List(Dict()).tag(sync=True)
    """The marks drawn, in order: ``{"id", "tool", "color", "label", "box"}`` each (see
    :mod:`imagewidgets.widgets.marks`); the labels are typed in the view or set from Python."""
    markup_tool = Enum(TOOLS, default_value="pen").tag(sync=True)
    """What a drag draws in markup mode: ``pen``, ``arrow``, ``circle`` or ``rectangle``."""
    markup_color = Enum(tuple(COLORS), default_value="red").tag(sync=True)
    """The colour of the next mark, by name (the names the prompt uses)."""
    markup_width = Int(DEFAULT_WIDTH).tag(sync=True)
    """The line width of the next mark in screen pixels (the brush's limits)."""
    unavailable = Dict(value_trait=Unicode()).tag(sync=True)
    """Why a mode cannot be chosen now, by mode (e.g. the model takes no markup); the view
    disables its button and shows the reason."""

    @property
    def has_markup(self) -> bool:
        """Whether marks are drawn and would be sent; False in mask mode."""
        return self.mode == "markup" and bool(self.markup_png)

    @property
    def markup(self) -> SourceImage | None:
        """The markup as it is sent: the drawn RGBA PNG as it is, at the image's native size;
        ``None`` when nothing is drawn or in mask mode. Nothing is decoded or re-encoded.
        Assigning to it is :meth:`set_markup` without marks."""
        if not self.has_markup:
            return None
        width, height = self.size
        png = bytes(self.markup_png)  # drawn by the view or checked when set: a good markup
        return SourceImage(png, "png", width, height, True, "markup.png", encoded_here=True)

    @markup.setter
    def markup(self, markup: MarkupInput | None) -> None:
        self.set_markup(markup)

    @property
    def markup_array(self) -> npt.NDArray[np.uint8]:
        """The markup layer as a ``(height, width, 4)`` RGBA array (transparent: nothing)."""
        if not self.markup_png:
            width, height = self.size
            return np.zeros((height, width, 4), dtype=np.uint8)
        return markup_to_array(bytes(self.markup_png))

    @property
    def labels(self) -> dict[str, str]:
        """Each mark's label by its name in a prompt: ``{"the red circle": "a window"}``."""
        return {
            name: str(mark.get("label") or "")
            for name, mark in zip(mark_names(self.marks), self.marks, strict=True)
        }

    def set_markup(
        self, markup: MarkupInput | None, *, marks: list[dict[str, Any]] | None = None
    ) -> None:
        """Show ``markup`` (an RGBA ``uint8`` array, a PIL image with alpha, PNG bytes, a
        path; ``None`` clears) at the image's size, with ``marks`` describing it (a ``tool``,
        ``color`` and ``label`` each; default none). A markup switches to markup mode."""
        self._needs_image()
        png = markup_bytes(markup, self.size)
        described = checked_marks(marks or []) if png else []
        with self.hold_sync():
            self.markup_png, self.marks = png, described
            if markup is not None:
                self.mode = "markup"

    def set_label(self, number: int, label: str) -> None:
        """Say what mark ``number`` (1 for the first, as the view numbers them) means."""
        if not 1 <= number <= len(self.marks):
            raise IndexError(f"there is no mark {number}; the markup has {len(self.marks)}.")
        self.marks = [
            {**mark, "label": label} if index == number - 1 else mark
            for index, mark in enumerate(self.marks)
        ]

    def _needs_image(self) -> None:
        if self.size == (0, 0):
            raise ValueError("set an image first: MaskPainter(image) or painter.set_image(image).")
