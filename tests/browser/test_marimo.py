"""marimo: ``notebooks/marimo_studio.py`` as an app, driven like a person would.

Generate streams its frames into the preview (each frame a model of its own, which marimo
resolves), a mask painted with the mouse reaches Python (the cell that counts the marked pixels
runs again), and an edit with that mask streams in.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .notebook_page import NotebookPage
from .pointer import drag

PIXELS = re.compile(r"([\d,]+) of ([\d,]+) pixels marked for editing")


def marked(page: NotebookPage) -> tuple[int, int]:
    """The marked and total pixel counts the counting cell shows now."""
    text = page.page.get_by_text(PIXELS).inner_text()
    found = PIXELS.search(text)
    assert found, text
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def test_the_marimo_studio_streams_and_a_painted_mask_reaches_python(marimo: NotebookPage) -> None:
    page = marimo.page
    page.goto(marimo.server.url(""))
    marimo.widget("button", "Generate").click()
    preview = page.get_by_role("region", name="Generation")
    preview.locator(".iw-cell[data-state='final'] img.iw-image").wait_for(timeout=60_000)
    marimo.screenshot("studio-final")
    frames = marimo.frames("Generation")
    assert frames[-1]["state"] == "final", frames
    assert len({frame["digest"] for frame in frames if frame["state"] == "partial"}) >= 2, frames

    counts = page.get_by_text(PIXELS)
    expect(counts).to_contain_text("0 of 1,048,576 pixels")
    overlay = page.get_by_role("img", name=re.compile("^Mask overlay"))
    overlay.scroll_into_view_if_needed()
    drag(overlay)
    expect(counts).not_to_contain_text(re.compile(r"^0 of"))
    painted, total = marked(marimo)
    assert 0 < painted < total // 4, painted
    marimo.screenshot("mask-painted")

    marimo.widget("button", re.compile("^Edit$")).click()
    edit = page.get_by_role("region", name="Edit")
    edit.locator(".iw-cell[data-state='final'] img.iw-image").wait_for(timeout=60_000)
    expect(page.get_by_text("its parent is the image above")).to_be_visible()
    marimo.screenshot("edit-final")
