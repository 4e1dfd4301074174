"""``iw.Grid(mode="batch")`` end to end against the emulator on a socket: the grid goes out as
one batch, its progress is polled, its results are stored with the batch id and laid out; a
failing line fails one cell; cancel keeps what was made; a kernel that dies mid-batch loses
nothing (a fresh process resumes it from the store, and the same grid run again picks it up
rather than sending another)."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import imagewidgets as iw
from imagewidgets.emulator import EmulatorConfig, EmulatorServer
from imagewidgets.grid.batch import BatchRequestError
from imagewidgets.grid.saved import pending, saved_batches
from imagewidgets.grid.spec import GridSpec
from tests.support import ROOT
from tests.support.waiting import until

VALUES: dict[str, Any] = {"animal": ["fox", "owl"], "style": ["ink", "oil"], "quality": "low"}
SPEC = GridSpec.of("a {animal} in {style}", VALUES)


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    config = EmulatorConfig(pace=0, batch_seconds=1.5, batch_failures=(f"{SPEC.key}-0-1-1",))
    with EmulatorServer(config) as running:
        yield running


def client_of(server: EmulatorServer) -> iw.ImagesClient:
    return iw.ImagesClient("sk-test", base_url=server.url, max_retries=0)


def grid_of(server: EmulatorServer, store: iw.Store) -> iw.Grid:
    return iw.Grid("a {animal} in {style}", mode="batch", store=store, client=client_of(server),
                   poll=0.05, **VALUES)  # fmt: skip


async def test_a_batch_grid_is_polled_collected_stored_and_laid_out(
    server: EmulatorServer, tmp_path: Path
) -> None:
    store = iw.Store(tmp_path)
    grid = grid_of(server, store)
    assert "at the batch price (50% off)" in grid.estimate().describe()
    seen: list[dict[str, object]] = []
    grid.view.observe(lambda change: seen.append(change["new"]), "progress")
    results = await grid.run()
    assert len(results) == 3
    assert any(0 < int(p["done"]) < 4 for p in seen if p)  # type: ignore[call-overload]
    assert seen[-1]["done"] == 4
    image = results.find(animal="fox", style="oil")[0]
    assert image.response["batch_id"] == saved_batches(store)[0].batch_id
    assert store.get(image.sha256) is not None
    assert store.get(image.sha256).response["custom_id"] == f"{SPEC.key}-0-0-1"  # type: ignore[union-attr]
    grid.board.flush()
    shown = zip(grid.view.cells, grid.view.cell_states, strict=True)
    assert [cell["key"] for cell, now in shown if now["state"] == "failed"] == ["0-1-1"]
    assert saved_batches(store)[0].collected
    grid.view.selected = "0-0-1"
    await grid.runner.settled()
    assert ["Batch", f"{image.response['batch_id']} ({SPEC.key}-0-0-1)"] in grid.view.detail["rows"]
    assert ["Batch", f"{image.response['batch_id']} ({SPEC.key}-0-0-1)"] in _rows(grid)


def _rows(grid: iw.Grid) -> list[list[str]]:
    from imagewidgets.widgets.grid.detail import cell_detail

    cell = grid.plan.cell(0, 0, 1)
    info, _ = cell_detail(cell, grid.results[cell], 0, grid.store)
    return list(info["rows"])


async def test_cancel_keeps_what_was_made_and_names_the_rest(
    server: EmulatorServer, tmp_path: Path
) -> None:
    grid = grid_of(server, iw.Store(tmp_path))
    task = grid.start()
    await until(lambda: grid.runner.batch is not None or task.done())
    assert grid.cancel() == 1
    await task
    grid.board.flush()
    assert {cell["state"] for cell in grid.view.cell_states} <= {"done", "failed"}
    assert any("cancelled" in str(error) for error in grid.errors.values())


SUBMIT = """
import asyncio, os, sys
import imagewidgets as iw
from imagewidgets.grid import saved

async def main():
    store = iw.Store(sys.argv[2])
    client = iw.ImagesClient("sk-test", base_url=sys.argv[1], max_retries=0)
    grid = iw.Grid("a {animal} in {style}", mode="batch", store=store, client=client, poll=60,
                   animal=["fox", "owl"], style=["ink", "oil"], quality="low")
    grid.start()
    while saved.pending(store) is None:
        await asyncio.sleep(0.02)
    os._exit(0)  # the kernel dies with the batch under way

asyncio.run(main())
"""


def test_a_kernel_restart_mid_batch_then_resume(server: EmulatorServer, tmp_path: Path) -> None:
    script = tmp_path / "submit.py"
    script.write_text(textwrap.dedent(SUBMIT))
    folder = tmp_path / "store"
    subprocess.run([sys.executable, str(script), server.url, str(folder)], check=True,
                   cwd=ROOT, timeout=60, capture_output=True)  # fmt: skip
    batches = saved_batches(iw.Store(folder))
    assert [b.collected for b in batches] == [False]

    async def resume() -> tuple[iw.Grid, iw.Grid]:
        again = grid_of(server, iw.Store(folder))  # the cell run again: picks the batch up
        resumed = iw.Grid.resume(store=iw.Store(folder), client=client_of(server), poll=0.05)
        await asyncio.gather(resumed.run(), again.run())
        return resumed, again

    resumed, again = asyncio.run(resume())
    assert len(resumed.results) == 3
    assert len(again.results) == 3
    assert [b.batch_id for b in saved_batches(iw.Store(folder))] == [batches[0].batch_id]
    assert saved_batches(iw.Store(folder))[0].collected


def test_resume_without_a_batch_says_so(tmp_path: Path) -> None:
    with pytest.raises(LookupError, match="No batch waiting"):
        iw.Grid.resume(store=iw.Store(tmp_path))


async def test_a_batch_the_service_forgot_is_let_go_and_sent_again(tmp_path: Path) -> None:
    store = iw.Store(tmp_path)
    slow = EmulatorConfig(pace=0, batch_seconds=60)
    async with iw.ImagesClient(offline=True, emulator=slow) as client:
        task = iw.Grid("a {animal} in {style}", mode="batch", store=store, client=client,
                       **VALUES).start()  # fmt: skip
        await until(lambda: pending(store) is not None)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    fast = EmulatorConfig(pace=0, batch_seconds=0)
    async with iw.ImagesClient(offline=True, emulator=fast) as client:  # another kernel's
        with pytest.raises(BatchRequestError, match="offline emulator forgets its batches"):
            await iw.Grid.resume(store=store, client=client, poll=0.05).run()
        assert saved_batches(store)[0].status == "lost"
        again = iw.Grid("a {animal} in {style}", mode="batch", store=store, client=client,
                        poll=0.05, **VALUES)  # fmt: skip
        assert len(await again.run()) == 4
