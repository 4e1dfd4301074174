"""Today's models in a real browser (issue 11's done-when): the Studio's model list marks the
retired models, and gpt-image-2.6-flare with complexity and quality "xhigh" generates."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from .harness import write_notebook
from .notebook_page import NotebookPage

STUDIO = """\
import imagewidgets as iw

client = iw.ImagesClient(emulator=iw.EmulatorConfig(pace=0.2))
studio = iw.Studio(client=client, model="gpt-image-2", partial_images=2)
studio
"""


def test_flare_with_complexity_and_xhigh_generates_and_retired_models_are_marked(
    lab: NotebookPage, notebook_dir: Path
) -> None:
    write_notebook(notebook_dir, "studio-today.ipynb", [STUDIO])
    lab.open("studio-today.ipynb")
    lab.run_all()
    page = lab.page
    models = page.get_by_label("Model", exact=True)
    expect(models).to_have_value("gpt-image-2")
    listed = [text.replace("\xa0", " ") for text in models.locator("option").all_inner_texts()]
    assert listed[:5] == [
        "gpt-image-2.6-flare",
        "gpt-image-2.6-sunburst",
        "gpt-image-2.5-flare",
        "gpt-image-2.5-sunburst",
        "gpt-image-2",
    ]
    for retired in (
        "gpt-image-1.5 · shut down 2026-12-01",
        "gpt-image-1 · shut down 2026-10-23",
        "dall-e-3 · shut down 2026-05-12",
        "dall-e-2 · shut down 2026-05-12",
    ):
        assert retired in listed, listed
    expect(page.get_by_label("Complexity", exact=True)).to_be_hidden()  # not for gpt-image-2

    models.select_option("gpt-image-2.6-flare")
    complexity = page.get_by_label("Complexity", exact=True)
    expect(complexity).to_be_visible()
    complexity.select_option("low")
    page.get_by_label("Quality", exact=True).select_option("xhigh")
    lab.widget("textbox", "Prompt").fill("a lighthouse at dusk, ink and watercolor")
    lab.screenshot("studio-flare-xhigh")
    lab.widget("button", "Generate").click()

    final = page.locator(".iw-cell[data-state='final'] img.iw-image").first
    final.wait_for(timeout=60_000)
    expect(final).to_be_visible()
    lab.screenshot("studio-flare-xhigh-final")
    made = "[(i.model, i.params.get('complexity'), i.params['quality']) for i in studio.results]"
    assert lab.value(made) == [["gpt-image-2.6-flare", "low", "xhigh"]]
    assert {frame["state"] for frame in lab.frames()} >= {"partial", "final"}
