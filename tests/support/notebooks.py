"""Run notebooks the way a newcomer would, with no key: the kernel answers from the emulator, and
every place a kernel writes to (the image store too) is under the test's temporary folder. The
kernel lives on issue 11's done-when day (``IMAGEWIDGETS_TODAY=2026-12-02``, after the 2026-12-01
shutdowns), and :func:`execute_offline` checks that it did.

Used by the notebook tests::

    execute_offline(notebook, tmp_path, monkeypatch)   # in place; a failing cell raises
    work = isolate(tmp_path, monkeypatch)               # or: a notebook of code cells, run and
    path = execute(notebook("import imagewidgets"), work)  # saved with its widget state
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.support.models import DONE_WHEN, TODAY_ENV

__all__ = ["execute", "execute_offline", "isolate", "notebook"]

KEY_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID")
LOCATIONS = {
    "IMAGEWIDGETS_HOME": "store",
    "IPYTHONDIR": "ipython",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
}


def isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No key, the done-when day, and every place a kernel writes to under ``tmp_path``;
    returns the work dir."""
    for name in KEY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(TODAY_ENV, DONE_WHEN.isoformat())
    for variable, folder in LOCATIONS.items():
        (tmp_path / folder).mkdir(exist_ok=True)
        monkeypatch.setenv(variable, str(tmp_path / folder))
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return work


def notebook(*sources: str) -> nbformat.NotebookNode:
    """A notebook of code cells."""
    cells = [nbformat.v4.new_code_cell(source) for source in sources]  # type: ignore[no-untyped-call]
    book: nbformat.NotebookNode = nbformat.v4.new_notebook(cells=cells)  # type: ignore[no-untyped-call]
    return book


def _client(book: nbformat.NotebookNode, work: Path) -> NotebookClient:
    return NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    )


def execute_offline(
    book: nbformat.NotebookNode, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Execute ``book`` in place in a fresh, isolated kernel (raises CellExecutionError on a
    failure), then check that the kernel's day was the done-when day."""
    day_check = "from imagewidgets.capabilities import today\nprint(today().isoformat())"
    book.cells.append(nbformat.v4.new_code_cell(day_check))  # type: ignore[no-untyped-call]
    _client(book, isolate(tmp_path, monkeypatch)).execute()
    checked = book.cells.pop()
    assert [output.get("text") for output in checked.outputs] == [f"{DONE_WHEN.isoformat()}\n"]


def execute(book: nbformat.NotebookNode, work: Path, name: str = "run.ipynb") -> Path:
    """Run ``book`` in a fresh kernel in ``work`` (widget state saved, as by default), write it
    to ``work / name`` and return the path. A cell that raises fails the test."""
    client = _client(book, work)
    assert client.store_widget_state
    client.execute()
    errors = [
        output
        for cell in book.cells
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]
    assert not errors, "\n".join("\n".join(error.traceback) for error in errors)
    path = work / name
    nbformat.write(book, path)  # type: ignore[no-untyped-call]
    return path
