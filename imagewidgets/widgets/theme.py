"""What the widgets share with the front end: where the built views live, one way to show a note
or a status line, how a panel fits its output area, and how bytes come back from the browser.

``STATIC`` is the folder ``js/`` is built into (``imagewidgets/static/``). A note under the
standard controls ("Cannot generate: ...", "Saved to ...", the spend line, a fidelity summary)
is :func:`note_html` in an ``ipywidgets.HTML``: a span with the ``iw-note`` classes of
``js/src/lib/theme.css``, coloured from JupyterLab's theme variables (light and dark). Every
view's CSS carries that theme, and each panel that shows notes holds a view (the prompt box), so
the classes are on the page wherever a note shows; an HTML output without any view (the live
output of ``iw.generate``) adds :func:`theme_style`.

A panel made of standard ipywidgets (the Studio, the control panel, the edit panel) is marked with
:func:`fit_panel`: the theme's ``iw-panel`` rule keeps every control inside it no wider than the
box it is in, so the panel fits its output area at any width (700 to 2560 px, JupyterLab's side
panels open or closed, Notebook 7, Voilà) without cutting a control or scrolling sideways.

Every synced ``Bytes`` trait carries :data:`BINARY`: what the browser sets reaches Python as
``bytes`` whatever the host hands over (Jupyter a ``memoryview``, marimo ``bytes``).

Example:
    >>> note_html("Saved to fox.png")
    '<span class="iw-note iw-note--muted" role="status">Saved to fox.png</span>'
    >>> note_html("Cannot generate: prompt is required.", "warn")
    '<span class="iw-note iw-note--warn" role="status">Cannot generate: prompt is required.</span>'
    >>> note_html("")
    ''
    >>> bytes_from_json(memoryview(b"PNG"), None), bytes_from_json(b"PNG", None)
    (b'PNG', b'PNG')
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any, Literal

import ipywidgets as w

__all__ = [
    "BINARY",
    "PANEL",
    "STATIC",
    "Tone",
    "bytes_from_json",
    "fit_panel",
    "note_html",
    "theme_style",
]

STATIC = Path(__file__).resolve().parent.parent / "static"
"""The built front end: one ``.js`` and ``.css`` per view, ``theme.css`` and ``brush.json``."""

PANEL = "iw-panel"
"""The class of every panel built from standard ipywidgets: ``js/src/lib/theme.css`` fits it."""

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


def fit_panel(panel: w.DOMWidget, name: str) -> None:
    """Mark ``panel`` (an ipywidgets box) as a panel named ``name`` (``"iw-studio"``) that fits
    its output area."""
    panel.add_class(PANEL)
    panel.add_class(name)


def bytes_from_json(value: Any, widget: object) -> bytes:
    """Bytes from the browser as ``bytes``: a host hands a binary buffer over as a
    ``memoryview`` (Jupyter), ``bytes`` (marimo) or another bytes-like object; ``None`` is
    ``b""``."""
    if value is None:
        return b""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    raise TypeError(f"a binary trait takes bytes from the browser, not {type(value).__name__}.")


BINARY = {"from_json": bytes_from_json}
"""The tags of every synced ``Bytes`` trait: ``Bytes().tag(sync=True, **BINARY)``. Python sends
it as a binary buffer (never base64); what the browser sets comes back as ``bytes`` in any host."""
