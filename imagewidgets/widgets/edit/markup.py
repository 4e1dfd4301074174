"""The marks' meanings in the edit prompt: the service's guide asks a markup edit's prompt to say
what each mark means ("the red circle: a round window"), so the edit panel writes one line per
labelled mark under what the user typed, and rewrites those lines as marks and labels change.

The lines stay editable: they are plain text in the prompt. Once the user changes them, they are
the user's, and the panel writes no more (until the marks are cleared and drawn anew).

Example:
    >>> marks = [{"tool": "circle", "color": "red", "label": "a round window"}]
    >>> prompt, written = with_marks("make it evening", "", "the red circle: a round window")
    >>> print(prompt)
    make it evening
    <BLANKLINE>
    the red circle: a round window
    >>> with_marks(prompt + " with bars", written, "the red circle: a door") is None  # edited
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable

from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.marks import prompt_lines
from imagewidgets.widgets.mask_painter import MaskPainter

__all__ = ["MarkupPrompt", "with_marks"]


def with_marks(prompt: str, written: str, lines: str) -> tuple[str, str] | None:
    """``prompt`` with the marks' ``lines`` in place of the ``written`` ones (added at the end
    when none were written), and what is written now; ``None`` when the written lines are no
    longer whole lines of the prompt as written (the user changed them: they are theirs)."""
    if not written:
        if not lines:
            return prompt, ""
        return (prompt.rstrip() + "\n\n" if prompt.strip() else "") + lines, lines
    found = list(re.finditer(rf"(?:^|(?<=\n)){re.escape(written)}(?=\n|$)", prompt))
    if not found:
        return None
    head, tail = prompt[: found[-1].start()], prompt[found[-1].end() :]
    if not lines:
        return (head.rstrip() + tail).rstrip(), ""
    return head + lines + tail, lines


class MarkupPrompt:
    """Keeps the painter's labelled marks written in the controls' prompt (markup mode only);
    ``say`` is told once when the user takes the lines over."""

    def __init__(
        self, controls: ControlPanel, painter: MaskPainter, say: Callable[[str], None]
    ) -> None:
        self.controls, self.painter, self._say = controls, painter, say
        self.written = ""
        """The lines last written into the prompt (``""``: none)."""
        self.taken_over = False
        """Whether the user changed the written lines (then nothing more is written)."""
        painter.observe(lambda _: self.update(), ["marks", "mode"])

    def update(self) -> None:
        """Write the current marks' lines into the prompt, unless the user has taken them."""
        lines = prompt_lines(self.painter.marks) if self.painter.mode == "markup" else ""
        if not self.painter.marks:
            self.taken_over = False  # a new start: the next marks are written again
        if self.taken_over:
            return
        result = with_marks(self.controls.prompt, self.written, lines)
        if result is None:
            self.taken_over, self.written = True, ""
            self._say("You changed the marks' lines in the prompt: they are yours now.")
            return
        self.controls.prompt, self.written = result
