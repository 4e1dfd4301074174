"""The marks of a markup layer, as Python reads them: the tools and colours the painter offers,
what each mark is called, and the lines that tell the service what each mark means.

A mark is a dict ``{"id", "tool", "color", "label", "box"}``: ``tool`` is ``pen``, ``arrow``,
``circle`` or ``rectangle``, ``color`` a name of :data:`COLORS`, ``label`` what the mark means
and ``box`` where it lies (``[x0, y0, x1, y1]`` in the image's pixels; ``None`` when not known).
The service's guide asks for the meaning of each mark in the prompt ("the red circle: ..."), so
:func:`prompt_lines` writes one line per labelled mark, naming repeated ones by their order.

Example:
    >>> marks = checked_marks([
    ...     {"tool": "circle", "color": "red", "label": "a round window"},
    ...     {"tool": "arrow", "color": "blue", "label": "a bird flies in here"},
    ...     {"tool": "circle", "color": "red"},
    ... ])
    >>> mark_names(marks)
    ['the first red circle', 'the blue arrow', 'the second red circle']
    >>> print(prompt_lines(marks))
    the first red circle: a round window
    the blue arrow: a bird flies in here
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from imagewidgets.imaging.markup import MarkupInput, check_markup_pixels, marked_pixels, to_markup
from imagewidgets.widgets.theme import STATIC

__all__ = [
    "COLORS",
    "DEFAULT_WIDTH",
    "TOOLS",
    "checked_marks",
    "mark_names",
    "markup_bytes",
    "prompt_lines",
]

_MARKUP = json.loads((STATIC / "markup.json").read_text())
COLORS: dict[str, str] = dict(_MARKUP["colors"])
"""The painter's colours by name (``"red"``: ``"#e53935"``), from ``js/src/lib/markup.json``."""
NOUNS: dict[str, str] = dict(_MARKUP["nouns"])
"""What a mark of each tool is called (the pen draws a ``"stroke"``)."""
TOOLS = tuple(NOUNS)
"""The markup tools: ``pen``, ``arrow``, ``circle``, ``rectangle``."""
DEFAULT_WIDTH = int(_MARKUP["width"])
"""The default line width in screen pixels."""
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def mark_names(marks: Sequence[Mapping[str, Any]]) -> list[str]:
    """What each mark is called in a prompt: ``"the red circle"``; marks of the same colour and
    tool are told apart by their order (``"the second red circle"``, ... ``"red circle 9"``)."""
    kinds = [
        f"{mark.get('color', 'red')} {NOUNS.get(mark.get('tool', ''), 'mark')}" for mark in marks
    ]
    totals, seen = Counter(kinds), Counter[str]()
    names = []
    for kind in kinds:
        seen[kind] += 1
        names.append(_named(kind, seen[kind], totals[kind]))
    return names


def _named(kind: str, number: int, total: int) -> str:
    if total == 1:
        return f"the {kind}"
    if number <= len(_ORDINALS) and total <= len(_ORDINALS):
        return f"the {_ORDINALS[number - 1]} {kind}"
    return f"{kind} {number}"


def prompt_lines(marks: Sequence[Mapping[str, Any]]) -> str:
    """One line per labelled mark, ``"the red circle: what it means"``, as the service's guide
    recommends; marks without a label are left out."""
    named = zip(mark_names(marks), marks, strict=True)
    return "\n".join(f"{name}: {_label(mark)}" for name, mark in named if _label(mark))


def _label(mark: Mapping[str, Any]) -> str:
    label = mark.get("label")
    return " ".join(label.split()) if isinstance(label, str) else ""


def checked_marks(marks: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Marks described from Python, checked and numbered: each needs a ``tool`` of
    :data:`TOOLS` and a ``color`` of :data:`COLORS`; ``label`` and ``box`` are optional."""
    checked = []
    for number, mark in enumerate(marks, start=1):
        tool, color = mark.get("tool"), mark.get("color", "red")
        if tool not in TOOLS or color not in COLORS:
            raise ValueError(
                f"mark {number} must have a tool of {', '.join(TOOLS)} and a color of "
                f"{', '.join(COLORS)}; got tool={tool!r}, color={color!r}."
            )
        box = mark.get("box")
        label = str(mark.get("label") or "")
        checked.append({"id": number, "tool": tool, "color": color, "label": label, "box": box})
    return checked


def markup_bytes(markup: MarkupInput | None, size: tuple[int, int]) -> bytes:
    """``markup`` as the PNG the painter shows and an edit sends, checked once where it comes in
    (its size, and some pixels left clear); ``b""`` when nothing is drawn or ``markup`` is None."""
    if markup is None:
        return b""
    source = to_markup(markup, size)
    if isinstance(markup, np.ndarray):
        return source.data if (markup[:, :, 3] > 0).any() else b""
    if not source.encoded_here:
        check_markup_pixels(source.data)
    return source.data if marked_pixels(source.data).any() else b""
