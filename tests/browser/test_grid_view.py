"""The grid in a real browser: a 2 x 3 grid fills in cell by cell (Run, thumbnails streaming in),
a cell opens full size with its provenance and Copy as Python, the diff toggle marks what
changed, every text is legible in the light and dark themes, and the static sheet is there for
readers without a kernel."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from .colours import CONTRAST, LEGIBLE
from .harness import write_notebook
from .notebook_page import NotebookPage

GRID = """\
import imagewidgets as iw

client = iw.ImagesClient(emulator=iw.EmulatorConfig(pace=0.3))
grid = iw.Grid("a {animal} in {style}", animal=["fox", "owl"], style=["ink", "oil", "chalk"],
               quality="low", client=client, partial_images=1, max_concurrent=2)
grid
"""


def test_a_two_by_three_grid_fills_in(lab: NotebookPage, notebook_dir: Path) -> None:
    write_notebook(notebook_dir, "grid.ipynb", [GRID])
    lab.open("grid.ipynb")
    lab.run_all()
    page = lab.page
    view = page.get_by_role("region", name="Image grid: animal, style")
    headers = ["animal \\ style", "ink", "oil", "chalk"]
    expect(view.get_by_role("columnheader")).to_have_text(headers)
    expect(view.get_by_role("rowheader")).to_have_text(["fox", "owl"])
    expect(view.locator(".iw-gr-summary")).to_contain_text("6 cells · 6 requests · 6 images")
    expect(view.locator(".iw-gr-cell")).to_have_count(6)
    expect(view.locator("img.iw-gr-thumb")).to_have_count(0)

    lab.widget("button", "Run").click()
    view.locator("img.iw-gr-thumb").first.wait_for(timeout=60_000)
    running = view.locator(".iw-gr-cell[data-state='running'], .iw-gr-cell[data-state='waiting']")
    assert running.count() >= 1  # filling in, not all at once
    lab.screenshot("grid-filling-in", target=view)
    expect(view.locator(".iw-gr-cell[data-state='done']")).to_have_count(6, timeout=60_000)
    expect(view.locator("img.iw-gr-thumb")).to_have_count(6)
    assert lab.value("len(grid.results)") == 6

    view.get_by_role("button", name="Open: a owl in oil (animal=owl, style=oil)").click()
    detail = view.get_by_role("region", name="Selected image")
    expect(detail.locator("img.iw-gr-full")).to_be_visible()
    expect(detail.locator("dl")).to_contain_text("gpt-image-2.6-flare")
    detail.get_by_role("button", name="Copy as Python: a owl in oil").click()
    expect(detail.locator("pre.iw-gr-code")).to_contain_text("await client.generate(")
    lab.screenshot("grid-selected", target=view)

    view.get_by_label("Highlight differences").check()
    expect(view.locator(".iw-gr-words mark")).to_have_count(5)
    expect(view.locator(".iw-gr-cell").nth(1).locator("mark")).to_have_text(["oil"])
    assert lab.value("grid.view.diff") is True
    texts = {"light": view.evaluate(CONTRAST)}
    with lab.dark_theme():
        texts["dark"] = view.evaluate(CONTRAST)
        lab.screenshot("grid-dark", target=view)
    for theme, found in texts.items():
        assert len(found) > 20, (theme, found)
        assert [text for text in found if text["ratio"] < LEGIBLE] == [], theme
    sheet = lab.output(0).locator("img[src^='data:image/jpeg']")
    expect(sheet).to_have_count(1)
