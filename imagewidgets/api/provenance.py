"""``Provenance``: what made an image, one frozen value shared by results and stored records.

A :class:`~imagewidgets.GeneratedImage` is image bytes with their provenance; the store's
``Record`` is a provenance with where and when it was stored. Both extend this class and are
built by keyword, and :meth:`Provenance.to_json` / :meth:`Provenance.fields_from_json` carry
every field between them, into the JSON inside each saved image and back: a new fact about an
image is one line here. The JSON never holds a secret: parameters whose names could carry a
credential are dropped (:func:`safe_params`).

Example:
    >>> made = Provenance(model="gpt-image-2", prompt="a fox", params={"quality": "low"})
    >>> Provenance(**Provenance.fields_from_json(made.to_json())) == made
    True
    >>> safe_params({"size": "auto", "api_key": "sk-..."})
    {'size': 'auto'}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from imagewidgets.api.usage import SvgUsage, Usage

__all__ = ["SCHEMA", "Operation", "Provenance", "safe_params"]

SCHEMA = 1
"""The version of the provenance JSON, stored under the key ``imagewidgets``."""

Operation = Literal["generate", "edit", "variation"]
_SECRET_WORDS = ("key", "authorization", "header", "token", "secret", "password")


@dataclass(frozen=True, kw_only=True)
class Provenance:
    """The request that made an image and what the service said of it.

    ``params`` holds every parameter that was sent except the prompt and the image files;
    ``index`` is the image's place in its batch; ``inputs`` names the image files that were
    sent, in order, by SHA-256 (the parents, except where a prepared copy was sent in place of
    one), and ``mask_sha256`` and ``markup_sha256`` the mask or markup: every file of the
    request, each kept in the store (``Store.input``). ``safety_identifier`` is the one the
    service applied; ``svg_usage`` the SVG author's tokens, billed apart; ``response`` what else
    the service said of the image: the echo fields (``size``, ``quality``, ``background``,
    ``output_format``) and any field this version does not know, kept rather than dropped.
    """

    operation: Operation = "generate"
    model: str | None = None
    prompt: str | None = None
    revised_prompt: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    usage: Usage | None = None
    request_id: str | None = None
    created: int | None = None
    index: int = 0
    mask_sha256: str | None = None
    backend: str = "openai"
    elapsed: float | None = None
    markup_sha256: str | None = None
    safety_identifier: str | None = None
    svg_usage: SvgUsage | None = None
    response: Mapping[str, Any] = field(default_factory=dict)
    inputs: tuple[str, ...] = ()

    @classmethod
    def of(cls, made: Provenance) -> Provenance:
        """Just the provenance of a result or a record (which extend it)."""
        return cls(**made.provenance_fields())

    def provenance_fields(self) -> dict[str, Any]:
        """The provenance fields of this value as keywords (to build a result or a record)."""
        return {name: getattr(self, name) for name in FIELDS}

    def to_json(self) -> dict[str, Any]:
        """The provenance fields as JSON values (credentials left out of ``params``)."""
        data = {name: getattr(self, name) for name in FIELDS}
        data["usage"] = self.usage.to_record() if self.usage is not None else None
        data["svg_usage"] = self.svg_usage.to_record() if self.svg_usage is not None else None
        data["params"] = safe_params(self.params)
        data["response"] = safe_params(self.response)
        data["inputs"] = list(self.inputs)
        return data

    @staticmethod
    def fields_from_json(data: Mapping[str, Any]) -> dict[str, Any]:
        """The provenance fields found in ``data`` (a record or embedded JSON), as keywords for
        any class that extends ``Provenance``. ``ValueError`` when one has the wrong type."""
        found = {name: data[name] for name in FIELDS if data.get(name) is not None}
        if "usage" in found:
            found["usage"] = Usage.from_record(_typed(found, "usage", Mapping))
        if "svg_usage" in found:
            found["svg_usage"] = SvgUsage.from_json(_typed(found, "svg_usage", Mapping))
        if "response" in found:
            found["response"] = dict(_typed(found, "response", Mapping))
        if "inputs" in found:
            found["inputs"] = tuple(str(sha) for sha in _typed(found, "inputs", list))
        found["params"] = dict(_typed(found, "params", Mapping, {}))
        _typed(found, "index", int, 0)
        _typed(found, "operation", str, "")
        return found


FIELDS = tuple(field.name for field in dataclasses.fields(Provenance))
"""The names of the provenance fields, in order."""


def _typed(found: Mapping[str, Any], name: str, kind: Any, default: Any = None) -> Any:
    value = found.get(name, default)
    if not isinstance(value, kind):
        raise ValueError(f"{name}: expected {kind.__name__}, found {type(value).__name__}")
    return value


def safe_params(params: Mapping[str, object]) -> dict[str, Any]:
    """The request parameters as JSON values, without anything that could carry a credential.

    Nested records (such as ``prepared_input``) stay JSON objects and lists; anything else
    becomes its ``repr``.
    """
    return {
        str(name): _json_value(value)
        for name, value in params.items()
        if not any(word in str(name).lower() for word in _SECRET_WORDS)
    }


def _json_value(value: object) -> Any:
    if isinstance(value, str | int | float | bool | None):
        return value
    if isinstance(value, Mapping):
        return safe_params(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return repr(value)
