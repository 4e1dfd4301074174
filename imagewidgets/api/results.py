"""Results are values: ``GeneratedImage`` (one image and what made it) and ``ImageList``.

A result holds the decoded bytes, never base64. It shows itself inline in a notebook, converts
(:meth:`GeneratedImage.to_pil`, :meth:`GeneratedImage.save`) and chains into the next request::

    images = await client.generate("a red fox in snow", model="gpt-image-2.6-flare", n=2)
    scarf = await images[0].edit("give it a scarf")
    variations = await scarf[0].vary(n=3)          # variations, through the edits endpoint

``scarf[0].parent is images[0]``: a result knows the image(s) it was made from.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from PIL import Image

from imagewidgets.api.provenance import SCHEMA, Operation, Provenance
from imagewidgets.api.usage import SvgUsage, Usage
from imagewidgets.imaging.inputs import probe
from imagewidgets.imaging.metadata import embed_provenance
from imagewidgets.imaging.source import CONTENT_TYPES, SourceImage

if TYPE_CHECKING:
    from imagewidgets.api.events import StreamEvent

__all__ = ["GeneratedImage", "ImageList", "ImageMaker", "Operation", "SvgUsage", "Usage"]


class ImageMaker(Protocol):
    """What chaining needs of a client: :class:`~imagewidgets.ImagesClient` is one, and so is
    :data:`imagewidgets.api.default.DEFAULT_CLIENT` (the kernel's default client, late-bound)."""

    async def edit(self, *args: Any, **kwargs: Any) -> ImageList: ...
    def stream_edit(self, *args: Any, **kwargs: Any) -> AsyncIterator[StreamEvent]: ...
    async def vary(self, *args: Any, **kwargs: Any) -> ImageList: ...
    def stream_vary(self, *args: Any, **kwargs: Any) -> AsyncIterator[StreamEvent]: ...


@dataclass(frozen=True, eq=False, kw_only=True)
class GeneratedImage(Provenance):
    """One image the service (or the offline emulator) made, and everything that made it.

    The :class:`~imagewidgets.api.provenance.Provenance` fields (model, prompt, params, usage,
    ...) say what made it; ``parents`` are the input images of an edit or variation, the first
    being the one the mask applies to. Built by keyword; two results are equal only if they are
    the same object.
    """

    data: bytes
    format: str
    width: int
    height: int
    parents: tuple[GeneratedImage | SourceImage, ...] = ()
    client: ImageMaker | None = field(default=None, repr=False, compare=False)
    """What chaining (:meth:`edit`, :meth:`vary`) sends with: the client that made it, or the
    default client for an image read back from a file or the store."""
    sent_files: tuple[SourceImage, ...] = field(default=(), repr=False, compare=False)
    """The files of the request that made it, exactly as sent (the images in order, then the
    mask or markup): the store keeps each one, so the request can be sent again. Empty for an
    image read back from a file or the store."""

    __eq__ = object.__eq__
    __hash__ = object.__hash__

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

    def provenance_json(self) -> dict[str, Any]:
        """What a saved or stored file of this image carries inside: the image's hash, format,
        size and parents (by hash) and its provenance (see :mod:`imagewidgets.imaging.metadata`)."""
        facts: dict[str, Any] = {"sha256": self.sha256, "kind": "generated"}
        facts["format"] = self.format
        facts |= {"width": self.width, "height": self.height}
        parents = [parent.sha256 for parent in self.parents]
        return {"imagewidgets": SCHEMA, **facts, "parents": parents, **self.to_json()}

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
        """Write the image to ``path`` with its provenance inside (the pixels as they came), so
        ``iw.open(path)`` reads it back as this result."""
        try:
            data = embed_provenance(self.data, self.provenance_json())
        except ValueError:  # a format that carries no metadata: the bytes as they came
            data = self.data
        with open(path, "wb") as file:
            file.write(data)

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, Any]:
        return {self.content_type: self.data, "text/plain": repr(self)}

    async def edit(self, prompt: str, **params: Any) -> ImageList:
        """Edit this image: ``await img.edit("add a hat", mask=m)``. See ``ImagesClient.edit``."""
        return await self._client().edit(self, prompt, **params)

    def stream_edit(self, prompt: str, **params: Any) -> AsyncIterator[StreamEvent]:
        """Edit this image, streaming partial frames. See ``ImagesClient.stream_edit``."""
        return self._client().stream_edit(self, prompt, **params)

    async def vary(self, **params: Any) -> ImageList:
        """Variations of this image through the edits endpoint, with its own model while it is
        active: ``await img.vary(n=3)``. See ``ImagesClient.vary``."""
        return await self._client().vary(self, **params)

    def stream_vary(self, **params: Any) -> AsyncIterator[StreamEvent]:
        """:meth:`vary`, streaming partial frames. See ``ImagesClient.stream_vary``."""
        return self._client().stream_vary(self, **params)

    def _client(self) -> ImageMaker:
        if self.client is None:
            raise ValueError(
                "client: this image has no client to chain with; make it with one "
                "(dataclasses.replace(image, client=iw.default_client()))"
            )
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

    title = html.escape(image.prompt or "", quote=True)
    if image.format == "svg":  # an <img> of the markup: never inline DOM, so no script runs
        scale = min(1.0, max_side / max(image.width, image.height, 1))
        width, height = round(image.width * scale), round(image.height * scale)
        encoded = base64.b64encode(image.data).decode("ascii")
        return (
            f'<img src="data:image/svg+xml;base64,{encoded}" title="{title}" alt="{title}" '
            f'width="{width}" height="{height}">'
        )
    picture = image.to_pil()
    picture.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{encoded}" title="{title}" '
        f'alt="{title}" width="{picture.width}" height="{picture.height}">'
    )
