"""MaskPainter's markup mode: the drawn RGBA PNG reaches Python as it is (bytes, whatever the host
hands over), a markup set from Python reaches the view as a binary PNG, marks carry labels that
Python reads by name, and a mask and markup are never both sent."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw
from traitlets import TraitError

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.widgets.mask_painter import MaskPainter
from tests.support.widgets import (
    browser_sets,
    comm_of,
    front_end,
    js_encoded_markup,
    js_encoded_mask,
    picture,
)
from tests.widgets.test_mask_painter import browser_sets_bytes, sent_bytes

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")

CIRCLE = {"id": 1, "tool": "circle", "color": "red", "label": "", "box": [10, 20, 50, 60]}


def drawn(width: int = 64, height: int = 48) -> np.ndarray:
    """An RGBA layer with a red circle drawn on it."""
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(overlay).ellipse((10, 10, 30, 30), outline=(229, 57, 53, 255), width=3)
    return np.asarray(overlay)


@pytest.mark.parametrize("given", [bytes, memoryview, bytearray])
def test_the_drawn_markup_reaches_python_as_the_png_it_is(given: type) -> None:
    painter = MaskPainter(picture(120, 80))
    png = js_encoded_markup(120, 80, (10, 20, 50, 60))
    if given is memoryview:
        browser_sets_bytes(painter, "markup_png", png)
    else:
        painter.set_state({"markup_png": given(png)})
    browser_sets(painter, mode="markup", marks=[CIRCLE])
    assert type(painter.markup_png) is bytes
    markup = painter.markup
    assert markup is not None
    assert markup.data == png, "sent as drawn: nothing re-encoded"
    assert (markup.format, markup.width, markup.height, markup.encoded_here) == (
        "png",
        120,
        80,
        True,
    )
    pixels = painter.markup_array
    assert pixels.shape == (80, 120, 4)
    assert (pixels[20:60, 10:50] == (229, 57, 53, 255)).all()
    assert pixels[..., 3].sum() == 40 * 40 * 255


def test_labels_are_read_by_name_and_set_from_python() -> None:
    painter = MaskPainter(picture(120, 80))
    browser_sets_bytes(painter, "markup_png", js_encoded_markup(120, 80, (0, 0, 9, 9)))
    marks = [CIRCLE, {**CIRCLE, "id": 2, "tool": "arrow", "color": "blue", "label": "a bird"}]
    browser_sets(painter, mode="markup", marks=marks)
    assert painter.labels == {"the red circle": "", "the blue arrow": "a bird"}
    painter.set_label(1, "a round window")
    assert painter.labels["the red circle"] == "a round window"
    assert comm_of(painter).updates("marks")[-1][0]["label"] == "a round window"
    with pytest.raises(IndexError, match="no mark 3"):
        painter.set_label(3, "x")


@pytest.mark.parametrize("form", ["array", "pil", "png"])
def test_a_markup_set_from_python_reaches_the_view_as_a_binary_png(form: str) -> None:
    painter = MaskPainter(picture(64, 48))
    pixels = drawn()
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    given: Any = {"array": pixels, "pil": Image.fromarray(pixels), "png": buffer.getvalue()}[form]
    painter.set_markup(given, marks=[{"tool": "circle", "color": "red", "label": "a window"}])
    assert painter.mode == "markup"
    assert (painter.markup_array == pixels).all()
    assert sent_bytes(painter, "markup_png")[-1] == painter.markup_png
    assert painter.marks == [
        {"id": 1, "tool": "circle", "color": "red", "label": "a window", "box": None}
    ]
    painter.markup = None
    assert painter.markup is None
    assert painter.marks == []


def test_a_markup_from_python_is_checked_where_it_comes_in() -> None:
    painter = MaskPainter(picture(64, 48))
    with pytest.raises(InvalidParameterError, match="48x64 but the first image is 64x48"):
        painter.set_markup(drawn(48, 64))
    opaque = drawn().copy()
    opaque[..., 3] = 255
    with pytest.raises(InvalidParameterError, match="no transparent pixels"):
        painter.set_markup(opaque)
    with pytest.raises(ValueError, match="mark 1 must have a tool of pen, arrow"):
        painter.set_markup(drawn(), marks=[{"tool": "lasso", "color": "red"}])
    painter.set_markup(np.zeros((48, 64, 4), np.uint8))
    assert painter.markup_png == b"", "nothing drawn: no bytes"
    assert painter.markup is None
    with pytest.raises(ValueError, match="image"):
        MaskPainter().set_markup(drawn())


def test_a_mask_and_markup_are_never_both_sent() -> None:
    painter = MaskPainter(picture(64, 48))
    painter.set_mask(np.ones((48, 64), bool))
    painter.set_markup(drawn())
    assert painter.mode == "markup"
    sent = (painter.mask, painter.markup)
    assert sent[0] is None, "the mask is set aside, not sent"
    assert sent[1] is not None
    assert painter.mask_png, "...but kept, to come back to"
    assert not painter.has_mask
    browser_sets(painter, mode="mask")
    sent = (painter.mask, painter.markup)
    assert sent[0] is not None
    assert sent[1] is None
    with pytest.raises(ValueError, match="not both"):
        painter.set_image(picture(64, 48), mask=np.ones((48, 64), bool), markup=drawn())
    painter.set_image(picture(64, 48), markup=drawn())
    assert (painter.mode, painter.mask_png, painter.has_markup) == ("markup", b"", True)


def test_clear_in_markup_mode_removes_the_marks_and_keeps_the_mask() -> None:
    painter = MaskPainter(picture(40, 30))
    browser_sets_bytes(painter, "mask_png", js_encoded_mask(40, 30, (0, 0, 9, 9)))
    painter.set_markup(drawn(40, 30), marks=[{"tool": "pen", "color": "green"}])
    painter.clear()
    assert (painter.markup_png, painter.marks, painter.mode) == (b"", [], "markup")
    assert painter.mask_png


def test_markup_controls_are_checked() -> None:
    painter = MaskPainter()
    painter.markup_tool, painter.markup_color, painter.markup_width = "arrow", "blue", 12
    with pytest.raises(TraitError):
        painter.markup_tool = "lasso"
    with pytest.raises(TraitError):
        painter.markup_color = "teal"
    with pytest.raises(TraitError, match="markup_width must be from 1 to 400"):
        painter.markup_width = 0
    with pytest.raises(TraitError):
        painter.mode = "both"
