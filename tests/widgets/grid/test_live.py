"""``iw.Grid`` live: cells stream into their thumbnails within the concurrency limit, a failing
cell shows its card and the others go on, a 429 backs off, cancel stops the rest, refused cells
are skipped, budgets are checked first, and re-running fills only what is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import imagewidgets as iw
from imagewidgets.api.client import ImagesClient
from imagewidgets.emulator import EmulatorConfig
from tests.support.api import fake_retry
from tests.support.waiting import until


def grid_of(store: iw.Store, client: ImagesClient, **options: Any) -> iw.Grid:
    values: dict[str, Any] = {
        "animal": ["fox", "owl"],
        "style": ["ink", "oil", "chalk"],
        "quality": "low",
    }
    return iw.Grid("a {animal} in {style}", store=store, client=client, **{**values, **options})


def states(grid: iw.Grid) -> list[str]:
    grid.board.flush()
    return [cell["state"] for cell in grid.view.cell_states]


def cells_in(grid: iw.Grid, state: str) -> list[dict[str, Any]]:
    """The window's cells in ``state``, what they show merged into one dict each."""
    grid.board.flush()
    shown = zip(grid.view.cells, grid.view.cell_states, strict=True)
    return [{**cell, **now} for cell, now in shown if now["state"] == state]


async def test_a_two_by_three_grid_streams_into_its_cells_and_stores_them(tmp_path: Path) -> None:
    store = iw.Store(tmp_path)
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        grid = grid_of(store, client, partial_images=2)
        assert grid.view.row_headers == ["fox", "owl"]
        assert grid.view.column_headers == ["ink", "oil", "chalk"]
        results = await grid.run()
    assert len(results) == 6
    assert [image.prompt for image in results.find(animal="owl", style="chalk")] == [
        "a owl in chalk"
    ]
    assert states(grid) == ["done"] * 6
    assert all(frame.data[8:12] == b"WEBP" for frame in grid.view.cell_frames)
    assert len(store) == 6
    assert all(len(frame.data) < 30_000 for frame in grid.view.cell_frames)


async def test_a_failing_cell_shows_its_card_and_the_others_go_on(tmp_path: Path) -> None:
    config = EmulatorConfig(pace=0, faults=("moderation;times=1",))
    async with ImagesClient(offline=True, emulator=config) as client:
        grid = grid_of(iw.Store(tmp_path), client)
        results = await grid.run()
    assert len(results) == 5
    failed = cells_in(grid, "failed")
    assert len(failed) == 1
    assert "moderation" in failed[0]["error"]["title"]
    assert len(grid.errors) == 1
    assert "1 failed" in grid.view.status
    assert results.failed == 1
    assert repr(results).endswith("5 images, 1 failed: see grid.errors)")


async def test_a_rate_limited_cell_backs_off_and_is_made(tmp_path: Path) -> None:
    config = EmulatorConfig(pace=0, faults=("rate_limit;times=2;seconds=3",))
    async with ImagesClient(offline=True, emulator=config) as client:
        client.retry, delays = fake_retry()
        grid = grid_of(iw.Store(tmp_path), client)
        results = await grid.run()
    assert len(results) == 6
    assert delays == [3.0, 3.0]
    assert states(grid) == ["done"] * 6


async def test_cancel_stops_the_cells_not_yet_made(tmp_path: Path) -> None:
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0.2)) as client:
        grid = grid_of(iw.Store(tmp_path), client, max_concurrent=2)
        task = grid.start()
        await until(lambda: any(run.state == "running" for run in grid.runner.queue.runs))
        assert grid.cancel() == 6
        await task
    assert set(states(grid)) == {"cancelled"}
    assert grid.results == {}


async def test_refused_cells_are_skipped_with_the_reason(tmp_path: Path) -> None:
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        grid = iw.Grid("a fox", model=["gpt-image-2", "gpt-image-2.6-flare"],
                       quality=["low", "max"], store=iw.Store(tmp_path), client=client)  # fmt: skip
        assert "1 cell skipped" in grid.view.summary
        results = await grid.run()
    assert len(results) == 3
    skipped = cells_in(grid, "skipped")
    assert [cell["key"] for cell in skipped] == ["0-0-1"]
    assert "quality='max'" in skipped[0]["refused"]


async def test_budgets_are_checked_before_anything_is_sent(tmp_path: Path) -> None:
    store = iw.Store(tmp_path)
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        grid = grid_of(store, client, budget=0.01)
        with pytest.raises(iw.BudgetExceededError, match="grid's budget"):
            await grid.run()
        (tmp_path / "spend.json").write_text('{"budget": {"limit": 0.01, "scope": "store"}}')
        with pytest.raises(iw.BudgetExceededError, match="this store"):
            await grid_of(store, client).run()
    assert len(store) == 0
    assert "stopped by the budget" in grid.notice.value


async def test_running_again_fills_only_the_missing_cells(tmp_path: Path) -> None:
    store = iw.Store(tmp_path)
    config = EmulatorConfig(pace=0, faults=("moderation;times=1",))
    async with ImagesClient(offline=True, emulator=config) as client:
        await grid_of(store, client).run()
        again = grid_of(store, client)
        estimate = again.estimate()
        assert (estimate.requests, estimate.image_count) == (1, 1)
        results = await again.run()
    assert len(results) == 6
    assert len(store) == 6
    assert states(again).count("stored") == 5
    assert states(again).count("done") == 1
