"""Each doubt of the rules is said once per process; a check inside quiet() says nothing and
does not use up the warning the real request gives."""

from __future__ import annotations

import warnings

import pytest

from imagewidgets.capabilities import UnknownParameterWarning, quiet, validate

REQUEST = {"prompt": "a fox", "model": "gpt-image-2.6-flare", "qualty": "low"}


def test_an_unknown_parameter_is_warned_once_for_many_requests() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(5):
            validate("generate", REQUEST)
    said = [str(w.message) for w in caught if w.category is UnknownParameterWarning]
    assert len(said) == 1
    assert "'qualty' is not in imagewidgets' rules table" in said[0]


def test_a_quiet_check_collects_the_doubt_and_leaves_the_warning_for_the_real_request() -> None:
    with quiet() as said:
        validate("generate", REQUEST)
        validate("generate", REQUEST)
    assert len(said) == 2
    assert "'qualty'" in said[0]
    with pytest.warns(UnknownParameterWarning, match="'qualty'"):
        validate("generate", REQUEST)
