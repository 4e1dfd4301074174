"""Voilà for teaching: ``notebooks/classroom.ipynb`` served as an app, the way a class sees it.

The page is cut off from everything but this machine (every request that would leave it is
refused, as in an offline classroom): the app still renders, shows no code, and a prompt typed
into it streams its frames into the preview until the final image.
"""

from __future__ import annotations

from playwright.sync_api import expect

from .harness import block_outside
from .notebook_page import NotebookPage

VOILA_OWN = ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@",)
"""What Voilà's own page template asks a CDN for: Font Awesome's style sheets, which it also
ships (its icons show offline). Nothing else may leave the machine."""


def test_the_classroom_app_streams_offline_and_shows_no_code(voila: NotebookPage) -> None:
    page = voila.page
    refused = block_outside(page)
    voila.open("classroom.ipynb")
    prompt = voila.widget("textbox", "Prompt")
    expect(page.get_by_role("heading", name="Pictures from words")).to_be_visible()
    code = page.locator(".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor")
    expect(code).to_have_count(0)
    assert "import imagewidgets" not in page.content()

    prompt.fill("a red kite over a stormy sea, watercolor")
    voila.widget("button", "Generate").click()
    run = page.get_by_role("region", name="Generation run 1")
    run.locator(".iw-cell[data-state='partial'] img.iw-image").first.wait_for()
    voila.screenshot("classroom-streaming")
    run.locator(".iw-cell[data-state='final'] img.iw-image").first.wait_for(timeout=60_000)
    voila.screenshot("classroom-final")

    frames = voila.frames("Generation run 1")
    assert [frame["state"] for frame in frames][-1] == "final", frames
    partial = {frame["digest"] for frame in frames if frame["state"] == "partial"}
    assert len(partial) >= 2, frames
    assert frames[-1]["width"] > 0
    assert all(url.startswith(VOILA_OWN) for url in refused), refused
