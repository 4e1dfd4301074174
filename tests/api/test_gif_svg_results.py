"""GIF and SVG results: frames, markup, rasterising, inline display, saving, and chaining an edit
or a variation from a chosen frame with the lineage kept."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import imagewidgets as iw
from imagewidgets.api.events import CompletedImage
from imagewidgets.imaging.metadata import read_provenance
from tests.support.edit import multipart_parts, prepared_input, recording_client
from tests.support.media import gif, gif_result, svg, svg_result

F26 = "gpt-image-2.6-flare"


def test_a_gif_result_knows_its_frames() -> None:
    image = gif_result(frames=5)
    assert (image.animated, image.frame_count, image.durations) == (True, 5, (120,) * 5)
    frames = image.frames()
    colours = [frame.convert("RGB").getpixel((40, 40)) for frame in frames[:2]]
    assert colours == [(255, 0, 0), (0, 255, 0)]
    first = image.to_pil()
    assert (first.size, first.convert("RGB").getpixel((40, 40))) == ((64, 48), (255, 0, 0))
    assert image.to_pil(32).size == (32, 24)


def test_a_still_image_has_one_frame_and_no_other() -> None:
    still = iw.GeneratedImage(data=b"", format="png", width=8, height=8)
    assert (still.animated, still.frame_count, still.durations, still.markup) == (
        False, 1, (), None,
    )  # fmt: skip
    with pytest.raises(ValueError, match="frame: a png image has one frame"):
        still.frame_source(2)


def test_an_svg_result_holds_its_markup_and_rasterises_at_any_size() -> None:
    image = svg_result()
    assert image.markup is not None
    assert image.markup.startswith("<svg")
    assert image.to_pil().size == (120, 80)
    sharp = image.to_pil(size=(1200, 1200))
    assert sharp.size == (1200, 800)
    edge = np.asarray(sharp.convert("L"), dtype=int)[400, 300:900]
    assert np.count_nonzero(np.abs(np.diff(edge)) > 5) <= 4, "a crisp edge, not a blurred one"


def test_inline_a_gif_plays_and_an_svg_shows_as_an_image_that_runs_nothing() -> None:
    moving = gif_result()._repr_mimebundle_()
    (encoded,) = re.findall(r'src="data:image/gif;base64,([^"]+)"', moving["text/html"])
    assert base64.b64decode(encoded) == gif()
    hostile = svg(inside="<script>alert(1)</script>", onload="alert(2)")
    shown = svg_result(hostile)._repr_mimebundle_()
    assert set(shown) == {"text/html", "text/plain"}
    (vector,) = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', shown["text/html"])
    assert b"alert" not in base64.b64decode(vector)
    assert "<svg" not in shown["text/html"], "never inline markup"
    row = iw.ImageList([gif_result(), svg_result(hostile)])._repr_html_()
    assert "data:image/gif;base64," in row
    assert "alert" not in row


@pytest.mark.parametrize("image", [gif_result(), svg_result()], ids=["gif", "svg"])
def test_save_keeps_provenance_inside_and_open_reads_it_back(
    image: iw.GeneratedImage, tmp_path: Path
) -> None:
    path = tmp_path / f"result.{image.format}"
    image.save(path)
    inside = read_provenance(path.read_bytes())
    assert inside is not None
    assert inside["prompt"] == image.prompt
    again = iw.open(path)
    assert (again.sha256, again.format, again.svg_usage) == (
        image.sha256, image.format, image.svg_usage,
    )  # fmt: skip
    if image.format == "svg":
        assert b"<metadata" in path.read_bytes()


async def test_an_edit_of_a_gif_sends_the_chosen_frame_and_keeps_the_gif_as_parent() -> None:
    async with recording_client() as (client, recorder):
        (kite,) = await client.generate("a kite", model=F26, output_format="gif", frame_count=4)
        made = await kite.edit("add wind lines", frame=2, quality="low")
        varied = await kite.vary(quality="low")  # the first frame when none is chosen
    sent = [
        part for part in multipart_parts(recorder.sent("/images/edits")[0]) if part.name == "image"
    ]
    assert len(sent) == 1
    assert sent[0].content_type == "image/png"
    frame = np.asarray(Image.open(io.BytesIO(sent[0].data)).convert("RGB"))
    assert np.array_equal(frame, np.asarray(kite.frames()[2].convert("RGB")))
    assert made[0].parent is kite
    assert varied[0].parent is kite
    record = prepared_input(made[0])
    assert record["steps"] == ["frame 3 of 4 of the GIF"]
    assert record["sent_sha256"] == kite.frame_source(2).sha256
    assert prepared_input(varied[0])["steps"] == ["frame 1 of 4 of the GIF"]
    assert varied[0].model == F26


async def test_a_streamed_edit_of_an_svg_sends_it_rasterised_and_relinks_its_result() -> None:
    async with recording_client() as (client, _):
        author = {"model": "gpt-5.6-sol"}
        (logo,) = await client.generate("a logo", model=F26, output_format="svg", svg=author)
        events = [e async for e in logo.stream_edit("at night", partial_images=1, quality="low")]
    final = events[-1]
    assert isinstance(final, CompletedImage)
    assert final.image.parent is logo
    steps = prepared_input(final.image)["steps"]
    assert steps == [f"rasterised the SVG at {logo.width}x{logo.height}"]


def test_a_frame_past_the_last_is_a_clear_error() -> None:
    with pytest.raises(IndexError, match="frames 0 to 3, not 4"):
        gif_result(frames=4).frame_source(4)
