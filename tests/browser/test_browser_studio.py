"""The Studio in a real browser: type, Generate, watch the frames, Cancel, model rules."""

from __future__ import annotations

from pathlib import Path

from .harness import write_notebook
from .notebook_page import NotebookPage

STUDIO = """\
import imagewidgets as iw

client = iw.ImagesClient(emulator=iw.EmulatorConfig(pace={pace}))
studio = iw.Studio(client=client, model="gpt-image-1.5", quality="low", partial_images=3)
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
    open_studio(jupyter, notebook_dir, "studio-generate.ipynb")
    page = jupyter.page
    jupyter.widget("textbox", "Prompt").fill("a lighthouse in a storm, oil painting")
    page.get_by_label("Size", exact=True).select_option("1536x1024")
    jupyter.widget("button", "Generate").click()

    page.locator(".iw-cell[data-state='partial'] img.iw-image").first.wait_for()
    jupyter.screenshot("studio-mid-stream")
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
