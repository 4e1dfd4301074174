"""What the grid shows and offers: windows of a large grid, pages, the selected image with its
provenance, the actions, the exports and the static sheet, the DataFrame."""

from __future__ import annotations

import base64
import io
import sys
from pathlib import Path

import pytest
from PIL import Image

import imagewidgets as iw
from imagewidgets.api.client import ImagesClient
from imagewidgets.emulator import EmulatorConfig
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.grid.exports import sheet_bundle
from imagewidgets.widgets.runs.area import ResultRuns
from imagewidgets.widgets.studio import Studio


def test_a_large_grid_shows_one_window_of_cells_at_a_time(tmp_path: Path) -> None:
    grid = iw.Grid("a {thing} number {number}", thing=[f"t{k}" for k in range(30)],
                   number=list(range(10)), quality=["low", "medium"],
                   store=iw.Store(tmp_path))  # fmt: skip
    assert grid.plan.shape == (2, 30, 10)
    assert len(grid.view.row_headers) == 30
    assert grid.view.pages == ["low", "medium"]
    assert len(grid.view.cells) == len(grid.view.cell_frames) == 100
    grid.view.window = 2
    assert [c["key"] for c in grid.view.cells][:2] == ["0-20-0", "0-20-1"]
    grid.view.page = 1
    assert grid.view.cells[0]["key"] == "1-20-0"
    assert len(grid.view.cell_frames) == 100


async def test_the_selected_cell_opens_full_size_and_its_actions_work(tmp_path: Path) -> None:
    store = iw.Store(tmp_path)
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        grid = iw.Grid("a {animal}", animal=["fox", "owl"], quality="low", store=store,
                       client=client)  # fmt: skip
        await grid.run()
        grid.view.selected = "0-0-1"
        await grid.runner.settled()
        detail = grid.view.detail
        assert detail["title"] == "a owl"
        assert ["Model", "gpt-image-2.6-flare"] in detail["rows"]
        assert "await client.generate(" in detail["code"]
        assert Image.open(io.BytesIO(grid.view.detail_image)).size == (1024, 1024)
        message = {"action": "edit", "key": "0-0-1", "index": 0}
        grid.view._handle_message(None, message, [])
        assert isinstance(grid.actions_area.shown, EditPanel)
        grid.view._handle_message(None, {**message, "action": "use"}, [])
        assert isinstance(grid.actions_area.shown, Studio)
        assert grid.actions_area.shown.controls.prompt == "a owl"
        grid.view._handle_message(None, {**message, "action": "vary"}, [])
        runs = grid.actions_area.shown
        assert isinstance(runs, ResultRuns)
        assert len(await runs.active[0]) == 2
        seen: list[tuple[str, str]] = []
        grid.on_action(lambda action, image: seen.append((action, image.prompt or "")))
        grid.view._handle_message(None, {**message, "action": "copy"}, [])
        assert seen == [("copy", "a owl")]


async def test_python_sees_its_selection_at_once_the_browser_gets_it_off_the_loop(
    tmp_path: Path,
) -> None:
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        grid = iw.Grid("a {animal}", animal=["fox", "owl"], quality="low",
                       store=iw.Store(tmp_path), client=client)  # fmt: skip
        await grid.run()
        grid.view.selected = "0-0-1"
        assert grid.view.detail["title"] == "a owl"
        grid.view.set_state({"selected": "0-0-0"})  # as a message from the browser
        assert grid.view.detail["title"] == "a owl"
        await grid.runner.settled()
        assert grid.view.detail["title"] == "a fox"


async def test_exports_and_the_static_sheet_need_no_kernel(tmp_path: Path) -> None:
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        grid = iw.Grid("a {animal}", animal=["fox", "owl"], quality=["low", "medium"],
                       model=["gpt-image-2.6-flare", "gpt-image-2"], store=iw.Store(tmp_path),
                       client=client, save_dir=tmp_path)  # fmt: skip
        await grid.run()
    png = grid.export_png()
    assert png == tmp_path / f"grid-{grid.spec.key}.png"
    sheet = Image.open(png)
    assert sheet.format == "PNG"
    assert sheet.width > 2 * 160
    assert sheet.height > 2 * 2 * 160
    page = grid.export_html(tmp_path / "grid.html").read_text()
    assert page.count("<img src='data:image/webp;base64,") == 8
    assert page.count("<table>") == 2
    assert "<th scope='row'>fox</th>" in page
    bundle = sheet_bundle(grid)
    assert Image.open(io.BytesIO(base64.b64decode(bundle["image/jpeg"]))).size[0] > 200
    assert "the first of 2 pages" in bundle["text/plain"]


async def test_to_pandas_has_a_row_per_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        grid = iw.Grid("a fox", quality=["low", "max"],
                       model=["gpt-image-2", "gpt-image-2.6-flare"], n=2,
                       store=iw.Store(tmp_path), client=client)  # fmt: skip
        await grid.run()
    frame = grid.to_pandas()
    assert len(frame) == 3 * 2 + 1
    assert set(frame["quality"]) == {"low", "max"}
    assert frame["problem"].notna().sum() == 1
    assert frame["sha256"].nunique() == 6
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        grid.to_pandas()


def test_the_diff_marks_what_changes_from_the_neighbour(tmp_path: Path) -> None:
    grid = iw.Grid(["a red fox in snow", "a red fox in rain"], quality=["low", "high"],
                   store=iw.Store(tmp_path))  # fmt: skip
    second = grid.view.cells[1]
    changed = [w for w, c in zip(second["words"], second["changed"], strict=True) if c]
    assert changed == ["quality=high"]
    below = grid.view.cells[2]
    assert [w for w, c in zip(below["words"], below["changed"], strict=True) if c] == ["rain"]
