"""dall-e-2 in the edit panel: its input rules show before sending, a conforming copy is made on
request (mask carried over, what changed said), results keep their lineage; variations too."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from imagewidgets.imaging.inputs import to_source
from imagewidgets.imaging.source import SourceImage
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.edit.support import (
    Prepared,
    conform_mask,
    dalle2_problem,
    transparent_region,
)
from imagewidgets.widgets.edit.variations import variation_job
from tests.support.edit import (
    box,
    multipart_parts,
    paint,
    parent_sha,
    prepared_input,
    press,
    recording_client,
    scene,
)
from tests.support.emulator import pixels
from tests.support.widgets import click, front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


def rgba_with_hole(side: int) -> bytes:
    picture = Image.new("RGBA", (side, side), (10, 120, 200, 255))
    picture.paste((0, 0, 0, 0), (10, 10, 30, 30))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("image", "has_mask", "words"),
    [
        (scene(300, 200), True, "needs a square image"),
        (scene(256, 256, "JPEG"), True, "JPEG"),
        (scene(256, 256), False, "paint a mask"),
    ],
)
def test_dalle2_problems_name_what_is_wrong(image: bytes, has_mask: bool, words: str) -> None:
    problem = dalle2_problem([to_source(image)], has_mask=has_mask)
    assert problem is not None
    assert words in problem


def test_dalle2_takes_a_square_png_with_a_mask_or_transparency() -> None:
    assert dalle2_problem([to_source(scene(256, 256))], has_mask=True) is None
    assert dalle2_problem([to_source(rgba_with_hole(256))], has_mask=False) is None
    two = [to_source(scene(256, 256))] * 2
    assert "one image" in (dalle2_problem(two, has_mask=True) or "")
    region = transparent_region(to_source(rgba_with_hole(64)))
    assert region is not None
    assert int(region.sum()) == 20 * 20
    assert transparent_region(to_source(scene(64, 64))) is None


def test_dalle2_refuses_files_of_4_mb_or_more() -> None:
    noise = np.random.default_rng(1).integers(0, 256, (1400, 1400, 3), np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noise, "RGB").save(buffer, format="PNG")
    assert len(buffer.getvalue()) >= 4 * 1024 * 1024
    problem = dalle2_problem([to_source(buffer.getvalue())], has_mask=True)
    assert problem is not None
    assert "MB" in problem


def test_a_mask_goes_through_the_same_conforming_steps_as_its_image() -> None:
    mask = box(300, 200, 0, 0, 30, 20)
    padded = conform_mask(mask, "pad", (512, 512))
    assert padded is not None
    assert padded[:80].all(), "the padded border is edited, like dall-e-2's transparent borders"
    assert padded[90:95, 5:20].all(), "the painted corner moved down with the picture"
    assert not padded[300:400, 100:400].any()
    cropped = conform_mask(mask, "crop", (256, 256))
    assert cropped is not None
    assert not cropped[:, 20:].any()
    assert conform_mask(mask, "pad", (1024, 1024)) is None


@pytest.mark.filterwarnings("ignore:model dall-e-2 is deprecated")  # on 2026-05-01 it was
async def test_the_panel_offers_a_conforming_copy_and_edits_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-05-01")  # dall-e-2 is still served
    async with recording_client() as (client, recorder):
        original = scene(1536, 1024, "JPEG")
        panel = EditPanel(original, client=client, model="dall-e-2", prompt="a dragon")
        paint(panel, box(1536, 1024, 600, 400, 900, 700))
        assert panel.buttons.edit.disabled
        assert "JPEG" in panel.buttons.note.value
        assert panel.buttons.conform["pad"].layout.display == ""
        click(panel.buttons.conform["pad"])
        copy = panel.images[0]
        assert isinstance(copy, SourceImage)
        assert (copy.format, copy.width, copy.height, copy.has_alpha) == ("png", 1024, 1024, True)
        assert "padded 1536x1024 to 1536x1536" in panel.notice.value
        assert "the mask was carried over" in panel.notice.value
        carried = panel.painter.mask_array
        assert carried[500, 500]
        assert carried[:150].all()
        assert not carried[300, 100]
        assert not panel.buttons.edit.disabled
        assert panel.buttons.conform["pad"].layout.display == "none"

        made = await (await press(panel, panel.buttons.edit))
        assert made[0].model == "dall-e-2"
        assert made[0].parent is not copy
        assert parent_sha(made[0]) == to_source(original).sha256
        record = prepared_input(made[0])
        assert record["sent_sha256"] == copy.sha256
        assert record["steps"][0] == "converted JPEG to PNG"
        assert panel.reports[made[0].sha256].clean
        files = [p for p in multipart_parts(recorder.sent("/images/edits")[0]) if p.filename]
        assert [p.name for p in files] == ["image", "mask"]
        assert files[0].data == copy.data


@pytest.mark.filterwarnings("ignore:model dall-e-2 is deprecated")  # on 2026-05-01 it was
async def test_a_transparent_square_png_is_edited_by_dalle2_without_a_mask(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-05-01")  # dall-e-2 is still served
    async with recording_client() as (client, _):
        panel = EditPanel(rgba_with_hole(256), client=client, model="dall-e-2", prompt="a sun")
        panel.controls.size = "256x256"
        assert not panel.buttons.edit.disabled
        made = await panel.edit()
        report = panel.reports[made[0].sha256]
        assert report.inside_pixels == 400
        assert report.clean


async def test_variations_of_an_unsuitable_image_use_a_copy_and_say_what_changed() -> None:
    async with recording_client(serves_retired=True) as (client, recorder):
        original = scene(300, 200, "JPEG")
        panel = EditPanel(original, client=client, model="dall-e-2")
        made = await panel.vary(n=2, size="256x256")
        assert len(made) == 2
        assert "Variations of a dall-e-2 copy" in panel.notice.value
        assert "padded 300x200 to 300x300" in panel.notice.value
        assert parent_sha(made[0]) == to_source(original).sha256
        assert prepared_input(made[0])["steps"][0] == "converted JPEG to PNG"
        parts = multipart_parts(recorder.sent("/images/variations")[0])
        fields = {p.name: p.data for p in parts if p.filename is None}
        assert fields == {"model": b"dall-e-2", "n": b"2", "size": b"256x256"}
        sent = next(p for p in parts if p.name == "image")
        assert pixels(sent.data, "RGBA").shape == (512, 512, 4)


def test_a_suitable_image_is_varied_as_it_is() -> None:
    image = to_source(scene(512, 512))
    job = variation_job(image, 1, "512x512", {})
    assert job.sent is image
    assert job.changes == ()
    assert job.prepared is None
    earlier = Prepared(to_source(scene(8, 8)), ("expanded",))
    assert variation_job(image, 1, "512x512", {image.sha256: earlier}).prepared is earlier
