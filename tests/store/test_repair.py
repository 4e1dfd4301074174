"""Robust to what is on disk: a damaged or foreign file is skipped and reported, never fatal; an
image whose record is damaged is still listed, rebuilt from the provenance inside it, and
``repair`` writes the record back. Two kernels storing the same bytes keep both records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from imagewidgets.store import Store
from imagewidgets.widgets.gallery import Gallery
from tests.support import ROOT
from tests.support.store import result, source

DAMAGE: dict[str, Callable[[str], str]] = {
    "truncated": lambda text: text[: len(text) // 2],
    "not an object": lambda text: "[1, 2, 3]",
    "null": lambda text: "null",
    "not JSON": lambda text: "\x00\x01 binary",
    "wrong types": lambda text: text.replace('"width": 64', '"width": "wide"'),
    "empty": lambda text: "",
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_an_image_with_a_damaged_record_is_listed_and_repaired(tmp_path: Path, damage: str) -> None:
    store = Store(tmp_path)
    photo = source("navy")
    fox = store.add(result("a fox", color=(9, 9, 9), request_id="f"))
    hat = store.add(result("add a hat", operation="edit", parents=(photo,), request_id="h"))
    record_file = tmp_path / "records" / hat.file_name
    record_file.write_text(DAMAGE[damage](record_file.read_text()))
    assert [line.split(":")[0] for line in store.problems()] == [  # noticed by this kernel
        f"records/{hat.file_name}", hat.sha256[:12],
    ]  # fmt: skip

    store.index.rebuild()  # and by a kernel that builds its index from the files
    reopened = Store(tmp_path)
    listed = {record.sha256: record for record in reopened.records()}
    assert set(listed) == {fox.sha256, hat.sha256}
    rebuilt = listed[hat.sha256]
    assert rebuilt.same_image_as(hat)
    assert (rebuilt.prompt, rebuilt.parents, rebuilt.usage) == (
        "add a hat", (photo.sha256,), hat.usage,
    )  # fmt: skip
    assert [item["sha"] for item in Gallery(reopened).items] == [hat.sha256, fox.sha256]
    found = reopened.problems()
    assert any(line.startswith(f"records/{hat.file_name}: not a record") for line in found)
    assert any(line.startswith(f"{hat.sha256[:12]}: its record is missing") for line in found)

    done = reopened.repair()
    assert len(done) == 2
    assert reopened.problems() == []
    assert Store(tmp_path).get(hat.sha256) == rebuilt
    assert (tmp_path / "damaged" / "records" / hat.file_name).exists()  # set aside, not deleted
    assert json.loads(record_file.read_text())["prompt"] == "add a hat"


def test_repair_from_a_shell(tmp_path: Path) -> None:
    store = Store(tmp_path)
    fox = store.add(result("a fox"))
    (tmp_path / "records" / fox.file_name).unlink()
    (tmp_path / "thumbs" / f"{fox.sha256}.webp").unlink()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(command: str) -> subprocess.CompletedProcess[str]:
        line = [sys.executable, "-m", "imagewidgets.store", command, str(tmp_path)]
        return subprocess.run(line, env=env, capture_output=True, text=True, timeout=60)

    checked = run("check")
    assert checked.returncode == 1
    assert f"{fox.sha256[:12]}: its record is missing or damaged" in checked.stdout
    assert "thumbnail is missing" in checked.stdout
    repaired = run("repair")
    assert repaired.returncode == 0
    assert "record written back" in repaired.stdout
    assert "thumbnail made again" in repaired.stdout
    assert run("check").stdout.strip() == f"{tmp_path}: no problems"
    assert Store(tmp_path).get(fox.sha256) is not None
    assert run("reindex").stdout.strip() == f"{tmp_path}: indexed 1 images"


def test_foreign_files_in_images_are_reported_and_set_aside(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(result("a fox"))
    (tmp_path / "images" / "holiday.jpg").write_bytes(b"\xff\xd8 not ours")
    assert store.records()[0].prompt == "a fox"
    assert store.problems() == [
        "images/holiday.jpg: no record, and no provenance inside to rebuild one from (set aside "
        "by Store.repair() or python -m imagewidgets.store repair)"
    ]
    assert store.repair() == [
        "images/holiday.jpg: moved to damaged/images/ (no record, and no provenance inside to "
        "rebuild one from)"
    ]
    assert store.problems() == []


def test_two_kernels_storing_the_same_bytes_keep_both_records(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    adder = "from imagewidgets.store import Store; from tests.support.store import result; "
    adder += f"Store({str(tmp_path)!r}).add(result('a fox', request_id='theirs'))"
    subprocess.run([sys.executable, "-c", adder], env=env, check=True, timeout=60)
    store = Store(tmp_path)
    mine = store.add(result("a fox", request_id="mine"))
    theirs, again = store.deliveries(mine.sha256)
    assert (theirs.request_id, again) == ("theirs", mine)
    assert theirs.session != mine.session
    assert len(list((tmp_path / "images").iterdir())) == 1  # one image file
    assert len(list((tmp_path / "records").iterdir())) == 2  # a record per request
    assert store.problems() == []
    assert [record.request_id for record in store.records()] == ["mine"]  # listed once
    summary = store.spend.summary()
    assert (summary.kernel.runs, summary.store.runs) == (1, 2)  # each request counted
    assert summary.last_run.usage.total_tokens == 1076
