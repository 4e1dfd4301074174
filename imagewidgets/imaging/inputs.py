"""Coerce whatever a user hands over as an image into a :class:`SourceImage` (bytes + facts).

Accepted: a path (``str`` or ``os.PathLike``), ``bytes``, a binary file object, a Pillow image,
a :class:`SourceImage`, or anything with ``.as_source()`` (a ``GeneratedImage``). Files and bytes
are sent as they are (no re-encoding, so no quality is lost); a Pillow image is encoded as PNG.

Example:
    >>> import io
    >>> from PIL import Image
    >>> buffer = io.BytesIO()
    >>> Image.new("RGBA", (64, 32)).save(buffer, "PNG")
    >>> source = to_source(buffer.getvalue())
    >>> source.format, source.width, source.height, source.has_alpha, source.filename
    ('png', 64, 32, True, 'image.png')
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from PIL import Image, UnidentifiedImageError

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.source import SourceImage
from imagewidgets.imaging.svg import is_svg, svg_size

__all__ = ["ImageInput", "SupportsAsSource", "probe", "to_source"]

_EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "webp": ".webp", "gif": ".gif"}
_FORMAT_ALIASES = {"mpo": "jpeg"}
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})


@runtime_checkable
class SupportsAsSource(Protocol):
    """Anything that can give itself as an input image (``GeneratedImage`` does)."""

    def as_source(self) -> SourceImage: ...


ImageInput = (
    str
    | os.PathLike[str]
    | bytes
    | bytearray
    | memoryview
    | IO[bytes]
    | Image.Image
    | SourceImage
    | SupportsAsSource
)
"""What the client accepts wherever an image goes in."""


def to_source(image: ImageInput) -> SourceImage:
    """``image`` as a :class:`SourceImage`; ``InvalidParameterError`` (param ``image``) when it
    is no image, ``TypeError`` for an unsupported type."""
    if isinstance(image, SourceImage):
        return image
    if isinstance(image, SupportsAsSource):
        return image.as_source()
    if isinstance(image, (bytes, bytearray, memoryview)):
        return _from_bytes(bytes(image), None)
    if isinstance(image, (str, os.PathLike)):
        return _from_bytes(_read_path(Path(image)), Path(image).name)
    if isinstance(image, Image.Image):
        return _from_pil(image)
    if hasattr(image, "read"):
        return _from_bytes(image.read(), _file_name(image))
    raise TypeError(
        f"an image must be a path, bytes, a binary file, a PIL image or a GeneratedImage, "
        f"not {type(image).__name__}"
    )


def probe(data: bytes) -> tuple[str, int, int, bool]:
    """``(format, width, height, has_alpha)`` of encoded image bytes, reading the header only.

    An SVG document is ``"svg"`` with the size it states (``0, 0`` when it states none)."""
    if is_svg(data):
        width, height = svg_size(data) or (0, 0)
        return "svg", width, height, False
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = (picture.format or "").lower()
            alpha = picture.mode in _ALPHA_MODES or "transparency" in picture.info
            return _FORMAT_ALIASES.get(kind, kind), picture.width, picture.height, alpha
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise InvalidParameterError(
            f"could not read the image ({error}); use a PNG, JPEG or WebP file.",
            param="image",
            model=None,
        ) from None


def _from_bytes(data: bytes, name: str | None) -> SourceImage:
    kind, width, height, alpha = probe(data)
    return SourceImage(data, kind, width, height, alpha, _filename(name, kind))


def _from_pil(picture: Image.Image) -> SourceImage:
    if picture.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return _from_bytes(buffer.getvalue(), _file_name(picture))


def _filename(name: str | None, kind: str) -> str:
    """Keep the file's own name when its extension fits the content; otherwise fix it."""
    extension = _EXTENSIONS.get(kind, f".{kind}")
    if not name:
        return "image" + extension
    path = Path(name)
    fitting = {extension, ".jpeg"} if kind == "jpeg" else {extension}
    return path.name if path.suffix.lower() in fitting else (path.stem or "image") + extension


def _file_name(source: Any) -> str | None:
    name = getattr(source, "name", None) or getattr(source, "filename", None)
    return os.path.basename(name) if isinstance(name, str) and name else None


def _read_path(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidParameterError(
            f"no image file at {str(path)!r}.", param="image", model=None
        ) from None
