"""The typed events a streamed generation or edit yields, in the order they arrive.

``PartialImage`` frames come first (0 to 3 per image), then one ``CompletedImage`` per image.
With ``n > 1`` each image's frames are kept apart by ``index``, the image's place in the batch::

    async for event in client.stream_generate("a red fox", partial_images=2):
        if isinstance(event, PartialImage):
            show(event.index, event.data)           # a coarser version of image `index`
        else:
            keep(event.image)                       # the final GeneratedImage
"""

from __future__ import annotations

from dataclasses import dataclass

from imagewidgets.api.results import GeneratedImage

__all__ = ["CompletedImage", "PartialImage", "StreamEvent"]


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


StreamEvent = PartialImage | CompletedImage
"""Anything a stream yields."""
