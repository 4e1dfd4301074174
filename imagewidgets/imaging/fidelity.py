"""Mask fidelity: did an edit stay inside its mask, and a way to make it.

A masked edit is meant to change only the painted area, yet models re-render the whole picture
and often shift colours or details elsewhere. This module measures that and repairs it:

- :func:`fidelity_report` counts the pixels outside the mask that changed by more than a small
  threshold (and, for contrast, those inside); :func:`markup_fidelity_report` does the same for
  a markup edit, whose area is the marks grown by a reach
  (:func:`imagewidgets.imaging.markup.markup_area`);
- :func:`difference_heatmap` shows where the picture changed, over a dimmed copy of the original,
  with the mask's outline;
- :func:`keep_outside_mask` puts the original pixels back outside the mask, blending over a
  feathered edge that lies wholly inside the mask, so nothing outside differs from the original;
  :func:`keep_outside_result` does the same to a result and records it in the result's ``params``.

Masks follow the API's convention when given as images (alpha 0 = edit here) and are
``True = edit here`` as arrays (see :mod:`imagewidgets.imaging.masks`).

Example:
    >>> import numpy as np
    >>> from PIL import Image
    >>> original = Image.new("RGB", (64, 64), "navy")
    >>> edited = original.copy(); edited.paste("orange", (0, 0, 32, 64))
    >>> mask = np.zeros((64, 64), bool); mask[:, :32] = True
    >>> fidelity_report(original, edited, mask).changed_outside
    0.0
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, TypeVar

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageFilter

from imagewidgets.imaging.inputs import to_source
from imagewidgets.imaging.markup import markup_area
from imagewidgets.imaging.masks import mask_to_array, to_api_mask

__all__ = [
    "DEFAULT_FEATHER",
    "DEFAULT_THRESHOLD",
    "FidelityReport",
    "difference",
    "difference_heatmap",
    "fidelity_report",
    "keep_outside_mask",
    "keep_outside_result",
    "markup_fidelity_report",
]

DEFAULT_THRESHOLD = 12
"""A pixel counts as changed when a channel moved more than this (of 255): above encoding noise."""
DEFAULT_FEATHER = 6.0
"""The blur radius in pixels of the blend edge :func:`keep_outside_mask` draws inside the mask."""

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class FidelityReport:
    """How much of the picture an edit changed, outside and inside its mask.

    ``changed_outside`` and ``changed_inside`` are shares (0..1) of the pixels in each area whose
    largest channel difference exceeds ``threshold``. ``resized`` says the edit came back at a
    different size and was scaled to the original's before comparing.
    """

    changed_outside: float
    changed_inside: float
    outside_pixels: int
    inside_pixels: int
    max_outside: int
    mean_outside: float
    threshold: int
    resized: bool = False
    marks_reach: int | None = None
    """For a markup edit, how far (in pixels) around the marks a change was meant to reach;
    ``None`` for a masked edit."""

    @property
    def clean(self) -> bool:
        """Nothing outside the mask changed beyond the threshold."""
        return self.changed_outside == 0.0

    @property
    def outside(self) -> str:
        """Where nothing should change, in words: ``"outside the mask"``, or for a markup edit
        ``"farther than 61 px from the marks"``."""
        if self.marks_reach is None:
            return "outside the mask"
        return f"farther than {self.marks_reach} px from the marks"

    def summary(self) -> str:
        """One sentence for a person: how much changed outside the mask (or far from the marks)."""
        if self.outside_pixels == 0:
            return f"No pixel lies {self.outside}, so there is nothing to compare."
        share = f"{self.changed_outside * 100:.2f}%"
        text = f"{share} of the pixels {self.outside} changed (more than {self.threshold}/255)"
        if self.resized:
            text += "; the edit came back at another size and was compared scaled"
        return text + "."


def _pil(image: Any) -> Image.Image:
    if isinstance(image, Image.Image):
        return image
    return Image.open(io.BytesIO(to_source(image).data))


def _rgba(image: Any, size: tuple[int, int] | None = None) -> FloatArray:
    """Premultiplied RGBA floats (0..255), scaled to ``size`` when given and different."""
    picture = _pil(image).convert("RGBA")
    if size is not None and picture.size != size:
        picture = picture.resize(size, Image.Resampling.LANCZOS)
    pixels = np.asarray(picture, dtype=np.float32)
    pixels[..., :3] *= pixels[..., 3:4] / 255.0
    return pixels


def _mask(mask: Any, size: tuple[int, int]) -> BoolArray:
    """``mask`` as a bool array of ``size`` (width, height), True = edit here."""
    if isinstance(mask, np.ndarray):
        array = mask.astype(bool)
        if array.shape != (size[1], size[0]):
            return _resize_mask(array, size)
        return array
    return mask_to_array(to_api_mask(mask, size).data)


def _resize_mask(mask: BoolArray, size: tuple[int, int]) -> BoolArray:
    picture = Image.fromarray(mask.astype(np.uint8) * 255).resize(size, Image.Resampling.NEAREST)
    return np.asarray(picture) > 127


def difference(original: Any, edited: Any) -> tuple[npt.NDArray[np.uint8], bool]:
    """The per-pixel change (largest channel difference, 0..255) at the original's size.

    Returns the array and whether ``edited`` had to be scaled to the original's size first.
    """
    before = _pil(original)
    after = _pil(edited)
    resized = after.size != before.size
    delta = np.abs(_rgba(before) - _rgba(after, before.size)).max(axis=2)
    return np.rint(delta).astype(np.uint8), resized


def fidelity_report(
    original: Any,
    edited: Any,
    mask: Any,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    marks_reach: int | None = None,
) -> FidelityReport:
    """Measure how much ``edited`` differs from ``original`` outside (and inside) ``mask``.

    ``mask`` is at the original's size: a bool array (True = edit here), or a mask image in the
    API's convention (PNG bytes, PIL image, path). ``threshold`` is in 0..255. ``marks_reach``
    says the area is a markup's marks grown by that many pixels (the report's words say so).
    """
    if not 0 <= threshold < 255:
        raise ValueError(f"threshold must be from 0 to 254, not {threshold!r}.")
    delta, resized = difference(original, edited)
    inside = _mask(mask, (delta.shape[1], delta.shape[0]))
    outside = ~inside
    changed = delta > threshold
    outside_delta = delta[outside]
    return FidelityReport(
        changed_outside=_share(changed[outside]),
        changed_inside=_share(changed[inside]),
        outside_pixels=int(outside.sum()),
        inside_pixels=int(inside.sum()),
        max_outside=int(outside_delta.max()) if outside_delta.size else 0,
        mean_outside=float(outside_delta.mean()) if outside_delta.size else 0.0,
        threshold=threshold,
        resized=resized,
        marks_reach=marks_reach,
    )


def markup_fidelity_report(
    original: Any,
    edited: Any,
    markup: bytes | npt.NDArray[np.uint8],
    *,
    reach: int | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> FidelityReport:
    """Measure how much ``edited`` differs from ``original`` far from the marks of ``markup``
    (PNG bytes or an RGBA array at the original's size): outside the marks grown by ``reach``
    pixels (default :func:`~imagewidgets.imaging.markup.markup_reach` of the image's size)."""
    area, reach = markup_area(markup, reach)
    return fidelity_report(original, edited, area, threshold=threshold, marks_reach=reach)


def _share(flags: BoolArray) -> float:
    return float(flags.mean()) if flags.size else 0.0


def difference_heatmap(original: Any, edited: Any, mask: Any = None) -> Image.Image:
    """An RGB picture of where ``edited`` differs from ``original``, at the original's size.

    The original shows dimmed in grey; changes glow from red (small) through yellow to white
    (large); the mask's outline, when a mask is given, is drawn in cyan.
    """
    delta, _ = difference(original, edited)
    base = np.asarray(_pil(original).convert("L"), dtype=np.float32)[..., None] * 0.35
    heat = np.sqrt(delta.astype(np.float32) / 255.0)[..., None]
    ramp = np.clip(heat * 3.0 - np.array([0.0, 1.0, 2.0], dtype=np.float32), 0.0, 1.0) * 255.0
    weight = np.clip(delta.astype(np.float32) / 48.0, 0.0, 1.0)[..., None]
    pixels = base * (1.0 - weight) + ramp * weight
    if mask is not None:
        edge = _outline(_mask(mask, (delta.shape[1], delta.shape[0])))
        pixels[edge] = (0.0, 230.0, 255.0)
    return Image.fromarray(np.rint(pixels).astype(np.uint8), "RGB")


def _outline(mask: BoolArray) -> BoolArray:
    """The pixels of ``mask`` next to a pixel outside it."""
    padded = np.pad(mask, 1, mode="edge")
    inner = padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]
    return mask & ~inner


def feathered_alpha(mask: BoolArray, feather: float) -> FloatArray:
    """Blend weights (1 = take the edit) that fade in over ``feather`` pixels inside the mask.

    Outside the mask the weight is exactly 0, so :func:`keep_outside_mask` never alters a pixel
    there; the soft edge lies wholly inside the painted area.
    """
    hard = mask.astype(np.float32)
    if feather <= 0:
        return hard
    picture = Image.fromarray(mask.astype(np.uint8) * 255)
    blurred = np.asarray(picture.filter(ImageFilter.GaussianBlur(feather)), np.float32) / 255.0
    weights: FloatArray = (np.clip(blurred * 2.0 - 1.0, 0.0, 1.0) * hard).astype(np.float32)
    return weights


def keep_outside_mask(
    original: Any, edited: Any, mask: Any, *, feather: float = DEFAULT_FEATHER
) -> Image.Image:
    """``edited`` with the original pixels put back outside ``mask`` (RGBA, at the edit's size).

    ``mask`` is at the original's size (bool array, True = edit here, or a mask image in the API's
    convention); when the edit came back at another size, the original and the mask are scaled
    to it.
    """
    if feather < 0:
        raise ValueError(f"feather must be 0 or more pixels, not {feather!r}.")
    after = _pil(edited).convert("RGBA")
    before = _pil(original).convert("RGBA")
    inside = _mask(mask, before.size)
    if before.size != after.size:
        before = before.resize(after.size, Image.Resampling.LANCZOS)
        inside = _resize_mask(inside, after.size)
    alpha = feathered_alpha(inside, feather)[..., None]
    mixed = np.asarray(after, np.float32) * alpha + np.asarray(before, np.float32) * (1.0 - alpha)
    return Image.fromarray(np.rint(mixed).astype(np.uint8), "RGBA")


class EditResult(Protocol):
    """What :func:`keep_outside_result` needs of a result (a ``GeneratedImage`` has it all)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def data(self) -> bytes: ...
    @property
    def format(self) -> str: ...
    @property
    def params(self) -> Mapping[str, object]: ...
    @property
    def sha256(self) -> str: ...


ResultT = TypeVar("ResultT", bound=EditResult)


def keep_outside_result(
    result: ResultT, original: Any, mask: Any, *, feather: float = DEFAULT_FEATHER
) -> ResultT:
    """A copy of ``result`` with :func:`keep_outside_mask` applied, saying so in ``params``.

    ``params["keep_outside_mask"]`` records the feather and the SHA-256 of the model's own output,
    so provenance shows both what the model made and that its outside was restored. PNG and WebP
    stay in their format (WebP lossless); JPEG becomes PNG so the restored pixels stay exact.
    """
    picture = keep_outside_mask(original, result, mask, feather=feather)
    if np.asarray(picture)[..., 3].min() == 255:
        picture = picture.convert("RGB")
    fmt = "webp" if result.format == "webp" else "png"
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt.upper(), **({"lossless": True} if fmt == "webp" else {}))
    record = {"feather": feather, "model_output_sha256": result.sha256}
    params = {**result.params, "keep_outside_mask": record}
    return dataclasses.replace(result, data=buffer.getvalue(), format=fmt, params=params)
