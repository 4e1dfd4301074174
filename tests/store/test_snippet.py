""" "Copy as Python" where the store cannot help, or where the record is older than ``inputs``:
the code says what goes where it cannot read a file, and never sends what was not sent.
(That the code makes the same bytes again is ``tests/widgets/test_reproduce.py``.)"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from imagewidgets.imaging.fidelity import keep_outside_result
from imagewidgets.store import Record, Store
from imagewidgets.store.snippet import python_code, python_snippet
from tests.support.edit import box
from tests.support.store import result, source

MASK = "cd" * 32


def test_without_a_store_a_file_that_is_kept_nowhere_is_a_gap_saying_what_goes_there() -> None:
    photo = source("orange", name="photo.png")
    hat = dataclasses.replace(
        result("add a hat", operation="edit", parents=(photo,)), mask_sha256=MASK
    )
    code = python_code(hat)
    assert "    # your input image (sha256 " in code
    assert '    "photo.png",\n' in code
    assert "    # the mask (sha256 cdcdcdcdcdcd…) is not in a store: pass it here\n" in code
    assert "    mask=...,\n" in code
    assert "store" not in code.replace("not in a store", "")


def test_a_stored_record_reads_its_inputs_from_its_own_store(tmp_path: Path) -> None:
    photo = source("orange", name="photo.png")
    fox = result("a fox", request_id="a")
    hat = result("add a hat", operation="edit", parents=(fox, photo), request_id="b")
    store = Store(tmp_path)
    record = store.add(hat)
    code = python_snippet(record, store)
    assert f'store = iw.Store("{tmp_path.resolve()}")\n' in code
    assert f'        store.load("{fox.sha256}"),\n' in code
    assert f'        # your input image photo.png\n        store.input("{photo.sha256}"),\n' in code


def test_a_record_older_than_inputs_conforms_its_dalle2_copy_again(tmp_path: Path) -> None:
    fox = result("a fox", request_id="a")
    steps = ["padded 64x48 to 64x64 with transparent borders", "resized 64x64 to 256x256"]
    edit = result(
        "add a hat", operation="edit", parents=(fox,), request_id="b", model="dall-e-2",
        prepared_input={"steps": steps, "sent_sha256": "ef" * 32},
    )  # fmt: skip
    store = Store(tmp_path)
    record = store.add(edit)
    older = {key: value for key, value in record.to_json().items() if key != "inputs"}
    assert Record.from_json(older).inputs == ()  # as a store written before inputs reads
    code = python_snippet(Record.from_json(older), store)
    assert f'    iw.conform_for_dalle2(store.load("{fox.sha256}")).source,\n' in code
    assert "prepared_input" not in code


def test_an_image_kept_outside_its_mask_is_loaded_not_asked_for(tmp_path: Path) -> None:
    fox = result("a fox", request_id="a")
    hat = result("add a hat", operation="edit", parents=(fox,), request_id="b")
    kept = keep_outside_result(hat, fox, box(64, 48, 4, 4, 20, 20))
    scarf = result("add a scarf", operation="edit", parents=(kept,), request_id="c")
    store = Store(tmp_path)
    store.add(scarf)
    code = python_code(scarf, store)
    assert f'    store.load("{kept.sha256}"),\n' in code
    assert "keep_outside_mask" not in code
    assert "add a hat" not in code, "the kept image is read, its edit is not sent again"
