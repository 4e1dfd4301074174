""" "Copy as Python" for a result in memory: the calls with this library that make it again.

The code repeats the whole chain that led to the image (a generation, then its edit, then a
variation of that, ...), each step as one ``await client.<method>(...)`` with the parameters that
were sent. Streaming is left out: it changes how the image arrives, not the image. It runs as
pasted into a notebook cell (top-level ``await``); against the offline emulator it makes the
same bytes again. Input files that are not results of this library appear under their file name,
and a painted mask as a placeholder (its bytes are not kept with the result).

Example:
    >>> from imagewidgets.api.results import GeneratedImage
    >>> fox = GeneratedImage(b"", "png", 1024, 1024, "generate", "gpt-image-1.5", "a fox",
    ...                      params={"model": "gpt-image-1.5", "quality": "low", "stream": True})
    >>> print(python_code(fox))
    import imagewidgets as iw
    <BLANKLINE>
    client = iw.ImagesClient()
    images = await client.generate(
        "a fox",
        model="gpt-image-1.5",
        quality="low",
    )
    image = images[0]
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.source import SourceImage

__all__ = ["python_code"]

_LEFT_OUT = frozenset({"prompt", "model", "stream", "partial_images", "image", "mask"})
_METHODS = {"generate": "generate", "edit": "edit", "variation": "create_variation"}
_NAMES = {"generate": "images", "edit": "edits", "variation": "variations"}


def python_code(image: GeneratedImage) -> str:
    """The code that makes ``image`` again, ending with ``image = <it>``."""
    writer = _Writer()
    final = writer.expression(image)
    return "\n".join([*writer.lines, f"image = {final}"])


class _Writer:
    """Writes one call per request of a chain, each once, oldest first."""

    def __init__(self) -> None:
        self.lines = ["import imagewidgets as iw", "", "client = iw.ImagesClient()"]
        self._batches: dict[object, str] = {}
        self._used: dict[str, int] = {}

    def expression(self, image: GeneratedImage | SourceImage) -> str:
        """A Python expression for ``image``, writing the calls that make it first."""
        if isinstance(image, SourceImage):
            return _literal(image.filename) + f"  # your input image (sha256 {image.sha256[:12]}…)"
        key = image.request_id or id(image)
        if key not in self._batches:
            self._batches[key] = self._call(image)
        return f"{self._batches[key]}[{image.index}]"

    def _call(self, image: GeneratedImage) -> str:
        arguments = self._inputs(image)
        if image.operation != "variation":
            arguments.append(_literal(image.prompt or ""))
        if image.mask_sha256:
            arguments.append(
                f'mask="mask.png"  # the painted mask (sha256 {image.mask_sha256[:12]}…)'
            )
        arguments += _keywords(image.model, image.params)
        name = self._name(_NAMES.get(image.operation, "images"))
        method = _METHODS.get(image.operation, image.operation)
        body = "".join(f"    {_comma(argument)}\n" for argument in arguments)
        self.lines.append(f"{name} = await client.{method}(\n{body})")
        return name

    def _inputs(self, image: GeneratedImage) -> list[str]:
        if image.operation == "generate":
            return []
        parents = [self.expression(parent) for parent in image.parents]
        if len(parents) == 1:
            return parents
        return ["[" + ", ".join(parent.split("  #")[0] for parent in parents) + "]"]

    def _name(self, base: str) -> str:
        self._used[base] = self._used.get(base, 0) + 1
        count = self._used[base]
        return base if count == 1 else f"{base}_{count}"


def _keywords(model: str | None, params: Mapping[str, object]) -> list[str]:
    keywords = [f"model={_literal(model)}"] if model else []
    keywords += [
        f"{name}={_literal(value)}"
        for name, value in params.items()
        if name not in _LEFT_OUT and value is not None
    ]
    return keywords


def _comma(argument: str) -> str:
    """``argument,`` with the comma before any trailing comment."""
    code, hash_, comment = argument.partition("  #")
    return f"{code},  #{comment}" if hash_ else f"{argument},"


def _literal(value: object) -> str:
    """A Python literal; strings in double quotes, as people write them."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)
