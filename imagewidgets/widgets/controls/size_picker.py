"""``SizePicker``: the size list, and for gpt-image-2 a custom ``WxH`` field checked as typed.

Picking "custom…" opens the field, starting from the current size; the note under it says what
is wrong with the typed size (or that it is experimental) with every key press. Picking a fixed
size closes it again.
"""

from __future__ import annotations

import ipywidgets as w

from imagewidgets.capabilities import Endpoint, options, rules_for
from imagewidgets.widgets.controls.choices import size_note
from imagewidgets.widgets.controls.inputs import (
    CUSTOM,
    custom_size_input,
    dropdown_values,
    option_label,
)
from imagewidgets.widgets.theme import note_html

__all__ = ["SizePicker"]


class SizePicker(w.VBox):  # type: ignore[misc]
    """A size list (``select``), a custom size field (``custom``) and its note (``message``)."""

    def __init__(self, select: w.Dropdown) -> None:
        self.select = select
        self.custom = custom_size_input()
        self.message = w.HTML()
        self.custom_mode = False
        """Whether the custom field is open (it stays open while its text is a listed size)."""
        super().__init__([select, self.custom, self.message])

    def offer(self, model: str, endpoint: Endpoint) -> None:
        """List ``model``'s sizes for ``endpoint``, and "custom…" when it takes custom sizes."""
        offered = [str(size) for size in options(model, "size", endpoint)]
        rules = rules_for(model)
        if rules is not None and rules.custom_sizes:
            offered.append(CUSTOM)
        labelled = [(option_label(size), size) for size in offered]
        if list(self.select.options) != labelled:
            self.select.options = labelled

    def pick(self, choice: str, current: str) -> str:
        """The size after the user picks ``choice`` in the list (``current`` before)."""
        self.custom_mode = choice == CUSTOM
        if not self.custom_mode:
            return choice
        return self.custom.value.strip() or current

    def typed(self, text: str) -> str | None:
        """The size after the user types ``text`` in the custom field (``None``: field closed)."""
        return text.strip() if self.custom_mode else None

    def show(self, size: str, model: str, endpoint: Endpoint) -> None:
        """Show ``size``: selected in the list, or in the open custom field with its note."""
        listed = dropdown_values(self.select)
        self.custom_mode = CUSTOM in listed and (self.custom_mode or size not in listed)
        if self.custom_mode:
            self.select.value = CUSTOM
            self.custom.value = size
        else:
            self.select.value = size if size in listed else None
        self.custom.layout.display = "" if self.custom_mode else "none"
        note = size_note(size, model, endpoint) if self.custom_mode else ""
        self.message.value = note_html(note, "warn")
