"""``Usage``: the tokens a request used, as the service reports them (GPT image models only).

The service sends it as ``usage`` in a response (``input_tokens_details`` nested); a stored
record keeps it flat (:meth:`Usage.to_record`). Usages add up: the spend tallies sum them.

Example:
    >>> usage = Usage.from_json({"input_tokens": 20, "output_tokens": 1056, "total_tokens": 1076,
    ...                          "input_tokens_details": {"text_tokens": 20, "image_tokens": 0}})
    >>> (usage + usage).total_tokens, Usage.from_record(usage.to_record()) == usage
    (2152, True)
    >>> author = SvgUsage.from_json({"model": "gpt-5.6-sol", "input_tokens": 27, "total_tokens": 9})
    >>> (author + author).input_tokens, author.scaled(-1).total_tokens
    (54, -9)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["SvgUsage", "Usage"]


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

    def to_record(self) -> dict[str, Any]:
        """The flat JSON form a stored record keeps."""
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Usage:
        """Read :meth:`to_record`'s form; keys this version does not know are ignored."""
        return cls(**{name: int(value) for name, value in data.items() if name in _FIELDS})

    def __add__(self, other: Usage) -> Usage:
        return Usage(**{name: getattr(self, name) + getattr(other, name) for name in _FIELDS})


_FIELDS = tuple(field.name for field in dataclasses.fields(Usage))


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
        """Read the API's ``svg_usage`` object (a record keeps the same form); ``None`` when
        there is none."""
        if not usage:
            return None
        counts = {name: int(usage.get(name) or 0) for name in _SVG_COUNTS}
        return cls(model=str(usage.get("model", "")), **counts)

    def to_record(self) -> dict[str, Any]:
        """The JSON form a stored record keeps (the API's own)."""
        return dataclasses.asdict(self)

    def __add__(self, other: SvgUsage) -> SvgUsage:
        """The sum of two authors' usages (one author's, in the spend totals: they are kept
        apart by author model)."""
        counts = {name: getattr(self, name) + getattr(other, name) for name in _SVG_COUNTS}
        return SvgUsage(self.model or other.model, **counts)

    def scaled(self, factor: int) -> SvgUsage:
        """Every count times ``factor`` (``-1`` takes a usage back out of a sum)."""
        counts = {name: getattr(self, name) * factor for name in _SVG_COUNTS}
        return SvgUsage(self.model, **counts)


_SVG_COUNTS = ("input_tokens", "output_tokens", "reasoning_tokens", "total_tokens")
