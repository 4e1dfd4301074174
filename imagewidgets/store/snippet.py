""" "Copy as Python": the calls with this library that make an image again. One generator for a
result in memory (the Studio, the edit panel) and for a stored record (the gallery).

Each request is one ``await client.<method>(...)`` with the parameters that were sent; streaming
is left out (it changes how the image arrives, not the image). Every file the request sent that
is not a result is read back from the store by its SHA-256, exactly as it was sent
(``store.input(...)``: an uploaded image, a painted mask, a markup, a prepared copy such as an
expanded canvas; see :mod:`imagewidgets.store.snippet_files`), so against the offline emulator
the code makes the same bytes again, in a fresh Python process. A result in memory brings its
whole chain (a generation, its edit, a variation of that...); a stored record reads the results
it was made from by hash (``store.load(...)``). The code runs as pasted into a notebook cell
(top-level ``await``).

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

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from imagewidgets.api.results import GeneratedImage
from imagewidgets.api.variations import VARIATION_PROMPT
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store.record import Record
from imagewidgets.store.snippet_files import Argument, StoredFiles, literal, prepared_note

if TYPE_CHECKING:
    from imagewidgets.store.store import Store

__all__ = ["python_code", "python_snippet"]

_LEFT_OUT = frozenset(
    {"prompt", "model", "stream", "partial_images", "image", "mask", "markup", "prepared_input",
     "keep_outside_mask"}
)  # fmt: skip
_METHODS = {"generate": "generate", "edit": "edit", "variation": "create_variation"}
_NAMES = {"generate": "generated", "edit": "edits", "vary": "variations"}
_CONFORM_STEPS = ("converted", "added an alpha", "padded", "cropped", "resized", "used")


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
    def markup_sha256(self) -> str | None: ...
    @property
    def inputs(self) -> tuple[str, ...]: ...


def python_code(image: GeneratedImage, store: Store | None = None) -> str:
    """The code that makes ``image`` again, its whole chain included, ending ``image = ...``;
    the files it sent that are no results are read from ``store`` (where it was stored)."""
    writer = _Writer(store)
    return writer.finish(writer.expression(image, final=True)[0])


def python_snippet(record: Record, store: Store) -> str:
    """The code that repeats the request that made ``record``, its files read from ``store``."""
    writer = _Writer(store)
    images = [
        writer.files.stored(sha256, record.parents, record.params)
        for sha256 in record.inputs or record.parents
    ]
    return writer.finish(f"{writer.call(record, images, final=True)}[{record.index}]")


class _Writer:
    """Writes one call per request, each once, oldest first."""

    def __init__(self, store: Store | None) -> None:
        self.files = StoredFiles(store)
        self.lines: list[str] = []
        self._batches: dict[object, str] = {}
        self._used: dict[str, int] = {}

    def finish(self, final: str) -> str:
        """The code, ending with ``image = <final>``."""
        head = ["import imagewidgets as iw", "", "client = iw.ImagesClient()"]
        return "\n".join([*head, *self.files.header(), *self.lines, f"image = {final}"])

    def expression(self, image: GeneratedImage | SourceImage, *, final: bool = False) -> Argument:
        """An expression for ``image``, writing the calls that make it first; an image made
        here (the original kept outside an edit's mask) rather than by a request is loaded."""
        if isinstance(image, SourceImage):
            return self.files.source(image)
        stored = self.files.result(image.sha256) if "keep_outside_mask" in image.params else None
        if stored is not None:
            return stored
        key = image.request_id or id(image)
        if key not in self._batches:
            self._batches[key] = self.call(image, self._sent(image), final=final)
        return f"{self._batches[key]}[{image.index}]", ""

    def _sent(self, image: GeneratedImage) -> list[Argument]:
        """The images the request of ``image`` sent: its parents, or the prepared copies that
        were sent in their place."""
        parents = {parent.sha256: parent for parent in image.parents}
        return [
            self.expression(parents[sha256])
            if sha256 in parents
            else self.files.file(sha256, prepared_note(image.params))
            for sha256 in image.inputs or tuple(parents)
        ]

    def call(self, request: Request, images: Sequence[Argument], *, final: bool) -> str:
        """Write the call of ``request`` (its input images as ``images``); returns its name."""
        method = _method(request, len(images))
        arguments = [] if method == "generate" else [_images(images, request)]
        if method not in ("vary", "create_variation"):
            arguments.append((literal(request.prompt or ""), ""))
        for name, sha256 in (("mask", request.mask_sha256), ("markup", request.markup_sha256)):
            if sha256:
                code, note = self.files.file(sha256, f"the {name}")
                arguments.append((f"{name}={code}", note))
        arguments += [(keyword, "") for keyword in _keywords(request.model, request.params)]
        name = "images" if final else self._name(_NAMES.get(method, "variations"))
        body = "".join(_line(argument, "    ") for argument in arguments)
        self.lines.append(f"{name} = await client.{method}(\n{body})")
        return name

    def _name(self, base: str) -> str:
        self._used[base] = self._used.get(base, 0) + 1
        count = self._used[base]
        return base if count == 1 else f"{base}_{count}"


def _method(request: Request, images: int) -> str:
    """The client method that sends ``request``: a variation through the edits endpoint (its
    prompt, one image, nothing marked) is written as the ``vary`` it came from."""
    operation = request.operation or "generate"
    marked = request.mask_sha256 or request.markup_sha256
    if operation == "edit" and request.prompt == VARIATION_PROMPT and images == 1 and not marked:
        return "vary"
    return _METHODS.get(operation, operation)


def _images(images: Sequence[Argument], request: Request) -> Argument:
    """The image argument: one input, or a list. A record of an older version names no
    ``inputs``: its first image is conformed again when it was sent as a dall-e-2 copy."""
    first, *rest = images or [("...", "")]
    if not request.inputs:
        first = _prepared(first, request.params.get("prepared_input"))
    if not rest:
        return first
    items = "".join(_line(argument, "        ") for argument in (first, *rest))
    return f"[\n{items}    ]", ""


def _prepared(image: Argument, prepared: object) -> Argument:
    if not isinstance(prepared, Mapping):
        return image
    code, comment = image
    steps = [str(step) for step in prepared.get("steps", ())]
    if steps and all(step.startswith(_CONFORM_STEPS) for step in steps):
        fit = ', fit="crop"' if any(step.startswith("cropped") for step in steps) else ""
        return f"iw.conform_for_dalle2({code}{fit}).source", comment
    sent = str(prepared.get("sent_sha256", ""))[:12]
    return code, f"sent as a prepared copy (sha256 {sent}…): {'; '.join(steps)}"


def _keywords(model: str | None, params: Mapping[str, Any]) -> list[str]:
    keywords = [f"model={literal(model)}"] if model else []
    keywords += [
        f"{name}={literal(value)}"
        for name, value in params.items()
        if name not in _LEFT_OUT and value is not None
    ]
    return keywords


def _line(argument: Argument, indent: str) -> str:
    """One argument on its line, its comment on the line above."""
    code, note = argument
    return (f"{indent}# {note}\n" if note else "") + f"{indent}{code},\n"
