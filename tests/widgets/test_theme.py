"""What the widgets share with the front end: one way to show a note (``note_html`` with the
theme's classes, on the page wherever notes show), panels that fit their output area, and bytes
that come back from the browser as ``bytes`` in any host."""

from __future__ import annotations

import ipywidgets
import pytest

from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.prompt import PromptBox
from imagewidgets.widgets.studio import Studio
from imagewidgets.widgets.theme import (
    PANEL,
    STATIC,
    bytes_from_json,
    note_html,
    theme_style,
)
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


@pytest.mark.parametrize("make", [ControlPanel, EditPanel, Studio])
def test_every_panel_of_standard_controls_is_marked_to_fit(make: type[ipywidgets.Widget]) -> None:
    """The theme's ``iw-panel`` rule keeps each control inside it within its box."""
    panel = make()
    assert PANEL in panel._dom_classes
    rule = (STATIC / "theme.css").read_text().replace(" ", "")
    assert f".{PANEL}" in rule
    assert "max-width:calc(100%-2*var(--jp-widgets-margin" in rule
    grids = [widget for widget in descendants(panel) if isinstance(widget, ipywidgets.GridBox)]
    assert grids, "the controls are in a grid"
    for grid in grids:
        assert "minmax(min(270px, 100%), 1fr)" in grid.layout.grid_template_columns


def test_bytes_from_the_browser_are_bytes_whatever_the_host_hands_over() -> None:
    for given in (b"PNG", memoryview(b"PNG"), bytearray(b"PNG")):
        assert type(bytes_from_json(given, None)) is bytes
        assert bytes_from_json(given, None) == b"PNG"
    assert bytes_from_json(None, None) == b""
    with pytest.raises(TypeError, match="not str"):
        bytes_from_json("UE5H", None)
