"""GIF and SVG at the byte level: provenance blocks, safe copies, frames, rasterising, display."""

from __future__ import annotations

import io
from xml.etree import ElementTree

import numpy as np
import pytest
from PIL import Image

from imagewidgets.imaging import gif_blocks, svg_metadata
from imagewidgets.imaging.animation import animated_copy, frame_png, gif_frames, timing
from imagewidgets.imaging.display import display_copy
from imagewidgets.imaging.metadata import embed_provenance, read_provenance, strip_provenance
from imagewidgets.imaging.svg_raster import rasterise
from imagewidgets.imaging.svg_safety import safe_svg
from imagewidgets.imaging.thumbnails import display_image
from tests.support.media import frames_in, gif, hostile_svgs, svg

PROVENANCE = {"model": "gpt-image-2.6-flare", "prompt": 'a <kite> & a "string"', "n": 1}


@pytest.mark.parametrize("data", [gif(), svg()], ids=["gif", "svg"])
def test_provenance_goes_in_and_comes_out_leaving_the_exact_bytes(data: bytes) -> None:
    marked = embed_provenance(data, PROVENANCE)
    assert marked != data
    assert read_provenance(marked) == PROVENANCE
    assert strip_provenance(marked) == data
    again = embed_provenance(marked, {"model": "other"})  # replaces, never piles up
    assert read_provenance(again) == {"model": "other"}
    assert strip_provenance(again) == data


def test_a_marked_gif_still_plays_the_same_frames() -> None:
    data = gif(frames=5)
    marked = embed_provenance(data, {"prompt": "x" * 1000})  # several 255-byte sub-blocks
    assert timing(marked) == timing(data)
    before, after = gif_frames(data), gif_frames(marked)
    assert all(
        np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(before, after, strict=True)
    )
    assert gif_blocks.find(marked) == b'{"prompt":"' + b"x" * 1000 + b'"}'


def test_a_gif_cut_short_or_with_a_foreign_block_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="GIF"):
        gif_blocks.insert(gif()[:-1], b"{}")  # no trailer
    assert gif_blocks.find(b"GIF89a" + b"\x00" * 7 + b"\x99") is None
    assert gif_blocks.remove(b"GIF89a") == b"GIF89a"


def test_a_marked_svg_is_still_the_same_drawing() -> None:
    marked = embed_provenance(svg(), PROVENANCE)
    root = ElementTree.fromstring(marked)
    assert root[0].tag == "{http://www.w3.org/2000/svg}metadata"
    assert np.array_equal(np.asarray(rasterise(marked)), np.asarray(rasterise(svg())))
    with pytest.raises(ValueError, match="root element"):
        svg_metadata.insert(b'<svg xmlns="http://www.w3.org/2000/svg"/>', b"{}")


@pytest.mark.parametrize("name", sorted(hostile_svgs("http://127.0.0.1:9/hit")))
def test_the_safe_copy_keeps_the_drawing_and_drops_what_runs_or_loads(name: str) -> None:
    hostile = hostile_svgs("http://127.0.0.1:9/hit")[name]
    safe = safe_svg(hostile)
    text = safe.decode()
    for word in ("iwHacked", "127.0.0.1", "javascript", "script", "foreignObject", "onload"):
        assert word not in text, (name, word, text)
    assert "<circle" in text
    assert 'fill="teal"' in text
    ElementTree.fromstring(safe)  # still well-formed


def test_entities_and_documents_that_are_no_svg_are_refused() -> None:
    bomb = b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    with pytest.raises(ValueError, match="entities"):
        safe_svg(bomb)
    with pytest.raises(ValueError, match="not 'svg'"):
        safe_svg(b"<html><body/></html>")
    with pytest.raises(ValueError, match="well-formed"):
        safe_svg(b"<svg><rect></svg>")
    doctype = b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/svg11.dtd">'
    assert b"DOCTYPE" not in safe_svg(doctype + svg())  # a plain DOCTYPE is just left out


def test_rasterising_draws_at_the_size_asked_and_keeps_the_aspect() -> None:
    picture = rasterise(svg(120, 80))
    assert (picture.size, picture.mode) == ((120, 80), "RGBA")
    rgb = picture.convert("RGB")
    assert rgb.getpixel((2, 2)) == (0, 128, 128)  # teal
    assert rgb.getpixel((60, 40)) == (255, 165, 0)  # the orange circle's centre
    assert rasterise(svg(120, 80), 600).size == (600, 400)
    assert rasterise(svg(120, 80), (100, 100)).size == (100, 67)


def test_rasterising_never_reads_a_local_file(tmp_path: pytest.TempPathFactory) -> None:
    secret = Image.new("RGB", (10, 10), "red")
    path = f"{tmp_path}/secret.png"
    secret.save(path)
    reads = svg(inside=f'<image href="file://{path}" width="120" height="80"/>')
    drawn = rasterise(reads).convert("RGB")
    assert drawn.getpixel((60, 10)) == (0, 128, 128)  # teal, not the red file


def test_frames_and_timing_of_a_gif() -> None:
    data = gif(frames=3, duration=150)
    assert timing(data).frame_count == 3
    assert timing(data).durations == (150, 150, 150)
    colours = [frame.getpixel((40, 40)) for frame in gif_frames(data)]
    assert colours == [(255, 0, 0, 255), (0, 255, 0, 255), (0, 0, 255, 255)]
    second = Image.open(io.BytesIO(frame_png(data, 1)))
    assert (second.format, second.getpixel((40, 40))) == ("PNG", (0, 255, 0))
    with pytest.raises(IndexError, match="frames 0 to 2"):
        frame_png(data, 3)


def test_an_animated_copy_is_bounded_in_frames_and_size_and_loops_as_long() -> None:
    data = gif(frames=8, size=(640, 480), duration=100)
    copy = Image.open(io.BytesIO(animated_copy(data, max_side=128, max_frames=3)))
    assert (copy.format, frames_in(copy), copy.size) == ("WEBP", 3, (128, 96))
    total = 0
    for number in range(frames_in(copy)):
        copy.seek(number)
        copy.load()
        total += copy.info["duration"]
    assert abs(total - 800) <= 3


def test_display_copies_keep_vectors_and_motion() -> None:
    vector = display_copy(svg(inside="<script>x()</script>"))
    assert (vector.format, vector.width, vector.height) == ("svg", 120, 80)
    assert b"<script" not in vector.data
    small = display_copy(gif(frames=4))
    assert (small.format, small.data) == ("gif", gif(frames=4))  # fits: passed as it came
    large = display_copy(gif(frames=6, size=(900, 600)), max_side=300, budget=60_000)
    shown = Image.open(io.BytesIO(large.data))
    assert (large.format, frames_in(shown), max(shown.size)) == ("webp", 6, 300)
    assert len(large.data) <= 60_000
    still = display_image(svg(1200, 600), max_side=300)  # where only pixels will do
    assert (still.format, still.width, still.height) == ("webp", 300, 150)
