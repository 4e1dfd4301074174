"""Every notebook in notebooks/ runs top to bottom offline, as a newcomer would run it.

Each one is executed by nbclient in a fresh kernel with no ``OPENAI_API_KEY`` (so the in-process
emulator answers every request), a temporary ``IMAGEWIDGETS_HOME`` and a temporary working
directory. A cell that raises fails the test with the kernel's traceback.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from tests.support.notebooks import execute_offline

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_offline_top_to_bottom(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    execute_offline(notebook, tmp_path, monkeypatch)

    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells, f"{path.name} has no code"
    assert all(cell.execution_count for cell in code_cells)
    errors = [out for cell in code_cells for out in cell.outputs if out.output_type == "error"]
    assert not errors
