"""The store keeps every image with its provenance, across kernels, restarts and files."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

import imagewidgets as iw
from imagewidgets.api.events import PartialImage
from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.metadata import read_provenance
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store import Record, Store, default_home, writing
from imagewidgets.store.errors import NotSavedError
from imagewidgets.store.lineage import ancestors, lineage
from tests.support.store import encoded, hat_chain, result


def test_default_location_follows_imagewidgets_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_HOME", str(tmp_path / "elsewhere"))
    assert Store().path == default_home() == tmp_path / "elsewhere"
    monkeypatch.delenv("IMAGEWIDGETS_HOME")
    assert default_home() == Path.home() / ".imagewidgets"


def test_nothing_is_created_until_the_first_image(tmp_path: Path) -> None:
    store = Store(tmp_path / "new")
    assert (len(store), store.records()) == (0, [])
    assert not (tmp_path / "new").exists()


def test_an_image_comes_back_after_a_restart_with_everything_that_made_it(tmp_path: Path) -> None:
    image = result("a red fox in snow", quality="high", output_format="png")
    Store(tmp_path).add(image, run="run-1")
    restarted = Store(tmp_path)
    (record,) = restarted.records()
    assert (record.prompt, record.revised_prompt, record.model) == (
        "a red fox in snow", "revised: a red fox in snow", "gpt-image-1.5",
    )  # fmt: skip
    assert record.params == dict(image.params)
    assert (record.usage, record.request_id, record.run) == (image.usage, "req_fake", "run-1")
    assert (record.backend, record.elapsed, record.created) == ("offline", 2.5, image.created)
    loaded = restarted.load(record.sha256)
    assert isinstance(loaded, GeneratedImage)
    assert loaded.data == image.data
    assert loaded.sha256 == image.sha256
    assert (loaded.usage, loaded.params) == (image.usage, image.params)


def test_the_file_on_disk_carries_its_provenance_and_opens_anywhere(tmp_path: Path) -> None:
    parent = result("a fox", color=(1, 2, 3))
    child = result("give it a hat", operation="edit", parents=(parent,), fmt="webp", color="navy")
    store = Store(tmp_path / "store")
    record = store.add(child)
    stored = store.image_path(record)
    assert read_provenance(stored.read_bytes())["prompt"] == "give it a hat"  # type: ignore[index]
    opened = iw.open(stored)
    assert (opened.sha256, opened.operation, opened.format) == (child.sha256, "edit", "webp")
    assert opened.parent is not None
    assert opened.parent.sha256 == parent.sha256
    copy = tmp_path / "Downloads" / "hat.webp"
    copy.parent.mkdir()
    shutil.copy(stored, copy)
    moved = iw.open(copy)
    assert (moved.data, moved.prompt, moved.usage) == (child.data, child.prompt, child.usage)


def test_open_refuses_a_file_without_provenance(tmp_path: Path) -> None:
    plain = tmp_path / "plain.png"
    plain.write_bytes(encoded("png"))
    with pytest.raises(ValueError, match=r"plain\.png carries no imagewidgets provenance"):
        iw.open(plain)


def test_every_format_is_stored_and_read_back(tmp_path: Path) -> None:
    store = Store(tmp_path)
    images = [
        result(f"in {fmt}", fmt=fmt, color=(9, n, 9))
        for n, fmt in enumerate(["png", "jpeg", "webp"])
    ]
    for image in images:
        store.add(image)
    for image in images:
        assert store.load(image.sha256).data == image.data
        assert store.thumbnail(image.sha256)[:4] == b"RIFF"
    assert store.problems() == []


def test_records_are_newest_first_with_a_batch_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(result("old", color=(1, 1, 1), request_id="r1"))
    batch = [result("new", color=(2, 2, n), request_id="r2", index=n) for n in range(3)]
    for image in batch:
        store.add(image)
    assert [(r.prompt, r.index) for r in store.records()] == [
        ("new", 0), ("new", 1), ("new", 2), ("old", 0),
    ]  # fmt: skip


def test_adding_twice_keeps_one_entry(tmp_path: Path) -> None:
    store = Store(tmp_path)
    first = store.add(result())
    assert store.add(result()) == first
    assert len(store) == 1


def test_get_by_hash_or_unique_prefix(tmp_path: Path) -> None:
    store = Store(tmp_path)
    record = store.add(result())
    assert store.get(record.sha256[:10]) == record
    assert store.get("f" * 64) is None
    with pytest.raises(KeyError, match="no image"):
        store.load("f" * 64)


def test_a_damaged_file_is_reported_not_returned(tmp_path: Path) -> None:
    store = Store(tmp_path)
    record = store.add(result())
    path = store.image_path(record)
    path.write_bytes(path.read_bytes().replace(b"IDAT", b"IDAX", 1))
    assert "do not match the hash" in " ".join(Store(tmp_path).problems())
    with pytest.raises(ValueError, match="damaged"):
        Store(tmp_path).load(record.sha256)


def test_partial_frames_are_kept_when_given(tmp_path: Path) -> None:
    frames = [
        PartialImage(0, n, encoded("png", (n, n, n)), "png", "1024x1024", "low", "auto", 1)
        for n in range(2)
    ]
    record = Store(tmp_path).add(result(), partials=frames)
    assert len(record.partials) == 2
    assert sorted(p.name for p in (tmp_path / "partials").iterdir()) == sorted(
        f"{SourceImage(frame.data, 'png', 0, 0).sha256}.png" for frame in frames
    )


def test_no_credential_reaches_the_record(tmp_path: Path) -> None:
    image = result(
        api_key="sk-test-secret", extra_headers={"Authorization": "Bearer x"}, size="auto"
    )
    record = Store(tmp_path).add(image)
    assert "api_key" not in record.params
    assert "extra_headers" not in record.params
    assert record.params["size"] == "auto"
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"sk-test-secret" not in file.read_bytes()


def test_lineage_of_an_edit_chain(tmp_path: Path) -> None:
    photo, fox, hat, scarf = hat_chain()
    variations = [
        result(
            None,
            operation="variation",
            parents=(hat,),
            model="dall-e-2",
            color=(40, n, 0),
            request_id="d",
            index=n,
        )
        for n in range(2)
    ]
    store = Store(tmp_path)
    for image in (scarf, *variations):
        store.add(image)
    assert store.get(photo.sha256).kind == "source"  # type: ignore[union-attr]
    assert [r.prompt for r in ancestors(store, scarf.sha256)] == ["add a hat", "a fox"]
    assert [r.sha256 for r in store.children(hat.sha256)] == [scarf.sha256] + [
        v.sha256 for v in variations
    ]
    tree = lineage(Store(tmp_path), variations[1].sha256)
    assert tree is not None
    assert tree.record.sha256 == fox.sha256
    shape = [(node.depth, node.record.operation, node.record.index) for node in tree.walk()]
    assert shape == [
        (0, "generate", 0),
        (1, "edit", 0),
        (2, "edit", 0),
        (2, "variation", 0),
        (2, "variation", 1),
    ]
    loaded = Store(tmp_path).load(scarf.sha256)
    assert isinstance(loaded, GeneratedImage)
    assert isinstance(loaded.parent, GeneratedImage)
    assert loaded.parent.parent is not None
    assert loaded.parent.parent.sha256 == fox.sha256
    assert [type(p).__name__ for p in loaded.parent.parents] == ["GeneratedImage", "SourceImage"]
    hat_file = tmp_path / "records" / store.get(hat.sha256).file_name  # type: ignore[union-attr]
    assert json.loads(hat_file.read_text())["parents"] == [
        fox.sha256, photo.sha256,
    ]  # fmt: skip


def test_bytes_that_do_not_decode_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    whole = encoded("png")
    cut = result("cut short", data=whole[: len(whole) // 2])
    with pytest.raises(NotSavedError, match="do not decode as an image") as refused:
        Store(tmp_path).add(cut)
    assert refused.value.cause == "undecodable"
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


async def test_add_async_writes_in_a_worker_thread_and_tells_listeners_on_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    writers: list[int] = []
    write = writing.write_files

    def spy(store: Store, data: bytes, record: Record) -> None:
        writers.append(threading.get_ident())
        write(store, data, record)

    monkeypatch.setattr(writing, "write_files", spy)
    told: list[tuple[str | None, int]] = []
    store.subscribe(lambda record: told.append((record.prompt, threading.get_ident())))
    hat = result("add a hat", operation="edit", parents=(result("a fox", color="red"),))
    record = await store.add_async(hat)
    here = threading.get_ident()
    assert record.sha256 == hat.sha256
    assert len(writers) == 2
    assert here not in writers
    assert told == [("a fox", here), ("add a hat", here)]
    assert await store.add_async(hat) == record
    assert len(told) == 2
