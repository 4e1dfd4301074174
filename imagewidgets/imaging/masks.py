"""Masks in the API's convention: a PNG whose fully transparent pixels (alpha 0) mark "edit here".

People think of a mask the other way round, as the painted region, so :func:`to_api_mask` takes
either form:

- a boolean (or 0..1) array, ``True`` / ``>= 0.5`` = edit here;
- an image without alpha (black and white or grey): white = edit here;
- an image with alpha: already in the API convention, sent as it is when it is a PNG.

Example:
    >>> import numpy as np
    >>> painted = np.zeros((64, 64), dtype=bool)
    >>> painted[16:48, 16:48] = True
    >>> mask = to_api_mask(painted, (64, 64))
    >>> mask.format, mask.has_alpha, int(mask_to_array(mask.data).sum())
    ('png', True, 1024)
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any, Union

import numpy as np
import numpy.typing as npt
from PIL import Image

from imagewidgets.capabilities import ImageFacts, InvalidParameterError, check_mask
from imagewidgets.imaging.inputs import ImageInput, check_decodes, to_source
from imagewidgets.imaging.source import SourceImage

__all__ = ["MaskInput", "mask_to_array", "to_api_mask"]

MaskInput = Union[ImageInput, "npt.NDArray[Any]"]
"""A mask: an image (path, bytes, file, PIL, ...) or a 2-D boolean / 0..1 array."""


def to_api_mask(mask: MaskInput, size: tuple[int, int], *, model: str | None = None) -> SourceImage:
    """``mask`` as an RGBA PNG (alpha 0 = edit here), checked against the image ``size``.

    Raises :class:`~imagewidgets.capabilities.InvalidParameterError` (param ``mask``) when the
    dimensions differ from ``size`` (width, height) or the PNG is 4 MB or more.
    """
    if isinstance(mask, np.ndarray):
        result = _png_source(_alpha_from_edit(_edit_region(mask)))
    else:
        result = _from_image(to_source(mask, param="mask"))
    check_mask(model, result.facts, ImageFacts("png", size[0], size[1], 0))
    return result


def mask_to_array(png: bytes) -> npt.NDArray[np.bool_]:
    """The edit region of an API mask as a ``(height, width)`` bool array (True = edit here)."""
    with Image.open(io.BytesIO(png)) as picture:
        if _has_alpha(picture):
            return np.asarray(np.asarray(picture.convert("RGBA"))[:, :, 3] == 0, dtype=np.bool_)
        return np.asarray(np.asarray(picture.convert("L")) >= 128, dtype=np.bool_)


def _edit_region(array: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    if array.ndim != 2:
        raise InvalidParameterError(
            f"a mask array must be 2-D (height, width); got shape {array.shape}.",
            param="mask",
            model=None,
        )
    if array.dtype == np.bool_:
        return array
    if array.size and (np.nanmin(array) < 0 or np.nanmax(array) > 1):
        raise InvalidParameterError(
            "a numeric mask array must hold values from 0 to 1 (1 = edit here); "
            "use a bool array, or divide 0..255 values by 255.",
            param="mask",
            model=None,
        )
    return np.asarray(array >= 0.5)


def _alpha_from_edit(edit: npt.NDArray[np.bool_]) -> Image.Image:
    rgba = np.zeros((*edit.shape, 4), dtype=np.uint8)
    rgba[:, :, 3] = np.where(edit, 0, 255)
    return Image.fromarray(rgba, "RGBA")


def _from_image(source: SourceImage) -> SourceImage:
    if source.format == "png" and source.has_alpha:
        return dataclasses.replace(source, filename="mask.png")
    check_decodes(source.data, "mask")
    with Image.open(io.BytesIO(source.data)) as picture:
        if _has_alpha(picture):
            return _png_source(picture.convert("RGBA"))
        return _png_source(_alpha_from_edit(np.asarray(picture.convert("L")) >= 128))


def _png_source(picture: Image.Image) -> SourceImage:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    size = picture.width, picture.height
    return SourceImage(buffer.getvalue(), "png", *size, True, "mask.png", encoded_here=True)


def _has_alpha(picture: Image.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
