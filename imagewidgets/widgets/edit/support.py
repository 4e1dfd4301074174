"""What the edit panel decides apart from its widgets: dall-e-2's input rules, prepared copies
(conformed or expanded) and the lineage of results made from them.

Example:
    >>> from PIL import Image
    >>> from imagewidgets.imaging.inputs import to_source
    >>> wide = to_source(Image.new("RGB", (300, 200)))
    >>> dalle2_problem([wide], has_mask=True)  # on a compatible server  # doctest: +ELLIPSIS
    'the image is 300x200; dall-e-2 needs a square image. ...'
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image

from imagewidgets.api.events import CompletedImage, StreamEvent
from imagewidgets.api.results import GeneratedImage
from imagewidgets.capabilities import InvalidParameterError, check_images
from imagewidgets.imaging.conform import conform_for_dalle2
from imagewidgets.imaging.masks import to_api_mask
from imagewidgets.imaging.source import SourceImage

__all__ = [
    "Prepared",
    "conform_mask",
    "dalle2_problem",
    "dalle2_takes",
    "relinked",
    "reparent",
    "transparent_region",
]

BoolArray = npt.NDArray[np.bool_]
EditImage = GeneratedImage | SourceImage


@dataclass(frozen=True)
class Prepared:
    """A copy made from ``origin`` before sending (a conforming copy, an expanded canvas), and
    the steps that made it, in order."""

    origin: EditImage
    steps: tuple[str, ...]

    def then(self, steps: Sequence[str]) -> Prepared:
        """The same origin with more steps (a conforming copy of an expanded canvas)."""
        return Prepared(self.origin, (*self.steps, *steps))


def dalle2_problem(images: Sequence[EditImage], *, has_mask: bool) -> str | None:
    """Why dall-e-2 would refuse this edit (one square PNG under 4 MB, with a mask or
    transparent pixels), or ``None`` when it takes it."""
    if len(images) > 1:
        return "dall-e-2 edits one image: remove the references, or choose a GPT image model."
    sources = tuple(image.as_source().facts for image in images)
    try:
        check_images("edit", "dall-e-2", sources)
    except InvalidParameterError as exc:
        return str(exc)
    if not has_mask and transparent_region(images[0].as_source()) is None:
        return (
            "dall-e-2 edits where the mask (or the image's transparency) says: "
            "paint a mask, or use an image with transparent pixels."
        )
    return None


def dalle2_takes(image: EditImage) -> bool:
    """Whether dall-e-2 takes ``image`` as it is (a square PNG under 4 MB)."""
    try:
        check_images("edit", "dall-e-2", (image.as_source().facts,))
    except InvalidParameterError:
        return False
    return True


def transparent_region(source: SourceImage) -> BoolArray | None:
    """Where ``source`` is fully transparent (dall-e-2 edits there without a mask), or ``None``
    when no pixel is."""
    if not source.has_alpha:
        return None
    with Image.open(io.BytesIO(source.data)) as picture:
        alpha = np.asarray(picture.convert("RGBA"))[..., 3]
    region = np.asarray(alpha == 0)
    return region if region.any() else None


def conform_mask(mask: BoolArray, fit: str, size: tuple[int, int]) -> BoolArray | None:
    """``mask`` taken through the same conforming steps as its image (pad or crop, resize), or
    ``None`` when it does not come out at ``size``. Padding counts as "edit here", like the
    transparent borders dall-e-2 fills in."""
    api_mask = to_api_mask(mask, (mask.shape[1], mask.shape[0]))
    conformed = conform_for_dalle2(api_mask.data, fit="crop" if fit == "crop" else "pad").source
    if (conformed.width, conformed.height) != size:
        return None
    with Image.open(io.BytesIO(conformed.data)) as picture:
        alpha = np.asarray(picture.convert("RGBA"))[..., 3]
    return np.asarray(alpha < 128)


def reparent(image: GeneratedImage, prepared: Prepared, sent: SourceImage) -> GeneratedImage:
    """``image`` made from a prepared copy, with its lineage going back to the origin.

    ``parents[0]`` becomes the origin and ``params["prepared_input"]`` records the steps and the
    SHA-256 of the bytes that were actually sent, so provenance loses neither.
    """
    record = {"steps": list(prepared.steps), "sent_sha256": sent.sha256}
    params = {**image.params, "prepared_input": record}
    parents = (prepared.origin, *image.parents[1:])
    return dataclasses.replace(image, parents=parents, params=params)


async def relinked(
    events: AsyncIterator[StreamEvent], relink: Callable[[GeneratedImage], GeneratedImage]
) -> AsyncIterator[StreamEvent]:
    """``events`` with each final image passed through ``relink`` (:func:`reparent` for a
    prepared copy), so a streamed result keeps its lineage as a whole one does."""
    async with aclosing(events):  # type: ignore[type-var]
        async for event in events:
            if isinstance(event, CompletedImage):
                event = CompletedImage(event.index, relink(event.image))
            yield event
