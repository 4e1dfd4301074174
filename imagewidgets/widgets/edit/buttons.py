"""``EditButtons``: the edit panel's action row: Edit, Cancel, Variations (how many, what size,
the variation prompt), and dall-e-2's "Cannot edit yet" note with its two conforming-copy
buttons."""

from __future__ import annotations

import ipywidgets as w

from imagewidgets.capabilities import default_model, options
from imagewidgets.widgets.edit.variation_prompt import variation_prompt_input
from imagewidgets.widgets.theme import note_html

__all__ = ["EditButtons"]

_WIDE = {"description_width": "initial"}
EDIT_TIP = "Edit the image (Ctrl+Enter in the prompt)"


class EditButtons(w.VBox):  # type: ignore[misc]
    """The buttons; the panel wires their clicks and calls :meth:`show` after each change."""

    def __init__(self) -> None:
        self.note = w.HTML()
        self.conform = {
            fit: w.Button(
                description=f"Make a conforming copy ({fit})",
                tooltip=f"A square PNG under 4 MB for dall-e-2 ({what}), resized to 1024/512/256",
                layout=w.Layout(width="auto"),
            )
            for fit, what in (("pad", "transparent borders"), ("crop", "the centre square"))
        }
        self.edit = w.Button(description="Edit", button_style="primary", tooltip=EDIT_TIP)
        self.cancel = w.Button(
            description="Cancel", tooltip="Cancel every run that waits or streams", disabled=True
        )
        self.vary = w.Button(
            description="Variations",
            tooltip="Variations of the first image, by its own model while it is active",
        )
        self.vary_prompt = variation_prompt_input()
        self.vary_n = w.BoundedIntText(
            value=2, min=1, max=10, description="How many", style=_WIDE,
            layout=w.Layout(width="140px"),
        )  # fmt: skip
        self.vary_size = w.Dropdown(
            options=[str(size) for size in options(default_model(), "size", "edit")],
            value="auto",
            description="Variation size",
            style=_WIDE,
            layout=w.Layout(width="auto"),
        )
        rows = [
            w.HBox([self.note, *self.conform.values()]),
            w.HBox([self.edit, self.cancel]),
            w.HBox([self.vary, self.vary_n, self.vary_size]),
            self.vary_prompt,
        ]
        super().__init__(children=rows)

    def show(self, problem: str, *, offer_copy: bool, has_image: bool) -> None:
        """Enable Edit unless there is a ``problem`` (said in the note and the tooltip); show the
        conforming-copy buttons when ``offer_copy``; Variations needs an image."""
        self.edit.disabled = bool(problem)
        self.edit.tooltip = problem or EDIT_TIP
        self.note.value = note_html(f"Cannot edit yet: {problem}" if problem else "", "warn")
        for button in self.conform.values():
            button.layout.display = "" if offer_copy else "none"
        self.vary.disabled = not has_image
