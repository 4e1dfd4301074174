"""One-line notes under the controls ("Cannot generate: ...", "Saved to ..."), as ``HTML`` values.

Each note is a ``role="status"`` span, so screen readers announce it when it changes; its colour
comes from JupyterLab's theme variables.

Example:
    >>> note_html("Saved to fox.png")
    '<span role="status" style="color:var(--jp-ui-font-color2)">Saved to fox.png</span>'
"""

from __future__ import annotations

import html

__all__ = ["note_html"]

_COLORS = {"muted": "var(--jp-ui-font-color2)", "warn": "var(--jp-warn-color1, #b26a00)"}


def note_html(text: str, *, warn: bool = False) -> str:
    """``text`` as a status span, in the warning colour when ``warn``; ``""`` for no text."""
    if not text:
        return ""
    color = _COLORS["warn" if warn else "muted"]
    return f'<span role="status" style="color:{color}">{html.escape(text)}</span>'
