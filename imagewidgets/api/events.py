"""The typed events a streamed generation or edit yields, in the order they arrive.

``PartialImage`` frames come first (0 to 3 per image), then one ``CompletedImage`` per image.
With ``n > 1`` each image's frames are kept apart by ``index``, the image's place in the batch
(the service's events carry no image number: the client infers it). A frame whose data does not
decode comes as a ``DamagedFrame`` instead, and the stream goes on::

    async for event in client.stream_generate("a red fox", partial_images=2):
        if isinstance(event, PartialImage):
            show(event.index, event.data)           # a coarser version of image `index`
        elif isinstance(event, CompletedImage):
            keep(event.image)                       # the final GeneratedImage
        else:
            warn(event)                             # a DamagedFrame, left out
"""

from __future__ import annotations

from dataclasses import dataclass

from imagewidgets.api.results import GeneratedImage

__all__ = ["CompletedImage", "DamagedFrame", "PartialImage", "StreamEvent"]


@dataclass(frozen=True)
class PartialImage:
    """A partial frame of image ``index``: decoded bytes in ``output_format``."""

    index: int
    partial_image_index: int
    data: bytes
    output_format: str
    size: str
    quality: str
    background: str
    created_at: int
    request_id: str | None = None

    def __repr__(self) -> str:
        return (
            f"PartialImage(index={self.index}, partial_image_index={self.partial_image_index}, "
            f"{len(self.data)} bytes {self.output_format}, size={self.size!r})"
        )


@dataclass(frozen=True)
class CompletedImage:
    """The final image ``index`` of a stream."""

    index: int
    image: GeneratedImage


@dataclass(frozen=True)
class DamagedFrame:
    """A frame of image ``index`` whose data did not decode (``reason`` says how): left out.

    A damaged partial frame (``partial_image_index`` set) costs only that frame: the next frame
    or the final image follows. A damaged final image (``partial_image_index`` is ``None``) is
    lost: the batch's other images still arrive, then the stream raises
    :class:`~imagewidgets.api.errors.DamagedImageError`.
    """

    index: int
    partial_image_index: int | None
    reason: str
    request_id: str | None = None

    @property
    def final(self) -> bool:
        """Whether the final image (not a partial frame) was damaged."""
        return self.partial_image_index is None

    def __str__(self) -> str:
        what = "final image" if self.final else f"frame {(self.partial_image_index or 0) + 1}"
        return f"image {self.index + 1}: {what} did not decode ({self.reason})"


StreamEvent = PartialImage | CompletedImage | DamagedFrame
"""Anything a stream yields."""
