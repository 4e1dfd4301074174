""" "Copy as Python": the calls with this library that make an image again. One generator for a
result in memory (the Studio, the edit panel) and for a stored record (the gallery).

Each request is one ``await client.<method>(...)`` with the parameters that were sent; streaming
is left out (it changes how the image arrives, not the image). A result in memory brings its
whole chain (a generation, its edit, a variation of that...), so against the offline emulator the
code makes the same bytes again; a stored record names its inputs by their files in the store
(``iw.open(path)`` for a stored result). An input sent as a dall-e-2 conforming copy is conformed
again in the code; a painted mask appears as a file name to fill in (its bytes are not kept).
The code runs as pasted into a notebook cell (top-level ``await``).

Example:
    >>> from imagewidgets.api.results import GeneratedImage
    >>> fox = GeneratedImage(data=b"", format="png", width=1024, height=1024,
    ...                      model="gpt-image-2", prompt="a fox",
    ...                      params={"model": "gpt-image-2", "quality": "low", "stream": True})
    >>> print(python_code(fox))
    import imagewidgets as iw
    <BLANKLINE>
    client = iw.ImagesClient()
    images = await client.generate(
        "a fox",
        model="gpt-image-2",
        quality="low",
    )
    image = images[0]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store.record import Record

__all__ = ["python_code", "python_snippet"]

_LEFT_OUT = frozenset(
    {"prompt", "model", "stream", "partial_images", "image", "mask", "prepared_input"}
)
_METHODS = {"generate": "generate", "edit": "edit", "variation": "create_variation"}
_NAMES = {"generate": "generated", "edit": "edits", "variation": "variations"}
_CONFORM_STEPS = ("converted", "added an alpha", "padded", "cropped", "resized", "used")

Locate = Callable[[str], "tuple[Path, Record] | None"]
"""Finds a stored image's file and record by its SHA-256 (``Store.locate``)."""


class Request(Protocol):
    """What the generator reads of a result or a record."""

    @property
    def operation(self) -> str | None: ...
    @property
    def model(self) -> str | None: ...
    @property
    def prompt(self) -> str | None: ...
    @property
    def params(self) -> Mapping[str, Any]: ...
    @property
    def mask_sha256(self) -> str | None: ...
    @property
    def index(self) -> int: ...


def python_code(image: GeneratedImage) -> str:
    """The code that makes ``image`` again, its whole chain included, ending ``image = ...``."""
    writer = _Writer()
    return writer.finish(writer.expression(image, final=True))


def python_snippet(record: Record, locate: Locate) -> str:
    """The code that repeats the request that made ``record``; ``locate`` finds its inputs."""
    writer = _Writer()
    inputs = [_stored_input(sha256, locate) for sha256 in record.parents]
    return writer.finish(f"{writer.call(record, inputs, final=True)}[{record.index}]")


class _Writer:
    """Writes one call per request, each once, oldest first."""

    def __init__(self) -> None:
        self.lines = ["import imagewidgets as iw", "", "client = iw.ImagesClient()"]
        self._batches: dict[object, str] = {}
        self._used: dict[str, int] = {}

    def finish(self, final: str) -> str:
        """The code, ending with ``image = <final>``."""
        return "\n".join([*self.lines, f"image = {final}"])

    def expression(self, image: GeneratedImage | SourceImage, *, final: bool = False) -> str:
        """A Python expression for ``image``, writing the calls that make it first."""
        if isinstance(image, SourceImage):
            return _literal(image.filename) + f"  # your input image (sha256 {image.sha256[:12]}…)"
        key = image.request_id or id(image)
        if key not in self._batches:
            inputs = [self.expression(parent) for parent in image.parents]
            self._batches[key] = self.call(image, inputs, final=final)
        return f"{self._batches[key]}[{image.index}]"

    def call(self, request: Request, inputs: Sequence[str], *, final: bool) -> str:
        """Write the call of ``request`` (its input images as ``inputs``); returns its name."""
        operation = request.operation or "generate"
        arguments = [] if operation == "generate" else _images(inputs, request.params)
        if operation != "variation":
            arguments.append(_literal(request.prompt or ""))
        if request.mask_sha256:
            mask = f"the painted mask (sha256 {request.mask_sha256[:12]}…) is not kept"
            arguments.append(f'mask="mask.png"  # {mask}')
        arguments += _keywords(request.model, request.params)
        name = "images" if final else self._name(_NAMES.get(operation, "images"))
        body = "".join(f"    {_comma(argument)}\n" for argument in arguments)
        self.lines.append(f"{name} = await client.{_METHODS.get(operation, operation)}(\n{body})")
        return name

    def _name(self, base: str) -> str:
        self._used[base] = self._used.get(base, 0) + 1
        count = self._used[base]
        return base if count == 1 else f"{base}_{count}"


def _images(inputs: Sequence[str], params: Mapping[str, Any]) -> list[str]:
    """The image argument: one input, or a list; the first conformed again when it was sent as
    a dall-e-2 copy."""
    first, *rest = inputs or ["..."]
    first = _prepared(first, params.get("prepared_input"))
    if not rest:
        return [first]
    return ["[" + ", ".join(image.split("  #")[0] for image in (first, *rest)) + "]"]


def _prepared(image: str, prepared: object) -> str:
    if not isinstance(prepared, Mapping):
        return image
    steps = [str(step) for step in prepared.get("steps", ())]
    code, _, comment = image.partition("  #")
    if steps and all(step.startswith(_CONFORM_STEPS) for step in steps):
        fit = ', fit="crop"' if any(step.startswith("cropped") for step in steps) else ""
        return f"iw.conform_for_dalle2({code}{fit}).source" + (f"  #{comment}" if comment else "")
    sent = str(prepared.get("sent_sha256", ""))[:12]
    return f"{code}  # sent as a prepared copy (sha256 {sent}…): {'; '.join(steps)}"


def _stored_input(sha256: str, locate: Locate) -> str:
    found = locate(sha256)
    if found is None:
        return f"...  # input {sha256[:12]}… is not in this store"
    path, record = found
    literal = _literal(str(path))
    return f"iw.open({literal})" if record.kind == "generated" else literal


def _keywords(model: str | None, params: Mapping[str, Any]) -> list[str]:
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
