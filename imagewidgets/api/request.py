"""Build the three kinds of request, validated before anything is sent.

Each builder checks the parameters with :func:`imagewidgets.capabilities.validate` (and the input
images, mask and markup with ``check_images`` / ``check_mask`` / ``check_markup``), refuses
text that cannot be sent as UTF-8 (a lone surrogate), drops the unset ones and encodes the body
per ``WIRE-2026-11.md``: JSON for generations, ``multipart/form-data`` for edits and variations
(one image as ``image``, several as repeated ``image[]``, nested objects as bracket fields). The
model is always sent (the service has no default any more): when none is named,
:func:`imagewidgets.capabilities.default_model`. A :class:`RuleContext` carries the day and the
server's model list the lifecycle is judged by. The files given as input are read by their
headers only; :func:`imagewidgets.api.checks.check_uploads` decodes them in full before sending.

Example:
    >>> request = generation_request("a fox", {"model": "gpt-image-2", "n": None}, stream=True)
    >>> request.path, request.content
    ('/images/generations', b'{"prompt":"a fox","model":"gpt-image-2","stream":true}')
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import cast

from imagewidgets.api.checks import check_text, uploads
from imagewidgets.api.multipart import FilePart, encode_multipart, new_boundary
from imagewidgets.api.results import GeneratedImage, Operation
from imagewidgets.capabilities import (
    Endpoint,
    ModelCatalog,
    check_images,
    implied_model,
    validate,
)
from imagewidgets.imaging.inputs import ImageInput, to_source
from imagewidgets.imaging.markup import MarkupInput, to_markup
from imagewidgets.imaging.masks import MaskInput, to_api_mask
from imagewidgets.imaging.source import SourceImage

__all__ = [
    "ApiRequest",
    "RuleContext",
    "edit_request",
    "generation_request",
    "variation_request",
]

_PATHS: Mapping[Endpoint, str] = {
    "generate": "/images/generations",
    "edit": "/images/edits",
    "variation": "/images/variations",
}


@dataclass(frozen=True)
class ApiRequest:
    """One request ready to send, and what a result needs to remember of it.

    ``params`` are the parameters sent besides the prompt and the files; ``model`` is the model
    the service will use (named or implied). ``uploads`` are the files given as input, as
    ``(parameter, name in messages, bytes)``, for :func:`~imagewidgets.api.checks.check_uploads`;
    ``sent_files`` are every file of the body as sent (the images in order, then the mask or
    markup), which each result carries to the store.
    """

    operation: Operation
    path: str
    content: bytes
    content_type: str
    prompt: str | None
    model: str
    params: Mapping[str, object]
    stream: bool = False
    parents: tuple[GeneratedImage | SourceImage, ...] = ()
    mask_sha256: str | None = None
    extra_headers: Mapping[str, str] = field(default_factory=dict)
    uploads: tuple[tuple[str, str, bytes], ...] = field(default=(), repr=False)
    markup_sha256: str | None = None
    sent_files: tuple[SourceImage, ...] = field(default=(), repr=False)

    @property
    def expected_images(self) -> int:
        """How many images the response should carry (``n``, default 1)."""
        n = self.params.get("n")
        return n if isinstance(n, int) else 1


@dataclass(frozen=True)
class RuleContext:
    """How a request's model lifecycle is judged: on ``today`` (None: the real date or
    ``IMAGEWIDGETS_TODAY``), by ``catalog`` (a server's model list) when there is one, or not at
    all (``lifecycle=False``, when the client checks it later, before sending)."""

    today: date | None = None
    catalog: ModelCatalog | None = None
    lifecycle: bool = True


def generation_request(
    prompt: str,
    params: Mapping[str, object],
    *,
    stream: bool = False,
    extra_headers: Mapping[str, str] | None = None,
    rules: RuleContext | None = None,
) -> ApiRequest:
    """A ``POST /images/generations`` with a JSON body."""
    sent = _sent("generate", prompt, params, stream, rules)
    _validate("generate", sent, rules)
    check_text(sent)
    return ApiRequest(
        operation="generate",
        path=_PATHS["generate"],
        content=json.dumps(sent, separators=(",", ":"), ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
        prompt=prompt,
        model=str(sent["model"]),
        params=_without(sent, "prompt"),
        stream=stream,
        extra_headers=dict(extra_headers or {}),
    )


def edit_request(
    images: ImageInput | Sequence[ImageInput],
    prompt: str,
    params: Mapping[str, object],
    *,
    mask: MaskInput | None = None,
    markup: MarkupInput | None = None,
    stream: bool = False,
    extra_headers: Mapping[str, str] | None = None,
    rules: RuleContext | None = None,
) -> ApiRequest:
    """A ``POST /images/edits`` (multipart): one image as ``image``, several as ``image[]``,
    then the ``mask`` or the ``markup`` overlay (never both)."""
    sent = _sent("edit", prompt, params, stream, rules)
    given = {"mask": mask, "markup": markup}
    _validate("edit", sent, rules, files=[name for name, file in given.items() if file is not None])
    check_text(sent)
    model = str(sent["model"])
    parents = _parents(images)
    sources = tuple(parent.as_source() for parent in parents)
    check_images("edit", model, tuple(source.facts for source in sources))
    name = "image" if len(sources) == 1 else "image[]"
    files = [FilePart(name, s.filename, s.content_type, s.data) for s in sources]
    size = (sources[0].width, sources[0].height)
    mask_source = None if mask is None else to_api_mask(mask, size, model=model)
    markup_source = None if markup is None else to_markup(markup, size, model=model)
    for field_name, overlay in (("mask", mask_source), ("markup", markup_source)):
        if overlay is not None:
            files.append(FilePart(field_name, f"{field_name}.png", "image/png", overlay.data))
    request = _multipart("edit", sent, files, model, parents, stream, extra_headers, mask_source)
    overlays = tuple(file for file in (mask_source, markup_source) if file is not None)
    return replace(
        request,
        uploads=uploads(parents, mask_source, markup_source),
        markup_sha256=markup_source.sha256 if markup_source is not None else None,
        sent_files=(*sources, *overlays),
    )


def variation_request(
    image: ImageInput,
    params: Mapping[str, object],
    *,
    extra_headers: Mapping[str, str] | None = None,
    rules: RuleContext | None = None,
) -> ApiRequest:
    """A ``POST /images/variations`` (multipart, dall-e-2, one square PNG): for compatible
    servers that still offer the endpoint (OpenAI retired it)."""
    sent = _given(params)
    _validate("variation", sent, rules)
    check_text(sent)
    model = implied_model("variation", sent)
    parents = _parents(image)
    source = parents[0].as_source()
    check_images("variation", model, (source.facts,))
    files = [FilePart("image", source.filename, source.content_type, source.data)]
    request = _multipart("variation", sent, files, model, parents, False, extra_headers, None)
    return replace(request, uploads=uploads(parents, None), sent_files=(source,))


def _sent(
    endpoint: Endpoint,
    prompt: str,
    params: Mapping[str, object],
    stream: bool,
    rules: RuleContext | None,
) -> dict[str, object]:
    """The parameters to send: the prompt, the model (named or the default), the rest."""
    given = _given({**params, "stream": True if stream else None})
    today = rules.today if rules is not None else None
    model = implied_model(endpoint, given, today)
    return {"prompt": prompt, "model": model, **_without(given, "model")}


def _validate(
    endpoint: Endpoint,
    sent: Mapping[str, object],
    rules: RuleContext | None,
    files: Sequence[str] = (),
) -> None:
    rules = rules or RuleContext()
    validate(
        endpoint,
        sent,
        today=rules.today,
        catalog=rules.catalog,
        files=files,
        check_lifecycle=rules.lifecycle,
    )


def _multipart(
    operation: Operation,
    sent: Mapping[str, object],
    files: list[FilePart],
    model: str,
    parents: tuple[GeneratedImage | SourceImage, ...],
    stream: bool,
    extra_headers: Mapping[str, str] | None,
    mask: SourceImage | None,
) -> ApiRequest:
    boundary = new_boundary()
    prompt = sent.get("prompt")
    return ApiRequest(
        operation=operation,
        path=_PATHS[operation],
        content=encode_multipart(sent, files, boundary=boundary),
        content_type=f"multipart/form-data; boundary={boundary}",
        prompt=prompt if isinstance(prompt, str) else None,
        model=model,
        params=_without(sent, "prompt"),
        stream=stream,
        parents=parents,
        mask_sha256=mask.sha256 if mask is not None else None,
        extra_headers=dict(extra_headers or {}),
    )


def _parents(
    images: ImageInput | Sequence[ImageInput],
) -> tuple[GeneratedImage | SourceImage, ...]:
    """The inputs, each kept as a ``GeneratedImage`` (for lineage) or made a ``SourceImage``."""
    items = list(images) if isinstance(images, (list, tuple)) else [cast(ImageInput, images)]
    return tuple(item if isinstance(item, GeneratedImage) else to_source(item) for item in items)


def _given(params: Mapping[str, object]) -> dict[str, object]:
    return {name: value for name, value in params.items() if value is not None}


def _without(params: Mapping[str, object], *names: str) -> dict[str, object]:
    return {name: value for name, value in params.items() if name not in names}
