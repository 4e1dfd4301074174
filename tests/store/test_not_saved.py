"""A store that cannot write says why in a typed error; nothing half-written is listed, and a
foreign file in ``records/`` is no reason to fail at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagewidgets.store import NotSavedError, Store
from tests.support.disks import FAILURES, unwritable
from tests.support.store import result


@pytest.mark.parametrize("failure", FAILURES)
def test_a_store_that_cannot_write_raises_not_saved_saying_why(
    tmp_path: Path, failure: str
) -> None:
    with unwritable(tmp_path, failure) as folder:
        store = Store(folder)
        assert store.records() == []  # listing still works, the foreign file is skipped
        with pytest.raises(NotSavedError) as refused:
            store.add(result("a paid-for fox"))
        assert refused.value.cause == failure
        assert refused.value.folder == str(folder)
        assert str(refused.value).startswith(f"the image was not saved in {folder}: ")
        assert refused.value.reason in str(refused.value)
        assert Store(folder).records() == []


async def test_add_async_raises_the_same_error(tmp_path: Path) -> None:
    with unwritable(tmp_path, "full") as folder:
        with pytest.raises(NotSavedError, match="not saved") as refused:
            await Store(folder).add_async(result("a paid-for fox"))
        assert refused.value.cause == "full"


def test_foreign_files_in_records_do_not_stop_a_store(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "list.json").write_text("[1, 2, 3]")
    (records / "notes.txt").write_text("hello")
    (records / "cut.json").write_text('{"sha256": "ab')
    (records / "folder").mkdir()
    store = Store(tmp_path)
    record = store.add(result("a fox"))
    assert [r.sha256 for r in store.records()] == [record.sha256]
    assert store.spend.summary().store.runs == 1
    found = store.problems()
    assert sorted(line.split(":")[0] for line in found) == [
        "records/cut.json", "records/folder", "records/list.json", "records/notes.txt",
    ]  # fmt: skip
    assert "expected a JSON object, found list" in " ".join(found)
    assert json.loads((records / "list.json").read_text()) == [1, 2, 3]  # never touched
