"""Messages are joined without doubled punctuation; the checker the fault-card test relies on
finds what it should and nothing else."""

from __future__ import annotations

import pytest

from imagewidgets.api.wording import clause, doubled_punctuation, sentence


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Sorry about that!. This is usually temporary", ["!."]),
        ("while generating the image.. Try again", [".."]),
        ("Try again.: generate again", [".:"]),
        ("not ready yet?.", ["?."]),
        ("the image , and more", [" ,"]),
        ("done.!", [".!"]),
    ],
)
def test_doubled_punctuation_is_found(text: str, found: list[str]) -> None:
    assert doubled_punctuation(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Sorry about that! This is usually temporary: try again.",
        "Wait… and then some... more.",
        "pick a model (e.g. dall-e-3) or gpt-image-2.5.",
        "see https://platform.openai.com/settings/organization/general (it can take 15 minutes).",
        "frame 2 of 3 · 4.1 s · 0.4 s",
        "(request id req_1)",
    ],
)
def test_good_punctuation_is_not_flagged(text: str) -> None:
    assert doubled_punctuation(text) == []


def test_sentence_and_clause() -> None:
    assert sentence("Sorry about that!") == "Sorry about that!"
    assert sentence("  the end  ") == "the end."
    assert sentence("") == ""
    assert clause("The server had an error.") == "The server had an error"
    assert clause("Really?! ") == "Really"
