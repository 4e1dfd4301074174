"""A writer killed with SIGKILL at any moment leaves no corrupt or half-written entry behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from imagewidgets.store import Store
from imagewidgets.store.atomic import is_temporary, sweep
from tests.support import ROOT

# Adds an edit of an uploaded photo (6 files: 3 for the photo, 3 for the edit) to the store in
# argv[1]. With argv[2] = "replace" or "write" it stops, announced by a "ready" line, just before
# the argv[3]-th rename or in the middle of the argv[3]-th write; the test then kills it.
# With "loop" it adds large images one after another, printing "added" after each.
WRITER = r"""
import os, sys, time
from imagewidgets.store import Store, atomic
from tests.support.store import noise, result, source

path, mode, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
calls = {"replace": 0, "write": 0}
real_replace, real_write = os.replace, os.write

def stop():
    print("ready", flush=True)
    time.sleep(120)

def replace(src, dst):
    calls["replace"] += 1
    if mode == "replace" and calls["replace"] == target:
        stop()
    real_replace(src, dst)

def write(fd, data):
    calls["write"] += 1
    if mode == "write" and calls["write"] == target:
        real_write(fd, bytes(data[: len(data) // 2]))
        stop()
    return real_write(fd, data)

atomic.os.replace, atomic.os.write = replace, write
store = Store(path)
if mode == "loop":
    for number in range(1000):
        store.add(result(f"noise {number}", data=noise((700, 700), seed=number + target)))
        print("added", flush=True)
else:
    photo = source("orange")
    store.add(result("give it a hat", operation="edit", parents=(photo,), color=(9, 99, 199)))
    print("done", flush=True)
"""


def start_writer(store: Path, mode: str, target: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", WRITER, str(store), mode, str(target)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)


def kill_when(writer: subprocess.Popen[str], line: str, count: int = 1, delay: float = 0.0) -> None:
    assert writer.stdout is not None
    try:
        for _ in range(count):
            assert writer.stdout.readline().strip() == line
        time.sleep(delay)
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)
        writer.stdout.close()


def leftovers(store: Path) -> list[str]:
    return [p.name for p in store.rglob("*") if is_temporary(p.name)]


def assert_whole(store: Path) -> Store:
    """Nothing is damaged: what a kill left undone (a record or thumbnail not yet written) is
    listed all the same and mended by ``repair()``; every listed image loads whole."""
    reopened = Store(store)
    assert [problem for problem in reopened.problems() if "repair" not in problem] == []
    reopened.repair()
    assert reopened.problems() == []
    for record in reopened.records(None):
        assert reopened.load(record.sha256).sha256 == record.sha256
    return reopened


@pytest.mark.parametrize("mode", ["write", "replace"])
@pytest.mark.parametrize("target", [1, 2, 3, 4, 5, 6])
def test_kill_at_each_step_of_an_add_leaves_whole_entries(
    tmp_path: Path, mode: str, target: int
) -> None:
    kill_when(start_writer(tmp_path, mode, target), "ready")
    assert leftovers(tmp_path), "the writer was killed with a file half-way"
    store = assert_whole(tmp_path)
    whole_images = (target >= 2) + (target >= 5)  # the 1st and 4th files are the images
    assert len(store.records(None)) == whole_images
    assert len(store.records()) == (target >= 5)


def test_the_next_add_after_a_kill_completes_the_entry(tmp_path: Path) -> None:
    kill_when(start_writer(tmp_path, "replace", 5), "ready")
    finisher = start_writer(tmp_path, "none", 0)
    assert finisher.communicate(timeout=60)[0].strip() == "done"
    store = assert_whole(tmp_path)
    (edit,) = store.records()
    assert edit.operation == "edit"
    assert [store.get(sha).kind for sha in edit.parents] == ["source"]  # type: ignore[union-attr]


def test_kill_at_random_moments_while_writing_large_images(tmp_path: Path) -> None:
    chooser = random.Random(6)
    for round_number in range(4):
        writer = start_writer(tmp_path, "loop", round_number * 100)
        kill_when(writer, "added", count=chooser.randint(1, 3), delay=chooser.uniform(0, 0.1))
        assert_whole(tmp_path)
    assert len(Store(tmp_path).records()) >= 4


def test_sweep_removes_what_killed_writers_left(tmp_path: Path) -> None:
    kill_when(start_writer(tmp_path, "write", 1), "ready")
    assert leftovers(tmp_path)
    assert sum(sweep(folder, older_than=0) for folder in tmp_path.iterdir()) >= 1
    assert leftovers(tmp_path) == []
