"""What survives and how it looks: the gallery after a kernel restart, and the dark theme."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from .colours import CONTRAST, LEGIBLE
from .harness import write_notebook
from .notebook_page import NotebookPage

STUDIO = """\
import imagewidgets as iw

client = iw.ImagesClient(emulator=iw.EmulatorConfig(pace=0.2))
studio = iw.Studio("{prompt}", client=client, quality="low", partial_images=1)
studio
"""


def generate_once(page: NotebookPage) -> None:
    """Press Generate and wait for the final image of the studio's first run."""
    page.widget("button", "Generate").click()
    run = page.page.get_by_role("region", name="Generation run 1")
    run.locator(".iw-cell[data-state='final']").wait_for(timeout=60_000)


def test_after_a_kernel_restart_the_gallery_still_has_the_images(
    lab: NotebookPage, notebook_dir: Path
) -> None:
    write_notebook(notebook_dir, "restart.ipynb", [STUDIO.format(prompt="a tall cactus at noon")])
    lab.open("restart.ipynb")
    lab.run_all()
    generate_once(lab)

    lab.restart_kernel()
    lab.run_all()
    assert lab.value("len(studio.results)") == 0
    lab.page.get_by_text("History: every image, newest first").click()
    earlier = lab.widget("button", re.compile("^Select: a tall cactus at noon"))
    expect(earlier).to_have_count(1)
    lab.screenshot("gallery-after-restart")


def test_the_dark_theme_renders_the_studio_legibly(lab: NotebookPage, notebook_dir: Path) -> None:
    write_notebook(notebook_dir, "dark.ipynb", [STUDIO.format(prompt="a lantern in the fog")])
    lab.open("dark.ipynb")
    lab.run_all()
    generate_once(lab)
    lab.page.get_by_text("History: every image, newest first").click()
    studio = lab.page.locator(".iw-studio")

    with lab.dark_theme():
        lab.screenshot("studio-dark")
        texts = studio.evaluate(CONTRAST)
    assert len(texts) > 20, texts
    hard_to_read = [text for text in texts if text["ratio"] < LEGIBLE]
    assert hard_to_read == []
