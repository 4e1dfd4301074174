"""The committed notebooks are clean: no outputs, no execution counts, no saved widget state.

Outputs and widget state make diffs unreadable and can carry secrets (a synced trait is written
into the file when widget state is saved), so they must never be committed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
EXPECTED = {"quickstart", "editing", "how_streaming_works", "prompt_iteration"}
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def _load(path: Path) -> dict[str, Any]:
    notebook: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return notebook


def test_the_four_notebooks_are_there() -> None:
    assert {path.stem for path in NOTEBOOKS} >= EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_has_no_outputs(path: Path) -> None:
    for number, cell in enumerate(_load(path)["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name} cell {number} has outputs"
            assert cell["execution_count"] is None, f"{path.name} cell {number} was run"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_has_no_widget_state(path: Path) -> None:
    notebook = _load(path)
    assert "widgets" not in notebook["metadata"], f"{path.name} carries saved widget state"
    for number, cell in enumerate(notebook["cells"]):
        extra = set(cell.get("metadata", {})) & {"widgets", "execution", "scrolled", "collapsed"}
        assert not extra, f"{path.name} cell {number} carries run metadata {sorted(extra)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_names_its_kernel_and_starts_with_a_title(path: Path) -> None:
    notebook = _load(path)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    first = notebook["cells"][0]
    assert first["cell_type"] == "markdown"
    assert "".join(first["source"]).startswith("# ")
