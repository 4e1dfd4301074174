"""Markup edits in a real browser (JupyterLab, then Notebook 7): a circle and an arrow drawn with
the mouse reach Python as an RGBA PNG of the image's size, their labels reach the prompt, and the
edit changes the picture near the marks and nowhere else."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Locator, expect

from .colours import luminance
from .harness import write_notebook
from .notebook_page import NotebookPage
from .test_mask_browser import COLOURS

PANEL = """\
import io
import json
import numpy as np
from PIL import Image
import imagewidgets as iw

y, x = np.mgrid[0:1024, 0:1536]
scene = np.stack([x * 255 // 1536, y * 255 // 1024, (x + y) % 256], -1).astype(np.uint8)
client = iw.ImagesClient(emulator=iw.EmulatorConfig(pace=0.2))
panel = iw.EditPanel(
    Image.fromarray(scene), client=client, model="gpt-image-2.6-flare", size="1536x1024",
    quality="low", prompt="make it evening",
)
panel
"""

# The markup as Python got it, and how the edit changed the picture near and far from the marks.
MARKUP = """\
_png = Image.open(io.BytesIO(panel.painter.markup.data))
print(json.dumps([_png.format, _png.mode, list(_png.size), panel.painter.marks]))
"""
CHANGES = """\
from imagewidgets.imaging.markup import markup_area
_edited = panel.results[-1]
_near, _ = markup_area(panel.painter.markup_array)
_changed = (np.asarray(_edited.to_pil().convert("RGB"), int) - scene).any(axis=2)
print(json.dumps([int(_near.sum()), int(_changed[_near].sum()), int(_changed[~_near].sum())]))
"""


def drag(canvas: Locator, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Drag the mouse from ``start`` to ``end`` (shares of the canvas's width and height)."""
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    mouse = canvas.page.mouse
    mouse.move(box["x"] + box["width"] * start[0], box["y"] + box["height"] * start[1])
    mouse.down()
    end_at = (box["x"] + box["width"] * end[0], box["y"] + box["height"] * end[1])
    mouse.move(*end_at, steps=10)
    mouse.up()


def test_marks_drawn_with_the_mouse_guide_an_edit(
    jupyter: NotebookPage, notebook_dir: Path
) -> None:
    page = jupyter.page
    page.set_viewport_size({"width": 1300, "height": 1300})
    write_notebook(notebook_dir, "markup.ipynb", [PANEL])
    jupyter.open("markup.ipynb")
    jupyter.run_all()
    painter = jupyter.widget("group", "Mask painter")
    painter.get_by_role("button", name="Markup mode").click()
    canvas = painter.get_by_role("img", name=re.compile("^Markup layer"))
    expect(canvas).to_be_visible()

    painter.get_by_role("button", name=re.compile("^Circle")).click()
    drag(canvas, (0.3, 0.3), (0.45, 0.5))
    painter.get_by_role("button", name="Blue").click()
    painter.get_by_role("button", name=re.compile("^Arrow")).click()
    drag(canvas, (0.8, 0.8), (0.6, 0.6))
    jupyter.wait_for("len(panel.painter.marks) == 2")
    expect(painter.locator(".iw-mp-status")).to_contain_text("2 marks (2 without a label)")
    fmt, mode, size, marks = json.loads(jupyter.python(MARKUP))
    assert (fmt, mode, size) == ("PNG", "RGBA", [1536, 1024]), "native size, as drawn"
    assert [(m["tool"], m["color"]) for m in marks] == [("circle", "red"), ("arrow", "blue")]

    painter.get_by_role("textbox", name=re.compile("^What mark 1")).fill("a round window")
    painter.get_by_role("textbox", name=re.compile("^What mark 2")).fill("a bird flies in here")
    prompt = page.get_by_role("textbox", name="Edit prompt")
    expect(prompt).to_have_value(
        "make it evening\n\nthe red circle: a round window\nthe blue arrow: a bird flies in here"
    )
    jupyter.screenshot("markup-drawn", target=painter)

    page.get_by_role("button", name="Edit", exact=True).click()
    page.locator(".iw-edit-panel .iw-cell[data-state='final'] img.iw-image").first.wait_for(
        timeout=60_000
    )
    expect(page.get_by_text(re.compile(r"Markup fidelity of image 1 \(clean\)"))).to_be_visible()
    jupyter.screenshot("markup-edited", target=page.locator(".iw-edit-panel"))
    near, changed_near, changed_far = json.loads(jupyter.python(CHANGES))
    assert changed_far == 0, "nothing changes far from the marks"
    assert changed_near > near * 0.3, "the picture changes near them"
    sent = jupyter.value("panel.results[-1].markup_sha256 == panel.painter.markup.sha256")
    assert sent, "the markup sent is the one drawn"


def test_undo_redo_and_clear_in_markup_mode(lab: NotebookPage, notebook_dir: Path) -> None:
    write_notebook(notebook_dir, "markup-undo.ipynb", [PANEL])
    lab.open("markup-undo.ipynb")
    lab.run_all()
    painter = lab.widget("group", "Mask painter")
    painter.get_by_role("button", name="Markup mode").click()
    canvas = painter.get_by_role("img", name=re.compile("^Markup layer"))
    drag(canvas, (0.2, 0.2), (0.6, 0.3))
    lab.wait_for("panel.painter.markup is not None")
    with lab.dark_theme():
        field = painter.get_by_role("textbox", name=re.compile("^What mark 1"))
        text, back = field.evaluate(COLOURS)
        assert luminance(back) < 0.3 < luminance(text), (text, back)
        lab.screenshot("markup-dark", target=painter)
    painter.press("Control+z")
    lab.wait_for("panel.painter.markup is None and panel.painter.marks == []")
    painter.press("Control+Shift+z")
    lab.wait_for("len(panel.painter.marks) == 1")
    painter.get_by_role("button", name="Clear the marks").click()
    lab.wait_for("panel.painter.markup_png == b''")
    painter.get_by_role("button", name="Mask mode").click()
    lab.wait_for("panel.painter.mode == 'mask'")
    lab.python("panel.controls.model = 'gpt-image-2'")
    markup_mode = painter.get_by_role("button", name="Markup mode")
    expect(markup_mode).to_be_disabled()
    expect(markup_mode).to_have_attribute("title", re.compile("gpt-image-2 takes no markup"))
