"""The input-image, mask and markup rules: counts, formats, square inputs, file-size limits,
overlay sizes, transparent markup."""

from __future__ import annotations

import pytest

from imagewidgets.capabilities import (
    ImageFacts,
    InvalidParameterError,
    check_images,
    check_markup,
    check_mask,
)

MB = 1024 * 1024
ACTIVE = [
    "gpt-image-2.6-flare",
    "gpt-image-2.6-sunburst",
    "gpt-image-2.5-flare",
    "gpt-image-2.5-sunburst",
    "gpt-image-2",
]
GPT = [*ACTIVE, "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "chatgpt-image-latest"]


def facts(fmt: str = "png", width: int = 512, height: int = 512, nbytes: int = 1000) -> ImageFacts:
    return ImageFacts(fmt, width, height, nbytes)


def refused(endpoint: str, model: str, images: tuple[ImageFacts, ...]) -> str:
    with pytest.raises(InvalidParameterError) as caught:
        check_images(endpoint, model, images)  # type: ignore[arg-type]
    assert caught.value.param == "image"
    assert caught.value.model == model
    return str(caught.value)


@pytest.mark.parametrize("model", GPT)
@pytest.mark.parametrize("fmt", ["png", "webp", "jpeg"])
def test_gpt_models_take_png_webp_jpeg_of_any_shape(model: str, fmt: str) -> None:
    check_images("edit", model, (facts(fmt, 1536, 1024),))


@pytest.mark.parametrize("model", GPT)
def test_gpt_models_take_up_to_16_images(model: str) -> None:
    check_images("edit", model, (facts(),) * 16)
    assert "at most 16" in refused("edit", model, (facts(),) * 17)


@pytest.mark.parametrize("model", GPT)
def test_gpt_models_file_limit_is_50_mb(model: str) -> None:
    check_images("edit", model, (facts(nbytes=50 * MB - 1),))
    assert "under 50 MB" in refused("edit", model, (facts(nbytes=50 * MB),))


@pytest.mark.parametrize("model", GPT)
def test_gpt_models_refuse_gif(model: str) -> None:
    assert "GIF" in refused("edit", model, (facts("gif"),))


@pytest.mark.parametrize("endpoint", ["edit", "variation"])
def test_dalle_2_takes_one_square_png_under_4_mb(endpoint: str) -> None:
    check_images(endpoint, "dall-e-2", (facts(nbytes=4 * MB - 1),))  # type: ignore[arg-type]
    assert "at most 1" in refused(endpoint, "dall-e-2", (facts(), facts()))
    for images, problem in [
        ((facts("jpeg"),), "JPEG"),
        ((facts("webp"),), "WEBP"),
        ((facts(width=512, height=256),), "square"),
        ((facts(nbytes=4 * MB),), "under 4 MB"),
    ]:
        message = refused(endpoint, "dall-e-2", images)
        assert problem in message
        assert "conform_for_dalle2" in message


def test_several_images_are_numbered_in_messages() -> None:
    message = refused("edit", "gpt-image-1", (facts(), facts("gif")))
    assert message.startswith("image 2 is GIF")


def test_variations_take_exactly_one_image() -> None:
    refused("variation", "dall-e-2", ())
    refused("edit", "gpt-image-1", ())


def test_unknown_models_are_not_checked() -> None:
    check_images("edit", "gpt-image-9", (facts("gif"),) * 40)


def test_mask_rules() -> None:
    image = facts(width=1024, height=768)
    check_mask("gpt-image-1", ImageFacts("png", 1024, 768, 4 * MB - 1), image)
    for mask, problem in [
        (ImageFacts("jpeg", 1024, 768, 100), "must be a PNG"),
        (ImageFacts("png", 768, 1024, 100), "768x1024 but the first image is 1024x768"),
        (ImageFacts("png", 1024, 768, 4 * MB), "under 4 MB"),
    ]:
        with pytest.raises(InvalidParameterError, match=problem) as caught:
            check_mask("gpt-image-1", mask, image)
        assert caught.value.param == "mask"


@pytest.mark.parametrize("model", ["gpt-image-2.6-flare", "gpt-image-2.5-sunburst"])
def test_markup_rules(model: str) -> None:
    """A transparent PNG of the first image's dimensions (WIRE-2026-11, ``markup``)."""
    image = facts(width=1024, height=768)
    check_markup(model, ImageFacts("png", 1024, 768, 5 * MB), image, True)
    for markup, clear, problem in [
        (ImageFacts("webp", 1024, 768, 100), True, "must be a PNG"),
        (ImageFacts("png", 1024, 1024, 100), True, "1024x1024 but the first image is 1024x768"),
        (ImageFacts("png", 1024, 768, 100), False, "no transparent pixels"),
    ]:
        with pytest.raises(InvalidParameterError, match=problem) as caught:
            check_markup(model, markup, image, clear)
        assert caught.value.param == "markup"
