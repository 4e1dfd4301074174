"""``ExpandControls``: choose a larger size and the sides to grow, then Expand canvas.

The size list holds the model's edit sizes that give the current image new room
(:func:`imagewidgets.imaging.canvas.expand_sizes`); gpt-image-2 also takes a typed ``WxH``. The
work is done by :func:`imagewidgets.imaging.canvas.expand_canvas` (through the edit panel).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from imagewidgets.imaging.canvas import SIDES, expand_sizes

__all__ = ["ExpandControls"]

OnExpand = Callable[[str, tuple[str, ...], Any], object]


class ExpandControls(w.HBox):  # type: ignore[misc]
    """Size, sides and fill of an Expand canvas, and its button."""

    def __init__(self) -> None:
        self.size = w.Combobox(
            description="Expand to",
            placeholder="WIDTHxHEIGHT",
            ensure_option=False,
            tooltip="A larger size the model edits at; the picture keeps its scale when it fits",
        )
        self.sides = {
            side: w.Checkbox(
                value=True,
                description=side.capitalize(),
                indent=False,
                layout=w.Layout(width="auto", margin="0 12px 0 0"),
            )
            for side in SIDES
        }
        self.fill = w.Dropdown(
            options=[("transparent", "transparent"), ("smeared edges", "edge")],
            description="New room",
            tooltip="What the new room holds before the edit paints it",
        )
        self.button = w.Button(
            description="Expand canvas",
            tooltip="Pad the image to the chosen size; the new room is masked for editing",
        )
        self._callbacks: list[OnExpand] = []
        self._offered: list[str] = []
        sides = w.HBox(list(self.sides.values()), layout=w.Layout(width="auto"))
        super().__init__(children=[self.size, sides, self.fill, self.button])
        self.layout.flex_flow = "row wrap"
        self.add_class("iw-expand")
        self.button.on_click(lambda _: self.expand())

    @property
    def chosen_sides(self) -> tuple[str, ...]:
        """The sides ticked, in the order left, right, top, bottom."""
        return tuple(side for side, box in self.sides.items() if box.value)

    def on_expand(self, callback: OnExpand) -> None:
        """Call ``callback(size, sides, fill)`` when Expand canvas is pressed."""
        self._callbacks.append(callback)

    def expand(self) -> None:
        """What the button does."""
        for callback in list(self._callbacks):
            callback(self.size.value.strip(), self.chosen_sides, self.fill.value)

    def update(self, width: int, height: int, model: str) -> None:
        """Offer the sizes ``model`` edits at that grow a ``width`` x ``height`` image (none
        without an image). A size typed by hand stays."""
        offered = list(expand_sizes(width, height, model)) if width and height else []
        typed = self.size.value not in self._offered and self.size.value.strip()
        self._offered = offered
        self.size.options = offered
        if not typed and self.size.value not in offered:
            self.size.value = offered[0] if offered else ""
        self.button.disabled = not (width and height)
