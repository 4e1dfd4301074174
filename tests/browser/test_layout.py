"""Every panel fits its output area at every width: the Studio with its edit panel open, the
controls, the fidelity card and the gallery, in JupyterLab 4 (file browser open, then every side
panel closed), in Notebook 7 and in Voilà. Nothing sticks out, is cut, or scrolls sideways."""

from __future__ import annotations

from pathlib import Path

from .fit import assert_fits, open_panels
from .notebook_page import NotebookPage


def test_every_panel_fits_its_output_area_at_every_width(
    jupyter: NotebookPage, notebook_dir: Path
) -> None:
    open_panels(jupyter, notebook_dir)
    if jupyter.server.app == "notebook":
        assert_fits(jupyter.page, "notebook")
        return
    jupyter.command("filebrowser:activate")
    assert_fits(jupyter.page, "lab-file-browser-open")
    jupyter.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    jupyter.page.evaluate("() => window.jupyterapp.shell.collapseRight()")
    assert_fits(jupyter.page, "lab-side-panels-closed")


def test_every_panel_fits_in_voila(voila: NotebookPage, notebook_dir: Path) -> None:
    open_panels(voila, notebook_dir)
    assert_fits(voila.page, "voila")
