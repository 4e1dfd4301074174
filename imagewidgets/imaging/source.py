"""``SourceImage``: an input image coerced to bytes, with what the rules need to know of it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from imagewidgets.capabilities import ImageFacts

CONTENT_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
    "svg": "image/svg+xml",
}
"""The content type each image format is sent with."""


@dataclass(frozen=True, eq=False)
class SourceImage:
    """An image given as input (a file, bytes, a PIL image...), as the bytes that will be sent.

    ``format`` is Pillow's format name lower-cased (``"png"``, ``"jpeg"``, ``"webp"``).
    """

    data: bytes
    format: str
    width: int
    height: int
    has_alpha: bool = False
    filename: str = "image.png"
    encoded_here: bool = False
    """True when imagewidgets encoded these bytes itself (a painted mask, an array, a Pillow
    image, a prepared copy): they are known to decode, so nothing decodes them again before
    sending."""

    @cached_property
    def sha256(self) -> str:
        """The hex SHA-256 of the bytes: the image's identity in the store and in provenance."""
        return hashlib.sha256(self.data).hexdigest()

    def as_source(self) -> SourceImage:
        """This image as an input: itself (a ``GeneratedImage`` gives its bytes the same way)."""
        return self

    @property
    def content_type(self) -> str:
        """The MIME type the bytes are sent with."""
        return CONTENT_TYPES.get(self.format, "application/octet-stream")

    @property
    def facts(self) -> ImageFacts:
        """What :func:`imagewidgets.capabilities.check_images` needs to know."""
        return ImageFacts(self.format, self.width, self.height, len(self.data), self.has_alpha)
