from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.canvas import expand_canvas, expand_sizes, plan_expansion
from imagewidgets.imaging.masks import mask_to_array


def picture(width: int, height: int, color: str = "seagreen") -> Image.Image:
    image = Image.new("RGB", (width, height), color)
    image.paste("gold", (0, 0, width // 4, height // 4))
    return image


def test_room_on_both_sides_is_split_evenly() -> None:
    p = plan_expansion(1024, 1024, "1536x1024", sides=("left", "right"))
    assert (p.scale, p.left, p.top, p.width, p.height) == (1.0, 256, 0, 1024, 1024)
    assert p.added_pixels == 512 * 1024


def test_room_on_one_side_goes_there() -> None:
    right = plan_expansion(1024, 1024, "1536x1024", sides=("right",))
    left = plan_expansion(1024, 1024, "1536x1024", sides=("left",))
    top = plan_expansion(1024, 1024, "1024x1536", sides=("top",))
    assert (right.left, left.left, top.top, top.left) == (0, 512, 512, 0)


def test_a_direction_without_chosen_sides_is_filled_by_scaling() -> None:
    p = plan_expansion(512, 512, "1536x1024", sides=("left", "right"))
    assert (p.scale, p.width, p.height, p.left, p.top) == (2.0, 1024, 1024, 256, 0)


def test_a_larger_picture_shrinks_to_fit_when_every_side_is_free() -> None:
    p = plan_expansion(2048, 2048, "1536x1024")
    assert (p.scale, p.width, p.height, p.left, p.top) == (0.5, 1024, 1024, 256, 0)


def test_an_explicit_scale_leaves_room_on_every_chosen_side() -> None:
    p = plan_expansion(1024, 1024, "1024x1024", scale=0.75, model="dall-e-2")
    assert (p.width, p.height, p.left, p.top) == (768, 768, 128, 128)


@pytest.mark.parametrize(
    ("size", "sides", "scale", "model", "param"),
    [
        ("1536x1024", (), None, None, "sides"),
        ("1536x1024", ("up",), None, None, "sides"),
        ("1792x1024", ("left",), None, "gpt-image-1.5", "size"),
        ("1280x720", ("left",), None, "gpt-image-1.5", "size"),
        ("1024x1024", ("left", "right"), None, None, "size"),
        ("1024x1536", ("left", "right"), None, None, "sides"),
        ("wide", ("left",), None, None, "size"),
        ("1536x1024", ("left",), 0.0, None, "scale"),
    ],
)
def test_impossible_expansions_say_which_parameter_is_wrong(
    size: str, sides: tuple[str, ...], scale: float | None, model: str | None, param: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        plan_expansion(1024, 1024, size, sides=sides, scale=scale, model=model)
    assert caught.value.param == param
    assert str(caught.value)


def test_gpt_image_2_takes_custom_sizes() -> None:
    p = plan_expansion(
        1024, 576, "1280x720", sides=("left", "right", "top", "bottom"), model="gpt-image-2"
    )
    assert (p.left, p.top, p.canvas_width, p.canvas_height) == (128, 72, 1280, 720)


def test_expand_canvas_pads_with_transparency_and_premasks_the_new_room() -> None:
    grown = expand_canvas(
        picture(1024, 1024), "1536x1024", sides=("left", "right"), model="gpt-image-1.5"
    )
    assert grown.size == "1536x1024"
    assert (grown.image.format, grown.image.width, grown.image.height) == ("png", 1536, 1024)
    image = np.asarray(Image.open(io.BytesIO(grown.image.data)).convert("RGBA"))
    assert (image[:, :256, 3] == 0).all()
    assert (image[:, 1280:, 3] == 0).all()
    assert (image[:, 256:1280, 3] == 255).all()
    assert tuple(image[10, 256 + 10, :3]) == (255, 215, 0)
    assert tuple(image[1000, 1270, :3]) == (46, 139, 87)
    edit = mask_to_array(grown.mask.data)
    assert edit.shape == (1024, 1536)
    assert edit[:, :256].all()
    assert edit[:, 1280:].all()
    assert not edit[:, 256:1280].any()
    assert (grown.mask.width, grown.mask.height) == (1536, 1024)


def test_edge_fill_leaves_no_transparent_room() -> None:
    grown = expand_canvas(picture(1024, 512), "1024x1024", sides=("top",), fill="edge")
    image = np.asarray(Image.open(io.BytesIO(grown.image.data)).convert("RGBA"))
    assert (image[..., 3] == 255).all()
    assert mask_to_array(grown.mask.data)[:512].all()


def test_an_earlier_mask_is_carried_into_the_new_canvas() -> None:
    old = np.zeros((1024, 1024), dtype=bool)
    old[100:200, 300:400] = True
    grown = expand_canvas(picture(1024, 1024), "1536x1024", sides=("right",), mask=old)
    edit = mask_to_array(grown.mask.data)
    assert edit[100:200, 300:400].all()
    assert not edit[300:1000, 0:1000].any()
    assert edit[:, 1024:].all()


def test_unknown_fill_is_refused() -> None:
    with pytest.raises(InvalidParameterError, match="fill"):
        expand_canvas(picture(64, 64), "1024x1024", fill="mirror")  # type: ignore[arg-type]


def test_expand_sizes_lists_only_sizes_that_add_room() -> None:
    assert expand_sizes(1024, 1024, "gpt-image-1.5") == ("1536x1024", "1024x1536")
    assert expand_sizes(512, 512, "dall-e-2") == ("1024x1024",)
    assert expand_sizes(256, 256, "dall-e-2") == ("512x512", "1024x1024")
    assert expand_sizes(1536, 1024, "gpt-image-1.5") == ("1024x1024", "1024x1536")
