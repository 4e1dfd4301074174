"""The index is a cache of the files: it answers listing, search and spend, and rebuilds itself
from the files when it is missing, of another layout, damaged, or behind another kernel."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from imagewidgets.store import Store, sync
from imagewidgets.store import index as index_module
from imagewidgets.store import queries as queries_module
from imagewidgets.store.index import FILE, Index, NotReady
from imagewidgets.store.schema import LAYOUT
from tests.support import ROOT
from tests.support.store import result

MODEL = "gpt-image-2"


def listed(index: Index) -> list[str]:
    rows = index.read(lambda db: db.execute("SELECT file FROM records ORDER BY file").fetchall())
    return [file for (file,) in rows]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store")
    for number, prompt in enumerate(["a red fox in the snow", "a blue whale", "Snowy owl"]):
        store.add(result(prompt, color=(number * 60, 9, 9), request_id=f"r{number}"))
    return store


def test_the_index_lives_beside_the_files_in_wal_mode(store: Store) -> None:
    assert (store.path / FILE).is_file()
    mode = store.index.read(lambda db: db.execute("PRAGMA journal_mode").fetchone()[0])
    assert mode == "wal"
    assert len(listed(store.index)) == 3


@pytest.mark.parametrize("damage", ["missing", "garbage", "truncated", "old layout", "no table"])
def test_a_missing_damaged_or_outdated_index_is_rebuilt_from_the_files(
    store: Store, damage: str
) -> None:
    expected = listed(store.index)
    store.index.close()  # as a kernel that ended would
    index_file = store.path / FILE
    if damage == "missing":
        index_file.unlink()
    else:
        if damage == "garbage":
            index_file.write_bytes(b"not a database at all " * 500)
        elif damage == "truncated":
            index_file.write_bytes(index_file.read_bytes()[:3000])
        else:
            with sqlite3.connect(index_file) as db:
                db.execute(
                    "PRAGMA user_version = 0" if damage == "old layout" else "DROP TABLE runs"
                )
    fresh = Index(store.path)  # what a new kernel opens
    assert listed(fresh) == expected
    assert fresh.read(lambda db: db.execute("PRAGMA user_version").fetchone()[0]) == LAYOUT
    assert Store(store.path).spend.summary().store.runs == 3


def test_an_index_file_deleted_under_a_kernel_is_built_again(store: Store) -> None:
    (store.path / FILE).unlink()
    assert [r.prompt for r in store.records()][-1] == "a red fox in the snow"
    assert (store.path / FILE).is_file()


def test_files_added_without_the_index_are_caught_up_with(store: Store, tmp_path: Path) -> None:
    other = Store(tmp_path / "other")
    copied = other.add(result("copied in by hand", color=(1, 99, 1), request_id="c"))
    for folder in ("images", "records", "thumbs"):
        for file in (other.path / folder).iterdir():
            shutil.copy(file, store.path / folder / file.name)
    assert store.refresh().added == 1  # when asked (the gallery's refresh button)
    assert store.records()[0].sha256 == copied.sha256
    store.index.close()
    shutil.copy(other.image_path(copied), store.path / "images" / "a-copy-of-it.png")
    for file in (store.path / "records").iterdir():
        if file.name.startswith(copied.sha256):
            file.rename(store.path / "records" / f"{copied.sha256}.json")
    fresh = Index(store.path)  # a new kernel: the files outnumber what the index has seen
    assert f"{copied.sha256}.json" in listed(fresh)
    skipped = fresh.read(lambda db: db.execute("SELECT name, problem FROM skipped").fetchall())
    assert skipped == [("a-copy-of-it.png", "its provenance names another image")]


def test_another_kernels_images_appear_without_a_rescan(store: Store) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    adder = "from imagewidgets.store import Store; from tests.support.store import result; "
    adder += f"Store({str(store.path)!r}).add(result('from elsewhere', color=(5, 5, 5)))"
    subprocess.run([sys.executable, "-c", adder], env=env, check=True, timeout=60)
    assert store.records()[0].prompt == "from elsewhere"  # it indexed its own image


def test_search_finds_any_part_of_any_word_in_any_case(store: Store) -> None:
    def found(query: str, model: str = "") -> list[str | None]:
        return [record.prompt for record in store.records(query=query, model=model)]

    assert found("SNOW") == ["Snowy owl", "a red fox in the snow"]
    assert found("now fox") == ["a red fox in the snow"]
    assert found("ow") == ["Snowy owl", "a red fox in the snow"]  # short words too
    assert found("revised: a blue") == ["a blue whale"]  # the revised prompt is searched
    assert found("whale fox") == []
    assert found('"quoted" 100%') == []
    assert store.count(query="snow") == 2
    assert found("", model="gpt-image-1.5")[0] == "Snowy owl"


def test_pages_come_newest_first_with_a_batch_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(result("old", color=(1, 1, 1), request_id="r1"))
    for n in (2, 0, 1):  # stored out of order: listed in batch order
        store.add(result(f"batch {n}", color=(2, 2, n), request_id="r2", index=n))
    assert [r.prompt for r in store.records(offset=1, limit=2)] == ["batch 1", "batch 2"]
    assert [r.prompt for r in store.records(offset=3, limit=2)] == ["old"]


def test_a_read_only_store_is_listed_from_an_index_in_memory(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.index.rebuild()
    real_connect = sqlite3.connect

    def read_only(path: str, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if path != ":memory:":
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(path, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(sqlite3, "connect", read_only)
    index = Index(store.path)
    assert len(listed(index)) == 3
    assert index.in_memory


def test_a_new_kernel_finds_the_index_ready_without_listing_a_folder(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_listing(directory: Path) -> set[str]:
        raise AssertionError(f"{directory} was listed")

    monkeypatch.setattr(sync, "_names", no_listing)
    fresh = Index(store.path)  # what a new kernel opens: the folders are as it last saw them
    assert fresh.state() == "ready"
    assert len(listed(fresh)) == 3


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores count as large: their index is not built or caught up when its state is asked."""
    monkeypatch.setattr(index_module, "SMALL", 0)


