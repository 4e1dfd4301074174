"""The gallery: newest first, search, filter, pages, details, actions, comparison and lineage.

The view is simulated: traits are set as the browser sets them, messages sent as it sends them.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store import Store
from imagewidgets.widgets.gallery import Gallery
from tests.support import ROOT
from tests.support.store import hat_chain, noise, result


def press(gallery: Gallery, action: str, sha: str = "") -> None:
    gallery._handle_message(None, {"action": action, "sha": sha}, [])


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as picture:
        width: int = picture.width
        return width, picture.height


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path)
    store.add(result("a red fox in snow", color=(200, 40, 0), request_id="r1"))
    store.add(result("a blue whale", color=(0, 40, 200), model="gpt-image-1", request_id="r2"))
    store.add(result("a snowy owl", color=(240, 240, 240), model="dall-e-3", request_id="r3"))
    return store


def test_shows_the_store_newest_first_with_thumbnails(store: Store) -> None:
    gallery = Gallery(store)
    assert [item["title"] for item in gallery.items] == [
        "a snowy owl",
        "a blue whale",
        "a red fox in snow",
    ]
    assert gallery.total == 3
    assert gallery.models == ["dall-e-3", "gpt-image-1", "gpt-image-1.5"]
    for item in gallery.items:
        assert item["thumb"][:4] == b"RIFF"
        assert item["label"].startswith(item["title"])


def test_a_new_store_object_after_a_restart_shows_everything_again(store: Store) -> None:
    restarted = Gallery(Store(store.path))
    assert [item["sha"] for item in restarted.items] == [r.sha256 for r in store.records()]


def test_search_by_prompt_and_filter_by_model(store: Store) -> None:
    gallery = Gallery(store)
    gallery.query = "SNOW"
    assert [item["title"] for item in gallery.items] == ["a snowy owl", "a red fox in snow"]
    gallery.model_filter = "dall-e-3"
    assert [item["title"] for item in gallery.items] == ["a snowy owl"]
    gallery.query = "fox"
    assert (gallery.items, gallery.total) == ([], 0)
    gallery.query, gallery.model_filter = "", ""
    assert gallery.total == 3


def test_pages_hold_the_browser_to_a_page_of_thumbnails(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for number in range(7):
        store.add(result(f"image {number}", color=(number * 30, 0, 0), request_id=f"r{number}"))
    gallery = Gallery(store, page_size=3)
    assert [item["title"] for item in gallery.items] == ["image 6", "image 5", "image 4"]
    gallery.page = 2
    assert [item["title"] for item in gallery.items] == ["image 0"]
    gallery.page = 9
    assert gallery.page == 2
    gallery.query = "image"
    assert gallery.page == 0


def test_new_images_appear_as_they_are_stored(store: Store) -> None:
    gallery = Gallery(store)
    Store(store.path).add(result("just made", color=(1, 2, 3), request_id="r4"))
    assert gallery.items[0]["title"] == "just made"


def test_images_from_another_kernel_appear_on_refresh(store: Store) -> None:
    gallery = Gallery(store)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    adder = "from imagewidgets.store import Store; from tests.support.store import result; "
    adder += f"Store({str(store.path)!r}).add(result('from elsewhere', color=(5, 5, 5)))"
    subprocess.run([sys.executable, "-c", adder], env=env, check=True, timeout=60)
    assert gallery.total == 3
    press(gallery, "refresh")
    assert gallery.items[0]["title"] == "from elsewhere"


def test_selecting_shows_a_display_sized_image_and_its_provenance(tmp_path: Path) -> None:
    store = Store(tmp_path)
    big = result("a big one", data=noise((1536, 1024), seed=3), quality="high")
    store.add(big)
    gallery = Gallery(store)
    gallery.selected = big.sha256
    assert max(size_of(gallery.detail_image)) <= 768
    assert len(gallery.detail_image) < len(big.data)
    rows = dict(gallery.detail["rows"])
    assert rows["Prompt"] == "a big one"
    assert rows["Model"] == "gpt-image-1.5"
    assert rows["Image"] == "1536x1024 png"
    assert "quality=high" in rows["Parameters"]
    assert "1,076 tokens" in rows["Usage"]
    assert 'images = await client.generate(\n    "a big one",' in gallery.detail["code"]
    gallery.selected = ""
    assert (gallery.detail, gallery.detail_image) == ({}, b"")


def test_no_full_resolution_bytes_in_the_widget_state(tmp_path: Path) -> None:
    store = Store(tmp_path)
    images = [
        result(f"n{n}", data=noise((1024, 1024), seed=n), request_id=f"r{n}") for n in range(3)
    ]
    for image in images:
        store.add(image)
    gallery = Gallery(store)
    gallery.selected = images[0].sha256
    gallery.compare = [images[1].sha256, images[2].sha256]
    state = gallery.get_state()
    blobs = _bytes_in(state)
    assert blobs
    assert all(max(size_of(blob)) <= 768 for blob in blobs)
    assert not any(image.data in blobs for image in images)


def _bytes_in(value: Any) -> list[bytes]:
    if isinstance(value, bytes | memoryview):
        return [bytes(value)] if len(value) else []
    if isinstance(value, dict):
        return [b for v in value.values() for b in _bytes_in(v)]
    if isinstance(value, list | tuple):
        return [b for v in value for b in _bytes_in(v)]
    return []


def test_actions_reach_the_hooks_with_the_stored_image(store: Store) -> None:
    gallery = Gallery(store)
    assert gallery.actions == ["copy"]
    seen: list[tuple[str, GeneratedImage | SourceImage]] = []
    gallery.on_action(lambda action, image: seen.append((action, image)))
    assert gallery.actions == ["edit", "vary", "use", "copy"]
    owl = store.records()[0]
    for action in ("edit", "vary", "use", "copy"):
        press(gallery, action, owl.sha256)
    assert [action for action, _ in seen] == ["edit", "vary", "use", "copy"]
    image = seen[0][1]
    assert isinstance(image, GeneratedImage)
    assert (image.sha256, image.prompt, image.model) == (owl.sha256, "a snowy owl", "dall-e-3")
    assert gallery.status == "Copied the Python code"


def test_a_failing_hook_is_reported_in_the_gallery(store: Store) -> None:
    gallery = Gallery(store)

    def broken(action: str, image: object) -> None:
        raise RuntimeError("the studio is closed")

    gallery.on_action(broken)
    press(gallery, "edit", store.records()[0].sha256)
    assert gallery.status == "edit failed: the studio is closed"
    press(gallery, "vary", "f" * 64)
    assert gallery.status.startswith("vary: ")


def test_compare_two_images(store: Store) -> None:
    gallery = Gallery(store)
    first, second, third = (r.sha256 for r in store.records())
    gallery.compare = [first]
    assert len(gallery.compare_images) == 1
    gallery.compare = [first, second, third]
    assert gallery.compare == [second, third]
    assert [size_of(image) for image in gallery.compare_images] == [(64, 48), (64, 48)]
    gallery.compare = []
    assert gallery.compare_images == []


def test_lineage_of_an_edit_chain_is_a_tree_to_branch_from(tmp_path: Path) -> None:
    store = Store(tmp_path)
    photo, fox, hat, scarf = hat_chain()
    boots = result(
        "add boots", operation="edit", parents=(hat,), color=(40, 40, 40), request_id="d"
    )
    for image in (scarf, boots):
        store.add(image)
    gallery = Gallery(store)
    gallery.selected = hat.sha256
    tree = [(node["depth"], node["label"], node["current"]) for node in gallery.lineage]
    assert tree == [
        (0, "generate: a fox", False),
        (1, "edit: add a hat", True),
        (2, "edit: add a scarf", False),
        (2, "edit: add boots", False),
    ]
    assert all(node["thumb"] and max(size_of(node["thumb"])) <= 96 for node in gallery.lineage)
    assert "input image" in dict(gallery.detail["rows"])["Made from"]
    assert f'store.load("{fox.sha256}")' in gallery.detail["code"]  # a result, with its lineage
    photo_line = f'# your input image photo.png\n        store.input("{photo.sha256}"),\n'
    assert photo_line in gallery.detail["code"]
    assert "images = await client.edit(" in gallery.detail["code"]
    gallery.selected = gallery.lineage[3]["sha"]
    assert gallery.detail["title"] == "add boots"


def test_the_static_sheet_follows_the_store(store: Store) -> None:
    gallery = Gallery(store)
    bundle = gallery.sheet._bundle
    assert bundle["text/plain"].splitlines()[0] == "1. a snowy owl (dall-e-3)"
    assert "image/jpeg" in bundle
