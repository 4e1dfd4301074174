"""The mask painter in JupyterLab: strokes reach Python at the image's native resolution as binary
PNG bytes, undo works from the keyboard, a mask set from Python shows, and an edit uses it."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from .colours import COLOURS, luminance
from .harness import write_notebook
from .notebook_page import NotebookPage
from .pointer import drag

PAINTER = """\
import numpy as np
from PIL import Image
import imagewidgets as iw

painter = iw.MaskPainter(Image.new("RGB", (4096, 2304), "teal"))
painter
"""

PANEL = """\
import numpy as np
from PIL import Image
import imagewidgets as iw

client = iw.ImagesClient(emulator=iw.EmulatorConfig(pace=0.2))
panel = iw.EditPanel(Image.new("RGB", (1024, 1024), "navy"), client=client, quality="low")
panel
"""


def stroke(page: NotebookPage, moves: int = 30) -> None:
    """Drag the mouse across the middle of the mask overlay."""
    drag(page.widget("img", re.compile("Mask overlay")), (0.02, 0.5), (0.98, 0.5), steps=moves)


def test_strokes_reach_python_at_native_resolution(lab: NotebookPage, notebook_dir: Path) -> None:
    write_notebook(notebook_dir, "mask-painter.ipynb", [PAINTER])
    lab.open("mask-painter.ipynb")
    lab.run_all()
    stroke(lab)
    lab.wait_for("painter.mask_array.any()")
    assert lab.value("list(painter.mask_array.shape)") == [2304, 4096]
    assert lab.value("painter.mask.width") == 4096
    share = lab.value("float(painter.mask_array.mean())")
    assert 0.005 < share < 0.2, share
    lab.screenshot("mask-painter-stroke")

    lab.widget("group", "Mask painter").press("Control+z")
    lab.wait_for("not painter.mask_array.any()")
    lab.python("m = np.zeros((2304, 4096), bool); m[:1152, :2048] = True; painter.set_mask(m)")
    expect(lab.page.locator(".iw-mp-status")).to_contain_text("25.0% marked")
    lab.widget("button", "Invert the mask").click()
    lab.wait_for("abs(painter.mask_array.mean() - 0.75) < 1e-6")
    with lab.dark_theme():
        brush = lab.widget("button", re.compile("^Brush"))
        text, back = brush.evaluate(COLOURS)
        assert luminance(back) < 0.3 < luminance(text), (text, back)
        lab.screenshot("mask-painter-dark")


def test_a_painted_edit_in_the_panel(lab: NotebookPage, notebook_dir: Path) -> None:
    write_notebook(notebook_dir, "edit-panel.ipynb", [PANEL])
    lab.open("edit-panel.ipynb")
    lab.run_all()
    stroke(lab)
    lab.wait_for("panel.painter.mask_array.any()")
    lab.widget("textbox", "Edit prompt").fill("a yellow moon")
    edit = lab.page.get_by_role("button", name="Edit", exact=True)
    expect(edit).to_be_enabled()
    edit.click()
    lab.page.locator(".iw-cell[data-state='final'] img.iw-image").first.wait_for(timeout=60_000)
    expect(lab.page.get_by_text(re.compile("Mask fidelity of image 1 \\(clean\\)"))).to_be_visible()
    lab.screenshot("edit-panel-after-edit")
    assert lab.value("[image.prompt for image in panel.results]") == ["a yellow moon"]
    assert lab.value("next(iter(panel.reports.values())).clean")