@pytest.mark.usefixtures("large")
def test_an_index_behind_the_files_answers_as_it_is_then_catches_up(
    store: Store, tmp_path: Path
) -> None:
    other = Store(tmp_path / "other")  # a kernel that stored an image and died before indexing
    made = other.add(result("stored elsewhere", color=(1, 99, 1), model=MODEL, request_id="e"))
    for folder in ("images", "records", "thumbs"):
        for file in (other.path / folder).iterdir():
            shutil.copy(file, store.path / folder / file.name)
    fresh = Index(store.path)
    assert fresh.state() == "behind"
    with fresh.as_is():
        assert len(listed(fresh)) == 3  # at once, from the index as it is
    assert fresh.state() == "behind"
    assert made.file_name in listed(fresh)  # a read catches up first
    assert fresh.state() == "ready"


def test_an_index_not_built_yet_cannot_be_read_as_it_is(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.index.close()
    (store.path / FILE).unlink()
    assert Index(store.path).state() == "ready"  # three images: built at once when asked
    store.index.close()
    (store.path / FILE).unlink()
    monkeypatch.setattr(index_module, "SMALL", 2)  # three are many now
    fresh = Index(store.path)
    assert fresh.state() == "missing"
    with fresh.as_is(), pytest.raises(NotReady):
        listed(fresh)
    assert len(listed(fresh)) == 3
    assert fresh.state() == "ready"
    no_folder_yet = store.path / "not yet"
    assert Index(no_folder_yet).state() == "ready"  # nothing to build: an empty index at once
    assert not no_folder_yet.exists()


def test_while_another_thread_builds_the_index_nothing_waits_for_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.index.rebuild()
    started, release = threading.Event(), threading.Event()
    catch_up = sync.catch_up

    def slow(*args: Any, **kwargs: Any) -> sync.Changes:
        started.set()
        release.wait(30)
        return catch_up(*args, **kwargs)

    monkeypatch.setattr(sync, "catch_up", slow)
    builder = threading.Thread(target=listed, args=(store.index,))
    builder.start()
    try:
        assert started.wait(30)
        assert store.index.state() == "missing"
        with store.index.as_is(), pytest.raises(NotReady):
            listed(store.index)
    finally:
        release.set()
        builder.join(30)
    assert store.index.state() == "ready"
    assert len(listed(store.index)) == 3


@pytest.mark.parametrize(("common", "page_few"), [(0, 0), (10**6, 0), (10**6, 10**6)])
def test_a_search_finds_the_same_whichever_way_it_looks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, common: int, page_few: int
) -> None:
    store = Store(tmp_path)
    prompts = ["Ein Überraschungsei", "a red fox", "a FOX in the snow", "snowy owl", "fox 42"]
    for n, prompt in enumerate(prompts * 3):
        store.add(result(prompt, color=(n, 7, 7), model=MODEL, request_id=f"r{n}"))
    queries = ["überRASCHUNG", "fox", "FOX snow", "ow", "42 fox", "x", "no such words", "a"]

    def answers() -> list[tuple[int, list[str | None]]]:
        found = []
        for query in queries:
            pages = [store.records(query=query, offset=o, limit=2) for o in range(0, 16, 2)]
            found.append((store.count(query=query), [r.prompt for page in pages for r in page]))
        return found

    expected = answers()  # rare words through the text index, pages sorted from what it finds
    monkeypatch.setattr(queries_module, "_COMMON", common)  # 0: every word read in the text
    monkeypatch.setattr(queries_module, "_PAGE_FEW", page_few)  # 0: pages walk the listing
    assert answers() == expected
    assert expected[0] == (3, ["Ein Überraschungsei"] * 3)
    assert [count for count, _ in expected] == [3, 9, 3, 6, 3, 9, 0, 9]
