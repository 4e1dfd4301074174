"""conform_for_dalle2: a square RGBA PNG of an allowed size under 4 MB, with every change listed."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import imagewidgets as iw
from imagewidgets.capabilities import check_images
from imagewidgets.imaging.conform import conform_for_dalle2
from tests.support.api import encoded, png


def opened(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def assert_conforms(result: iw.Conformed, side: int) -> None:
    source = result.source
    assert (source.format, source.width, source.height, source.has_alpha) == (
        "png",
        side,
        side,
        True,
    )
    picture = opened(source.data)
    assert (picture.format, picture.mode, picture.size) == ("PNG", "RGBA", (side, side))
    check_images("variation", "dall-e-2", (source.facts,))
    check_images("edit", "dall-e-2", (source.facts,))


def test_a_conforming_image_is_returned_unchanged() -> None:
    data = png((512, 512), (10, 20, 30, 255), "RGBA")
    result = iw.conform_for_dalle2(data)
    assert result.changes == ()
    assert result.source.data == data


def test_jpeg_landscape_is_padded_with_transparency() -> None:
    jpeg = encoded(png((800, 600), "red"))
    result = conform_for_dalle2(jpeg)
    assert_conforms(result, 1024)
    assert result.changes == (
        "converted JPEG to PNG",
        "added an alpha channel",
        "padded 800x600 to 800x800 with transparent borders",
        "resized 800x800 to 1024x1024",
    )
    pixels = np.asarray(opened(result.source.data))
    assert pixels[0, 512, 3] == 0  # the top border is transparent: dall-e-2 fills it in
    assert pixels[512, 512, 3] == 255
    assert pixels[512, 512, 0] > 200


def test_crop_keeps_the_centre_square() -> None:
    picture = Image.new("RGB", (300, 200), "blue")
    picture.paste((255, 0, 0), (0, 0, 50, 200))  # a red band on the left, cropped away
    result = conform_for_dalle2(picture, fit="crop")
    assert_conforms(result, 256)
    assert "cropped 300x200 to the centre 200x200" in result.changes
    assert "resized 200x200 to 256x256" in result.changes
    pixels = np.asarray(opened(result.source.data))
    assert pixels[:, :, 0].max() < 30


@pytest.mark.parametrize(("side", "target"), [(100, 256), (256, 256), (300, 512), (2000, 1024)])
def test_size_steps(side: int, target: int) -> None:
    assert_conforms(conform_for_dalle2(png((side, side))), target)


def test_steps_down_to_stay_under_4_mb() -> None:
    noise = np.random.default_rng(0).integers(0, 256, (1024, 1024, 4), np.uint8)
    result = conform_for_dalle2(Image.fromarray(noise, "RGBA"))
    assert_conforms(result, 512)
    assert "used 512x512 to stay under 4 MB" in result.changes


def test_fit_must_be_pad_or_crop() -> None:
    with pytest.raises(ValueError, match="'pad' or 'crop'"):
        conform_for_dalle2(png(), fit="stretch")  # type: ignore[arg-type]
