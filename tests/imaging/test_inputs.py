"""Images in: paths, bytes, files, PIL images and results all become a SourceImage."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from imagewidgets.api.results import GeneratedImage
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.inputs import probe, to_source
from imagewidgets.imaging.source import SourceImage
from tests.support.api import encoded, png


def test_bytes_like_inputs_are_sent_unchanged() -> None:
    data = png((30, 20))
    for value in (data, bytearray(data), memoryview(data)):
        source = to_source(value)
        assert source.data == data
        assert (source.format, source.width, source.height) == ("png", 30, 20)
        assert source.filename == "image.png"
        assert source.content_type == "image/png"
        assert not source.has_alpha


def test_path_keeps_its_name_when_the_extension_fits(tmp_path: Path) -> None:
    jpeg = encoded(png((40, 40)))
    for name, expected in [
        ("cat.jpg", "cat.jpg"),
        ("cat.JPEG", "cat.JPEG"),
        ("cat.png", "cat.jpg"),
    ]:
        path = tmp_path / name
        path.write_bytes(jpeg)
        for value in (path, str(path)):
            source = to_source(value)
            assert source.filename == expected
            assert (source.format, source.content_type) == ("jpeg", "image/jpeg")
            assert source.data == jpeg


def test_file_objects(tmp_path: Path) -> None:
    webp = encoded(png((8, 8)), "WEBP")
    path = tmp_path / "photo.webp"
    path.write_bytes(webp)
    with path.open("rb") as file:
        source = to_source(file)
    assert (source.filename, source.format, source.data) == ("photo.webp", "webp", webp)
    anonymous = to_source(io.BytesIO(webp))
    assert anonymous.filename == "image.webp"


@pytest.mark.parametrize(
    ("mode", "alpha"),
    [("RGB", False), ("RGBA", True), ("L", False), ("LA", True), ("CMYK", False), ("I;16", False)],
)
def test_pil_images_are_encoded_as_png(mode: str, alpha: bool) -> None:
    picture = Image.new(mode, (12, 9))
    source = to_source(picture)
    assert (source.format, source.width, source.height) == ("png", 12, 9)
    assert source.has_alpha is alpha
    with Image.open(io.BytesIO(source.data)) as decoded:
        assert decoded.format == "PNG"


def test_palette_image_with_transparency_has_alpha() -> None:
    picture = Image.new("P", (4, 4))
    picture.info["transparency"] = 0
    assert to_source(picture).has_alpha


def test_generated_images_and_sources_pass_through() -> None:
    data = png((5, 5), (1, 2, 3, 4), "RGBA")
    result = GeneratedImage(data=data, format="png", width=5, height=5, model="gpt-image-2")
    source = to_source(result)
    assert (source.data, source.has_alpha) == (data, True)
    assert to_source(source) is source
    assert isinstance(source, SourceImage)


def test_not_an_image() -> None:
    with pytest.raises(InvalidParameterError, match="PNG, JPEG or WebP") as caught:
        to_source(b"definitely not an image")
    assert caught.value.param == "image"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidParameterError, match="no image file"):
        to_source(tmp_path / "nope.png")


def test_unsupported_type() -> None:
    with pytest.raises(TypeError, match="a path, bytes, a binary file, a PIL image"):
        to_source(42)  # type: ignore[arg-type]


def test_probe_reads_header_facts() -> None:
    assert probe(png((7, 3), (0, 0, 0, 0), "RGBA")) == ("png", 7, 3, True)
    assert probe(encoded(png((7, 3))))[:3] == ("jpeg", 7, 3)
