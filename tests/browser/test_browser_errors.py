"""Service failures in a real browser: a 429 and a 500 become readable cards; the next run works."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .harness import write_notebook
from .notebook_page import NotebookPage

FAULTY_STUDIO = """\
import imagewidgets as iw

# The emulator fails the first request with {fault}; no automatic retry, so the card shows.
emulator = iw.EmulatorConfig(pace=0.2, faults=("{fault};times=1",))
client = iw.ImagesClient(max_retries=0, emulator=emulator)
studio = iw.Studio("a paper boat on a pond", client=client, quality="low", partial_images=2)
studio
"""


@pytest.mark.parametrize(
    ("fault", "words"),
    [("rate_limit", "rate limit"), ("server_error", "the service failed")],
)
def test_a_failed_request_shows_a_readable_card_and_the_next_generate_works(
    lab: NotebookPage, notebook_dir: Path, fault: str, words: str
) -> None:
    write_notebook(notebook_dir, f"studio-{fault}.ipynb", [FAULTY_STUDIO.format(fault=fault)])
    lab.open(f"studio-{fault}.ipynb")
    lab.run_all()
    page = lab.page

    lab.widget("button", "Generate").click()
    card = page.get_by_role("region", name="Generation run 1").get_by_role("alert")
    expect(card).to_contain_text(words, ignore_case=True)
    expect(card).to_contain_text("request id")
    expect(card.locator(".iw-card-advice")).not_to_be_empty()
    assert "Traceback" not in card.inner_text()
    lab.screenshot(f"error-{fault}")

    lab.widget("button", "Generate").click()
    second = page.get_by_role("region", name="Generation run 2")
    second.locator(".iw-cell[data-state='final']").first.wait_for(timeout=60_000)
    expect(second.get_by_role("alert")).to_have_count(0)
    assert lab.value("len(studio.results)") == 1
