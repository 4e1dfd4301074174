"""A gallery (and the Studio's spend line) in a kernel never builds or catches up the store's index
on the event loop: while a missing index is built it says "Indexing N images…"; an index behind
the files shows what it has at once, then the images stored elsewhere."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from imagewidgets.store import Store, sync
from imagewidgets.store import index as index_module
from imagewidgets.widgets.gallery import Gallery
from imagewidgets.widgets.history.studio_history import StudioHistory
from tests.support.store import result
from tests.support.widgets import browser_sends, browser_sets, front_end

__all__ = ["front_end"]

MODEL = "gpt-image-2"


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores count as large: their index is not built or caught up when its state is asked."""
    monkeypatch.setattr(index_module, "SMALL", 0)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store")
    for n, prompt in enumerate(["a red fox", "a blue whale", "a snowy owl"]):
        store.add(result(prompt, color=(n * 60, 9, 9), model=MODEL, request_id=f"r{n}"))
    return store


class Held:
    """Holds every catch-up of the index until released, noting the thread each ran in."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.threads: list[threading.Thread] = []
        self.started, self.release = threading.Event(), threading.Event()
        catch_up = sync.catch_up

        def held(*args: Any, **kwargs: Any) -> sync.Changes:
            self.threads.append(threading.current_thread())
            self.started.set()
            self.release.wait(30)
            return catch_up(*args, **kwargs)

        monkeypatch.setattr(sync, "catch_up", held)

    async def wait(self) -> None:
        assert await asyncio.to_thread(self.started.wait, 30)
        await asyncio.sleep(0)  # what the worker said before it began


class Controls:
    """The Studio's controls as the history reads them: the next run's model and parameters."""

    model = MODEL

    def params(self) -> dict[str, object]:
        return {}

    def observe(self, *args: object, **kwargs: object) -> None:
        pass


def titles(gallery: Gallery) -> list[str]:
    return [item["title"] for item in gallery.items]


@pytest.mark.usefixtures("large")
async def test_a_missing_index_is_built_off_the_loop_and_the_gallery_says_so(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.index.rebuild()  # as a kernel finds a store without an index
    held = Held(monkeypatch)
    gallery = Gallery(Store(store.path))  # returns at once
    assert (gallery.items, gallery.total) == ([], 0)
    await held.wait()
    assert gallery.status == "Indexing 3 images…"
    assert gallery.sheet._bundle == {"text/plain": "Indexing 3 images…"}  # not "No images yet"
    held.release.set()
    await gallery.updated()
    assert titles(gallery) == ["a snowy owl", "a blue whale", "a red fox"]
    assert gallery.status == ""
    assert "image/jpeg" in gallery.sheet._bundle
    assert threading.main_thread() not in held.threads


@pytest.mark.usefixtures("large", "front_end")
async def test_a_search_typed_while_the_index_is_built_is_answered_once_it_is(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.index.rebuild()
    held = Held(monkeypatch)
    gallery = Gallery(Store(store.path))
    await held.wait()
    browser_sets(gallery, query="fox")  # answered in a worker too, after the first page
    held.release.set()
    await gallery.updated()
    assert (titles(gallery), gallery.status) == (["a red fox"], "")


def stored_elsewhere(store: Store, tmp_path: Path) -> None:
    """Another kernel's image files in the store, not in its index yet (that kernel died before
    it could index them), and the index closed, as a new kernel finds it."""
    other = Store(tmp_path / "other")
    other.add(result("stored elsewhere", color=(1, 99, 1), model=MODEL, request_id="e"))
    for folder in ("images", "records", "thumbs"):
        for file in (other.path / folder).iterdir():
            shutil.copy(file, store.path / folder / file.name)
    store.index.close()


@pytest.mark.usefixtures("large", "front_end")
async def test_an_action_pressed_while_the_index_catches_up_is_done_once_it_has(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored_elsewhere(store, tmp_path)
    held = Held(monkeypatch)
    gallery = Gallery(store)
    used: list[tuple[str, str]] = []
    gallery.on_action(lambda action, image: used.append((action, image.sha256)))
    await held.wait()
    fox = gallery.items[-1]["sha"]
    browser_sends(gallery, {"action": "use", "sha": fox})
    assert used == []  # asked for, loaded in a worker
    held.release.set()
    await gallery.updated()
    assert used == [("use", fox)]


@pytest.mark.usefixtures("large")
async def test_an_index_behind_the_files_shows_its_page_at_once_then_catches_up(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored_elsewhere(store, tmp_path)
    held = Held(monkeypatch)
    gallery = Gallery(store)
    assert titles(gallery) == ["a snowy owl", "a blue whale", "a red fox"]  # the page it had
    await held.wait()
    assert gallery.status == "Looking for images stored elsewhere…"
    held.release.set()
    await gallery.updated()
    assert titles(gallery)[0] == "stored elsewhere"
    assert (gallery.total, gallery.status) == (4, "")
    assert threading.main_thread() not in held.threads


@pytest.mark.usefixtures("large")
async def test_the_spend_line_is_counted_off_the_loop_while_the_index_is_built(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.index.rebuild()
    held = Held(monkeypatch)
    history = StudioHistory(Store(store.path), Controls())
    assert "counting the spend" in history.spend_line.value
    await held.wait()
    held.release.set()
    await history.updated()
    assert "(3 runs)" in history.spend_line.value
    assert threading.main_thread() not in held.threads


async def test_a_small_store_is_indexed_at_once_even_in_a_kernel(store: Store) -> None:
    store.index.rebuild()
    gallery = Gallery(Store(store.path))  # three images: a few milliseconds
    assert titles(gallery) == ["a snowy owl", "a blue whale", "a red fox"]


@pytest.mark.usefixtures("large")
async def test_the_spend_line_shows_the_sums_it_has_while_the_index_catches_up(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored_elsewhere(store, tmp_path)
    held = Held(monkeypatch)
    history = StudioHistory(store, Controls())
    assert "(3 runs)" in history.spend_line.value  # at once, from the index as it is
    await held.wait()
    held.release.set()
    await history.updated()
    assert "(4 runs)" in history.spend_line.value
    assert threading.main_thread() not in held.threads


@pytest.mark.usefixtures("large")
def test_without_an_event_loop_the_first_page_is_made_at_once(store: Store) -> None:
    store.index.rebuild()
    gallery = Gallery(Store(store.path))  # a script: nothing else waits for it
    assert titles(gallery) == ["a snowy owl", "a blue whale", "a red fox"]
    assert gallery.status == ""
