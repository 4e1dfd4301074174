"""``GridSpec``: what a grid compares, as given: a prompt (or several, or a template with
``{variables}``) and keyword values, where a list makes an axis and a single value holds still.

A keyword named in the template fills it (``animal=["fox", "owl"]`` for ``"a {animal}"``, and
``style=`` for ``"in {style}"``, though ``style`` is also a legacy parameter); any other keyword
is a request parameter (``model``, ``quality``, ``size``, ``complexity``, ...). The first two
axes make rows and columns (or ``rows=`` / ``columns=`` name them), the others pages; a single
axis makes columns. The spec
is plain JSON, so a batch can be resumed from it after a kernel restart; :attr:`GridSpec.key`
names it.

Example:
    >>> spec = GridSpec.of("a {animal} in {style}", {"animal": ["fox", "owl"],
    ...                    "style": ["ink", "oil"], "model": "gpt-image-2.6-flare"})
    >>> [axis.name for axis in spec.axes()], spec.layout()
    (['animal', 'style'], (('animal',), ('style',), ()))
    >>> GridSpec.from_json(spec.to_json()) == spec, len(spec.key)
    (True, 16)
"""

from __future__ import annotations

import hashlib
import json
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from imagewidgets.capabilities import InvalidParameterError

__all__ = ["Axis", "GridSpec", "template_names"]


@dataclass(frozen=True)
class Axis:
    """One thing that varies: its name (``"prompt"``, a template variable or a parameter) and
    its values, in order."""

    name: str
    values: tuple[Any, ...]


def template_names(prompt: str) -> list[str]:
    """The ``{variables}`` of a prompt, in order of first use (``{{`` is a literal brace)."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(prompt) if name]
    except ValueError as error:
        raise InvalidParameterError(
            f"prompt: not a template ({error}); write a literal brace as {{{{ or }}}}.",
            param="prompt", model=None,
        ) from None  # fmt: skip
    return list(dict.fromkeys(fields))


@dataclass(frozen=True)
class GridSpec:
    """A grid as given: the prompt(s), every keyword value, and which axes make rows, columns
    and pages (``None``: in the order given)."""

    prompt: str | tuple[str, ...]
    values: Mapping[str, Any] = field(default_factory=dict)
    rows: str | None = None
    columns: str | None = None

    @classmethod
    def of(
        cls, prompt: str | Sequence[str], values: Mapping[str, Any],
        rows: str | None = None, columns: str | None = None,
    ) -> GridSpec:  # fmt: skip
        """The spec of ``Grid(prompt, rows=..., columns=..., **values)``, checked: every
        template variable has values, axes are not empty, ``rows``/``columns`` name axes."""
        given = prompt if isinstance(prompt, str) else tuple(prompt)
        listed = {k: tuple(v) if isinstance(v, list | tuple) else v for k, v in values.items()}
        spec = cls(given, listed, rows, columns)
        spec._check()
        return spec

    @property
    def prompts(self) -> tuple[str, ...]:
        """Every prompt (template) given."""
        return (self.prompt,) if isinstance(self.prompt, str) else self.prompt

    @property
    def names(self) -> list[str]:
        """The template variables used by any prompt."""
        return list(dict.fromkeys(n for prompt in self.prompts for n in template_names(prompt)))

    def axes(self) -> list[Axis]:
        """What varies, in the order given: the prompts (when several), then each list."""
        found = [Axis("prompt", self.prompt)] if isinstance(self.prompt, tuple) else []
        return found + [Axis(k, v) for k, v in self.values.items() if isinstance(v, tuple)]

    def layout(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The axes of the rows, of the columns and of the pages (each possibly empty)."""
        names = [axis.name for axis in self.axes()]
        if len(names) == 1 and self.rows is None:  # one axis: side by side
            return (), tuple(names), ()
        rows = self.rows or next((n for n in names if n != self.columns), None)
        columns = self.columns or next((n for n in names if n != rows), None)
        pages = tuple(n for n in names if n not in (rows, columns))
        return (rows,) if rows else (), (columns,) if columns else (), pages

    def fixed(self) -> dict[str, Any]:
        """The keyword values that hold still."""
        return {k: v for k, v in self.values.items() if not isinstance(v, tuple)}

    def is_param(self, name: str) -> bool:
        """Whether a keyword is sent as a request parameter (else it fills the template)."""
        return name not in self.names

    @property
    def key(self) -> str:
        """A short name of this spec: the same grid has the same key in every kernel."""
        text = json.dumps(self.to_json(), sort_keys=True, default=repr)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        """The spec as JSON (tuples as lists)."""
        prompt = list(self.prompt) if isinstance(self.prompt, tuple) else self.prompt
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in self.values.items()}
        return {"prompt": prompt, "values": values, "rows": self.rows, "columns": self.columns}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GridSpec:
        """The spec :meth:`to_json` wrote."""
        return cls.of(data["prompt"], data.get("values") or {}, data.get("rows"),
                      data.get("columns"))  # fmt: skip

    def _check(self) -> None:
        for prompt in self.prompts:
            if not isinstance(prompt, str) or not prompt.strip():
                raise _invalid("prompt", "every prompt must be non-empty text")
        for name in self.names:
            if name not in self.values:
                raise _invalid(name, f"the prompt names {{{name}}}: give its values, "
                                     f"e.g. {name}=[...]")  # fmt: skip
        for axis in self.axes():
            if not axis.values:
                raise _invalid(axis.name, "an axis needs at least one value")
        names = [axis.name for axis in self.axes()]
        for given in (self.rows, self.columns):
            if given is not None and given not in names:
                raise _invalid(given, f"rows and columns name an axis: one of {names}")


def _invalid(param: str, why: str) -> InvalidParameterError:
    return InvalidParameterError(f"{param}: {why}.", param=param, model=None)
