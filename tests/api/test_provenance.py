"""One provenance value: a result and the store's record share it field for field, built by
keyword, and a saved file carries it so that ``iw.open`` gives the result back."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, cast

import pytest

import imagewidgets as iw
from imagewidgets.api.provenance import FIELDS, Provenance
from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.metadata import read_provenance, strip_provenance
from imagewidgets.store import Record, Store
from imagewidgets.store.record import record_for
from tests.support.edit import MASK, multipart_parts, recording_client, scene
from tests.support.store import result, source


def test_results_and_records_are_both_provenances() -> None:
    image = result("a fox", quality="high", parents=(source(),))
    record = record_for(image, stored_at=1.0)
    assert isinstance(image, Provenance)
    assert isinstance(record, Record)
    assert isinstance(record, Provenance)
    assert Provenance.of(record) == Provenance.of(image)
    assert record.parents == (image.parents[0].sha256,)
    for name in FIELDS:
        assert getattr(record, name) == getattr(image, name), name


def test_a_result_is_built_by_keyword_only() -> None:
    with pytest.raises(TypeError):
        cast(Any, GeneratedImage)(b"png", "png", 8, 8)
    image = GeneratedImage(data=b"png", format="png", width=8, height=8, model="gpt-image-2")
    assert (image.operation, image.backend, image.parents) == ("generate", "openai", ())


def test_two_results_are_equal_only_when_they_are_the_same_object() -> None:
    image = result("a fox")
    twin = dataclasses.replace(image)
    assert image == image
    assert image != twin
    assert len({image, twin}) == 2


def test_the_store_embeds_what_a_saved_file_embeds(tmp_path: Path) -> None:
    image = result("a fox", fmt="webp", parents=(source(),), request_id="req_1")
    image.save(tmp_path / "saved.webp")
    stored = Store(tmp_path / "store").add(image, run="run-7")
    in_store = read_provenance(
        (tmp_path / "store" / "images" / f"{image.sha256}.webp").read_bytes()
    )
    saved = read_provenance((tmp_path / "saved.webp").read_bytes())
    assert saved == in_store == image.provenance_json() == stored.provenance()
    assert "run" not in saved  # where and when it was stored is the record's, not the image's


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp"])
def test_a_saved_file_opens_as_the_result_it_was(tmp_path: Path, fmt: str) -> None:
    image = result("a lighthouse at dusk", fmt=fmt, quality="low")
    path = tmp_path / f"lighthouse.{fmt}"
    image.save(path)
    assert strip_provenance(path.read_bytes()) == image.data
    opened = iw.open(path)
    assert (opened.sha256, opened.prompt, opened.params, opened.usage) == (
        image.sha256, image.prompt, image.params, image.usage,
    )  # fmt: skip
    assert Provenance.of(opened) == Provenance.of(image)


def test_a_new_field_is_one_line_and_flows_to_the_record_and_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = Provenance.fields_from_json({"model": "gpt-image-2", "index": 2, "future": "x"})
    assert data == {"model": "gpt-image-2", "index": 2, "params": {}}  # unknown keys ignored
    with pytest.raises(ValueError, match="index: expected int"):
        Provenance.fields_from_json({"index": "two"})
    store = Store(tmp_path)
    image = result("a fox", api_key="sk-secret", nested={"token": "t", "steps": ["a"]})
    record = store.add(image)
    assert record.params == {
        "model": "gpt-image-1.5",
        "size": "1024x1024",
        "nested": {"steps": ["a"]},
    }
    loaded = Store(tmp_path).load(record.sha256)
    assert isinstance(loaded, GeneratedImage)
    assert loaded.params == record.params


async def test_an_edit_names_each_file_it_sent_and_carries_them_as_sent() -> None:
    async with recording_client() as (client, recorder):
        (fox,) = await client.generate("a fox", model="gpt-image-2.6-flare", quality="low")
        reference = scene(300, 200)
        (edited,) = await client.edit([fox, reference], "a hat", mask=MASK, quality="low")
    parts = multipart_parts(recorder.sent("/images/edits")[0])
    files = [(part.name, part.data) for part in parts if part.filename]
    assert files == [(name, file.data) for name, file in zip(
        ("image[]", "image[]", "mask"), edited.sent_files, strict=True
    )]  # fmt: skip
    assert edited.inputs == (fox.sha256, edited.sent_files[1].sha256)
    assert edited.mask_sha256 == edited.sent_files[2].sha256
    assert Provenance.of(record_for(edited, stored_at=1.0)).inputs == edited.inputs
