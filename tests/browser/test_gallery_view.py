"""The gallery in a real browser: thumbnails, search, filter, selection with provenance, Copy as
Python, lineage, comparison (side by side and slider), accessible names, the dark theme, and the
static sheet a kernel-less reader sees."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from .colours import CONTRAST, LEGIBLE, luminance
from .harness import write_notebook
from .notebook_page import NotebookPage

GALLERY = """\
import imagewidgets as iw

client = iw.ImagesClient(offline=True, emulator=iw.EmulatorConfig(pace=0))
store = iw.Store()
for prompt, model in [("a red fox", "gpt-image-2.6-flare"), ("a blue whale", "gpt-image-2.5-flare"),
                      ("a snowy owl", "gpt-image-2.6-flare")]:
    for image in await client.generate(prompt, model=model, quality="low"):
        store.add(image)
fox = store.load(store.records()[-1].sha256)
for image in await fox.edit("give it a scarf", quality="low"):
    store.add(image)
gallery = iw.Gallery(store)
gallery
"""

UNNAMED = """() => [...document.querySelectorAll(
    '.iw-gallery button, .iw-gallery input, .iw-gallery select')]
  .filter((el) => el.offsetParent !== null)
  .filter((el) => !(el.getAttribute('aria-label') || el.textContent.trim()))
  .map((el) => el.outerHTML.slice(0, 80))"""


def test_the_gallery_in_jupyterlab(lab: NotebookPage, notebook_dir: Path) -> None:
    write_notebook(notebook_dir, "gallery.ipynb", [GALLERY])
    lab.open("gallery.ipynb")
    lab.run_all()
    page = lab.page
    gallery = page.locator(".iw-gallery")
    thumbs = gallery.locator(".iw-g-thumb")
    expect(thumbs).to_have_count(4)
    names = [thumbs.nth(i).get_attribute("aria-label") or "" for i in range(4)]
    newest_first = ["give it a scarf", "a snowy owl", "a blue whale", "a red fox"]
    assert [name.split(" (")[0] for name in names] == [f"Select: {p}" for p in newest_first]
    assert page.evaluate(UNNAMED) == []

    lab.widget("searchbox", "Search prompts").fill("owl")
    expect(thumbs).to_have_count(1)
    lab.widget("searchbox", "Search prompts").fill("")
    expect(thumbs).to_have_count(4)
    page.get_by_label("Filter by model").select_option("gpt-image-2.5-flare")
    expect(thumbs).to_have_count(1)
    page.get_by_label("Filter by model").select_option("")
    expect(thumbs).to_have_count(4)

    lab.widget("button", "Select: give it a scarf", within=gallery).click()
    detail = page.get_by_role("region", name="Selected image")
    expect(detail.locator("img.iw-g-full")).to_be_visible()
    expect(detail.locator("dl")).to_contain_text("gpt-image-2.6-flare")
    lab.widget("button", "Copy as Python: give it a scarf").click()
    expect(detail.locator("pre.iw-g-code")).to_contain_text("await client.edit(")
    tree = page.get_by_role("list", name="Lineage: parents and children")
    expect(tree.get_by_role("button")).to_have_count(2)
    lab.screenshot("gallery-selected", target=gallery)
    tree.get_by_role("button", name="Select: generate: a red fox").click()
    expect(detail.locator("h3")).to_have_text("a red fox")

    page.get_by_role("checkbox", name="Compare: a snowy owl").check()
    page.get_by_role("checkbox", name="Compare: a blue whale").check()
    comparison = page.get_by_role("region", name="Compare two images")
    expect(comparison.locator(".iw-g-side img")).to_have_count(2)
    comparison.get_by_role("radio", name="Slider").check()
    slider = comparison.get_by_role("slider")
    expect(slider).to_be_visible()
    slider.fill("20")
    overlay = comparison.locator(".iw-g-overlay")
    expect(overlay).to_have_css("clip-path", "inset(0px 80% 0px 0px)")
    assert page.evaluate(UNNAMED) == []
    lab.screenshot("gallery-compare", target=gallery)
    assert lab.value("len(gallery.compare)") == 2

    light = gallery.evaluate("(el) => getComputedStyle(el).color")
    texts = {"light": gallery.evaluate(CONTRAST)}
    with lab.dark_theme():
        dark = gallery.evaluate("(el) => getComputedStyle(el).color")
        texts["dark"] = gallery.evaluate(CONTRAST)
        lab.screenshot("gallery-dark", target=gallery)
    assert luminance(dark) > luminance(light)
    for theme, found in texts.items():
        assert len(found) > 20, (theme, found)
        assert [text for text in found if text["ratio"] < LEGIBLE] == [], theme

    sheet = lab.output(0).locator("img[src^='data:image/jpeg']")
    expect(sheet).to_have_count(1)
