"""Results are values: ``GeneratedImage`` (one image and what made it) and ``ImageList``.

A result holds the decoded bytes, never base64. It shows itself inline in a notebook, converts
(:meth:`GeneratedImage.to_pil`, :meth:`GeneratedImage.save`) and chains into the next request::

    images = await client.generate("a red fox in snow", model="gpt-image-2.6-flare", n=2)
    scarf = await images[0].edit("give it a scarf")
    variations = await scarf[0].vary(n=3)          # variations through the edits endpoint

``scarf[0].parent is images[0]``: a result knows the image(s) it was made from. What the service
answered besides the image (its echo of size, quality, background and format, the
``safety_identifier``, ``svg_usage`` and any field this version does not know) is kept with it.
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

from imagewidgets.imaging.source import CONTENT_TYPES, SourceImage

if TYPE_CHECKING:
    from imagewidgets.api.events import StreamEvent

__all__ = ["GeneratedImage", "ImageList", "Operation", "SvgUsage", "Usage"]

Operation = Literal["generate", "edit", "variation"]


@dataclass(frozen=True)
class Usage:
    """Token usage as the service reports it (GPT image models only)."""

    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    text_tokens: int = 0
    image_tokens: int = 0
    output_text_tokens: int = 0
    """From ``output_tokens_details`` (0 when the service sends no details)."""
    output_image_tokens: int = 0

    @classmethod
    def from_json(cls, usage: Mapping[str, Any] | None) -> Usage | None:
        """Read the API's ``usage`` object; ``None`` when there is none."""
        if not usage:
            return None
        details = usage.get("input_tokens_details") or {}
        output = usage.get("output_tokens_details") or {}
        return cls(
            input_tokens=int(usage.get("input_tokens", 0)),
            output_tokens=int(usage.get("output_tokens", 0)),
            total_tokens=int(usage.get("total_tokens", 0)),
            text_tokens=int(details.get("text_tokens", 0)),
            image_tokens=int(details.get("image_tokens", 0)),
            output_text_tokens=int(output.get("text_tokens", 0)),
            output_image_tokens=int(output.get("image_tokens", 0)),
        )

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.total_tokens + other.total_tokens,
            self.text_tokens + other.text_tokens,
            self.image_tokens + other.image_tokens,
            self.output_text_tokens + other.output_text_tokens,
            self.output_image_tokens + other.output_image_tokens,
        )


@dataclass(frozen=True)
class SvgUsage:
    """Token usage of SVG authoring (``svg_usage``), apart from the image's own usage: the
    author ``model`` is billed at its own rates."""

    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    reasoning_tokens: int = 0
    total_tokens: int = 0

    @classmethod
    def from_json(cls, usage: Mapping[str, Any] | None) -> SvgUsage | None:
        """Read the API's ``svg_usage`` object; ``None`` when there is none."""
        if not usage:
            return None
        counts = {name: int(usage.get(name) or 0) for name in _SVG_COUNTS}
        return cls(model=str(usage.get("model", "")), **counts)


_SVG_COUNTS = ("input_tokens", "output_tokens", "reasoning_tokens", "total_tokens")


@dataclass(frozen=True, eq=False)
class GeneratedImage:
    """One image the service (or the offline emulator) made, and everything that made it.

    ``params`` holds every parameter that was sent except the prompt and the image files (model,
    size, quality, n, ...). ``parents`` are the input images of an edit or variation, the first
    being the one the mask applies to. ``index`` is the image's place in its batch (0 for n=1).
    ``response`` keeps what the service said of the image besides its bytes and usage: the echo
    fields (``size``, ``quality``, ``background``, ``output_format``) and any field this version
    does not know, response-level and per image. ``format`` may be ``"gif"`` or ``"svg"``.
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
    safety_identifier: str | None = None
    """The identifier the service applied (``safety_identifier``, or the deprecated ``user``)."""
    svg_usage: SvgUsage | None = None
    response: Mapping[str, Any] = field(default_factory=dict)
    markup_sha256: str | None = None

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
        """This image as an input for a further request."""
        has_alpha = self.format in ("png", "webp") and self.to_pil().mode in ("RGBA", "LA", "PA")
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
        """Variations of this image through the edits endpoint, with its own model while it is
        active: ``await img.vary(n=3)``. See ``ImagesClient.vary``."""
        return await self._client().vary(self, **params)  # type: ignore[no-any-return]

    def stream_vary(self, **params: Any) -> AsyncIterator[StreamEvent]:
        """:meth:`vary`, streaming partial frames. See ``ImagesClient.stream_vary``."""
        return self._client().stream_vary(self, **params)  # type: ignore[no-any-return]

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

    title = html.escape(image.prompt or "", quote=True)
    if image.format == "svg":
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
