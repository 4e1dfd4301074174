"""GIFs and SVGs in the store: provenance inside their files and in the record, small animated
(or rasterised) thumbnails, lineage through a chosen frame, and the SVG author's spend."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

from PIL import Image

import imagewidgets as iw
from imagewidgets.api.results import SvgUsage, Usage
from imagewidgets.imaging.metadata import read_provenance
from imagewidgets.store import Spend, SpendSettings, Store
from imagewidgets.store.files import THUMBNAIL_FRAMES, THUMBNAIL_SIDE
from tests.support.media import frames_in, gif, gif_result, svg, svg_result

AUTHOR = {"gpt-5.6-sol": {"per_million_tokens": {"text_input": 2.0, "output": 10.0}}}
IMAGES = {"gpt-image-2.6-flare": {"per_million_tokens": {"text_input": 5.0, "output": 30.0}}}


def test_a_gif_is_stored_with_its_provenance_inside_and_a_small_moving_thumbnail(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path)
    image = dataclasses.replace(gif_result(), data=gif(frames=12, size=(900, 600)))
    record = store.add(image, run="run-1")
    file = store.image_path(record)
    assert file.suffix == ".gif"
    inside = read_provenance(file.read_bytes())
    assert inside is not None
    assert (inside["params"]["frame_count"], inside["sha256"]) == (4, image.sha256)
    thumb = Image.open(io.BytesIO(store.thumbnail(image.sha256)))
    assert thumb.format == "WEBP"
    assert 1 < frames_in(thumb) <= THUMBNAIL_FRAMES
    assert max(thumb.size) == THUMBNAIL_SIDE
    assert store.problems() == []
    loaded = store.load(image.sha256)
    assert isinstance(loaded, iw.GeneratedImage)
    assert (loaded.data, loaded.frame_count) == (image.data, 12)


def test_an_svg_is_stored_with_metadata_inside_and_a_rasterised_thumbnail(tmp_path: Path) -> None:
    store = Store(tmp_path)
    image = svg_result()
    record = store.add(image)
    text = store.image_path(record).read_bytes()
    assert b"<metadata" in text
    assert b"gpt-5.6-sol" in text
    record_file = next((tmp_path / "records").glob(f"{image.sha256}*.json"))
    assert json.loads(record_file.read_text())["svg_usage"]["model"] == "gpt-5.6-sol"
    thumb = Image.open(io.BytesIO(store.thumbnail(image.sha256)))
    assert (thumb.format, thumb.size) == ("WEBP", (THUMBNAIL_SIDE, 171))
    assert store.problems() == []
    loaded = store.load(image.sha256)
    assert isinstance(loaded, iw.GeneratedImage)
    assert (loaded.markup, loaded.svg_usage) == (image.markup, image.svg_usage)


def test_an_edit_of_a_gif_frame_has_the_gif_as_its_parent_in_the_store(tmp_path: Path) -> None:
    store = Store(tmp_path)
    kite = gif_result()
    frame = kite.frame_source(1)
    edit = iw.GeneratedImage(
        data=frame.data, format="png", width=64, height=48, operation="edit", parents=(kite,),
        model="gpt-image-2.6-flare", prompt="add wind",
        params={"prepared_input": {"steps": ["frame 2 of 4"], "sent_sha256": frame.sha256}},
    )  # fmt: skip
    store.add(edit)
    assert [child.sha256 for child in store.children(kite.sha256)] == [edit.sha256]
    assert store.get(kite.sha256) is not None  # the GIF was stored first, as the parent


def test_the_svg_authors_tokens_are_summed_apart_and_priced_at_their_own_rates(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path)
    usage = Usage(input_tokens=100, output_tokens=1000, total_tokens=1100)
    for number in range(2):
        image = svg_result(request_id=f"req_{number}", usage=usage, prompt=f"logo {number}")
        store.add(image)
    settings = SpendSettings.from_json({"prices": {**AUTHOR, **IMAGES}})
    summary = Spend(store, settings).summary()
    kernel = summary.kernel
    assert (kernel.runs, kernel.usage.total_tokens, kernel.svg_tokens) == (2, 2200, 3000)
    per_run = (100 * 5 + 1000 * 30) / 1e6 + (300 * 2 + 1200 * 10) / 1e6
    assert abs(kernel.cost - 2 * per_run) < 1e-9
    assert summary.last_run.svg_tokens == 1500
    assert "2,200 tokens + 3,000 SVG author tokens" in kernel.describe()
    unpriced = Spend(store, SpendSettings.from_json({"prices": IMAGES})).summary().kernel
    assert "gpt-5.6-sol" in unpriced.unpriced


def test_the_svg_spend_survives_a_rebuilt_index(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(svg_result(request_id="req_a"))
    store.add(svg_result(svg(60, 40), request_id="req_b", svg_usage=SvgUsage("gpt-5.6-sol", 1, 2)))
    before = Spend(store, SpendSettings()).summary().store
    store.index.rebuild()  # every run summed again from the record files
    after = Spend(store, SpendSettings()).summary().store
    assert before.svg_tokens == after.svg_tokens == 1500
    assert (after.runs, after.images) == (2, 2)
