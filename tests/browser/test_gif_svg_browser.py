"""GIF and SVG results in a real browser: a GIF generation plays (its frames change on screen),
pauses and scrubs, and Edit starts from the frame shown; an SVG stays crisp when zoomed, where a
raster of it blurs; hostile SVGs run nothing and reach nothing, in the notebook, the preview, the
gallery and the nbconvert HTML."""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbconvert import HTMLExporter
from PIL import Image
from playwright.sync_api import BrowserContext, Locator, expect

from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.store import Store
from imagewidgets.widgets.history.sheet import StaticSheet
from tests.support.media import hostile_svgs

from .harness import write_notebook
from .notebook_page import NotebookPage

GIF_STUDIO = """\
import imagewidgets as iw

client = iw.ImagesClient(emulator=iw.EmulatorConfig(pace=0, latency=1.5))
studio = iw.Studio("a red kite over the sea", client=client, model="gpt-image-2.6-flare",
                   quality="low", output_format="gif", size="auto", frame_count=4,
                   frame_duration_ms=150)
studio
"""

EDGES = """\
import io
import imagewidgets as iw

EDGE = (b'<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48">'
        b'<rect width="48" height="48" fill="white"/><polygon points="0,0 48,0 0,48"/></svg>')
vector = iw.GeneratedImage(data=EDGE, format="svg", width=48, height=48, prompt="vector")
_buffer = io.BytesIO()
vector.to_pil().convert("RGB").save(_buffer, "PNG")
raster = iw.GeneratedImage(data=_buffer.getvalue(), format="png", width=48, height=48)
shown = {}
for name, image in (("Vector", vector), ("Raster", raster)):
    shown[name] = iw.ImagePreview(label=name)
    shown[name].show(image)
    display(shown[name])
"""

HOSTILE = """\
import imagewidgets as iw
from IPython.display import display

HOSTILE = {hostile!r}
store = iw.Store()
images = [iw.GeneratedImage(data=data, format="svg", width=120, height=80, prompt=name,
                            model="gpt-image-2.6-flare") for name, data in HOSTILE.items()]
for image in images:
    store.add(image)
    display(image)
display(iw.ImageList(images))
preview = iw.ImagePreview(n=len(images), label="Hostile")
for number, image in enumerate(images):
    preview.show(image, index=number)
display(preview)
gallery = iw.Gallery(store)
gallery
"""


