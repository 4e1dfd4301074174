"""The gallery reads each thumbnail from disk once: a redraw after a new image reads only it.

Disk reads are counted by wrapping ``Path.read_bytes``; files under ``thumbs/`` are thumbnails.
A fresh :class:`ThumbnailMemory` stands for a kernel that has not seen the store yet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import imagewidgets.store.store as store_module
import imagewidgets.store.writing as writing_module
from imagewidgets.store import Store
from imagewidgets.store.thumbs import ThumbnailMemory
from imagewidgets.widgets.gallery import Gallery
from tests.support.store import result, source


@pytest.fixture
def thumb_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thumbnails read from disk from now on (their image hashes, in order)."""
    reads: list[str] = []
    read_bytes = Path.read_bytes

    def counting(path: Path) -> bytes:
        if path.parent.name == "thumbs":
            reads.append(path.stem)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return reads


def add_elsewhere(path: Path, monkeypatch: pytest.MonkeyPatch, *prompts: str) -> list[str]:
    """Images stored by another kernel: their thumbnails are not in this kernel's memory."""
    with monkeypatch.context() as elsewhere:
        other_kernels = ThumbnailMemory()
        elsewhere.setattr(store_module, "THUMBNAILS", other_kernels)
        elsewhere.setattr(writing_module, "THUMBNAILS", other_kernels)
        store = Store(path)
        added = [
            store.add(result(p, color=(len(p) * 9 % 256, 80, 30), request_id=p)) for p in prompts
        ]
    return [record.sha256 for record in added]


def test_a_redraw_reads_only_the_thumbnails_not_seen_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, thumb_reads: list[str]
) -> None:
    first = add_elsewhere(tmp_path, monkeypatch, "a fox", "a whale", "an owl")
    gallery = Gallery(Store(tmp_path))
    assert sorted(thumb_reads) == sorted(first)
    newest = add_elsewhere(tmp_path, monkeypatch, "a heron in fog")
    thumb_reads.clear()
    gallery.refresh()
    assert thumb_reads == newest
    assert gallery.items[0]["sha"] == newest[0]
    assert all(item["thumb"][:4] == b"RIFF" for item in gallery.items)
    thumb_reads.clear()
    gallery.refresh()
    assert thumb_reads == []


def test_an_image_stored_in_this_kernel_is_drawn_without_reading_its_thumbnail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, thumb_reads: list[str]
) -> None:
    add_elsewhere(tmp_path, monkeypatch, "a fox", "a whale")
    gallery = Gallery(Store(tmp_path))
    thumb_reads.clear()
    record = Store(tmp_path).add(result("just made", color=(1, 2, 3), request_id="r9"))
    assert gallery.items[0]["sha"] == record.sha256
    assert thumb_reads == []
    on_disk = Store(tmp_path).thumbnail_path(record.sha256).read_bytes()
    assert gallery.items[0]["thumb"] == on_disk


def test_the_memory_is_bounded_and_forgets_the_least_recently_used(tmp_path: Path) -> None:
    memory = ThumbnailMemory(capacity=3)
    files = [tmp_path / f"{n}.webp" for n in range(4)]
    for n, file in enumerate(files):
        file.write_bytes(bytes([n]))
    for file in files[:3]:
        memory.read(file)
    memory.read(files[0])
    memory.read(files[3])
    assert memory.get(files[1]) is None
    assert [memory.get(f) for f in (files[0], files[2], files[3])] == [b"\0", b"\2", b"\3"]


def test_a_new_image_resends_the_page_only_when_the_page_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_elsewhere(tmp_path, monkeypatch, "a fox", "a whale")
    gallery = Gallery(Store(tmp_path), query="fox")
    sent: list[list[str]] = []
    gallery.observe(lambda change: sent.append([i["sha"] for i in change["new"]]), names="items")
    Store(tmp_path).add(result("a second whale", color=(9, 9, 90), request_id="w2"))
    assert sent == []  # outside the search: the page is not sent again
    fox = Store(tmp_path).add(result("a fox at dusk", color=(90, 9, 9), request_id="f2"))
    assert len(sent) == 1
    assert sent[0][0] == fox.sha256
    assert gallery.total == 2


def test_an_input_image_stored_alone_does_not_redraw_the_gallery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_elsewhere(tmp_path, monkeypatch, "a fox")
    gallery = Gallery(Store(tmp_path))
    redraws: list[int] = []
    page_now = gallery.page_now

    def counted() -> Any:
        redraws.append(1)
        return page_now()

    monkeypatch.setattr(gallery, "page_now", counted)
    Store(tmp_path).add(source("teal"))
    assert redraws == []
    Store(tmp_path).add(result("an edit", color=(3, 4, 5), parents=(source("navy"),)))
    assert redraws == [1]  # the edit, not its new input image
