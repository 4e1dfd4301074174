"""Expand the canvas: pad an image to a larger size a model accepts, ready for outpainting.

:func:`expand_canvas` places the picture inside a ``WxH`` canvas, adding the new room on the sides
you choose, and returns the padded image together with a mask in the API's convention whose new
area is already marked for editing (alpha 0), so an edit can paint it in::

    grown = expand_canvas(photo, "1536x1024", sides=("left", "right"), model="gpt-image-2.6-flare")
    wider = await client.edit(grown.image, "continue the beach", mask=grown.mask)

The picture keeps its scale when it fits; a side you did not choose gets no room, so the picture
is scaled to fill that direction exactly. ``scale`` overrides the choice (``0.75`` shrinks the
picture to leave room on every chosen side).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageFilter

from imagewidgets import capabilities
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.inputs import to_source
from imagewidgets.imaging.masks import mask_to_array, to_api_mask
from imagewidgets.imaging.source import SourceImage

__all__ = ["SIDES", "Expanded", "Placement", "expand_canvas", "expand_sizes", "plan_expansion"]

Side = Literal["left", "right", "top", "bottom"]
SIDES: tuple[Side, ...] = ("left", "right", "top", "bottom")
"""The sides the new room may go on."""
Fill = Literal["transparent", "edge"]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Placement:
    """Where the picture goes in the new canvas: its scale, offset and scaled size, in pixels."""

    scale: float
    left: int
    top: int
    width: int
    height: int
    canvas_width: int
    canvas_height: int

    @property
    def added_pixels(self) -> int:
        """How many pixels of new room the canvas adds."""
        return self.canvas_width * self.canvas_height - self.width * self.height


@dataclass(frozen=True)
class Expanded:
    """The padded image (PNG), its mask (alpha 0 = edit, the new room and any mask carried
    over) and where the original picture sits."""

    image: SourceImage
    mask: SourceImage
    placement: Placement

    @property
    def size(self) -> str:
        """The canvas size as the API writes it, e.g. ``"1536x1024"``."""
        return f"{self.placement.canvas_width}x{self.placement.canvas_height}"


def _target(size: str, model: str | None) -> tuple[int, int]:
    parsed = capabilities.parse_size(size)
    if model is not None:
        allowed = tuple(str(s) for s in capabilities.options(model, "size", "edit") if s != "auto")
        rules = capabilities.rules_for(model)
        custom = bool(rules and rules.custom_sizes)
        custom_ok = custom and capabilities.custom_size_problem(size) is None
        if size not in allowed and not custom_ok:
            raise InvalidParameterError(
                f"{model} cannot edit at size={size!r}; expand to one of {', '.join(allowed)}.",
                param="size",
                model=model,
                allowed=allowed,
            )
    if parsed is None or min(parsed) <= 0:
        raise InvalidParameterError(
            f"size must be WIDTHxHEIGHT, e.g. '1536x1024', not {size!r}.", param="size", model=model
        )
    return parsed


def plan_expansion(
    width: int,
    height: int,
    size: str,
    *,
    sides: Iterable[str] = SIDES,
    scale: float | None = None,
    model: str | None = None,
) -> Placement:
    """Where a ``width`` x ``height`` picture goes in a ``size`` canvas with room on ``sides``.

    Raises ``ValueError`` (an :class:`InvalidParameterError` naming ``size``, ``sides`` or
    ``scale``) when the picture cannot be placed that way or nothing would be added.
    """
    target_w, target_h = _target(size, model)
    chosen = _sides(sides)
    horizontal = bool({"left", "right"} & chosen)
    vertical = bool({"top", "bottom"} & chosen)
    if scale is None:
        scale = _auto_scale(width, height, target_w, target_h, horizontal, vertical)
    elif not scale > 0:
        raise InvalidParameterError(
            f"scale must be above 0, not {scale!r}.", param="scale", model=model
        )
    new_w, new_h = max(1, round(width * scale)), max(1, round(height * scale))
    _check_fit(new_w, new_h, target_w, target_h, horizontal, vertical, size)
    left = _offset(target_w - new_w, "left" in chosen, "right" in chosen)
    top = _offset(target_h - new_h, "top" in chosen, "bottom" in chosen)
    placement = Placement(scale, left, top, new_w, new_h, target_w, target_h)
    if placement.added_pixels == 0:
        raise InvalidParameterError(
            f"the image already fills {size}: choose a larger size, or a scale below 1.",
            param="size",
            model=model,
        )
    return placement


def _sides(sides: Iterable[str]) -> set[str]:
    chosen = set(sides)
    unknown = sorted(chosen - set(SIDES))
    if unknown or not chosen:
        raise InvalidParameterError(
            f"sides must name at least one of {', '.join(SIDES)}; got {sorted(chosen)!r}.",
            param="sides",
            model=None,
            allowed=SIDES,
        )
    return chosen


def _auto_scale(w: int, h: int, tw: int, th: int, horizontal: bool, vertical: bool) -> float:
    if not horizontal:
        return tw / w
    if not vertical:
        return th / h
    return min(1.0, tw / w, th / h)


def _check_fit(
    w: int, h: int, tw: int, th: int, horizontal: bool, vertical: bool, size: str
) -> None:
    too_big = w > tw or h > th
    gap_without_side = (w < tw and not horizontal) or (h < th and not vertical)
    if too_big or gap_without_side:
        raise InvalidParameterError(
            f"a {w}x{h} picture does not fit {size} with room only on the chosen sides; "
            "choose more sides, another size or another scale.",
            param="sides",
            model=None,
        )


def _offset(room: int, before: bool, after: bool) -> int:
    if before and after:
        return room // 2
    return room if before else 0


def expand_canvas(
    image: Any,
    size: str,
    *,
    sides: Iterable[str] = SIDES,
    scale: float | None = None,
    model: str | None = None,
    fill: Fill = "transparent",
    mask: Any = None,
) -> Expanded:
    """Pad ``image`` to ``size`` with new room on ``sides``; the new room is pre-masked.

    ``fill`` is what the new room holds: ``"transparent"`` (what dall-e-2 reads as "paint here")
    or ``"edge"`` (the picture's border smeared outward: more context for the model). ``mask``, an
    earlier mask at the image's size (array True = edit, or API-convention image), is carried into
    the new canvas. ``model`` checks that it can edit at ``size``.
    """
    source = to_source(image)
    placement = plan_expansion(
        source.width, source.height, size, sides=sides, scale=scale, model=model
    )
    picture = Image.open(io.BytesIO(source.data)).convert("RGBA")
    scaled = picture.resize((placement.width, placement.height), Image.Resampling.LANCZOS)
    canvas = _fill(scaled, placement, fill)
    edit = _new_area(placement)
    if mask is not None:
        edit |= _placed_mask(mask, source, placement)
    size_px = (placement.canvas_width, placement.canvas_height)
    return Expanded(_png(canvas, source.filename), to_api_mask(edit, size_px), placement)


def _fill(scaled: Image.Image, p: Placement, fill: str) -> Image.Image:
    size = (p.canvas_width, p.canvas_height)
    if fill == "transparent":
        canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    elif fill == "edge":
        pixels = np.asarray(scaled)
        pad = ((p.top, size[1] - p.top - p.height), (p.left, size[0] - p.left - p.width), (0, 0))
        smeared = Image.fromarray(np.pad(pixels, pad, mode="edge"), "RGBA")
        canvas = smeared.filter(ImageFilter.GaussianBlur(max(size) / 64))
    else:
        raise InvalidParameterError(
            f"fill must be 'transparent' or 'edge', not {fill!r}.",
            param="fill",
            model=None,
            allowed=("transparent", "edge"),
        )
    canvas.paste(scaled, (p.left, p.top))
    return canvas


def _new_area(p: Placement) -> BoolArray:
    edit = np.ones((p.canvas_height, p.canvas_width), dtype=bool)
    edit[p.top : p.top + p.height, p.left : p.left + p.width] = False
    return edit


def _placed_mask(
    mask: Any, source: SourceImage, p: Placement
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """An earlier mask (at the image's size) scaled and placed like the picture."""
    old = mask_to_array(to_api_mask(mask, (source.width, source.height)).data)
    scaled = Image.fromarray(old.astype(np.uint8) * 255).resize((p.width, p.height))
    placed = np.zeros((p.canvas_height, p.canvas_width), dtype=bool)
    placed[p.top : p.top + p.height, p.left : p.left + p.width] = np.asarray(scaled) > 127
    return placed


def _png(picture: Image.Image, filename: str) -> SourceImage:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    stem = filename.rsplit(".", 1)[0] or "image"
    return SourceImage(
        buffer.getvalue(),
        "png",
        picture.width,
        picture.height,
        True,
        f"{stem}-expanded.png",
        encoded_here=True,
    )


def expand_sizes(width: int, height: int, model: str) -> tuple[str, ...]:
    """The fixed sizes ``model`` edits at that give a ``width`` x ``height`` picture new room.

    A size qualifies when the picture fits it at its own scale (or smaller) with room to spare.
    """
    sizes = []
    for size in capabilities.options(model, "size", "edit"):
        parsed = capabilities.parse_size(str(size))
        if parsed is None:
            continue
        fit = min(1.0, parsed[0] / width, parsed[1] / height)
        if round(width * fit) * round(height * fit) < parsed[0] * parsed[1]:
            sizes.append(str(size))
    return tuple(sizes)
