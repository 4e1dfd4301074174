"""``FidelityCard``: after a masked edit, how much changed outside the mask, and a fix.

The card states the share of pixels outside the mask that changed (see
:mod:`imagewidgets.imaging.fidelity`), shows a heatmap of the difference on request, and offers
"Keep outside the mask": a copy of the edit with the original pixels put back outside the mask
over a feathered edge, recorded in the new image's ``params``. After a markup edit the same card
speaks of the area near the marks (the marks grown by the report's ``marks_reach``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import numpy as np
import numpy.typing as npt

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.fidelity import (
    DEFAULT_FEATHER,
    FidelityReport,
    difference_heatmap,
    fidelity_report,
    keep_outside_result,
)
from imagewidgets.imaging.thumbnails import display_image
from imagewidgets.widgets.theme import note_html

__all__ = ["FidelityArea", "FidelityCard"]

HEATMAP_SIDE = 768
WORDS = {
    "mask": ("Mask", "outside the mask", "mask", "Keep outside the mask"),
    "markup": ("Markup", "far from the marks", "area near the marks", "Keep far from the marks"),
}
"""The card's words by kind of edit: title, where nothing should change, the area, the fix."""

Keep = Callable[["FidelityCard"], object]


class FidelityCard(w.VBox):  # type: ignore[misc]
    """The fidelity report of one edited image, its heatmap and "Keep outside the mask".

    ``original`` is the image that was edited (the first input) and ``mask`` the edit region at
    its size (True = edit here). The "Keep outside the mask" button calls ``on_keep(card)``;
    the edit panel then runs :meth:`restored` as a run of its own and calls :meth:`mark_kept`.
    """

    def __init__(
        self,
        image: GeneratedImage,
        original: Any,
        mask: npt.NDArray[np.bool_],
        *,
        on_keep: Keep | None = None,
        report: FidelityReport | None = None,
    ) -> None:
        self.image, self.original, self.mask = image, original, mask
        self.report = report or fidelity_report(original, image, mask)
        self.kept: GeneratedImage | None = None
        self._on_keep = on_keep
        self.words = WORDS["mask" if self.report.marks_reach is None else "markup"]
        number = image.index + 1
        self.summary = w.HTML(self._summary_html(number))
        self.heatmap_toggle = w.ToggleButton(
            description=f"Heatmap of image {number}",
            tooltip=f"Show where the edit changed the picture ({self.words[2]} outlined in cyan)",
            layout=w.Layout(width="auto"),
        )
        self.heatmap = w.Image(format="webp", layout=w.Layout(display="none", max_width="100%"))
        self.feather = w.BoundedFloatText(
            value=DEFAULT_FEATHER,
            min=0,
            max=64,
            step=1,
            description="Feather (px)",
            style={"description_width": "initial"},
            layout=w.Layout(width="160px"),
        )
        self.keep_button = w.Button(
            description=f"{self.words[3]} (image {number})",
            tooltip=f"A copy with the original pixels {self.words[1]}, blended over a soft edge",
            disabled=self.report.clean,
            layout=w.Layout(width="auto"),
        )
        self.heatmap_toggle.observe(lambda change: self.show_heatmap(change["new"]), "value")
        self.keep_button.on_click(lambda _: self._on_keep and self._on_keep(self))
        controls = w.HBox([self.heatmap_toggle, self.feather, self.keep_button])
        super().__init__(children=[self.summary, controls, self.heatmap])
        self.add_class("iw-fidelity")

    def show_heatmap(self, show: bool = True) -> None:
        """Show (or hide) the difference heatmap; it is drawn the first time it is shown."""
        if show and not self.heatmap.value:
            picture = difference_heatmap(self.original, self.image, self.mask)
            buffer = io.BytesIO()
            picture.save(buffer, format="PNG")
            shown = display_image(buffer.getvalue(), max_side=HEATMAP_SIDE)
            self.heatmap.format, self.heatmap.value = shown.format, shown.data
        self.heatmap.layout.display = "" if show else "none"
        self.heatmap_toggle.value = show

    def restored(self, feather: float | None = None) -> GeneratedImage:
        """The edit with the original kept outside the mask, its ``params`` saying so.

        Pure computation (no widget changes), so it may run in a worker thread."""
        radius = float(self.feather.value if feather is None else feather)
        return keep_outside_result(self.image, self.original, self.mask, feather=radius)

    def mark_kept(self, kept: GeneratedImage) -> None:
        """Say that ``kept`` was made, and offer it no more."""
        self.kept = kept
        self.keep_button.disabled = True
        self.summary.value = self._summary_html(self.image.index + 1) + note_html(
            f"Kept the original {self.words[1]}: a new image, sha256 {kept.sha256[:12]}…", "plain"
        )

    def _summary_html(self, number: int) -> str:
        verdict = "clean" if self.report.clean else f"changed {self.words[1]}"
        text = f"{self.words[0]} fidelity of image {number} ({verdict}): {self.report.summary()}"
        return note_html(text, "plain" if self.report.clean else "warn")


class FidelityArea(w.VBox):  # type: ignore[misc]
    """The fidelity cards of the latest masked edits, newest first (``keep`` at most); every
    report stays in :attr:`reports`, by the edited image's sha256."""

    def __init__(self, keep: int = 8) -> None:
        super().__init__()
        self.keep = keep
        self.reports: dict[str, FidelityReport] = {}
        self.cards: list[FidelityCard] = []
        self._on_keep: Keep | None = None

    def on_keep(self, callback: Keep) -> None:
        """Call ``callback(card)`` when a card's "Keep outside the mask" is pressed."""
        self._on_keep = callback

    def add(
        self, image: GeneratedImage, original: Any, mask: npt.NDArray[np.bool_],
        report: FidelityReport,
    ) -> FidelityCard:  # fmt: skip
        """Show the card of ``image`` first and keep its report."""
        self.reports[image.sha256] = report
        card = FidelityCard(image, original, mask, report=report, on_keep=self._keep)
        self.cards = [card, *self.cards][: self.keep]
        self.children = list(self.cards)
        return card

    def card_for(self, image: GeneratedImage) -> FidelityCard:
        """The card of ``image``; ``ValueError`` when it has none (not a masked edit, or too
        old to be shown)."""
        for card in self.cards:
            if card.image is image:
                return card
        raise ValueError("that image has no fidelity card: only masked and markup edits do.")

    def _keep(self, card: FidelityCard) -> None:
        if self._on_keep is not None:
            self._on_keep(card)
