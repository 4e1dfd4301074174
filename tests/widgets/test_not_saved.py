"""Never lose a paid image: whatever the store does, the Studio, the edit panel and
``iw.generate`` return and show the image, and say in words why it is not on disk."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import imagewidgets as iw
from imagewidgets.api.client import ImagesClient
from imagewidgets.imaging.metadata import strip_provenance
from imagewidgets.store import Store
from imagewidgets.widgets import quick
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.studio import Studio
from tests.support.disks import FAILURES, unwritable
from tests.support.emulator import client
from tests.support.widgets import front_end

__all__ = ["client", "front_end"]
pytestmark = pytest.mark.usefixtures("front_end")
ADVICE = {
    "full": "free some space",
    "read-only": "at a writable folder",
    "permission": "fix the folder's permissions",
    "in-the-way": "move that file away",
}


def says_not_saved(text: str, failure: str) -> None:
    text = html.unescape(text)
    assert "the image was not saved" in text
    assert ADVICE[failure] in text
    assert "use Save to keep this image elsewhere" in text
    assert "callback failed" not in text
    assert "unexpected error" not in text


@pytest.mark.parametrize("failure", FAILURES)
async def test_the_studio_shows_and_returns_an_image_it_could_not_save(
    client: ImagesClient, tmp_path: Path, failure: str
) -> None:
    with unwritable(tmp_path, failure) as folder:
        studio = Studio(
            "a lighthouse", client=client, store=Store(folder), quality="low", partial_images=1,
            save_dir=tmp_path / "elsewhere",
        )  # fmt: skip
        (image,) = await studio.generate()
        assert studio.results == [image]
        (preview,) = studio.runs_area.children
        assert [cell["state"] for cell in preview.cells] == ["final"]
        assert preview.frames[0]
        says_not_saved(studio.notice.value, failure)
        saved = studio.save(image)  # Save keeps it elsewhere, with its provenance
        assert strip_provenance(saved.read_bytes()) == image.data
        assert iw.open(saved).prompt == "a lighthouse"


async def test_the_edit_panel_shows_an_edit_it_could_not_save(
    client: ImagesClient, tmp_path: Path
) -> None:
    with unwritable(tmp_path, "full") as folder:
        (source,) = await client.generate("a fox", model="gpt-image-2", quality="low")
        panel = EditPanel(source=source, client=client, store=Store(folder))
        panel.controls.prompt = "give it a hat"
        (edited,) = await panel.edit()
        assert edited.parent is source
        assert panel.results[-1] is edited
        says_not_saved(panel.notice.value, "full")


async def test_a_masked_edit_whose_mask_cannot_be_kept_is_shown_all_the_same(
    client: ImagesClient, tmp_path: Path
) -> None:
    (tmp_path / "inputs").write_text("a file where the store needs a folder")
    (source,) = await client.generate("a fox", model="gpt-image-2", quality="low")
    panel = EditPanel(source=source, client=client, store=Store(tmp_path), prompt="a hat")
    panel.painter.set_mask(np.ones((source.height, source.width), dtype=bool))
    (edited,) = await panel.edit()
    assert edited.mask_sha256 is not None
    assert panel.results[-1] is edited
    says_not_saved(panel.notice.value, "in-the-way")


async def test_iw_generate_returns_the_images_and_warns(
    client: ImagesClient, tmp_path: Path
) -> None:
    with unwritable(tmp_path, "read-only") as folder:
        with pytest.warns(RuntimeWarning, match="the image was not saved") as warned:
            images = await iw.generate(
                "a fox", client=client, store=Store(folder), quality="low", n=2, show=False
            )
        assert len(images) == 2
        assert all(image.data for image in images)
        says_not_saved(str(warned[0].message), "read-only")


async def test_iw_generate_in_a_notebook_shows_a_card_beside_the_images(
    client: ImagesClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[dict[str, str]] = []

    def display(bundle: dict[str, str], raw: bool = False, display_id: Any = None) -> Any:
        shown.append(bundle)
        return type("Handle", (), {"update": lambda self, b, raw=False: shown.append(b)})()

    monkeypatch.setattr(quick, "display", display)
    with unwritable(tmp_path, "permission") as folder:
        (image,) = await iw.generate(
            "a fox", client=client, store=Store(folder), quality="low", show=True
        )
    assert image.data
    cards = [bundle["text/plain"] for bundle in shown if "not saved" in bundle["text/plain"]]
    assert len(cards) == 1
    says_not_saved(cards[0], "permission")
