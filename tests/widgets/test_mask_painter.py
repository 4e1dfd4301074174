"""MaskPainter: native-resolution masks both ways, display-sized pictures, binary buffers only."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from PIL import Image
from traitlets import TraitError

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.masks import mask_to_array, to_api_mask
from imagewidgets.widgets.mask_painter import DISPLAY_SIDE, MaskPainter
from tests.support.widgets import comm_of, front_end, js_encoded_mask, picture, size_of

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


def browser_sets_bytes(widget: MaskPainter, name: str, data: bytes) -> None:
    """What the view's ``model.set(name, DataView); model.save_changes()`` delivers."""
    message = {
        "content": {"data": {"method": "update", "state": {}, "buffer_paths": [[name]]}},
        "buffers": [memoryview(data)],
    }
    comm_of(widget).handler(message)


def sent_bytes(widget: MaskPainter, name: str) -> list[bytes]:
    """Each value of the Bytes trait ``name`` the front end received: binary buffers only."""
    values = []
    for message, buffers in comm_of(widget).sent:
        assert name not in message.get("state", {}), "bytes go as a buffer, never in JSON"
        paths = message.get("buffer_paths", [])
        values += [bytes(buffers[i]) for i, path in enumerate(paths) if path == [name]]
    return values


def box_mask(width: int, height: int, box: tuple[int, int, int, int]) -> np.ndarray[Any, Any]:
    mask = np.zeros((height, width), dtype=bool)
    x0, y0, x1, y1 = box
    mask[y0:y1, x0:x1] = True
    return mask


def test_a_4k_image_goes_to_the_browser_display_sized_while_the_mask_stays_native() -> None:
    painter = MaskPainter(picture(4096, 2304))
    assert painter.size == (4096, 2304)
    shown = size_of(painter.image_data)
    assert sent_bytes(painter, "image_data") == [painter.image_data]
    assert max(shown) <= DISPLAY_SIDE
    assert shown[0] / shown[1] == pytest.approx(4096 / 2304, rel=0.01)
    nothing = painter.mask
    assert nothing is None
    assert painter.mask_array.shape == (2304, 4096)
    painter.set_mask(box_mask(4096, 2304, (4000, 2300, 4096, 2304)))
    mask = painter.mask
    assert mask is not None
    assert (mask.width, mask.height) == (4096, 2304)
    assert int(painter.mask_array.sum()) == 96 * 4


def test_a_painted_mask_from_the_browser_reads_in_the_api_convention() -> None:
    painter = MaskPainter(picture(120, 80))
    png = js_encoded_mask(120, 80, (10, 20, 50, 60))
    browser_sets_bytes(painter, "mask_png", png)
    assert painter.mask_png == png
    assert (painter.mask_array == box_mask(120, 80, (10, 20, 50, 60))).all()
    mask = painter.mask
    assert mask is not None
    assert (mask.format, mask.width, mask.height, mask.has_alpha) == ("png", 120, 80, True)
    alpha = np.asarray(Image.open(io.BytesIO(mask.data)).convert("RGBA"))[..., 3]
    assert alpha[30, 30] == 0
    assert alpha[0, 0] == 255


def test_a_mask_painted_in_marimo_arrives_as_bytes_too() -> None:
    """marimo hands the painted bytes to ``set_state`` as ``bytes``, Jupyter as a
    ``memoryview``: both read the same."""
    painted = js_encoded_mask(120, 80, (10, 20, 50, 60))
    for given in (painted, memoryview(painted), bytearray(painted)):
        painter = MaskPainter(picture(120, 80))
        painter.set_state({"mask_png": given})
        assert type(painter.mask_png) is bytes
        assert painter.mask_png == painted
        assert int(painter.mask_array.sum()) == 40 * 40


def test_an_empty_painted_mask_means_no_mask() -> None:
    painter = MaskPainter(picture(40, 30))
    browser_sets_bytes(painter, "mask_png", js_encoded_mask(40, 30, (0, 0, 0, 0)))
    assert painter.mask is None
    assert not painter.mask_array.any()


@pytest.mark.parametrize("kind", ["array", "pil", "png", "zero-one"])
def test_a_mask_set_from_python_reaches_the_browser_as_binary_png(kind: str) -> None:
    painter = MaskPainter(picture(64, 48))
    edit = box_mask(64, 48, (8, 8, 40, 30))
    given: Any = {
        "array": edit,
        "pil": Image.fromarray(edit.astype(np.uint8) * 255, "L"),
        "png": to_api_mask(edit, (64, 48)).data,
        "zero-one": edit.astype(np.float32),
    }[kind]
    painter.set_mask(given)
    assert (painter.mask_array == edit).all()
    sent = sent_bytes(painter, "mask_png")[-1]
    assert sent == painter.mask_png
    assert (mask_to_array(sent) == edit).all()


def test_a_mask_of_another_size_is_refused_and_nothing_changes() -> None:
    painter = MaskPainter(picture(64, 48))
    painter.set_mask(box_mask(64, 48, (0, 0, 4, 4)))
    before = painter.mask_png
    with pytest.raises(ValueError, match="64x48"):
        painter.set_mask(np.zeros((48, 60), dtype=bool))
    with pytest.raises(InvalidParameterError, match="mask"):
        painter.set_mask(Image.new("L", (10, 10), 255))
    assert painter.mask_png == before


def test_clear_fill_and_invert() -> None:
    painter = MaskPainter(picture(20, 10))
    painter.fill()
    assert painter.mask_array.all()
    painter.set_mask(box_mask(20, 10, (0, 0, 5, 10)))
    painter.invert()
    assert (painter.mask_array == ~box_mask(20, 10, (0, 0, 5, 10))).all()
    painter.clear()
    assert painter.mask_png == b""
    assert painter.mask is None


def test_a_new_image_starts_over_with_its_own_mask() -> None:
    painter = MaskPainter(picture(20, 10))
    painter.fill()
    painter.set_image(picture(30, 30, "red"), mask=box_mask(30, 30, (0, 0, 3, 3)))
    assert painter.size == (30, 30)
    assert int(painter.mask_array.sum()) == 9
    painter.set_image(picture(8, 8))
    assert painter.mask is None
    assert painter.image is not None
    assert painter.image.width == 8


def test_masks_need_an_image() -> None:
    with pytest.raises(ValueError, match="image"):
        MaskPainter().set_mask(np.ones((4, 4), dtype=bool))
    with pytest.raises(ValueError, match="image"):
        MaskPainter(mask=np.ones((4, 4), dtype=bool))
    assert MaskPainter().mask is None


def test_controls_are_checked() -> None:
    painter = MaskPainter()
    painter.brush_size = 12
    with pytest.raises(TraitError, match="brush_size"):
        painter.brush_size = 0
    with pytest.raises(TraitError, match="overlay_opacity"):
        painter.overlay_opacity = 1.5
    with pytest.raises(TraitError):
        painter.tool = "lasso"
    browser_sets_bytes(painter, "mask_png", b"")
    assert painter.brush_size == 12


def test_undo_and_redo_reach_the_views() -> None:
    painter = MaskPainter(picture(8, 8))
    painter.undo()
    painter.redo()
    customs = [m["content"] for m, _ in comm_of(painter).sent if m.get("method") == "custom"]
    assert customs == [{"type": "undo"}, {"type": "redo"}]
