"""What the result actions do, apart from the widgets: save and pick settings.

Example:
    >>> from imagewidgets.api.results import GeneratedImage
    >>> fox = GeneratedImage(data=b"", format="png", width=1024, height=1024,
    ...                      model="gpt-image-2", prompt="A red fox, in snow!")
    >>> file_name(fox)[:22]
    'a-red-fox-in-snow-e3b0'
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.source import SourceImage

__all__ = ["file_name", "save_image", "settings_of"]

_WORDS = re.compile(r"[^a-z0-9]+")


def file_name(image: GeneratedImage) -> str:
    """A readable, unique file name: the prompt's first words and the start of the sha256."""
    words = _WORDS.sub("-", (image.prompt or image.operation).lower()).strip("-")
    stem = words[:48].rstrip("-") or "image"
    return f"{stem}-{image.sha256[:8]}.{image.format}"


def save_image(image: GeneratedImage, folder: str | os.PathLike[str]) -> Path:
    """Write ``image`` into ``folder`` (created if needed) under :func:`file_name`."""
    path = Path(folder) / file_name(image)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def settings_of(image: GeneratedImage) -> tuple[str | None, Mapping[str, object]]:
    """The prompt and parameters "Use these settings" restores.

    A variation has no prompt: the settings of the generation it descends from are used.
    """
    current: GeneratedImage | SourceImage = image
    while isinstance(current, GeneratedImage):
        if current.operation != "variation":
            params = {"model": current.model, **current.params}
            return current.prompt, params
        if current.parent is None:
            break
        current = current.parent
    return None, {"model": image.model, **image.params}
