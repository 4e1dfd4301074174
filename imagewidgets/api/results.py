"""Results are values: ``GeneratedImage`` (one image and what made it) and ``ImageList``.

A result holds the decoded bytes, never base64. It shows itself inline in a notebook, converts
(:meth:`GeneratedImage.to_pil`, :meth:`GeneratedImage.save`) and chains into the next request::

    images = await client.generate("a red fox in snow", model="gpt-image-2.6-flare", n=2)
    scarf = await images[0].edit("give it a scarf")
    variations = await scarf[0].vary(n=3)          # variations, through the edits endpoint

``scarf[0].parent is images[0]``: a result knows the image(s) it was made from.

An animated GIF (``output_format="gif"``) knows its frames (:attr:`GeneratedImage.frame_count`,
:attr:`~GeneratedImage.durations`, :meth:`~GeneratedImage.frames`) and plays inline; an SVG holds
its markup (:attr:`~GeneratedImage.markup`) and shows as a vector. Either becomes an edit's input
as a PNG (a GIF's chosen frame, an SVG rasterised; see :mod:`imagewidgets.api.media`)::

    gif = (await client.generate("a kite", model="gpt-image-2.6-flare", output_format="gif"))[0]
    gif.frame_count, gif.durations[0], gif.to_pil().size     # 9, 200, (960, 960)
    windy = await gif.edit("add wind lines", frame=3)       # the 4th frame is edited
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

from imagewidgets.api import media
from imagewidgets.api.provenance import SCHEMA, Operation, Provenance
from imagewidgets.api.usage import SvgUsage, Usage
from imagewidgets.imaging.animation import gif_frames, timing
from imagewidgets.imaging.inputs import probe
from imagewidgets.imaging.metadata import embed_provenance
from imagewidgets.imaging.source import CONTENT_TYPES, SourceImage
from imagewidgets.imaging.svg_raster import Size, fit_size, rasterise

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
    source_frame: int = field(default=0, repr=False, compare=False)
    """The frame of a GIF that :meth:`as_source` gives (``edit(..., frame=k)`` sets it)."""
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

    @property
    def animated(self) -> bool:
        """Whether this is an animated GIF (more than one frame)."""
        return self.frame_count > 1

    @cached_property
    def frame_count(self) -> int:
        """How many frames the image has (1 unless it is an animated GIF)."""
        return timing(self.data).frame_count if self.format == "gif" else 1

    @cached_property
    def durations(self) -> tuple[int, ...]:
        """How long each frame shows, in milliseconds (``()`` for a still image)."""
        return timing(self.data).durations if self.format == "gif" else ()

    def frames(self) -> list[Image.Image]:
        """Every frame as an RGBA Pillow image, as a viewer composes it (a still: itself)."""
        return gif_frames(self.data) if self.format == "gif" else [self.to_pil()]

    @property
    def markup(self) -> str | None:
        """The SVG document's text (``None`` unless the result is an SVG)."""
        return self.data.decode("utf-8") if self.format == "svg" else None

    def as_source(self) -> SourceImage:
        """This image as an input for a further request (its header is read, not its pixels).

        A GIF goes as its first frame (:attr:`source_frame`) and an SVG rasterised (both as
        PNG): the service takes neither as an input. :meth:`edit` and :meth:`vary` take
        ``frame=`` to choose another."""
        if self.format in _COPIED:
            return self._input_copy(self.source_frame)
        has_alpha = self.format in ("png", "webp") and probe(self.data)[3]
        return SourceImage(
            self.data, self.format, self.width, self.height, has_alpha, f"image.{self.format}"
        )

    def to_pil(self, size: Size | None = None) -> Image.Image:
        """Decode into a Pillow image (loaded, so the bytes may be dropped afterwards).

        A GIF gives its first frame; an SVG is rasterised, at its own size or at ``size``
        (the longest side, or a ``(width, height)`` box its aspect fits in, as for any image)."""
        if self.format == "svg":
            return rasterise(self.data, size)
        image: Image.Image = Image.open(io.BytesIO(self.data))
        image.load()
        if size is not None:
            wanted = fit_size(image.size, size)
            image = image.convert("RGBA").resize(wanted, Image.Resampling.LANCZOS)
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
        if self.format in _COPIED:  # an <img>: a GIF plays, an SVG's safe copy runs nothing
            title = self.prompt or f"{self.format.upper()} image"
            page = media.inline_html(self.data, self.format, self.width, self.height, title, None)
            return {"text/html": page, "text/plain": repr(self)}
        return {self.content_type: self.data, "text/plain": repr(self)}

    async def edit(self, prompt: str, *, frame: int | None = None, **params: Any) -> ImageList:
        """Edit this image: ``await img.edit("add a hat", mask=m)``. See ``ImagesClient.edit``.

        ``frame`` picks the frame of an animated GIF to edit (default: the first)."""
        source, record = self._source(frame)
        return media.relinked_all(await self._client().edit(source, prompt, **params), self, record)

    def stream_edit(
        self, prompt: str, *, frame: int | None = None, **params: Any
    ) -> AsyncIterator[StreamEvent]:
        """Edit this image, streaming partial frames. See ``ImagesClient.stream_edit``."""
        source, record = self._source(frame)
        events = self._client().stream_edit(source, prompt, **params)
        return media.relinked(events, self, record) if record else events

    async def vary(self, *, frame: int | None = None, **params: Any) -> ImageList:
        """Variations of this image through the edits endpoint, with its own model while it is
        active: ``await img.vary(n=3)``; ``frame`` as for :meth:`edit`. See
        ``ImagesClient.vary``."""
        source, record = self._source(frame)
        return media.relinked_all(await self._client().vary(source, **params), self, record)

    def stream_vary(self, *, frame: int | None = None, **params: Any) -> AsyncIterator[StreamEvent]:
        """:meth:`vary`, streaming partial frames. See ``ImagesClient.stream_vary``."""
        source, record = self._source(frame)
        events = self._client().stream_vary(source, **params)
        return media.relinked(events, self, record) if record else events

    def frame_source(self, frame: int = 0) -> SourceImage:
        """Frame ``frame`` of an animated GIF (or an SVG rasterised) as an input image (PNG)."""
        if self.format not in _COPIED:
            if frame:
                raise ValueError(f"frame: a {self.format} image has one frame, not {frame + 1}")
            return self.as_source()
        return self._input_copy(frame)

    def _source(self, frame: int | None) -> tuple[GeneratedImage, dict[str, Any] | None]:
        """What a chained request sends (a copy of this image at ``frame``) and its record."""
        if self.format not in _COPIED:
            self.frame_source(frame or 0)  # a frame of a still image: a clear error
            return self, None
        return media.copy_at(self, frame or 0)

    def _input_copy(self, frame: int) -> SourceImage:
        copies: dict[int, SourceImage] = self.__dict__.setdefault("_copies", {})
        if frame not in copies:
            copies[frame] = media.input_copy(self.data, self.format, frame)
        return copies[frame]

    def _client(self) -> ImageMaker:
        if self.client is None:
            raise ValueError(
                "client: this image has no client to chain with; make it with one "
                "(dataclasses.replace(image, client=iw.default_client()))"
            )
        return self.client


_COPIED = ("gif", "svg")
"""The formats an edit sends as a PNG copy (a GIF's frame, an SVG rasterised)."""


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
    if image.format == "svg" or image.animated:  # an <img> of the safe copy, or it plays
        size = (image.width, image.height)
        return media.inline_html(image.data, image.format, *size, image.prompt or "", max_side)
    picture = image.to_pil()
    picture.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{encoded}" title="{title}" '
        f'alt="{title}" width="{picture.width}" height="{picture.height}">'
    )
