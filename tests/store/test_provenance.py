"""Provenance travels inside PNG, JPEG and WebP files and comes back out exactly."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image, ImageChops

from imagewidgets.imaging import containers
from imagewidgets.imaging.metadata import embed_provenance, read_provenance, strip_provenance
from tests.support.emulator import image_of
from tests.support.store import encoded

PROVENANCE: dict[str, Any] = {
    "model": "gpt-image-1.5",
    "prompt": 'a fox <in> "snow" & ünïcode 🦊',
    "params": {"size": "1024x1024", "n": 2, "stream": True},
    "usage": {"input_tokens": 20, "output_tokens": 1056},
}

FILES = {
    "png": lambda: encoded("png"),
    "png-alpha": lambda: encoded("png", (10, 200, 30, 90), alpha=True),
    "jpeg": lambda: encoded("jpeg"),
    "webp-lossy": lambda: encoded("webp", quality=80),
    "webp-lossless": lambda: encoded("webp", lossless=True),
    "webp-lossy-alpha": lambda: encoded("webp", (10, 200, 30, 90), alpha=True),
    "webp-lossless-alpha": lambda: encoded("webp", (10, 200, 30, 90), alpha=True, lossless=True),
}


@pytest.fixture(params=sorted(FILES))
def original(request: pytest.FixtureRequest) -> bytes:
    return FILES[request.param]()


def test_round_trip_gives_back_the_provenance_and_the_exact_bytes(original: bytes) -> None:
    marked = embed_provenance(original, PROVENANCE)
    assert marked != original
    assert read_provenance(marked) == PROVENANCE
    assert strip_provenance(marked) == original


def test_marked_file_decodes_to_the_same_pixels(original: bytes) -> None:
    before, after = image_of(original), image_of(embed_provenance(original, PROVENANCE))
    assert (after.size, after.mode) == (before.size, before.mode)
    assert ImageChops.difference(after.convert("RGBA"), before.convert("RGBA")).getbbox() is None


def test_other_tools_find_it_where_they_look(original: bytes) -> None:
    info = image_of(embed_provenance(original, PROVENANCE)).info
    if original.startswith(b"\x89PNG"):
        assert '"gpt-image-1.5"' in info["imagewidgets"]
    else:
        xmp = info["xmp"]
        assert b"imagewidgets:provenance" in (xmp if isinstance(xmp, bytes) else xmp.encode())


def test_embedding_again_replaces_the_first_record(original: bytes) -> None:
    twice = embed_provenance(embed_provenance(original, PROVENANCE), {"model": "dall-e-2"})
    assert read_provenance(twice) == {"model": "dall-e-2"}
    assert strip_provenance(twice) == original


def test_a_long_prompt_fits_even_in_a_jpeg(original: bytes) -> None:
    long = {**PROVENANCE, "prompt": "a very detailed scene, " * 1400, "revised_prompt": "é" * 32000}
    marked = embed_provenance(original, long)
    assert read_provenance(marked) == long
    assert strip_provenance(marked) == original


def test_files_without_provenance_read_as_none(original: bytes) -> None:
    assert read_provenance(original) is None
    assert strip_provenance(original) == original


def test_someone_elses_xmp_is_left_alone() -> None:
    foreign = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    picture = Image.open(io.BytesIO(encoded("jpeg")))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", xmp=foreign)
    theirs = buffer.getvalue()
    marked = embed_provenance(theirs, PROVENANCE)
    assert read_provenance(marked) == PROVENANCE
    assert strip_provenance(marked) == theirs
    assert foreign in marked


def test_unsupported_data_is_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="PNG, JPEG, WebP, GIF or SVG"):
        embed_provenance(b"BM6\x00\x00\x00....", PROVENANCE)
    with pytest.raises(ValueError, match="GIF"):
        embed_provenance(b"GIF89a....", PROVENANCE)  # cut short: no block structure to add to
    assert containers.detect(b"BM6") is None
    assert read_provenance(b"not an image") is None
