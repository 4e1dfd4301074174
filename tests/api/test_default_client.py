"""One default client: one per event loop, the one chaining uses for images read from files or
the store, closed when the interpreter exits."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

import imagewidgets as iw
from imagewidgets.api.default import DEFAULT_CLIENT, default_client
from imagewidgets.api.results import GeneratedImage
from imagewidgets.store import Store
from imagewidgets.widgets.runs.area import ResultRuns
from tests.support import ROOT
from tests.support.store import result


def test_one_client_per_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)

    async def current() -> iw.ImagesClient:
        assert default_client() is default_client()
        return default_client()

    first, second = asyncio.run(current()), asyncio.run(current())
    assert first is not second  # asyncio.run makes a new loop: never a client of a dead one
    assert first.offline


async def test_the_runs_area_and_chaining_share_it(tmp_path: Path) -> None:
    runs = ResultRuns(max_concurrent=1, keep_runs=1, save_dir=tmp_path)
    assert runs.client is default_client()


async def test_an_image_read_from_the_store_chains_with_the_default_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    made = (await default_client().generate("a fox", model="gpt-image-2", quality="low"))[0]
    store = Store(tmp_path)
    store.add(made)
    loaded = store.load(made.sha256)
    assert isinstance(loaded, GeneratedImage)
    assert loaded.client is DEFAULT_CLIENT
    (edited,) = await loaded.edit("give it a hat", quality="low")
    assert edited.parent is loaded
    assert edited.client is default_client()


async def test_an_image_without_a_client_says_how_to_chain() -> None:
    with pytest.raises(ValueError, match="client: this image has no client"):
        await result("a fox").edit("a hat")


def test_the_default_client_is_closed_when_the_interpreter_exits() -> None:
    code = (
        "import asyncio\n"
        "from imagewidgets.api import default\n"
        "from imagewidgets.api.base import BaseClient\n"
        "closing = BaseClient.aclose\n"
        "async def told(self):\n"
        "    print('closed', self.backend, flush=True)\n"
        "    await closing(self)\n"
        "BaseClient.aclose = told\n"
        "async def main():\n"
        "    await default.default_client().generate('a fox', model='gpt-image-2')\n"
        "asyncio.run(main())\n"
        "print('exiting', flush=True)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("OPENAI_API_KEY", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["exiting", "closed", "offline"]
