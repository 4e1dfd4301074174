"""The examples in the package's docstrings run and give what they show, on the done-when day
of issue 11 (2026-12-02: the 2026-12-01 shutdowns have happened)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import imagewidgets
from imagewidgets.capabilities import today
from tests.support.models import DONE_WHEN, TODAY_ENV

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(imagewidgets.__path__, "imagewidgets.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_ENV, DONE_WHEN.isoformat())
    assert today() == DONE_WHEN
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_a_wrong_example_is_caught() -> None:
    def shows_a_wrong_result() -> None:
        """>>> 1 + 1
        3
        """

    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(verbose=False)
    for test in finder.find(shows_a_wrong_result, "shows_a_wrong_result", globs={}):
        runner.run(test, out=lambda _: None)
    assert runner.summarize(verbose=False).failed == 1
