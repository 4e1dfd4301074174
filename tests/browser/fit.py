"""Check that the imagewidgets panels on a page fit their output areas, at several widths.

``fit.js`` lists what sticks out: a control reaching past its output area or cut by a box that
clips it, and anything that scrolls sideways. It works in JupyterLab, Notebook 7 and Voilà::

    assert_fits(page, "lab-browser-open")   # at each of WIDTHS; a screenshot per width
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from .harness import write_notebook
from .notebook_page import SCREENSHOTS, NotebookPage

__all__ = ["PANELS", "WIDTHS", "assert_fits", "misfits", "open_panels"]

WIDTHS = (800, 1280, 1920, 2560)
"""The window widths checked: a laptop's half screen to a wide monitor."""
FIT = Path(__file__).with_name("fit.js").read_text()
PANELS = (
    """\
import numpy as np
import imagewidgets as iw

client = iw.ImagesClient(emulator=iw.EmulatorConfig(pace=0))
studio = iw.Studio("a red fox in snow", client=client, model="gpt-image-2", quality="low")
images = await studio.generate()
panel = studio.open_edit(images[0])
mask = np.zeros((images[0].height, images[0].width), bool)
mask[300:700, 200:800] = True
panel.painter.set_mask(mask)
panel.controls.prompt = "give it a red scarf"
await panel.edit()
studio
""",
    """\
gallery = iw.Gallery(studio.store)
gallery.select(images[0].sha256)
gallery
""",
    """\
# a store of its own: in Voila, the gallery's sheet updated from this cell upsets nbclient
grid = iw.Grid("a {animal} in {style}", animal=["fox", "owl"], style=["ink", "oil", "chalk"],
               quality="low", client=client, store=iw.Store(studio.store.path / "grid"))
await grid.run()
grid.view.selected = "0-0-1"
grid
""",
)
"""A notebook with every panel shown full: the Studio with a result, its edit panel after a masked
edit (mask painter, edit controls, fidelity card), a gallery with an image selected and a grid
of 2 x 3 cells with one open."""


def misfits(page: Page) -> list[str]:
    """What sticks out of the output areas that hold a panel now (fails when none holds one)."""
    found = page.evaluate(FIT)
    assert found["areas"] > 0, "no output area holds an imagewidgets panel"
    return list(found["problems"])


def assert_fits(page: Page, name: str, widths: tuple[int, ...] = WIDTHS) -> None:
    """Resize the window to each of ``widths`` and check every panel fits; each width's
    screenshot is kept as ``fit-<name>-<width>.png``."""
    height = page.viewport_size["height"] if page.viewport_size else 1000
    problems: dict[int, list[str]] = {}
    for width in widths:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)  # the layout settles after the resize
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"fit-{name}-{width}.png")
        if found := misfits(page):
            problems[width] = found
    assert not problems, f"panels do not fit ({name}): {problems}"


def open_panels(page: NotebookPage, directory: Path) -> None:
    """Write and open the :data:`PANELS` notebook, run it, and wait until every panel shows."""
    write_notebook(directory, "panels.ipynb", PANELS)
    page.open("panels.ipynb")
    if page.server.app != "voila":
        page.run_all()
    page.widget("region", "Image gallery")
    page.widget("region", "Selected image", within=page.page.locator(".iw-gridview"))
    page.page.locator(".iw-edit-panel .iw-cell[data-state='final'] img").first.wait_for()
    page.widget("button", "Generate")
