"""The views keep to the anywidget contract, so every host that runs anywidget runs them:
JupyterLab, Notebook 7, Voilà, marimo, VS Code's notebooks and Colab.

Read from the built files in ``imagewidgets/static/``: each view is one self-contained ES module
with a default export (no import of any kind, so no bare module name a host would have to resolve,
and nothing fetched), no remote address, no host's globals; its CSS is one file that loads nothing.
Images cross as binary traits whose bytes come back as ``bytes`` in any host.
"""

from __future__ import annotations

import re
from pathlib import Path

import anywidget
import pytest
from traitlets import Bytes, HasTraits

import imagewidgets
from imagewidgets.widgets.frames import FrameData
from imagewidgets.widgets.theme import STATIC, bytes_from_json


def views() -> list[type[anywidget.AnyWidget]]:
    """Every anywidget view of the package (``imagewidgets`` imports them all)."""
    found, todo = [], list(anywidget.AnyWidget.__subclasses__())
    while todo:
        view = todo.pop()
        todo += view.__subclasses__()
        if view.__module__.startswith(imagewidgets.__name__ + "."):
            found.append(view)
    return sorted(found, key=lambda view: view.__name__)


VIEWS = views()
MODULES = sorted(STATIC.glob("*.js"))
STYLES = sorted(STATIC.glob("*.css"))
IMPORT = re.compile(r"""(?<![\w$.])import\b\s*(?:[\w$*{]|\(|["'])|\bfrom\s*["']|\brequire\s*\(""")
REMOTE = re.compile(r"""(?:https?:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s"'`)]*""", re.IGNORECASE)
NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml")
"""Addresses that name an XML namespace and are never fetched."""
HOST_GLOBALS = (
    "jupyterapp",
    "Jupyter.",
    "IPython",
    "google.colab",
    "acquireVsCodeApi",
    "requirejs",
    "define(",
    "__webpack",
    "_marimo",
)


def names(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


def test_the_views_are_found_and_each_runs_a_built_module_and_style() -> None:
    assert {view.__name__ for view in VIEWS} >= {"ImagePreview", "MaskPainter", "Gallery"}
    built = {path.read_text() for path in [*MODULES, *STYLES]}
    for view in VIEWS:
        assert str(view._esm) in built, f"{view.__name__}'s module is not a built file"
        assert str(view._css) in built, f"{view.__name__}'s style is not a built file"


@pytest.mark.parametrize("path", MODULES, ids=names(MODULES))
def test_each_module_is_self_contained_esm_with_a_default_export(path: Path) -> None:
    code = path.read_text()
    assert re.search(r"export\s*\{[^}]*\bas default\s*\}", code), "no default export"
    assert not IMPORT.findall(code), f"imports something: {IMPORT.findall(code)}"
    remote = [url for url in REMOTE.findall(code) if url not in NAMESPACES]
    assert not remote, f"names remote addresses: {remote}"
    assert not [name for name in HOST_GLOBALS if name in code], "uses a host's globals"


@pytest.mark.parametrize("path", STYLES, ids=names(STYLES))
def test_each_style_is_one_file_that_loads_nothing(path: Path) -> None:
    css = path.read_text()
    assert "@import" not in css, "an @import left unbundled"
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css), "loads from elsewhere"


def test_the_checks_see_what_they_look_for() -> None:
    for bad in ('import{x}from"y";', 'import"./a.js";', 'await import("./b.js")', "require('z')"):
        assert IMPORT.search(bad), bad
    assert not IMPORT.search('const important=1;el.dataset.import="x";')
    assert REMOTE.search('fetch("https://cdn.example.com/x.js")')
    svg = 'createElementNS("http://www.w3.org/2000/svg","svg")'
    assert REMOTE.findall(svg) == ["http://www.w3.org/2000/svg"]


@pytest.mark.parametrize("owner", [*VIEWS, FrameData], ids=lambda owner: owner.__name__)
def test_every_binary_trait_is_bytes_both_ways(owner: type[HasTraits]) -> None:
    """A ``Bytes`` trait travels as a binary buffer (never base64 in JSON), and what the browser
    sets comes back as ``bytes`` whatever the host hands over."""
    for name, trait in owner.class_traits(sync=True).items():
        if isinstance(trait, Bytes):
            assert trait.metadata.get("from_json") is bytes_from_json, f"{owner.__name__}.{name}"
