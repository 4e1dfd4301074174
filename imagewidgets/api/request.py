"""Build the three kinds of request, validated before anything is sent.

Each builder checks the parameters with :func:`imagewidgets.capabilities.validate` (and the input
images and mask with ``check_images`` / ``check_mask``), refuses text that cannot be sent as
UTF-8 (a lone surrogate), drops the unset ones and encodes the body per ``WIRE.md``: JSON for
generations, ``multipart/form-data`` for edits and variations (one image as ``image``, several as
repeated ``image[]``). The files given as input are read by their headers only;
:func:`imagewidgets.api.checks.check_uploads` decodes them in full before sending.

Example:
    >>> request = generation_request("a fox", {"model": "gpt-image-1.5", "n": None}, stream=True)
    >>> request.path, request.content
    ('/images/generations', b'{"prompt":"a fox","model":"gpt-image-1.5","stream":true}')
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import cast

from imagewidgets.api.checks import check_text, uploads
from imagewidgets.api.multipart import FilePart, encode_multipart, new_boundary
from imagewidgets.api.results import GeneratedImage, Operation
from imagewidgets.capabilities import Endpoint, check_images, implied_model, validate
from imagewidgets.imaging.inputs import ImageInput, to_source
from imagewidgets.imaging.masks import MaskInput, to_api_mask
from imagewidgets.imaging.source import SourceImage

__all__ = ["ApiRequest", "edit_request", "generation_request", "variation_request"]

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
    ``(parameter, name in messages, bytes)``, for :func:`~imagewidgets.api.checks.check_uploads`.
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

    @property
    def expected_images(self) -> int:
        """How many images the response should carry (``n``, default 1)."""
        n = self.params.get("n")
        return n if isinstance(n, int) else 1


def generation_request(
    prompt: str,
    params: Mapping[str, object],
    *,
    stream: bool = False,
    extra_headers: Mapping[str, str] | None = None,
) -> ApiRequest:
    """A ``POST /images/generations`` with a JSON body."""
    sent = _given({"prompt": prompt, **params, "stream": True if stream else None})
    validate("generate", sent)
    check_text(sent)
    return ApiRequest(
        operation="generate",
        path=_PATHS["generate"],
        content=json.dumps(sent, separators=(",", ":"), ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
        prompt=prompt,
        model=implied_model("generate", sent),
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
    stream: bool = False,
    extra_headers: Mapping[str, str] | None = None,
) -> ApiRequest:
    """A ``POST /images/edits`` (multipart): one image as ``image``, several as ``image[]``."""
    sent = _given({"prompt": prompt, **params, "stream": True if stream else None})
    validate("edit", sent)
    check_text(sent)
    model = implied_model("edit", sent)
    parents = _parents(images)
    sources = tuple(parent.as_source() for parent in parents)
    check_images("edit", model, tuple(source.facts for source in sources))
    name = "image" if len(sources) == 1 else "image[]"
    files = [FilePart(name, s.filename, s.content_type, s.data) for s in sources]
    mask_source = None
    if mask is not None:
        mask_source = to_api_mask(mask, (sources[0].width, sources[0].height), model=model)
        files.append(FilePart("mask", "mask.png", "image/png", mask_source.data))
    request = _multipart("edit", sent, files, model, parents, stream, extra_headers, mask_source)
    return replace(request, uploads=uploads(parents, mask_source if mask is not None else None))


def variation_request(
    image: ImageInput,
    params: Mapping[str, object],
    *,
    extra_headers: Mapping[str, str] | None = None,
) -> ApiRequest:
    """A ``POST /images/variations`` (multipart, dall-e-2, one square PNG)."""
    sent = _given(params)
    validate("variation", sent)
    check_text(sent)
    model = implied_model("variation", sent)
    parents = _parents(image)
    source = parents[0].as_source()
    check_images("variation", model, (source.facts,))
    files = [FilePart("image", source.filename, source.content_type, source.data)]
    request = _multipart("variation", sent, files, model, parents, False, extra_headers, None)
    return replace(request, uploads=uploads(parents, None))


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
