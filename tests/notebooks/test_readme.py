"""The README's examples run as written, in a notebook kernel, offline, on the done-when day of
issue 11 (2026-12-02); its model table is the rules table's; its spend.json example is valid."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from imagewidgets.capabilities.table import BEGIN, END, models_markdown, with_table
from imagewidgets.store.prices import SpendSettings
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


def python_examples() -> list[str]:
    """Every ``python`` block of the README, in order."""
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_every_readme_example_runs_offline_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = python_examples()
    assert len(examples) >= 8
    cells = [nbformat.v4.new_code_cell(code) for code in examples]  # type: ignore[no-untyped-call]
    notebook = nbformat.v4.new_notebook(cells=cells)  # type: ignore[no-untyped-call]
    execute_offline(notebook, tmp_path, monkeypatch)
    printed = "".join(
        output.get("text", "") for cell in notebook.cells for output in cell.outputs
    )
    assert "model dall-e-3 was shut down on 2026-05-12; use gpt-image-2.6-flare" in printed
    assert "https://my-resource.openai.azure.com/openai/v1 azure" in printed
    errors = [out for cell in notebook.cells for out in cell.outputs if out.output_type == "error"]
    assert not errors


def test_the_model_table_is_the_rules_tables() -> None:
    text = README.read_text(encoding="utf-8")
    assert with_table(text) == text, "run: python -m imagewidgets.capabilities.table --write README.md"
    between = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert between.strip() == models_markdown().strip()


def test_the_table_is_rewritten_between_its_markers_only() -> None:
    stale = f"intro\n{BEGIN}\n| old | table |\n{END}\noutro\n"
    assert with_table(stale) == f"intro\n{BEGIN}\n{models_markdown()}{END}\noutro\n"
    with pytest.raises(ValueError, match="markers"):
        with_table("no markers here")


def test_the_spend_json_example_is_a_valid_price_table() -> None:
    text = README.read_text(encoding="utf-8")
    (example,) = re.findall(r"```json\n(.*?)```", text, re.DOTALL)
    settings = SpendSettings.from_json(json.loads(example))
    assert settings.budget is not None
    assert settings.image_price("gpt-image-2.6-flare", {"quality": "low"}) == 0.006
