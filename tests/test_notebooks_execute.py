"""Every notebook in notebooks/ runs top to bottom offline, as a newcomer would run it.

Each one is executed by nbclient in a fresh kernel with no ``OPENAI_API_KEY`` (so the in-process
emulator answers every request), a temporary ``IMAGEWIDGETS_HOME`` and a temporary working
directory. A cell that raises fails the test with the kernel's traceback.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.fixture
def offline_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No key, and every location a kernel writes to under ``tmp_path``; returns the work dir."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    for variable, folder in [
        ("IMAGEWIDGETS_HOME", "imagewidgets"),
        ("IPYTHONDIR", "ipython"),
        ("JUPYTER_DATA_DIR", "jupyter-data"),
        ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
    ]:
        (tmp_path / folder).mkdir()
        monkeypatch.setenv(variable, str(tmp_path / folder))
    work = tmp_path / "work"
    work.mkdir()
    return work


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_offline_top_to_bottom(path: Path, offline_environment: Path) -> None:
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(offline_environment)}},
    )
    client.execute()

    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells, f"{path.name} has no code"
    assert all(cell.execution_count for cell in code_cells)
    errors = [out for cell in code_cells for out in cell.outputs if out.output_type == "error"]
    assert not errors
