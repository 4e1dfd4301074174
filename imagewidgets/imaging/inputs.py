"""Coerce whatever a user hands over as an image into a :class:`SourceImage` (bytes + facts).

Accepted: a path (``str`` or ``os.PathLike``), ``bytes``, a binary file object, a Pillow image,
a :class:`SourceImage`, or anything with ``.as_source()`` (a ``GeneratedImage``). Files and bytes
are sent as they are (no re-encoding, so no quality is lost); a Pillow image is encoded as PNG.

:func:`to_source` reads the header only (cheap, fine on the event loop); :func:`check_decodes`
decodes every pixel, so that a file with a valid header and a damaged body is refused before it
is uploaded (CPU work: the client runs it in a thread). Both raise
:class:`~imagewidgets.capabilities.InvalidParameterError` naming the parameter: for a missing
file, a folder, an unreadable file, data that is no image, and an image with more pixels than
Pillow's decompression-bomb limit (``PIL.Image.MAX_IMAGE_PIXELS``; raise it for a file you trust).

Example:
    >>> import io
    >>> from PIL import Image
    >>> buffer = io.BytesIO()
    >>> Image.new("RGBA", (64, 32)).save(buffer, "PNG")
    >>> source = to_source(buffer.getvalue())
    >>> source.format, source.width, source.height, source.has_alpha, source.filename
    ('png', 64, 32, True, 'image.png')
    >>> check_decodes(buffer.getvalue()[:-30], "mask")
    Traceback (most recent call last):
    ...
    imagewidgets.capabilities.InvalidParameterError: the mask does not decode (...); ...
"""

from __future__ import annotations

import dataclasses
import io
import os
import struct
import threading
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from PIL import Image, UnidentifiedImageError

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.source import SourceImage
from imagewidgets.imaging.svg import is_svg, svg_size

__all__ = ["ImageInput", "SupportsAsSource", "check_decodes", "probe", "to_source"]

_EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "webp": ".webp", "gif": ".gif"}
_FORMAT_ALIASES = {"mpo": "jpeg"}
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
_BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)
_UNREADABLE = (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, struct.error)
"""What Pillow raises for data that is no image, or an image whose body is damaged."""
_WARNINGS = threading.Lock()
"""Held while the warning filters are changed (they are global: two threads must not mix)."""


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


def to_source(image: ImageInput, *, param: str = "image") -> SourceImage:
    """``image`` as a :class:`SourceImage`; ``InvalidParameterError`` naming ``param`` when it
    is no image, ``TypeError`` for an unsupported type."""
    if isinstance(image, SourceImage):
        return image
    if isinstance(image, SupportsAsSource):
        return image.as_source()
    if isinstance(image, (bytes, bytearray, memoryview)):
        return _from_bytes(bytes(image), None, param)
    if isinstance(image, (str, os.PathLike)):
        return _from_bytes(_read_path(Path(image), param), Path(image).name, param)
    if isinstance(image, Image.Image):
        return _from_pil(image)
    if hasattr(image, "read"):
        return _from_bytes(image.read(), _file_name(image), param)
    raise TypeError(
        f"an image must be a path, bytes, a binary file, a PIL image or a GeneratedImage, "
        f"not {type(image).__name__}"
    )


def probe(data: bytes, param: str = "image") -> tuple[str, int, int, bool]:
    """``(format, width, height, has_alpha)`` of encoded image bytes, reading the header only.

    An SVG document is ``"svg"`` with the size it states (``0, 0`` when it states none)."""
    if is_svg(data):
        width, height = svg_size(data) or (0, 0)
        return "svg", width, height, False
    try:
        with _opened(data) as picture:
            kind = (picture.format or "").lower()
            alpha = picture.mode in _ALPHA_MODES or "transparency" in picture.info
            return _FORMAT_ALIASES.get(kind, kind), picture.width, picture.height, alpha
    except _BOMBS as error:
        raise _too_large(param, error) from None
    except _UNREADABLE as error:
        raise InvalidParameterError(
            f"could not read the {param} ({error}); use a PNG, JPEG or WebP file.",
            param=param,
            model=None,
        ) from None


def check_decodes(data: bytes, param: str = "image", label: str | None = None) -> None:
    """Decode every pixel of ``data``; ``InvalidParameterError`` naming ``param`` when its body
    is damaged (``label`` names the image in the message, e.g. ``"image 2"``). CPU work: run it
    off the event loop."""
    what = label or f"the {param}"
    try:
        with _opened(data) as picture:
            picture.load()
    except _BOMBS as error:
        raise _too_large(param, error) from None
    except (*_UNREADABLE, zlib.error) as error:
        raise InvalidParameterError(
            f"{what} does not decode ({error or type(error).__name__}); the file is damaged or "
            "cut short: export or download it again.",
            param=param,
            model=None,
        ) from None


@contextmanager
def _opened(data: bytes) -> Iterator[Image.Image]:
    """``Image.open`` whose decompression-bomb warning is raised as an error, not printed."""
    with _WARNINGS, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        picture = Image.open(io.BytesIO(data))
    with picture:
        yield picture


def _too_large(param: str, error: Exception) -> InvalidParameterError:
    said = str(error).rstrip(".")
    return InvalidParameterError(
        f"the {param} has too many pixels to decode safely ({said}); scale it down, or raise "
        "PIL.Image.MAX_IMAGE_PIXELS if you trust the file.",
        param=param,
        model=None,
    )


def _from_bytes(data: bytes, name: str | None, param: str = "image") -> SourceImage:
    kind, width, height, alpha = probe(data, param)
    return SourceImage(data, kind, width, height, alpha, _filename(name, kind))


def _from_pil(picture: Image.Image) -> SourceImage:
    if picture.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    encoded = _from_bytes(buffer.getvalue(), _file_name(picture))
    return dataclasses.replace(encoded, encoded_here=True)


def _filename(name: str | None, kind: str) -> str:
    """Keep the file's own name when its extension fits the content; otherwise fix it."""
    extension = _EXTENSIONS.get(kind, f".{kind}")
    if not name:
        return "image" + extension
    name = name.encode("utf-8", "replace").decode("utf-8")  # a name from undecodable bytes
    path = Path(name)
    fitting = {extension, ".jpeg"} if kind == "jpeg" else {extension}
    return path.name if path.suffix.lower() in fitting else (path.stem or "image") + extension


def _file_name(source: Any) -> str | None:
    name = getattr(source, "name", None) or getattr(source, "filename", None)
    return os.path.basename(name) if isinstance(name, str) and name else None


def _read_path(path: Path, param: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problem = f"no {param} file at {str(path)!r}."
    except IsADirectoryError:
        problem = f"{str(path)!r} is a folder; give the path of an image file in it."
    except OSError as error:
        problem = f"cannot read {str(path)!r}: {error.strerror or error}."
    raise InvalidParameterError(problem, param=param, model=None)
