"""The Studio in a real browser: type, Generate, watch the frames, Cancel, model rules."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from .harness import write_notebook
from .notebook_page import NotebookPage

STUDIO = """\
import imagewidgets as iw

client = iw.ImagesClient(emulator=iw.EmulatorConfig(pace={pace}))
studio = iw.Studio(client=client, model="gpt-image-2.6-flare", quality="low", partial_images=3)
studio
"""


def open_studio(page: NotebookPage, directory: Path, name: str, pace: float = 0.7) -> None:
    """Write a one-cell Studio notebook (emulator slowed to ``pace`` s per frame), run it."""
    write_notebook(directory, name, [STUDIO.format(pace=pace)])
    page.open(name)
    page.run_all()
    page.widget("button", "Generate")


def test_generate_streams_distinct_partial_frames_then_the_requested_size(
    jupyter: NotebookPage, notebook_dir: Path
) -> None:
    page = jupyter.page
    page.set_viewport_size({"width": 1100, "height": 1900})  # the whole Studio in one screenshot
    open_studio(jupyter, notebook_dir, "studio-generate.ipynb")
    jupyter.widget("textbox", "Prompt").fill("a lighthouse in a storm, oil painting")
    page.get_by_label("Size", exact=True).select_option("1536x1024")
    jupyter.widget("button", "Generate").click()

    page.locator(".iw-cell[data-state='partial'] img.iw-image").first.wait_for()
    jupyter.screenshot("studio-mid-stream", target=page.locator(".iw-studio"))
    final = page.locator(".iw-cell[data-state='final'] img.iw-image").first
    final.wait_for(timeout=60_000)
    jupyter.screenshot("studio-final")

    frames = jupyter.frames()
    first_final = next(i for i, frame in enumerate(frames) if frame["state"] == "final")
    before = {frame["digest"] for frame in frames[:first_final] if frame["state"] == "partial"}
    assert len(before) >= 2, frames
    width, height = frames[first_final]["width"], frames[first_final]["height"]
    assert abs(width / height - 1.5) < 0.01, (width, height)
    assert jupyter.value("[(i.width, i.height, i.prompt) for i in studio.results]") == [
        [1536, 1024, "a lighthouse in a storm, oil painting"]
    ]


def test_cancel_mid_stream_stops_the_run_and_the_next_generate_works(
    lab: NotebookPage, notebook_dir: Path
) -> None:
    open_studio(lab, notebook_dir, "studio-cancel.ipynb", pace=1.0)
    page = lab.page
    lab.widget("textbox", "Prompt").fill("a slow sunrise over the sea")
    lab.widget("button", "Generate").click()
    first = page.get_by_role("region", name="Generation run 1")
    first.locator(".iw-cell[data-state='partial']").first.wait_for()

    page.get_by_role("button", name="Cancel", exact=True).click()
    expect(first.get_by_role("status")).to_contain_text("cancelled")
    lab.screenshot("studio-cancelled")

    lab.widget("button", "Generate").click()
    second = page.get_by_role("region", name="Generation run 2")
    second.locator(".iw-cell[data-state='final']").first.wait_for(timeout=60_000)
    # Run 2 took four frame intervals; had Run 1 kept streaming it would have ended by now.
    assert {frame["state"] for frame in lab.frames("Generation run 1")} == {"partial"}
    expect(first.locator(".iw-cell")).to_have_attribute("data-state", "cancelled")
    assert lab.value("[image.prompt for image in studio.results]") == [
        "a slow sunrise over the sea"
    ]


def test_model_rules_hide_disable_and_refuse(lab: NotebookPage, notebook_dir: Path) -> None:
    open_studio(lab, notebook_dir, "studio-models.ipynb")
    page = lab.page
    lab.widget("textbox", "Prompt").fill("a glass of water")
    generate = lab.widget("button", "Generate")

    page.get_by_label("Model", exact=True).select_option("dall-e-3 · shut down 2026-05-12")
    expect(page.get_by_text("Cannot generate: model dall-e-3 was shut down")).to_be_visible()
    expect(page.get_by_label("Images", exact=True)).to_be_disabled()
    expect(page.get_by_label("Partial frames", exact=True)).to_be_hidden()
    expect(page.get_by_label("Background", exact=True)).to_be_hidden()
    expect(page.get_by_label("Style", exact=True)).to_be_visible()
    lab.screenshot("controls-dall-e-3")

    page.get_by_label("Model", exact=True).select_option("gpt-image-2")
    qualities = page.get_by_label("Quality", exact=True).locator("option")
    expect(qualities).not_to_have_count(0)
    assert "xhigh" not in qualities.all_inner_texts()

    page.get_by_label("Model", exact=True).select_option("gpt-image-2.6-flare")
    expect(page.get_by_label("Images", exact=True)).to_be_enabled()
    expect(page.get_by_label("Style", exact=True)).to_be_hidden()
    page.get_by_label("Background", exact=True).select_option("transparent")
    page.get_by_label("Output format", exact=True).select_option("jpeg")
    expect(generate).to_be_disabled()
    expect(page.get_by_text("Cannot generate:")).to_be_visible()
    lab.screenshot("controls-impossible")

    page.get_by_role("textbox", name="Prompt", exact=True).press("Control+Enter")
    page.get_by_label("Output format", exact=True).select_option("png")
    expect(generate).to_be_enabled()
    assert lab.value("[len(studio.runs), len(studio.results)]") == [0, 0]
    assert page.get_by_role("region", name="Generation run 1").count() == 0
