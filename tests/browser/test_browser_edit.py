"""Editing in a real browser: paint a mask with the mouse, Edit, then Variations of the edit."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from .harness import write_notebook
from .notebook_page import NotebookPage
from .pointer import drag

STUDIO = """\
import imagewidgets as iw

client = iw.ImagesClient(emulator=iw.EmulatorConfig(pace=0.5))
studio = iw.Studio("a red fox sitting in snow", client=client, quality="low", partial_images=2)
studio
"""

# How many pixels of the edited image changed inside and outside the painted mask.
CHANGES = """\
import json as _json
import numpy as _np
_panel = studio.edit_area.children[-1]
_edited = next(i for i in reversed(_panel.results) if i.operation == "edit")
_before = _np.asarray(_edited.parent.to_pil().convert("RGB"), dtype=int)
_after = _np.asarray(_edited.to_pil().convert("RGB"), dtype=int)
_changed = _np.abs(_before - _after).max(axis=2) > 12
_mask = _panel.painter.mask_array
_counts = [_mask.sum(), _changed[_mask].sum(), _changed[~_mask].sum(), _mask.size]
print(_json.dumps([int(count) for count in _counts]))
"""


def test_paint_a_mask_edit_inside_it_then_ask_for_variations(
    jupyter: NotebookPage, notebook_dir: Path
) -> None:
    page = jupyter.page
    page.set_viewport_size({"width": 1300, "height": 1400})
    write_notebook(notebook_dir, "edit.ipynb", [STUDIO])
    jupyter.open("edit.ipynb")
    jupyter.run_all()
    jupyter.widget("button", "Generate").click()
    page.get_by_role("region", name="Generation run 1").locator("[data-state='final']").wait_for()

    page.get_by_role("button", name="Edit (image 1)").click()
    panel = page.locator(".iw-edit-panel")
    canvas = panel.get_by_role("img", name=re.compile("^Mask overlay"))
    canvas.wait_for()
    drag(canvas)
    jupyter.wait_for("studio.edit_area.children[-1].painter.mask_array.any()")
    jupyter.screenshot("edit-mask-painted", target=page.get_by_role("group", name="Mask painter"))

    panel.get_by_role("textbox", name="Edit prompt").fill("a golden crown")
    panel.get_by_role("button", name="Edit", exact=True).click()
    panel.locator(".iw-cell[data-state='partial']").first.wait_for()
    jupyter.screenshot("edit-streaming")
    panel.locator(".iw-cell[data-state='final']").first.wait_for(timeout=60_000)
    jupyter.screenshot("edit-final", target=panel.locator(".iw-preview").first)

    painted, inside, outside, total = json.loads(jupyter.python(CHANGES))
    assert 0 < painted < total
    assert inside > painted * 0.2
    assert outside == 0

    panel.get_by_role("button", name="Variations (image 1)").click()
    operations = "[i.operation for i in studio.edit_area.children[-1].results]"
    # variations go through the edits endpoint
    jupyter.wait_for(f"{operations} == ['edit', 'edit', 'edit']", seconds=60)
    finals = panel.locator(".iw-preview").filter(has_text="variations")
    expect(finals.first.locator(".iw-cell[data-state='final']")).to_have_count(2)
    jupyter.screenshot("edit-variations")
