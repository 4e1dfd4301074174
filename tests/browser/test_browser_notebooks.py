"""The shipped notebooks in a real JupyterLab: they run top to bottom and their widgets render."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .notebook_page import NotebookPage


def test_the_quickstart_runs_and_shows_studio_editor_and_gallery(lab: NotebookPage) -> None:
    lab.open("quickstart.ipynb")
    lab.run_all()
    page = lab.page

    studio = page.locator(".iw-studio")
    expect(studio.get_by_role("button", name="Generate", exact=True)).to_be_visible()
    expect(studio.locator(".iw-cell[data-state='final']").first).to_be_visible()
    expect(studio.get_by_role("group", name="Mask painter")).to_be_attached()
    expect(page.get_by_role("button", name=re.compile("^Select: a lighthouse"))).not_to_have_count(
        0
    )
    lab.screenshot("quickstart")


def test_the_editing_notebook_runs_and_shows_its_painters(lab: NotebookPage) -> None:
    lab.open("editing.ipynb")
    lab.run_all()
    painters = lab.page.get_by_role("group", name="Mask painter")
    expect(painters).to_have_count(2)  # the painter on its own, and the edit panel's
    expect(lab.page.locator(".iw-edit-panel .iw-cell[data-state='final']").first).to_be_visible()
    lab.screenshot("editing-notebook")