class Beacon:
    """A loopback HTTP server that counts every request to ``/hit`` (what a hostile SVG would
    send), and serves the pages a test gives it (``pages``: path to HTML bytes)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.pages: dict[str, bytes] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hit"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def page(self, name: str, html: bytes) -> str:
        """Serve ``html`` at ``/name``; returns its address."""
        self.pages[f"/{name}"] = html
        return self.url.replace("/hit", f"/{name}")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        beacon = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                page = beacon.pages.get(self.path)
                if self.path.startswith("/hit"):
                    beacon.hits.append(self.path)
                self.send_response(200)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Type", "text/html" if page else "text/plain")
                self.end_headers()
                self.wfile.write(page or b"counted")

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def beacon() -> Iterator[Beacon]:
    counter = Beacon()
    counter.thread.start()
    yield counter
    counter.server.shutdown()
    counter.server.server_close()


def shot(locator: Locator) -> bytes:
    return locator.screenshot(animations="allow")


def test_a_gif_generation_plays_pauses_scrubs_and_edits_the_frame_shown(
    jupyter: NotebookPage, notebook_dir: Path
) -> None:
    page = jupyter.page
    page.set_viewport_size({"width": 1200, "height": 1600})
    write_notebook(notebook_dir, "gif-studio.ipynb", [GIF_STUDIO])
    jupyter.open("gif-studio.ipynb")
    jupyter.run_all()
    jupyter.widget("button", "Generate").click()
    run = page.get_by_role("region", name="Generation run 1")
    expect(run.get_by_role("status")).to_contain_text("drawing 4 frames")
    picture = run.locator(".iw-cell[data-state='final'] img.iw-image")
    picture.wait_for(timeout=60_000)
    pause = jupyter.widget("button", "Pause animation (image 1)")

    seen = set()
    for _ in range(14):
        seen.add(hashlib.sha256(shot(picture)).hexdigest())
        page.wait_for_timeout(110)
    assert len(seen) >= 3, "the frames change on screen over time"
    jupyter.screenshot("gif-playing", target=run)

    pause.click()
    slider = page.get_by_role("slider", name="Frame (image 1)")
    held = slider.get_attribute("aria-valuetext")
    still = shot(picture)
    page.wait_for_timeout(600)
    assert slider.get_attribute("aria-valuetext") == held
    assert shot(picture) == still, "paused: the frame stays"
    expect(page.get_by_role("button", name="Play animation (image 1)")).to_be_visible()

    slider.focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "frame 3 of 4")
    assert shot(picture) != still or held == "frame 3 of 4"
    page.get_by_role("button", name="Edit (image 1)").click()
    jupyter.wait_for("studio._edit_panel is not None and studio._edit_panel.painter.image")
    chosen = "studio._edit_panel.painter.image.sha256 == studio.results[0].frame_source(2).sha256"
    assert jupyter.value(chosen) is True


def edge_width(png: bytes) -> float:
    """How many pixels the black/white edge takes along each row, at most, on average: the
    greys between black and white (1-2 for a crisp edge; many for an upscaled raster)."""
    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=int)
    middle = grey[grey.shape[0] // 4 : grey.shape[0] * 3 // 4]
    ramp = (middle > 40) & (middle < 215)
    return float(ramp.sum(axis=1).mean())


def test_an_svg_shows_as_a_vector_and_stays_crisp_when_zoomed(
    lab: NotebookPage, notebook_dir: Path
) -> None:
    write_notebook(notebook_dir, "svg-edges.ipynb", [EDGES])
    lab.open("svg-edges.ipynb")
    lab.run_all()
    page = lab.page
    vector = page.get_by_role("region", name="Vector").locator("img.iw-image")
    raster = page.get_by_role("region", name="Raster").locator("img.iw-image")
    vector.wait_for()
    raster.wait_for()
    assert vector.evaluate("img => img.naturalWidth") == 48
    box = vector.bounding_box()
    assert box is not None
    assert box["width"] > 300, "shown many times its size"
    crisp, blurred = edge_width(shot(vector)), edge_width(shot(raster))
    assert crisp <= 3, crisp
    assert blurred >= 3 * crisp + 4, (crisp, blurred)
    for preview in ("Vector", "Raster"):
        page.get_by_role("region", name=preview).evaluate("el => { el.style.zoom = '2'; }")
    zoomed = edge_width(shot(vector))
    assert zoomed <= 3, zoomed
    assert edge_width(shot(raster)) >= 3 * zoomed + 4, "the raster is still blurred"
    lab.screenshot("svg-zoomed")


def test_hostile_svgs_run_nothing_and_load_nothing(
    lab: NotebookPage, notebook_dir: Path, beacon: Beacon
) -> None:
    hostile = hostile_svgs(beacon.url)
    write_notebook(notebook_dir, "hostile.ipynb", [HOSTILE.format(hostile=hostile)])
    lab.open("hostile.ipynb")
    lab.run_all()
    page = lab.page
    region = page.get_by_role("region", name="Hostile")
    expect(region.locator(".iw-cell[data-state='final'] img.iw-image")).to_have_count(len(hostile))
    expect(page.locator(".iw-gallery .iw-g-thumb")).to_have_count(len(hostile))
    for name in ("script", "onload", "foreign"):
        page.get_by_role("button", name=f"Select: {name}").first.click()
        page.wait_for_timeout(300)
    page.wait_for_timeout(1500)
    assert beacon.hits == []
    assert page.evaluate("() => window.iwHacked") is None
    lab.screenshot("hostile-svgs")

    # The control: the same markup put into the page inline would have reached the beacon.
    page.evaluate("svg => document.body.insertAdjacentHTML('beforeend', svg)",
                  hostile["image-href"].decode())  # fmt: skip
    page.wait_for_timeout(1000)
    assert any("image-href" in hit for hit in beacon.hits), beacon.hits


def test_hostile_svgs_run_nothing_in_nbconvert_html(
    browser_context: BrowserContext, beacon: Beacon, tmp_path: Path
) -> None:
    images = [
        GeneratedImage(data=data, format="svg", width=120, height=80, prompt=name)
        for name, data in hostile_svgs(beacon.url).items()
    ]
    store = Store(tmp_path / "store")
    for image in images:
        store.add(image)
    sheet = StaticSheet(store)
    bundles = [image._repr_mimebundle_() for image in images]
    bundles.append({"text/html": ImageList(images)._repr_html_(), "text/plain": "row"})
    bundles.append(sheet.bundle(store.records(), total=len(images)))
    cell = nbformat.v4.new_code_cell("images")  # type: ignore[no-untyped-call]
    cell.outputs = [
        nbformat.v4.new_output("display_data", data=bundle)  # type: ignore[no-untyped-call]
        for bundle in bundles
    ]
    book = nbformat.v4.new_notebook(cells=[cell])  # type: ignore[no-untyped-call]
    html, _ = HTMLExporter().from_notebook_node(book)  # type: ignore[no-untyped-call]
    assert html.count("data:image/svg+xml;base64,") >= 2 * len(images)
    page = browser_context.new_page()
    try:
        page.goto(beacon.page("converted.html", html.encode("utf-8")))
        page.wait_for_load_state("load")
        page.wait_for_timeout(1500)
        shown = page.evaluate("() => [...document.images].filter((i) => i.naturalWidth).length")
        assert shown >= 2 * len(images)
        assert beacon.hits == []
        assert page.evaluate("() => window.iwHacked") is None
    finally:
        page.close()
