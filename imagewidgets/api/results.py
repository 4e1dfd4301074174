"""Results are values: ``GeneratedImage`` (one image and what made it) and ``ImageList``.

A result holds the decoded bytes, never base64. It shows itself inline in a notebook, converts
(:meth:`GeneratedImage.to_pil`, :meth:`GeneratedImage.save`) and chains into the next request::

    images = await client.generate("a red fox in snow", model="gpt-image-1.5", n=2)
    scarf = await images[0].edit("give it a scarf")
    variations = await scarf[0].vary(n=3)          # dall-e-2 variations of a conforming copy

``scarf[0].parent is images[0]``: a result knows the image(s) it was made from.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from PIL import Image

from imagewidgets.imaging.inputs import probe
from imagewidgets.imaging.source import CONTENT_TYPES, SourceImage

if TYPE_CHECKING:
    from imagewidgets.api.events import StreamEvent

__all__ = ["GeneratedImage", "ImageList", "Operation", "Usage"]

Operation = Literal["generate", "edit", "variation"]


@dataclass(frozen=True)
class Usage:
    """Token usage as the service reports it (GPT image models only)."""

    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    text_tokens: int = 0
    image_tokens: int = 0

    @classmethod
    def from_json(cls, usage: Mapping[str, Any] | None) -> Usage | None:
        """Read the API's ``usage`` object; ``None`` when there is none."""
        if not usage:
            return None
        details = usage.get("input_tokens_details") or {}
        return cls(
            input_tokens=int(usage.get("input_tokens", 0)),
            output_tokens=int(usage.get("output_tokens", 0)),
            total_tokens=int(usage.get("total_tokens", 0)),
            text_tokens=int(details.get("text_tokens", 0)),
            image_tokens=int(details.get("image_tokens", 0)),
        )

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.total_tokens + other.total_tokens,
            self.text_tokens + other.text_tokens,
            self.image_tokens + other.image_tokens,
        )


@dataclass(frozen=True, eq=False)
class GeneratedImage:
    """One image the service (or the offline emulator) made, and everything that made it.

    ``params`` holds every parameter that was sent except the prompt and the image files (model,
    size, quality, n, ...). ``parents`` are the input images of an edit or variation, the first
    being the one the mask applies to. ``index`` is the image's place in its batch (0 for n=1).
    """

    data: bytes
    format: str
    width: int
    height: int
    operation: Operation
    model: str | None
    prompt: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    usage: Usage | None = None
    revised_prompt: str | None = None
    request_id: str | None = None
    created: int | None = None
    index: int = 0
    parents: tuple[GeneratedImage | SourceImage, ...] = ()
    mask_sha256: str | None = None
    backend: str = "openai"
    elapsed: float | None = None
    client: Any = field(default=None, repr=False, compare=False)
    """The :class:`~imagewidgets.ImagesClient` that made it; chaining uses it."""

    def __repr__(self) -> str:
        prompt = (self.prompt or "")[:40]
        return (
            f"GeneratedImage({self.operation}, model={self.model!r}, "
            f"{self.width}x{self.height} {self.format}, prompt={prompt!r}, "
            f"sha256={self.sha256[:12]}…)"
        )

    @cached_property
    def sha256(self) -> str:
        """The hex SHA-256 of the image bytes: its identity in the store and the lineage."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def parent(self) -> GeneratedImage | SourceImage | None:
        """The image this one was edited or varied from (the first input), if any."""
        return self.parents[0] if self.parents else None

    @property
    def content_type(self) -> str:
        """The MIME type of :attr:`data`."""
        return CONTENT_TYPES.get(self.format, "application/octet-stream")

    def as_source(self) -> SourceImage:
        """This image as an input for a further request (its header is read, not its pixels)."""
        has_alpha = self.format in ("png", "webp") and probe(self.data)[3]
        return SourceImage(
            self.data, self.format, self.width, self.height, has_alpha, f"image.{self.format}"
        )

    def to_pil(self) -> Image.Image:
        """Decode into a Pillow image (loaded, so the bytes may be dropped afterwards)."""
        image = Image.open(io.BytesIO(self.data))
        image.load()
        return image

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the image bytes as they came (no re-encoding) to ``path``."""
        with open(path, "wb") as file:
            file.write(self.data)

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, Any]:
        return {self.content_type: self.data, "text/plain": repr(self)}

    async def edit(self, prompt: str, **params: Any) -> ImageList:
        """Edit this image: ``await img.edit("add a hat", mask=m)``. See ``ImagesClient.edit``."""
        return await self._client().edit(self, prompt, **params)  # type: ignore[no-any-return]

    def stream_edit(self, prompt: str, **params: Any) -> AsyncIterator[StreamEvent]:
        """Edit this image, streaming partial frames. See ``ImagesClient.stream_edit``."""
        return self._client().stream_edit(self, prompt, **params)  # type: ignore[no-any-return]

    async def vary(self, **params: Any) -> ImageList:
        """Variations of this image (dall-e-2). See ``ImagesClient.create_variation``."""
        return await self._client().create_variation(self, **params)  # type: ignore[no-any-return]

    def _client(self) -> Any:
        if self.client is None:
            from imagewidgets.api.client import ImagesClient

            return ImagesClient()
        return self.client


class ImageList(tuple[GeneratedImage, ...]):
    """The images of one request, in order; displays itself as a row of images."""

    def _repr_html_(self) -> str:
        cells = "".join(_thumbnail_html(image) for image in self)
        return f'<div style="display:flex;flex-wrap:wrap;gap:8px">{cells}</div>'

    @property
    def usage(self) -> Usage | None:
        """The request's usage (the service reports it once per request)."""
        usages = [image.usage for image in self if image.usage is not None]
        return usages[0] if usages else None


def _thumbnail_html(image: GeneratedImage, max_side: int = 256) -> str:
    import base64

    picture = image.to_pil()
    picture.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    title = html.escape(image.prompt or "", quote=True)
    return (
        f'<img src="data:image/png;base64,{encoded}" title="{title}" '
        f'alt="{title}" width="{picture.width}" height="{picture.height}">'
    )
