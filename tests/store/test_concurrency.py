"""Two kernels writing one store at the same moment lose nothing and damage nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from imagewidgets.store import Store
from tests.support import ROOT

# Waits for the file argv[2], then adds 25 images of its own and 10 that the other writer adds
# too (same bytes), as fast as it can, interleaved.
WRITER = r"""
import os, sys, time
from imagewidgets.store import Store
from tests.support.store import result

path, go, who = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = Store(path)
while not os.path.exists(go):
    time.sleep(0.005)
for number in range(35):
    if number % 7 == 3:
        shared = number // 7
        color, run = (200, shared * 20, 0), f"shared{shared}"
        image = result(f"shared {shared}", color=color, request_id=run)
    else:
        image = result(f"writer {who} image {number}", color=(who * 100, number * 7, 255))
    store.add(image)
print(len(store.records()), flush=True)
"""


def test_two_writers_at_once_keep_every_image(tmp_path: Path) -> None:
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path / "store"), str(go), str(who)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in (1, 2)
    ]
    time.sleep(0.5)
    go.touch()
    outputs = [writer.communicate(timeout=120)[0] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0]
    assert all(int(output) >= 35 for output in outputs)
    store = Store(tmp_path / "store")
    assert store.problems() == []
    prompts = sorted(record.prompt or "" for record in store.records())
    expected = [f"writer {who} image {n}" for who in (1, 2) for n in range(35) if n % 7 != 3]
    assert prompts == sorted(expected + [f"shared {shared}" for shared in range(5)])


def test_a_store_object_sees_what_another_kernel_added(tmp_path: Path) -> None:
    mine = Store(tmp_path)
    assert mine.records() == []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    adder = "from imagewidgets.store import Store; from tests.support.store import result; "
    adder += f"Store({str(tmp_path)!r}).add(result('from the other kernel'))"
    subprocess.run([sys.executable, "-c", adder], env=env, check=True, timeout=60)
    assert [record.prompt for record in mine.records()] == ["from the other kernel"]
