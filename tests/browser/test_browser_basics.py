"""The browser harness itself: a standard ipywidgets Button talks to the kernel and back."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from playwright.sync_api import Playwright, expect

from . import harness
from .colours import luminance
from .harness import write_notebook
from .notebook_page import NotebookPage

COUNTER = """\
import ipywidgets as widgets

clicks = []
button = widgets.Button(description="Count clicks")
label = widgets.Label(value="clicked 0 times")

def on_click(_):
    clicks.append(1)
    label.value = f"clicked {len(clicks)} times in the kernel"

button.on_click(on_click)
widgets.VBox([button, label])
"""


def test_a_button_click_reaches_the_kernel_and_back(
    jupyter: NotebookPage, notebook_dir: Path
) -> None:
    write_notebook(notebook_dir, "counter.ipynb", [COUNTER])
    jupyter.open("counter.ipynb")
    jupyter.run_all()

    button = jupyter.widget("button", "Count clicks")
    button.click()
    button.click()

    expect(jupyter.page.get_by_text("clicked 2 times in the kernel")).to_be_visible()
    jupyter.screenshot("button-clicked")


def test_restart_and_dark_theme_helpers(lab: NotebookPage, notebook_dir: Path) -> None:
    write_notebook(notebook_dir, "counter-restart.ipynb", [COUNTER])
    lab.open("counter-restart.ipynb")
    lab.run_all()
    lab.widget("button", "Count clicks").click()
    expect(lab.page.get_by_text("clicked 1 times in the kernel")).to_be_visible()

    lab.restart_kernel()
    lab.run_all()
    expect(lab.page.get_by_text("clicked 0 times", exact=True)).to_be_visible()
    with lab.dark_theme():
        background = lab.page.evaluate(
            "getComputedStyle(document.querySelector('.jp-Notebook')).backgroundColor"
        )
        lab.screenshot("button-dark")
    assert luminance(background) < 0.3


def test_a_missing_chromium_is_an_error_that_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(harness, "CHROMIUM", tmp_path / "no-chromium-here")
    with pytest.raises(RuntimeError, match="scripts/setup --browser"):
        harness.launch_chromium(cast(Playwright, object()))
