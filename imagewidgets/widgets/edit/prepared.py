"""``PreparedCopies``: copies of the first image made before sending, and where they came from.

A dall-e-2 conforming copy and an expanded canvas each replace the edit's first image, carry the
painted mask over (through the same steps), and are remembered with their origin and steps, so
the results made from them keep their lineage (see :func:`edit_support.reparent`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.canvas import Expanded, Fill, expand_canvas
from imagewidgets.imaging.conform import conform_for_dalle2
from imagewidgets.widgets.edit.sources import SourceStrip
from imagewidgets.widgets.edit.support import EditImage, Prepared, conform_mask
from imagewidgets.widgets.mask_painter import MaskPainter

__all__ = ["PreparedCopies"]


class PreparedCopies:
    """Makes the copies for the edit's ``sources`` and ``painter``; :attr:`known` maps each
    copy's sha256 to its :class:`Prepared` record."""

    def __init__(self, sources: SourceStrip, painter: MaskPainter) -> None:
        self.sources, self.painter = sources, painter
        self.known: dict[str, Prepared] = {}

    def conform(self, fit: str) -> tuple[tuple[str, ...], bool]:
        """Replace the first image with a copy dall-e-2 accepts (``fit``: pad or crop).

        Returns the changes (empty when it already suited) and whether a mask was carried over.
        """
        source = self._first().as_source()
        conformed = conform_for_dalle2(source, fit="crop" if fit == "crop" else "pad")
        if not conformed.changes:
            return (), False
        painted, copy = self.painter.mask_array, conformed.source
        carried = conform_mask(painted, fit, (copy.width, copy.height)) if painted.any() else None
        self._replace(copy, conformed.changes, carried)
        return conformed.changes, carried is not None

    def expand(
        self, size: str, *, sides: Sequence[str], fill: Fill, scale: float | None, model: str
    ) -> Expanded:
        """Replace the first image with it padded to ``size`` (the new room masked, a painted
        mask kept)."""
        source = self._first().as_source()
        painted = self.painter.mask_array
        grown = expand_canvas(
            source, size, sides=sides, fill=fill, scale=scale, model=model,
            mask=painted if painted.any() else None,
        )  # fmt: skip
        step = f"expanded {source.width}x{source.height} to {grown.size} ({', '.join(sides)})"
        self._replace(grown.image, (step,), grown.mask.data)
        return grown

    def _first(self) -> EditImage:
        if self.sources.source is None:
            raise InvalidParameterError(
                "there is no image to edit: pass one, upload one, or use a result's Edit action.",
                param="image",
                model=None,
            )
        return self.sources.source

    def _replace(self, copy: Any, steps: tuple[str, ...], mask: Any) -> None:
        first = self._first()
        before = self.known.get(first.as_source().sha256)
        self.known[copy.sha256] = before.then(steps) if before else Prepared(first, steps)
        self.sources.set_source(copy)
        if mask is not None:
            self.painter.set_mask(mask)
