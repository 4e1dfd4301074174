"""One way to show a note: ``note_html`` with the theme's classes, on the page wherever notes
show."""

from __future__ import annotations

import ipywidgets
import pytest

from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.prompt import PromptBox
from imagewidgets.widgets.studio import Studio
from imagewidgets.widgets.theme import STATIC, note_html, theme_style
from tests.support.widgets import front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


def test_a_note_is_escaped_text_with_the_theme_classes_and_a_role() -> None:
    note = note_html("5 < 6 & done", "warn", role="alert", label="Spend")
    assert note == (
        '<span class="iw-note iw-note--warn" role="alert" aria-label="Spend">'
        "5 &lt; 6 &amp; done</span>"
    )
    assert note_html("") == ""


def test_the_note_classes_are_in_the_built_theme_light_and_dark() -> None:
    theme = (STATIC / "theme.css").read_text()
    for rule in (".iw-note", ".iw-note--warn", ".iw-note--plain", "prefers-color-scheme:dark"):
        assert rule in theme.replace(" ", ""), rule
    assert theme_style() == f"<style>{theme}</style>"
    assert ".iw-note--warn" in (STATIC / "prompt.css").read_text()


def descendants(widget: ipywidgets.Widget) -> list[ipywidgets.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += descendants(child)
    return found


@pytest.mark.parametrize("make", [ControlPanel, EditPanel, Studio])
def test_every_panel_that_shows_notes_carries_the_theme(make: type[ipywidgets.Widget]) -> None:
    """Its prompt box's CSS is the theme's: the note classes are on the page with the panel."""
    assert any(isinstance(child, PromptBox) for child in descendants(make()))
