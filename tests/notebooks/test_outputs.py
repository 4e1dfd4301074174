"""A saved notebook keeps its images for readers without a kernel, and stays small.

Twenty images are made in a notebook showing a gallery; the saved file is then read as GitHub
(plain outputs only) and nbconvert's HTML exporter read it.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter
from PIL import Image

from imagewidgets.widgets.history.sheet import COLUMNS, TILE
from tests.support.notebooks import execute, isolate, notebook

MB = 1024 * 1024
PROMPTS = [f"a lighthouse at dusk, study {n}" for n in range(20)]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The notebook after making 20 images (path) and its size before running (bytes)."""
    tmp_path = tmp_path_factory.mktemp("outputs")
    with pytest.MonkeyPatch.context() as monkeypatch:
        work = isolate(tmp_path, monkeypatch)
        book = notebook(
            "import imagewidgets as iw\nfrom imagewidgets.api.client import ImagesClient\n"
            "client = ImagesClient(offline=True)\nstore = iw.Store()\ngallery = iw.Gallery(store)\n"
            "gallery",
            f"PROMPTS = {PROMPTS!r}\n"
            "for start in range(0, 20, 4):\n"
            "    images = await client.generate(PROMPTS[start], model='gpt-image-2.6-flare', n=4)\n"
            "    for image in images:\n"
            "        store.add(image)\n"
            "gallery.selected = images[0].sha256\n"
            "gallery.compare = [images[1].sha256, images[2].sha256]\n"
            "len(store)",
        )
        before = len(nbformat.writes(book).encode())  # type: ignore[no-untyped-call]
        return execute(book, work), before


@pytest.fixture(scope="module")
def studio_saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A notebook whose Studio made 20 streamed images in 5 runs (path), and its size before."""
    return studio_book(tmp_path_factory.mktemp("studio"), 4, "PROMPTS[::4]", "len(studio.store)")


@pytest.fixture(scope="module")
def studio_runs_saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A notebook whose Studio made 20 streamed one-image runs (path), and its size before."""
    shown = "len(studio.store), len(studio.runs_area.children)"
    return studio_book(tmp_path_factory.mktemp("studio-runs"), 1, "PROMPTS", shown)


def studio_book(tmp_path: Path, n: int, prompts: str, last: str) -> tuple[Path, int]:
    """A Studio of ``n`` images per run, generating once per prompt of ``prompts`` (an
    expression over ``PROMPTS``), then showing ``last``: the executed notebook's path and its
    size before running."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        work = isolate(tmp_path, monkeypatch)
        book = notebook(
            "import imagewidgets as iw\n"
            "client = iw.ImagesClient(offline=True, emulator=iw.EmulatorConfig(pace=0))\n"
            f"studio = iw.Studio('a lighthouse at dusk', client=client, n={n}, partial_images=2)\n"
            "studio",
            f"PROMPTS = {PROMPTS!r}",
            f"for prompt in {prompts}:\n"
            "    studio.controls.prompt = prompt\n"
            "    await studio.generate()\n"
            f"{last}",
        )
        before = len(nbformat.writes(book).encode())  # type: ignore[no-untyped-call]
        return execute(book, work), before


def test_twenty_one_image_runs_keep_only_the_runs_on_screen(
    studio_runs_saved: tuple[Path, int],
) -> None:
    """The Studio shows its 6 newest runs (``keep_runs``); the 14 it closed keep no frames and no
    cells in the saved widget state (nbclient saves a closed model's last state too)."""
    path, before = studio_runs_saved
    book = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    assert book.cells[2].outputs[-1]["data"]["text/plain"] == "(20, 6)"
    state = book.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    with_bytes = [m for m in state.values() if any(b["data"] for b in m.get("buffers", []))]
    frames = [m for m in with_bytes if m["model_name"] == "WidgetModel"]
    assert len(frames) == 6 * (1 + 2 + 1), "each run on screen: its cell and 3 filmstrip frames"
    labels = ("Generation run",)
    previews = [
        m["state"] for m in state.values() if m["state"].get("label", "").startswith(labels)
    ]
    assert len(previews) == 20
    assert sorted(p["label"] for p in previews if p["cells"]) == [
        f"Generation run {n}" for n in range(15, 21)
    ]
    assert path.stat().st_size - before <= 1.25 * MB  # 2.3 MB when closed previews kept theirs


def test_a_studio_making_twenty_images_grows_the_notebook_by_at_most_two_megabytes(
    studio_saved: tuple[Path, int],
) -> None:
    path, before = studio_saved
    book = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    assert book.cells[2].outputs[-1]["data"]["text/plain"] == "20"
    assert len(sheet_output(book).data["text/plain"].splitlines()) == 20
    assert path.stat().st_size - before <= 2 * MB


def sheet_output(book: nbformat.NotebookNode) -> nbformat.NotebookNode:
    (output,) = [o for o in book.cells[0].outputs if "image/jpeg" in o.get("data", {})]
    found: nbformat.NotebookNode = output
    return found


def test_twenty_images_grow_the_notebook_by_at_most_two_megabytes(saved: tuple[Path, int]) -> None:
    path, before = saved
    book = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    assert book.cells[1].outputs[-1]["data"]["text/plain"] == "20"
    assert path.stat().st_size - before <= 2 * MB


def test_a_plain_renderer_sees_the_latest_images_beside_the_widget(saved: tuple[Path, int]) -> None:
    book = nbformat.read(saved[0], as_version=4)  # type: ignore[no-untyped-call]
    kinds = [sorted(o.get("data", {})) for o in book.cells[0].outputs]
    assert ["application/vnd.jupyter.widget-view+json", "text/plain"] in kinds
    output = sheet_output(book)
    assert output.output_type == "display_data"
    lines = output.data["text/plain"].splitlines()
    assert len(lines) == 20
    assert lines[0] == f"1. {PROMPTS[16]} (gpt-image-2.6-flare)"
    sheet = Image.open(io.BytesIO(base64.b64decode(output.data["image/jpeg"])))
    rows = -(-20 // COLUMNS)
    assert sheet.size == (COLUMNS * (TILE + 4) - 4, rows * (TILE + 4) - 4)


def test_nbconvert_html_holds_the_images(saved: tuple[Path, int]) -> None:
    book = nbformat.read(saved[0], as_version=4)  # type: ignore[no-untyped-call]
    html, _ = HTMLExporter().from_notebook_node(book)  # type: ignore[no-untyped-call]
    sources = re.findall(r'<img[^>]+src="data:image/jpeg;base64,([^"]+)"', html)
    assert sources, "the sheet is an <img> in the HTML"
    assert sheet_output(book).data["image/jpeg"].replace("\n", "") in [
        source.replace("\n", "") for source in sources
    ]


def test_no_full_resolution_image_in_the_saved_notebook(saved: tuple[Path, int]) -> None:
    book = nbformat.read(saved[0], as_version=4)  # type: ignore[no-untyped-call]
    state = book.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    sizes = []
    for model in state.values():
        for buffer in model.get("buffers", []):
            with Image.open(io.BytesIO(base64.b64decode(buffer["data"]))) as picture:
                sizes.append(max(picture.size))
    assert sizes, "the gallery's thumbnails are saved in its widget state"
    assert max(sizes) <= 768
