"""Executing small notebooks as a person would (nbclient, widget state saved), for the tests of
what a saved notebook holds: images, sizes, and never a key."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient


def isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every place a kernel writes to under ``tmp_path`` (the store too); returns the work dir."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    for variable, folder in [
        ("IMAGEWIDGETS_HOME", "store"),
        ("IPYTHONDIR", "ipython"),
        ("JUPYTER_DATA_DIR", "jupyter-data"),
        ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
    ]:
        (tmp_path / folder).mkdir()
        monkeypatch.setenv(variable, str(tmp_path / folder))
    work = tmp_path / "work"
    work.mkdir()
    return work


def notebook(*sources: str) -> nbformat.NotebookNode:
    """A notebook of code cells."""
    cells = [nbformat.v4.new_code_cell(source) for source in sources]  # type: ignore[no-untyped-call]
    book: nbformat.NotebookNode = nbformat.v4.new_notebook(cells=cells)  # type: ignore[no-untyped-call]
    return book


def execute(book: nbformat.NotebookNode, work: Path, name: str = "run.ipynb") -> Path:
    """Run ``book`` in a fresh kernel in ``work`` (widget state saved, as by default), write it
    to ``work / name`` and return the path. A cell that raises fails the test."""
    client = NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    )
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
