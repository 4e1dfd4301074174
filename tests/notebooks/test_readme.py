"""The README's "Ten lines of Python" run as written, in a notebook kernel, offline."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from tests.support.notebooks import execute_offline

README = Path(__file__).resolve().parents[2] / "README.md"


def ten_lines() -> str:
    """The first ``python`` block after the "Ten lines of Python" heading."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Ten lines of Python", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the README lost its ten-line example"
    return match.group(1)


def test_the_readme_example_is_about_ten_lines() -> None:
    lines = [line for line in ten_lines().splitlines() if line.strip() and "import" not in line]
    assert len(lines) <= 12


def test_the_readme_example_runs_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = ten_lines() + "\nassert scarf[0].parent is fox and len(more) == 2\n"
    cell = nbformat.v4.new_code_cell(code)  # type: ignore[no-untyped-call]
    notebook = nbformat.v4.new_notebook(cells=[cell])  # type: ignore[no-untyped-call]
    execute_offline(notebook, tmp_path, monkeypatch)
    outputs = notebook.cells[0].outputs
    assert not [output for output in outputs if output.output_type == "error"]
    assert any("CompletedImage" in output.get("text", "") for output in outputs)
