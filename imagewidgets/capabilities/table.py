"""The rules table as a Markdown table: which models exist, their lifecycle and what they take.

The README's model table is :func:`models_markdown`'s output, between two markers
(``python -m imagewidgets.capabilities.table --write README.md`` rewrites it; a test keeps the
two in sync), so the rules table and its documentation cannot drift apart. Every column is a
fact of the table that does not depend on the day: dates, not states.

Example:
    >>> print(models_markdown().splitlines()[2])  # doctest: +NORMALIZE_WHITESPACE
    | `gpt-image-2.6-flare` | 2026-11-04 | — | — | generations, edits | low, medium, high,
      xhigh, max, auto | yes | low, medium, high | png, jpeg, webp, gif, svg | yes |
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from imagewidgets.capabilities.models import ENDPOINT_NAMES, MODELS, ModelRules

__all__ = ["BEGIN", "COLUMNS", "END", "models_markdown", "with_table"]

BEGIN = "<!-- models: python -m imagewidgets.capabilities.table --write README.md -->"
END = "<!-- end of models -->"

COLUMNS = (
    "Model (dated snapshots)", "Released", "Shutdown", "Use instead", "Endpoints", "quality",
    "Custom sizes", "complexity", "output_format", "markup",
)  # fmt: skip
"""The table's header (a parameter's name where the column lists what it takes; "—": it does
not apply)."""


def models_markdown() -> str:
    """Every model of the rules table, one row each, in the table's order (active ones first)."""
    lines = [_row(COLUMNS), _row(["---"] * len(COLUMNS))]
    lines += [_row(_cells(rules)) for rules in MODELS.values()]
    return "\n".join(lines) + "\n"


def with_table(text: str) -> str:
    """``text`` (the README) with what stands between :data:`BEGIN` and :data:`END` replaced by
    :func:`models_markdown` (``ValueError`` when a marker is missing)."""
    head, begin, rest = text.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"the text needs the markers {BEGIN!r} and {END!r}, in that order")
    return f"{head}{BEGIN}\n{models_markdown()}{END}{tail}"


def _cells(rules: ModelRules) -> list[str]:
    snapshots = "".join(f" (`{snapshot}`)" for snapshot in rules.snapshots)
    endpoints = [ENDPOINT_NAMES[name] for name in ENDPOINT_NAMES if name in rules.endpoints]
    return [
        f"`{rules.name}`{snapshots}",
        _date(rules.released),
        _date(rules.shutdown),
        _listed(rules.replacements),
        _listed(endpoints),
        _listed(rules.qualities),
        "yes" if rules.custom_sizes else "—",
        _listed(rules.complexities),
        _listed(rules.output_formats),
        "yes" if rules.markup else "—",
    ]


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _listed(values: Iterable[object]) -> str:
    return ", ".join(map(str, values)) or "—"


def _date(value: object) -> str:
    return str(value) if value is not None else "—"


def _main(arguments: list[str]) -> None:
    if arguments[:1] == ["--write"] and len(arguments) == 2:
        path = Path(arguments[1])
        path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(models_markdown(), end="")


if __name__ == "__main__":
    _main(sys.argv[1:])
