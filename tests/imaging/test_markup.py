"""Markup overlays in every form become a PNG of the first image's size with transparent pixels;
"near the marks" is the marks grown by a reach that follows the image's size."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.markup import (
    check_markup_pixels,
    marked_pixels,
    markup_reach,
    markup_to_array,
    near_marks,
    to_markup,
)
from imagewidgets.imaging.source import SourceImage
from tests.support.api import encoded, png

MODEL = "gpt-image-2.6-flare"


def overlay(size: tuple[int, int] = (64, 48), clear: bool = True) -> Image.Image:
    """A red circle on a transparent layer (or, ``clear=False``, on an opaque white one)."""
    picture = Image.new("RGBA", size, (0, 0, 0, 0) if clear else "white")
    ImageDraw.Draw(picture).ellipse((10, 10, 30, 30), outline="red", width=3)
    return picture


def png_of(picture: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt)
    return buffer.getvalue()


def test_a_png_is_read_by_its_header_and_sent_as_it_is() -> None:
    data = png_of(overlay())
    markup = to_markup(data, (64, 48), model=MODEL)
    assert markup.data == data
    assert (markup.format, markup.filename, markup.encoded_here) == ("png", "markup.png", False)


def test_a_damaged_png_is_accepted_by_its_header_and_refused_when_decoded() -> None:
    data = png_of(Image.effect_noise((64, 48), 40).convert("RGBA"))[:-200]
    markup = to_markup(data, (64, 48))
    with pytest.raises(InvalidParameterError, match="the markup does not decode") as caught:
        check_markup_pixels(markup.data, MODEL)
    assert caught.value.param == "markup"


def test_an_opaque_png_is_refused_when_its_pixels_are_checked() -> None:
    markup = to_markup(png_of(overlay(clear=False)), (64, 48))
    with pytest.raises(InvalidParameterError, match="no transparent pixels") as caught:
        check_markup_pixels(markup.data, MODEL)
    assert (caught.value.param, caught.value.model) == ("markup", MODEL)
    check_markup_pixels(png_of(overlay()), MODEL)


@pytest.mark.parametrize("form", ["array", "pil"])
def test_arrays_and_pil_images_are_checked_and_encoded_here(form: str) -> None:
    picture = overlay()
    given = np.asarray(picture) if form == "array" else picture
    markup = to_markup(given, (64, 48))
    assert markup.encoded_here
    assert markup.has_alpha
    assert (markup_to_array(markup.data) == np.asarray(picture)).all()
    opaque = overlay(clear=False)
    with pytest.raises(InvalidParameterError, match="no transparent pixels"):
        to_markup(np.asarray(opaque) if form == "array" else opaque, (64, 48))


@pytest.mark.parametrize(
    "array",
    [np.zeros((48, 64), np.uint8), np.zeros((48, 64, 3), np.uint8), np.zeros((48, 64, 4), float)],
)
def test_arrays_must_be_rgba_bytes(array: np.ndarray) -> None:
    with pytest.raises(InvalidParameterError, match=r"RGBA: shape \(height, width, 4\)") as caught:
        to_markup(array, (64, 48))
    assert caught.value.param == "markup"


def test_another_format_with_alpha_becomes_a_png() -> None:
    webp = png_of(overlay(), "WEBP")
    markup = to_markup(webp, (64, 48))
    assert markup.format == "png"
    assert markup.encoded_here
    assert marked_pixels(markup.data).any()


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (png_of(overlay((48, 64))), "48x64 but the first image is 64x48"),
        (encoded(png((64, 48))), "must be a PNG|no transparent pixels"),
        (b"not an image", "could not read the markup"),
    ],
)
def test_refusals_name_the_markup(given: bytes, problem: str) -> None:
    with pytest.raises(InvalidParameterError, match=problem) as caught:
        to_markup(given, (64, 48), model=MODEL)
    assert caught.value.param == "markup"


def test_a_painted_markup_flows_as_it_is() -> None:
    painted = SourceImage(png_of(overlay()), "png", 64, 48, True, "x.png", encoded_here=True)
    markup = to_markup(painted, (64, 48))
    assert markup.data is painted.data
    assert markup.encoded_here


def test_near_marks_grows_the_marks_by_a_square_of_the_reach() -> None:
    marks = np.zeros((40, 50), bool)
    marks[20, 25] = True
    marks[0, 0] = True
    grown = near_marks(marks, 3)
    expected = np.zeros_like(marks)
    expected[17:24, 22:29] = True
    expected[:4, :4] = True
    assert (grown == expected).all()
    assert (near_marks(marks, 0) == marks).all()


def test_the_reach_follows_the_image_size() -> None:
    assert markup_reach(1024, 1536) == round(1024 * 0.06)
    assert markup_reach(1536, 1024) == markup_reach(1024, 1536)
    assert markup_reach(32, 32) == 8, "never less than a few pixels"
    assert marked_pixels(np.asarray(overlay())).sum() == (np.asarray(overlay())[..., 3] > 0).sum()
