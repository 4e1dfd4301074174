"""Examples use active models: no notebook cell, README example or docstring example names a
model that is shut down on the done-when day (2026-12-02), except where it shows the refusal (or
the model's lifecycle, or a compatible server that still serves it: see ``SHOWS_REFUSAL``)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from collections.abc import Iterator

import nbformat
import pytest

import imagewidgets
from tests.support import ROOT
from tests.support.models import SHOWS_REFUSAL, retired_named

Example = tuple[str, str]
"""Where an example is, and its text."""


def notebook_cells() -> Iterator[Example]:
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        book = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
        for number, cell in enumerate(book.cells):
            yield f"{path.name} cell {number}", cell.source
    marimo = ROOT / "notebooks" / "marimo_studio.py"
    for number, cell in enumerate(marimo.read_text(encoding="utf-8").split("@app.cell")):
        yield f"{marimo.name} cell {number}", cell


def readme_examples() -> Iterator[Example]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for number, block in enumerate(re.findall(r"```python\n(.*?)```", text, re.DOTALL)):
        yield f"README.md python block {number}", block


def docstring_examples() -> Iterator[Example]:
    finder = doctest.DocTestFinder()
    for info in pkgutil.walk_packages(imagewidgets.__path__, "imagewidgets."):
        module = importlib.import_module(info.name)
        for test in finder.find(module):
            for example in test.examples:
                text = example.source + example.want + (example.exc_msg or "")
                yield f"{test.name} line {test.lineno}", text
            for block in literal_blocks(test.docstring or ""):
                yield f"{test.name} (a literal block)", block


def literal_blocks(docstring: str) -> Iterator[str]:
    """The indented blocks after a line ending in ``::`` (examples doctest does not run)."""
    lines = docstring.splitlines()
    for number, line in enumerate(lines):
        if not line.rstrip().endswith("::"):
            continue
        indent = len(line) - len(line.lstrip())
        block = []
        for following in lines[number + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            block.append(following)
        yield "\n".join(block)


def misnamed(examples: Iterator[Example]) -> list[str]:
    return [
        f"{where}: {', '.join(names)}"
        for where, text in examples
        if (names := retired_named(text)) and not SHOWS_REFUSAL.search(text)
    ]


@pytest.mark.parametrize(
    "examples", [notebook_cells, readme_examples, docstring_examples], ids=lambda f: f.__name__
)
def test_examples_name_only_active_models(examples: object) -> None:
    assert callable(examples)
    assert misnamed(examples()) == []


def test_the_scan_finds_a_retired_model_and_lets_a_refusal_through() -> None:
    examples = iter(
        [
            ("uses it", 'await client.generate("a fox", model="gpt-image-1.5")'),
            ("shows the refusal", "except iw.ModelShutDownError: ...  # dall-e-3"),
            ("uses an active one", 'studio = iw.Studio(model="gpt-image-2.5-flare")'),
        ]
    )
    assert misnamed(examples) == ["uses it: gpt-image-1.5"]


def test_the_scan_sees_every_kind_of_example() -> None:
    assert len(list(notebook_cells())) > 40
    assert len(list(readme_examples())) >= 5
    examples = list(docstring_examples())
    assert len(examples) > 300
    assert any("(a literal block)" in where for where, _ in examples)
