"""Masks in every form become the API's convention: RGBA PNG, alpha 0 = edit here."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.masks import mask_to_array, to_api_mask
from tests.support.api import encoded, png


def painted(shape: tuple[int, int] = (20, 30)) -> np.ndarray:
    region = np.zeros(shape, dtype=bool)
    region[5:10, 3:20] = True
    return region


def alpha(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "PNG"
        assert picture.mode == "RGBA"
        return np.asarray(picture)[:, :, 3]


def test_bool_array_true_means_edit_here() -> None:
    mask = to_api_mask(painted(), (30, 20))
    assert (mask.format, mask.width, mask.height, mask.filename) == ("png", 30, 20, "mask.png")
    channel = alpha(mask.data)
    assert (channel[painted()] == 0).all()
    assert (channel[~painted()] == 255).all()
    assert (mask_to_array(mask.data) == painted()).all()


def test_numeric_arrays_from_zero_to_one() -> None:
    soft = painted().astype(np.float32) * 0.8 + 0.1
    assert (mask_to_array(to_api_mask(soft, (30, 20)).data) == painted()).all()
    ints = painted().astype(np.uint8)
    assert (mask_to_array(to_api_mask(ints, (30, 20)).data) == painted()).all()


@pytest.mark.parametrize(
    ("array", "problem"),
    [
        (painted().astype(np.uint8) * 255, "from 0 to 1"),
        (np.zeros((20, 30, 3), bool), "must be 2-D"),
    ],
)
def test_bad_arrays(array: np.ndarray, problem: str) -> None:
    with pytest.raises(InvalidParameterError, match=problem) as caught:
        to_api_mask(array, (30, 20))
    assert caught.value.param == "mask"


def test_size_must_match_the_image() -> None:
    with pytest.raises(InvalidParameterError, match="20x30 but the first image is 30x20") as caught:
        to_api_mask(painted((30, 20)), (30, 20), model="gpt-image-1")
    assert caught.value.model == "gpt-image-1"


def test_black_and_white_image_white_means_edit_here() -> None:
    picture = Image.fromarray(np.where(painted(), 255, 0).astype(np.uint8), "L")
    for value in (picture, png_of(picture), encoded(png_of(picture), "PNG")):
        assert (mask_to_array(to_api_mask(value, (30, 20)).data) == painted()).all()


def test_rgba_png_is_already_in_the_api_convention_and_sent_unchanged() -> None:
    data = to_api_mask(painted(), (30, 20)).data
    assert to_api_mask(data, (30, 20)).data == data


def test_rgba_webp_is_converted_to_png_keeping_alpha() -> None:
    rgba = np.zeros((20, 30, 4), np.uint8)
    rgba[:, :, 3] = np.where(painted(), 0, 255)
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, "WEBP", lossless=True)
    mask = to_api_mask(buffer.getvalue(), (30, 20))
    assert (mask_to_array(mask.data) == painted()).all()


def test_mask_of_4_mb_or_more_is_refused() -> None:
    noise = np.random.default_rng(1).integers(0, 256, (1100, 1100, 4), np.uint8)
    data = png_of(Image.fromarray(noise, "RGBA"))
    assert len(data) >= 4 * 1024 * 1024
    with pytest.raises(InvalidParameterError, match="under 4 MB"):
        to_api_mask(data, (1100, 1100))


def png_of(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def test_mask_to_array_of_an_image_without_alpha() -> None:
    assert mask_to_array(png((4, 4), "white", "L")).all()
    assert not mask_to_array(png((4, 4), "black", "L")).any()
