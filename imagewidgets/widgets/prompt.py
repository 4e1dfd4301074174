"""``PromptBox``: the prompt field, with a live character counter and Ctrl/Cmd+Enter to submit.

A standard ``Textarea`` cannot see key presses, so this small anywidget view
(``js/src/prompt.js``) replaces it. The counter is drawn in the browser as you type; ``limit``
comes from the chosen model's rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import anywidget
from traitlets import Bool, Int, Unicode

from imagewidgets.widgets.theme import STATIC

__all__ = ["PromptBox"]


class PromptBox(anywidget.AnyWidget):
    """A multi-line prompt field; Ctrl+Enter (Cmd+Enter on a Mac) calls the submit callbacks.

    Example:
        >>> box = PromptBox(value="a lighthouse at dusk", limit=32000)
        >>> box.on_submit(lambda: print("generate:", box.value))
        >>> box.submit()
        generate: a lighthouse at dusk
    """

    _esm = STATIC / "prompt.js"
    _css = STATIC / "prompt.css"

    value = Unicode("").tag(sync=True)
    """The prompt text (synced as it is typed)."""
    limit = Int(0).tag(sync=True)
    """The model's prompt limit in characters (0: unknown); the counter turns red above it."""
    label = Unicode("Prompt").tag(sync=True)
    """The field's accessible name."""
    placeholder = Unicode("Describe the image you want…").tag(sync=True)
    """Shown while the field is empty."""
    disabled = Bool(False).tag(sync=True)
    """Whether the field is read-only."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._submit_callbacks: list[Callable[[], object]] = []
        self.on_msg(self._handle_message)

    def on_submit(self, callback: Callable[[], object]) -> None:
        """Call ``callback()`` when the user presses Ctrl/Cmd+Enter in the field."""
        self._submit_callbacks.append(callback)

    def submit(self) -> None:
        """Do what Ctrl/Cmd+Enter does."""
        for callback in list(self._submit_callbacks):
            callback()

    def _handle_message(self, _: object, content: object, buffers: Sequence[bytes]) -> None:
        if isinstance(content, dict) and content.get("action") == "submit":
            self.submit()
