"""GIFs and SVGs in the views: the preview plays a GIF's frames and starts Edit and Variations
from the frame its slider shows, an SVG reaches the browser as its safe copy, the status says
what a GIF or SVG run is drawing, and the gallery and the static sheet keep them moving."""

from __future__ import annotations

import asyncio
import base64
import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.emulator import EmulatorConfig
from imagewidgets.store import Store
from imagewidgets.widgets.gallery import Gallery
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.runs.status import done_text, making_text
from imagewidgets.widgets.studio import Studio
from tests.support.media import frames_in, gif_result, svg, svg_result
from tests.support.widgets import browser_sends, click, front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


@pytest.fixture
async def client() -> AsyncIterator[ImagesClient]:
    made = ImagesClient(offline=True, emulator=EmulatorConfig(pace=0))
    yield made
    await made.aclose()


def test_a_gif_cell_gets_every_frame_and_its_durations() -> None:
    preview = ImagePreview(1)
    preview.show(gif_result(frames=5))
    cell = preview.cells[0]
    assert cell["state"] == "final"
    assert cell["caption"].endswith("· 5 frames")
    assert cell["animation"] == {"first": 0, "count": 5, "durations": [120] * 5}
    colours = [Image.open(io.BytesIO(f.data)).convert("RGB").getpixel((40, 40)) for f in
               preview.animation_frames]  # fmt: skip
    assert colours[:3] == [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    assert preview.frames[0] == preview.animation_frames[0].data  # the first frame until it plays
    preview.reset(1)
    assert preview.animation_frames == []
    assert "animation" not in preview.cells[0]


def test_an_svg_cell_gets_the_safe_vector() -> None:
    preview = ImagePreview(1)
    preview.show(svg_result(svg(inside="<script>alert(1)</script>")))
    shown = preview.frames[0]
    assert shown.startswith(b"<svg")
    assert b"alert" not in shown
    assert (preview.cells[0]["width"], preview.cells[0]["height"]) == (120, 80)
    assert Image.open(io.BytesIO(preview.filmstrip[0])).format == "WEBP"  # a raster thumbnail


def test_the_frame_shown_when_an_action_is_pressed_is_remembered() -> None:
    preview = ImagePreview(2)
    pressed: list[tuple[str, int]] = []
    preview.on_action(lambda action, index: pressed.append((action, index)))
    browser_sends(preview, {"action": "edit", "index": 1, "frame": 3})
    browser_sends(preview, {"action": "vary", "index": 0, "frame": "3"})  # not a frame: ignored
    assert pressed == [("edit", 1), ("vary", 0)]
    assert (preview.chosen_frame(1), preview.chosen_frame(0)) == (3, 0)


async def test_edit_and_variations_on_a_gif_start_from_the_frame_the_slider_shows(
    client: ImagesClient, tmp_path: Path
) -> None:
    studio = Studio("a kite", client=client, store=Store(tmp_path), output_format="gif",
                    size="auto", frame_count=4, quality="low")  # fmt: skip
    (kite,) = await studio.generate()
    preview = studio.runs_area.children[0]
    assert isinstance(preview, ImagePreview)
    browser_sends(preview, {"action": "edit", "index": 0, "frame": 2})
    panel = studio._edit_panel
    assert panel is not None
    assert panel.painter.image is not None
    assert panel.painter.image.sha256 == kite.frame_source(2).sha256
    browser_sends(preview, {"action": "vary", "index": 0, "frame": 1})
    varied = await studio.runs[-1]
    assert varied[0].parent is not None
    assert varied[0].parent.sha256 == kite.sha256


async def test_a_gif_run_says_what_it_draws_and_its_panel_what_gif_rules_out(
    tmp_path: Path,
) -> None:
    slow = ImagesClient(offline=True, emulator=EmulatorConfig(pace=0, latency=1.0))
    studio = Studio("a kite", client=slow, store=Store(tmp_path), quality="low",
                    output_format="gif", size="auto", frame_count=3)  # fmt: skip
    notes = studio.controls.notes.value
    assert "Partial frames: GIF and SVG output cannot stream." in notes
    assert "partial_images" not in studio.controls.params()
    click(studio.generate_button)
    run = studio.runs[-1]
    drawing = asyncio.Event()
    run.observe(lambda c: drawing.set() if c.new.startswith("drawing 3 frames · ") else None,
                "status")  # fmt: skip
    await asyncio.wait_for(drawing.wait(), 30)  # a guard against hanging, not a timing test
    images = await run
    assert images[0].frame_count == 3
    await slow.aclose()


def test_the_status_names_the_svg_authors_tokens() -> None:
    text = done_text(ImageList([svg_result()]), 3.0)
    assert "SVG author gpt-5.6-sol: 1,500 tokens (1,000 reasoning)" in text
    assert making_text({"output_format": "svg"}) == "drawing, then writing the SVG"
    assert making_text({"output_format": "png"}) == ""


def test_the_gallery_shows_an_svg_as_a_vector_and_a_gif_still_moving(tmp_path: Path) -> None:
    store = Store(tmp_path)
    logo = svg_result(svg(inside="<script>x()</script>"))
    kite = gif_result()
    store.add(logo)
    store.add(kite)
    gallery = Gallery(store)
    gallery.selected = logo.sha256
    assert gallery.detail_image.startswith(b"<svg")
    assert b"<script" not in gallery.detail_image
    assert "gpt-5.6-sol" in dict(gallery.detail["rows"])["SVG author"]
    gallery.selected = kite.sha256
    assert frames_in(Image.open(io.BytesIO(gallery.detail_image))) == 4
    gallery.compare = [logo.sha256, kite.sha256]
    assert gallery.compare_images[0].startswith(b"<svg")


def test_the_static_sheet_moves_when_a_gif_is_on_it(tmp_path: Path) -> None:
    store = Store(tmp_path)
    still = GeneratedImage(data=svg_result().data, format="svg", width=120, height=80,
                           prompt="a logo", model="gpt-image-2.6-flare")  # fmt: skip
    store.add(still)
    gallery = Gallery(store)
    assert "text/html" not in gallery.sheet._bundle  # still images: the JPEG alone
    store.add(gif_result())
    gallery.sheet.show(store.records(), total=2)
    bundle = gallery.sheet._bundle
    (encoded,) = re.findall(r'src="data:image/webp;base64,([^"]+)"', bundle["text/html"])
    sheet = Image.open(io.BytesIO(base64.b64decode(encoded)))
    assert frames_in(sheet) == 4
    assert "image/jpeg" in bundle  # for readers that show no HTML
