"""What the widgets share with the front end: where the built views live, and one way to show a
note or a status line.

``STATIC`` is the folder ``js/`` is built into (``imagewidgets/static/``). A note under the
standard controls ("Cannot generate: ...", "Saved to ...", the spend line, a fidelity summary)
is :func:`note_html` in an ``ipywidgets.HTML``: a span with the ``iw-note`` classes of
``js/src/lib/theme.css``, coloured from JupyterLab's theme variables (light and dark). Every
view's CSS carries that theme, and each panel that shows notes holds a view (the prompt box), so
the classes are on the page wherever a note shows; an HTML output without any view (the live
output of ``iw.generate``) adds :func:`theme_style`.

Example:
    >>> note_html("Saved to fox.png")
    '<span class="iw-note iw-note--muted" role="status">Saved to fox.png</span>'
    >>> note_html("Cannot generate: prompt is required.", "warn")
    '<span class="iw-note iw-note--warn" role="status">Cannot generate: prompt is required.</span>'
    >>> note_html("")
    ''
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Literal

__all__ = ["STATIC", "Tone", "note_html", "theme_style"]

STATIC = Path(__file__).resolve().parent.parent / "static"
"""The built front end: one ``.js`` and ``.css`` per view, ``theme.css`` and ``brush.json``."""

Tone = Literal["muted", "plain", "warn"]
"""How a note reads: ``muted`` (secondary text), ``plain`` (body text) or ``warn`` (a warning)."""


def note_html(
    text: str, tone: Tone = "muted", *, role: str = "status", label: str | None = None
) -> str:
    """``text`` as a note (``""`` for no text). ``role="status"`` makes screen readers announce
    a change; ``"alert"`` interrupts them (for a failure); ``label`` names the note."""
    if not text:
        return ""
    named = f' aria-label="{html.escape(label)}"' if label else ""
    body = html.escape(text)
    return f'<span class="iw-note iw-note--{tone}" role="{role}"{named}>{body}</span>'


@cache
def theme_style() -> str:
    """The shared theme as a ``<style>`` element, for an HTML output shown without any view."""
    return f"<style>{(STATIC / 'theme.css').read_text()}</style>"
