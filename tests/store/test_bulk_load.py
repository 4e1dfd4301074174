"""A bulk load (a new index, thousands of files copied in) indexes exactly what indexing the files
one by one does: listing, deliveries, lineage, skipped files and spend. Spend stays counted once
when files are read again; housekeeping waits for the first page."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from imagewidgets.api.results import Usage
from imagewidgets.store import Store, catalog, sync
from imagewidgets.store import index as index_module
from imagewidgets.store.loading import Changes, Load
from imagewidgets.store.record import record_for
from tests.support.store import result, source

MODEL = "gpt-image-2"


def fill(store: Store) -> None:
    """A history with what a bulk load must get right: a batch stored out of order, the same
    bytes delivered by two requests, an edit of an input, a foreign file and a lost record."""
    for n in (2, 0, 1):
        store.add(result(f"batch {n}", color=(n, 2, 2), model=MODEL, request_id="b", index=n,
                         stream=True, usage=Usage(1, 10 + n, 11 + n, 1, 0)))  # fmt: skip
    store.add(result("twice", color=(7, 7, 7), model=MODEL, request_id="first"))
    store.add(result("twice", color=(7, 7, 7), model=MODEL, request_id="second"))
    fox = result("a fox", color=(9, 9, 9), model=MODEL, request_id="fox")
    store.add(result("add a hat", operation="edit", parents=(fox, source("navy")), model=MODEL,
                     color=(5, 5, 5), request_id="hat"))  # fmt: skip
    (store.path / "records" / "notes.json").write_text("[1, 2, 3]")
    lost = store.add(result("lost record", color=(3, 3, 3), model=MODEL, request_id="lost"))
    (store.path / "records" / lost.file_name).unlink()


def snapshot(store: Store) -> dict[str, Any]:
    """What the index answers, and its spend tables as rows."""
    listed = store.records(kind=None)

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return store.index.read(lambda db: sorted(db.execute(sql).fetchall()))

    return {
        "listed": [(r.sha256, r.request_id, r.file_name) for r in listed],
        "deliveries": [[d.request_id for d in store.deliveries(r.sha256)] for r in listed],
        "children": [[c.prompt for c in store.children(r.sha256)] for r in listed],
        "found": [r.prompt for r in store.records(query="twice hat batch")],
        "models": store.models(),
        "skipped": rows("SELECT folder, name, problem FROM skipped"),
        "runs": rows("SELECT run_key, session, images, usage, started FROM runs"),
        "totals": rows("SELECT * FROM totals"),
    }


def test_a_bulk_load_indexes_what_one_by_one_indexing_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    fill(store)
    store.index.rebuild()
    one_by_one = snapshot(store)
    monkeypatch.setattr(sync, "_FEW", 0)  # every new file is then a bulk load
    store.index.rebuild()
    assert snapshot(store) == one_by_one
    listed = [request_id for _, request_id, _ in one_by_one["listed"]]
    assert listed == ["lost", "hat", None, "fox", "second", "b", "b", "b"]  # lost: rebuilt
    assert one_by_one["deliveries"][4] == ["first", "second"]
    assert one_by_one["children"][2:4] == [["add a hat"], ["add a hat"]]
    assert one_by_one["skipped"] == [("records", "notes.json", one_by_one["skipped"][0][2])]
    assert [row[2] for row in one_by_one["runs"] if row[0] == "b"] == [3]


def test_spend_is_counted_again_when_another_kernel_indexed_during_a_bulk_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    fill(store)
    theirs = result("from elsewhere", color=(1, 99, 1), model=MODEL, request_id="theirs",
                    usage=Usage(5, 500, 505, 5, 0))  # fmt: skip
    record = record_for(theirs, stored_at=1_770_000_000)
    reading = Load.orphans

    def another_kernel_stores_meanwhile(load: Load, db: sqlite3.Connection) -> Changes:
        (tmp_path / "records" / record.file_name).write_text(json.dumps(record.to_json()))
        (tmp_path / "images" / f"{record.sha256}.png").write_bytes(theirs.data)
        catalog.insert(db, record, record.file_name)  # as its Store.add indexes it
        return reading(load, db)

    monkeypatch.setattr(sync, "_FEW", 0)
    monkeypatch.setattr(Load, "orphans", another_kernel_stores_meanwhile)
    store.index.rebuild()
    during = snapshot(store)
    monkeypatch.undo()
    store.index.rebuild()  # from the files alone, one by one
    assert during["totals"] == snapshot(store)["totals"]
    assert during["runs"] == snapshot(store)["runs"]
    assert any(row[0] == "theirs" for row in during["runs"])


def test_models_are_listed_once_each_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for n, model in enumerate(["gpt-image-2.6-flare", MODEL, "gpt-image-2.5-sunburst", MODEL]):
        store.add(result(f"image {n}", color=(n, n, n), model=model, request_id=f"r{n}"))
    assert store.models() == ["gpt-image-2", "gpt-image-2.5-sunburst", "gpt-image-2.6-flare"]
    assert Store(tmp_path / "empty").models() == []


def test_a_record_changed_in_place_is_read_again_and_counted_once(tmp_path: Path) -> None:
    store = Store(tmp_path)
    fill(store)
    before = store.spend.summary().store
    made = store.add(result("edited by hand", color=(4, 4, 4), model=MODEL, request_id="e"))
    record_file = tmp_path / "records" / made.file_name
    record_file.write_text(record_file.read_text().replace("edited by hand", "mended by hand"))
    store.problems()  # reads every record file again
    assert store.get(made.sha256).prompt == "mended by hand"  # type: ignore[union-attr]
    after = store.spend.summary().store
    assert (after.runs, after.images) == (before.runs + 1, before.images + 1)


def test_housekeeping_sweeps_what_killed_writers_left_once_the_first_page_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    left = tmp_path / "records" / ".a-record.json.123.abcd.tmp"
    left.parent.mkdir()
    left.write_text("{")
    os.utime(left, (1_700_000_000, 1_700_000_000))  # left by a writer killed long ago
    monkeypatch.setattr(index_module, "HOUSEKEEPING_DELAY", 0.2)
    Store(tmp_path)
    assert left.exists()  # not while the first page is made
    deadline = time.monotonic() + 30
    while left.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left.exists()
