from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.fidelity import (
    DEFAULT_THRESHOLD,
    difference,
    difference_heatmap,
    feathered_alpha,
    fidelity_report,
    keep_outside_mask,
    keep_outside_result,
    markup_fidelity_report,
)
from imagewidgets.imaging.markup import markup_reach
from imagewidgets.imaging.masks import to_api_mask

W, H = 96, 64


def scene() -> Image.Image:
    """A picture with structure, so a shift or a leak shows."""
    y, x = np.mgrid[0:H, 0:W]
    pixels = np.stack([x * 2, y * 3, (x + y) % 200], axis=-1).astype(np.uint8)
    return Image.fromarray(pixels, "RGB")


def left_half() -> np.ndarray:
    mask = np.zeros((H, W), dtype=bool)
    mask[:, : W // 2] = True
    return mask


def painted(image: Image.Image, box: tuple[int, int, int, int], color: str) -> Image.Image:
    copy = image.copy()
    copy.paste(color, box)
    return copy


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_edit_inside_the_mask_changes_nothing_outside() -> None:
    edited = painted(scene(), (5, 5, 40, 60), "red")
    report = fidelity_report(scene(), edited, left_half())
    assert report.changed_outside == 0.0
    assert report.clean
    assert report.changed_inside == pytest.approx(35 * 55 / (H * W / 2), rel=0.05)
    assert report.outside_pixels == report.inside_pixels == H * W // 2
    assert "0.00% of the pixels outside the mask changed" in report.summary()


def test_a_leak_outside_the_mask_is_measured_exactly() -> None:
    edited = painted(painted(scene(), (5, 5, 40, 60), "red"), (60, 10, 70, 20), "white")
    report = fidelity_report(scene(), edited, left_half())
    assert report.changed_outside == pytest.approx(100 / (H * W / 2))
    assert not report.clean
    assert report.max_outside > 100


def test_a_global_shift_leaks_everywhere_unless_below_the_threshold() -> None:
    pixels = np.asarray(scene(), dtype=np.int16)
    shifted = Image.fromarray(np.clip(pixels + 40, 0, 255).astype(np.uint8))
    faint = Image.fromarray(np.clip(pixels + DEFAULT_THRESHOLD - 2, 0, 255).astype(np.uint8))
    assert fidelity_report(scene(), shifted, left_half()).changed_outside > 0.9
    assert fidelity_report(scene(), faint, left_half()).changed_outside == 0.0
    assert fidelity_report(scene(), faint, left_half(), threshold=1).changed_outside > 0.9
    with pytest.raises(ValueError, match="threshold"):
        fidelity_report(scene(), faint, left_half(), threshold=300)


def test_a_mask_image_in_the_api_convention_reads_like_the_array() -> None:
    edited = painted(scene(), (50, 0, 60, 64), "blue")
    mask_png = to_api_mask(left_half(), (W, H)).data
    from_array = fidelity_report(scene(), edited, left_half())
    from_png = fidelity_report(png(scene()), png(edited), mask_png)
    assert from_png == from_array
    assert from_png.changed_outside == pytest.approx(10 * 64 / (H * W / 2))


def test_an_edit_at_another_size_is_compared_scaled() -> None:
    flat = Image.new("RGB", (W, H), "teal")
    bigger = Image.new("RGB", (W * 2, H * 2), "teal")
    report = fidelity_report(flat, bigger, left_half())
    assert report.resized
    assert report.clean
    assert "another size" in report.summary()
    delta, resized = difference(flat, flat)
    assert not resized
    assert not delta.any()


def test_transparent_pixels_compare_by_what_they_show() -> None:
    clear_red = Image.new("RGBA", (W, H), (255, 0, 0, 0))
    clear_blue = Image.new("RGBA", (W, H), (0, 0, 255, 0))
    assert fidelity_report(clear_red, clear_blue, left_half()).clean


def test_the_heatmap_glows_where_the_picture_changed_and_outlines_the_mask() -> None:
    edited = painted(scene(), (60, 10, 70, 20), "white")
    heat = difference_heatmap(scene(), edited, left_half())
    assert heat.size == (W, H)
    assert heat.mode == "RGB"
    pixels = np.asarray(heat).astype(int)
    assert pixels[15, 65].sum() > 3 * pixels[40, 80].sum()
    assert tuple(pixels[30, W // 2 - 1]) == (0, 230, 255)
    assert tuple(pixels[30, W // 2]) != (0, 230, 255)
    plain = np.asarray(difference_heatmap(scene(), edited))
    assert not (plain == (0, 230, 255)).all(axis=2).any()


def test_keep_outside_restores_every_pixel_outside_the_mask() -> None:
    leaky = Image.fromarray(np.clip(np.asarray(scene(), np.int16) + 60, 0, 255).astype(np.uint8))
    fixed = keep_outside_mask(scene(), leaky, left_half(), feather=4)
    out = np.asarray(fixed.convert("RGB"))
    assert (out[:, W // 2 :] == np.asarray(scene())[:, W // 2 :]).all()
    assert (out[:, :20] == np.asarray(leaky)[:, :20]).all()
    edge = out[:, W // 2 - 2].astype(int)
    assert (edge != np.asarray(leaky)[:, W // 2 - 2]).any()
    assert fidelity_report(scene(), fixed, left_half()).clean


def test_feather_zero_is_a_hard_edge_and_weights_stay_inside() -> None:
    mask = left_half()
    assert (feathered_alpha(mask, 0) == mask).all()
    soft = feathered_alpha(mask, 5)
    assert (soft[:, W // 2 :] == 0).all()
    assert soft[:, 0].min() == pytest.approx(1.0)
    assert 0 < soft[10, W // 2 - 2] < 1
    with pytest.raises(ValueError, match="feather"):
        keep_outside_mask(scene(), scene(), mask, feather=-1)


def test_keep_outside_result_records_what_it_did() -> None:
    leaky = Image.fromarray(np.clip(np.asarray(scene(), np.int16) + 60, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    leaky.save(buffer, format="JPEG", quality=95)
    result = GeneratedImage(
        data=buffer.getvalue(),
        format="jpeg",
        width=W,
        height=H,
        operation="edit",
        model="gpt-image-1.5",
        prompt="make it brighter",
        params={"model": "gpt-image-1.5", "output_format": "jpeg"},
        parents=(),
        backend="offline",
    )
    fixed = keep_outside_result(result, scene(), left_half(), feather=3)
    assert fixed.format == "png"
    assert fixed.params["keep_outside_mask"] == {"feather": 3, "model_output_sha256": result.sha256}
    assert fixed.params["output_format"] == "jpeg"
    assert (fixed.prompt, fixed.operation, fixed.model) == (result.prompt, "edit", "gpt-image-1.5")
    assert fixed.sha256 != result.sha256
    assert fidelity_report(scene(), fixed, left_half()).clean
    assert fixed.to_pil().mode == "RGB"


def marks_overlay() -> np.ndarray:
    """An RGBA markup at the scene's size: one short red stroke at (20..30, 30)."""
    overlay = np.zeros((H, W, 4), np.uint8)
    overlay[30, 20:30] = (229, 57, 53, 255)
    return overlay


def test_a_markup_edit_is_measured_outside_the_grown_marks() -> None:
    near = painted(scene(), (15, 25, 35, 36), "red")  # within 5 px of the stroke
    report = markup_fidelity_report(scene(), near, png(Image.fromarray(marks_overlay())), reach=5)
    assert report.clean
    assert report.marks_reach == 5
    assert report.inside_pixels == 11 * 20, "the stroke grown by 5 px to every side"
    assert "of the pixels farther than 5 px from the marks changed" in report.summary()
    far = painted(near, (80, 0, 90, 10), "white")
    leaked = markup_fidelity_report(scene(), far, marks_overlay(), reach=5)
    assert leaked.changed_outside == pytest.approx(100 / (H * W - 220))
    assert not leaked.clean


def test_the_markup_reach_defaults_to_the_images_size() -> None:
    report = markup_fidelity_report(scene(), scene(), marks_overlay())
    assert report.marks_reach == markup_reach(W, H)
    assert fidelity_report(scene(), scene(), left_half()).outside == "outside the mask"
