"""Every file a request sent is kept, content-addressed, exactly as sent: a mask and a markup in
``inputs/``, input images as the store's own images; ``Store.input`` gives each one back by
hash, and a store that cannot keep one says so before any record names it."""

from __future__ import annotations

import ast
import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from imagewidgets.api.client import ImagesClient
from imagewidgets.imaging.masks import to_api_mask
from imagewidgets.imaging.metadata import read_provenance
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store import NotSavedError, Store
from imagewidgets.store.snippet import python_snippet
from tests.support.emulator import client
from tests.support.store import encoded

__all__ = ["client"]


def sha256_of(data: bytes) -> str:
    return SourceImage(data, "", 0, 0).sha256


def markup_png(size: tuple[int, int]) -> bytes:
    """A transparent overlay with one red circle: marks that guide an edit."""
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(overlay).ellipse((100, 100, 400, 400), outline="red", width=12)
    buffer = io.BytesIO()
    overlay.save(buffer, "PNG")
    return buffer.getvalue()


async def test_an_edit_keeps_its_mask_and_names_every_file_it_sent(
    client: ImagesClient, tmp_path: Path
) -> None:
    store = Store(tmp_path)
    (fox,) = await client.generate("a fox", model="gpt-image-2.6-flare", quality="low")
    photo = encoded("jpeg", size=(300, 200))
    region = np.zeros((1024, 1024), dtype=bool)
    region[600:900, 100:500] = True
    (edited,) = await client.edit([fox, photo], "a hat", mask=region, quality="low")
    mask = to_api_mask(region, (1024, 1024)).data  # the PNG the client made of the array
    record = store.add(edited)
    assert record.inputs == (fox.sha256, sha256_of(photo))
    assert record.mask_sha256 == sha256_of(mask)
    assert [path.name for path in (tmp_path / "inputs").iterdir()] == [f"{sha256_of(mask)}.png"]
    assert store.input(sha256_of(mask)) == mask
    assert store.input(fox.sha256) == fox.data  # an image of the history: its own file
    assert store.input(sha256_of(photo)) == photo
    inside = read_provenance(store.image_path(record).read_bytes())
    assert inside is not None
    assert inside["inputs"] == [fox.sha256, sha256_of(photo)]


async def test_a_markup_is_kept_and_its_record_makes_the_image_again(
    client: ImagesClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    (fox,) = await client.generate("a fox", model="gpt-image-2.6-flare", quality="low")
    marks = markup_png((1024, 1024))
    (marked,) = await client.edit(fox, "a hat where circled", markup=marks, quality="low")
    record = store.add(marked)
    assert record.markup_sha256 == sha256_of(marks)
    assert store.input(sha256_of(marks)) == marks
    code = python_snippet(record, store)
    assert f'markup=store.input("{sha256_of(marks)}"),' in code
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    namespace: dict[str, Any] = {}
    await eval(compile(code, "<copied>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT), namespace)
    await namespace["client"].aclose()
    assert namespace["image"].data == marked.data


def test_an_input_is_kept_once_and_checked_when_read(tmp_path: Path) -> None:
    store = Store(tmp_path)
    mask = to_api_mask(np.eye(8, dtype=bool), (8, 8))
    sha256 = store.keep_input(mask.data)
    kept = tmp_path / "inputs" / f"{sha256}.png"
    assert (sha256, kept.read_bytes()) == (mask.sha256, mask.data)
    stamp = kept.stat().st_mtime_ns
    assert store.keep_input(mask) == sha256
    assert kept.stat().st_mtime_ns == stamp, "kept already: not written again"
    kept.write_bytes(mask.data[:-1] + b"\x00")  # damaged on disk, same size
    with pytest.raises(ValueError, match="do not match their hash"):
        store.input(sha256)
    store.keep_input(mask)
    assert store.input(sha256) == mask.data, "keeping it again mends it"


def test_input_names_what_it_cannot_give(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with pytest.raises(KeyError, match="no input 'abab"):
        store.input("ab" * 32)
    with pytest.raises(ValueError, match="sha256: expected 64 lower-case hex digits"):
        store.input("../records/x")


async def test_an_input_that_cannot_be_kept_stops_the_record_too(
    client: ImagesClient, tmp_path: Path
) -> None:
    (fox,) = await client.generate("a fox", model="gpt-image-2.6-flare", quality="low")
    (edited,) = await client.edit(fox, "a hat", mask=np.ones((1024, 1024), bool), quality="low")
    (tmp_path / "inputs").write_text("a file where the store needs a folder")
    store = Store(tmp_path)
    with pytest.raises(NotSavedError) as refused:
        await store.add_async(edited)
    assert refused.value.cause == "in-the-way"
    assert store.get(edited.sha256) is None, "no record names an input that is not kept"


def test_a_damaged_input_is_a_problem_that_repair_sets_aside(tmp_path: Path) -> None:
    store = Store(tmp_path)
    mask = to_api_mask(np.eye(8, dtype=bool), (8, 8))
    store.keep_input(mask)
    kept = tmp_path / "inputs" / f"{mask.sha256}.png"
    assert store.problems() == []
    kept.write_bytes(b"not the mask")
    (tmp_path / "inputs" / "notes.txt").write_text("someone else's file")
    assert store.problems() == [
        f"inputs/{mask.sha256}.png: the bytes do not match their hash "
        "(set aside by Store.repair() or python -m imagewidgets.store repair)",
        "inputs/notes.txt: not named by a SHA-256 "
        "(set aside by Store.repair() or python -m imagewidgets.store repair)",
    ]
    assert len(store.repair()) == 2
    assert (tmp_path / "damaged" / "inputs" / "notes.txt").exists()
    assert store.problems() == []
    store.keep_input(mask)
    assert store.input(mask.sha256) == mask.data
