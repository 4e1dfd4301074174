"""The Studio with its store: each final image on disk before it is shown, the gallery as a
panel acting on the Studio, the spend line, and a budget that refuses runs."""

from __future__ import annotations

import ast
import asyncio
import json
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from imagewidgets.api.client import ImagesClient
from imagewidgets.store import BudgetExceededError, Store, writing
from imagewidgets.widgets.gallery import Gallery
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.studio import Studio
from tests.support import ROOT
from tests.support.emulator import client
from tests.support.widgets import browser_sends, click, front_end

__all__ = ["client", "front_end"]
pytestmark = pytest.mark.usefixtures("front_end")
PROMPT = "a lighthouse at dusk"


def studio_for(client: ImagesClient, store: Store, **controls: object) -> Studio:
    return Studio(PROMPT, client=client, store=store, quality="low", **controls)  # type: ignore[arg-type]


async def test_every_final_image_is_stored_before_it_is_shown(
    client: ImagesClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    shown_while_stored: list[bool] = []
    put = ImagePreview.put

    def spy(preview: ImagePreview, frame: object) -> None:
        if getattr(frame, "final", False):
            shown_while_stored.append(len(Store(tmp_path).records()) > len(shown_while_stored))
        put(preview, frame)  # type: ignore[arg-type]

    monkeypatch.setattr(ImagePreview, "put", spy)
    studio = studio_for(client, store, n=2, partial_images=1)
    images = await studio.generate()
    assert shown_while_stored == [True, True]
    assert [r.sha256 for r in store.records()] == [image.sha256 for image in images]
    assert Store(tmp_path).problems() == []


async def test_the_default_store_is_imagewidgets_home(
    client: ImagesClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_HOME", str(tmp_path / "home"))
    studio = Studio(PROMPT, client=client, quality="low", partial_images=0)
    await studio.generate()
    assert len(Store(tmp_path / "home").records()) == 1


async def test_the_history_panel_shows_the_store_and_acts_on_the_studio(
    client: ImagesClient, tmp_path: Path
) -> None:
    store = Store(tmp_path)
    studio = studio_for(client, store, partial_images=0)
    assert studio.history.panel in studio.children
    gallery = studio.history.gallery
    assert isinstance(gallery, Gallery)
    assert gallery.actions == ["edit", "vary", "use", "copy"]
    (made,) = await studio.generate()
    assert gallery.items[0]["sha"] == made.sha256

    studio.controls.prompt = "something else"
    browser_sends(gallery, {"action": "use", "sha": made.sha256})
    await gallery.updated()  # the image is loaded off the event loop, then used
    assert studio.controls.prompt == PROMPT

    browser_sends(gallery, {"action": "edit", "sha": made.sha256})
    await gallery.updated()
    panel = studio.edit_area.children[-1]
    assert type(panel).__name__ == "EditPanel"
    assert panel.sources.source.sha256 == made.sha256

    browser_sends(gallery, {"action": "vary", "sha": made.sha256})
    await gallery.updated()
    variations = await studio.runs[-1]
    assert [image.model for image in variations] == [made.model, made.model]
    assert {r.operation for r in store.records()} == {"generate", "edit"}
    assert [store.get(v.sha256).parents for v in variations] == [(made.sha256,)] * 2  # type: ignore[union-attr]
    assert [r.sha256 for r in store.children(made.sha256)] == [v.sha256 for v in variations]


async def test_the_spend_line_follows_runs_and_prices(client: ImagesClient, tmp_path: Path) -> None:
    prices = {
        "gpt-image-2.6-flare": {
            "per_million_tokens": {"input": 5, "output": 40},
            "per_image": {"low": 0.01},
        }
    }
    (tmp_path / "spend.json").write_text(json.dumps({"prices": prices}))
    studio = studio_for(client, Store(tmp_path), partial_images=0)
    line = studio.history.spend_line
    assert 'role="status"' in line.value
    assert "Last run: 0 tokens" in line.value
    assert "next run: about $0.01" in line.value
    studio.controls.n = 3
    assert "next run: about $0.03" in line.value
    images = await studio.generate()
    tokens = sum(image.usage.total_tokens for image in images if image.usage)  # a stream: per image
    assert tokens > 0
    assert f"Last run: {tokens:,} tokens, about $" in line.value
    assert "(1 run)" in line.value


async def test_a_budget_refuses_new_runs_and_says_why(client: ImagesClient, tmp_path: Path) -> None:
    (tmp_path / "spend.json").write_text(json.dumps({"budget": {"tokens": 100}}))
    studio = studio_for(client, Store(tmp_path), partial_images=0)
    await studio.generate()
    assert "budget (this kernel): " in studio.history.spend_line.value
    with pytest.raises(BudgetExceededError, match="Budget reached: this kernel has used"):
        await studio.generate()
    click(studio.generate_button)
    assert "Budget reached" in studio.notice.value
    assert len(studio.runs) == 0
    assert len(Store(tmp_path).records()) == 1


async def test_a_store_asked_to_keeps_the_studios_partial_frames(
    client: ImagesClient, tmp_path: Path
) -> None:
    store = Store(tmp_path, keep_partials=True)
    studio = studio_for(client, store, n=2, partial_images=2)
    images = await studio.generate()
    for image in images:
        record = store.get(image.sha256)
        assert record is not None
        assert len(record.partials) == 2
    assert len(list((tmp_path / "partials").iterdir())) == 4


async def test_variations_of_a_wide_result_stay_its_children(
    client: ImagesClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    studio = studio_for(client, store, size="1536x1024", partial_images=0)
    (wide,) = await studio.generate()
    variations = await studio.vary(wide, n=2)
    assert all(image.parent is wide for image in variations)
    assert all((image.width, image.height) == (1536, 1024) for image in variations)
    gallery = Gallery(store)
    gallery.selected = wide.sha256
    await gallery.updated()  # drawn in a worker thread: the kernel's loop never waits for it
    tree = [(node["depth"], node["sha"], node["current"]) for node in gallery.lineage]
    assert tree[0] == (0, wide.sha256, True)
    assert sorted(tree[1:]) == sorted((1, image.sha256, False) for image in variations)
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    gallery.selected = variations[1].sha256
    await gallery.updated()
    for code in (studio.copy_as_python(variations[1]), gallery.detail["code"]):
        assert await run_copied(code) == variations[1].data


async def run_copied(code: str) -> bytes:
    """Run "Copy as Python" code as a notebook cell would; the bytes of its ``image``."""
    namespace: dict[str, Any] = {}
    await eval(compile(code, "<copied>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT), namespace)
    await namespace["client"].aclose()
    data: bytes = namespace["image"].data
    return data


async def test_the_edit_panel_keeps_partial_frames_like_the_studio(
    client: ImagesClient, tmp_path: Path
) -> None:
    store = Store(tmp_path, keep_partials=True)
    studio = studio_for(client, store, partial_images=0)
    (image,) = await studio.generate()
    panel = studio.open_edit(image)
    panel.controls.set(prompt="add a red scarf", quality="low", partial_images=2)
    (edited,) = await panel.edit()
    record = store.get(edited.sha256)
    assert record is not None
    assert record.parents[0] == image.sha256
    assert len(record.partials) == 2


async def test_a_budget_refuses_edits_and_variations_too(
    client: ImagesClient, tmp_path: Path
) -> None:
    (tmp_path / "spend.json").write_text(json.dumps({"budget": {"tokens": 100}}))
    studio = studio_for(client, Store(tmp_path), partial_images=0)
    (image,) = await studio.generate()
    panel = studio.open_edit(image)
    panel.controls.set(prompt="add a red scarf", quality="low")
    with pytest.raises(BudgetExceededError, match="Budget reached"):
        await panel.edit()
    with pytest.raises(BudgetExceededError, match="Budget reached"):
        await panel.vary()
    click(panel.buttons.edit)
    assert "stopped by the budget: Budget reached" in panel.notice.value
    assert (len(panel.runs.active), len(panel.runs.children)) == (0, 0)
    assert len(Store(tmp_path).records()) == 1


async def test_the_runs_area_is_the_one_path_to_the_store(
    client: ImagesClient, tmp_path: Path
) -> None:
    store = Store(tmp_path)
    studio = studio_for(client, store, partial_images=0)
    assert studio.runs_area.store is studio.history.store is store
    assert not hasattr(studio.history, "keep")
    assert not hasattr(studio.history, "check")
    (made,) = await studio.generate()
    assert [record.sha256 for record in store.records()] == [made.sha256]


async def test_the_studio_writes_its_images_off_the_event_loop(
    client: ImagesClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writers: list[int] = []
    write = writing.write_files

    def spy(*args: Any) -> None:
        writers.append(threading.get_ident())
        write(*args)

    monkeypatch.setattr(writing, "write_files", spy)
    studio = studio_for(client, Store(tmp_path), n=2, partial_images=1)
    await studio.generate()
    assert len(writers) == 2
    assert threading.get_ident() not in writers


async def test_an_unreadable_spend_file_is_said_in_the_studio_not_raised(
    client: ImagesClient, tmp_path: Path
) -> None:
    (tmp_path / "spend.json").write_text("{not json")
    studio = studio_for(client, Store(tmp_path), partial_images=0)
    assert "Spend unavailable" in studio.history.spend_line.value
    click(studio.generate_button)
    assert "spend.json: not readable as JSON" in studio.notice.value
    assert len(studio.runs) == 0


async def test_a_run_reads_spend_json_only_when_it_changed_and_counts_each_image_once(
    client: ImagesClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import imagewidgets.store.loading as loading_module
    import imagewidgets.store.runs as runs_module
    from imagewidgets.store import SpendSettings

    (tmp_path / "spend.json").write_text(json.dumps({"budget": {"tokens": 10**9}}))
    studio = studio_for(client, Store(tmp_path), partial_images=0, n=2)
    loads: list[Path] = []
    folded: list[str] = []
    load, fold = SpendSettings.load.__func__, runs_module.fold  # type: ignore[attr-defined]

    def counting_load(cls: type[SpendSettings], path: Path) -> SpendSettings:
        loads.append(path)
        return load(cls, path)  # type: ignore[no-any-return]

    def counting_fold(db: Any, record: Any) -> None:
        folded.append(record.sha256)
        fold(db, record)

    def never(*args: Any) -> None:
        raise AssertionError("spend was summed again from the records")

    monkeypatch.setattr(SpendSettings, "load", classmethod(counting_load))
    monkeypatch.setattr(runs_module, "fold", counting_fold)
    monkeypatch.setattr(loading_module, "recount", never)
    images = await studio.generate()
    assert len(images) == 2
    assert loads == []  # unchanged since the spend line first read it
    assert folded == [image.sha256 for image in images]  # each stored image counted once
    assert "(1 run)" in studio.history.spend_line.value


async def test_a_run_counts_in_a_fresh_kernel_though_the_store_has_its_bytes(
    client: ImagesClient, tmp_path: Path
) -> None:
    other_kernel = (
        "import asyncio, imagewidgets as iw\n"
        "client = iw.ImagesClient(offline=True)\n"
        f"asyncio.run(iw.generate({PROMPT!r}, client=client, store=iw.Store({str(tmp_path)!r}),"
        " quality='low', partial_images=0, show=False))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", other_kernel, env=env)
    assert await asyncio.wait_for(process.wait(), 60) == 0
    store = Store(tmp_path)
    (theirs,) = store.records()
    studio = studio_for(client, store, partial_images=0)
    (image,) = await studio.generate()
    assert image.sha256 == theirs.sha256  # the emulator is deterministic: the same bytes
    tokens = image.usage.total_tokens if image.usage else 0
    assert tokens > 0
    line = studio.history.spend_line.value
    priced = r"(, about \$[\d.]+)?"  # the shipped price table prices the tokens
    assert re.search(f"Last run: {tokens:,} tokens{priced}", line)
    assert re.search(f"this kernel: {tokens:,} tokens{priced} \\(1 run\\)", line)
    assert re.search(f"store: {2 * tokens:,} tokens{priced} \\(2 runs\\)", line)
    assert store.problems() == []
