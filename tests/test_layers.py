"""Nothing imports upward: each layer imports only the layers below it (DESIGN.md, "Layers"), and
inside ``widgets/`` each room imports only the rooms its job needs (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "imagewidgets"

ALLOWED: dict[str, set[str]] = {
    "capabilities": {"capabilities"},
    "imaging": {"capabilities", "imaging"},
    "emulator": {"capabilities", "imaging", "emulator"},
    "api": {"capabilities", "imaging", "emulator", "api"},
    "store": {"capabilities", "imaging", "api", "store"},
    "widgets": {"capabilities", "imaging", "emulator", "api", "store", "widgets"},
}
"""For each layer, the layers its modules may import from."""


WIDGET_ROOMS: dict[str, set[str]] = {
    "theme": {"theme"},
    "views": {"theme", "views", "history"},
    "runs": {"theme", "views", "runs"},
    "controls": {"theme", "views", "controls"},
    "history": {"theme", "views", "runs", "history"},
    "edit": {"theme", "views", "runs", "controls", "edit"},
    "top": {"theme", "views", "runs", "controls", "history", "edit", "top"},
}
"""For each room of ``widgets/``, the rooms its modules may import from. ``views`` are the modules
with a front end at the top (preview and its frames, mask_painter, gallery, prompt), ``top`` the
Studio and ``iw.generate``; the packages are rooms of their own. So runs/ imports none of edit/,
controls/, history/; controls/ none of runs/, edit/, history/; history/ none of edit/, controls/;
the views none of edit/, controls/."""
VIEWS = {"preview", "frames", "mask_painter", "gallery", "prompt"}
WIDGETS = PACKAGE / "widgets"


def layer_of(path: Path) -> str | None:
    """The layer a module of the package belongs to (``None`` for the package's ``__init__``)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return None if parts == ("__init__",) else parts[0]


def imported_layers(path: Path) -> set[str]:
    """The layers of ``imagewidgets`` a module imports, at any depth (lazy imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "imagewidgets" and len(parts) > 1:
                found.add(parts[1])
    return found


def room_of(name: str) -> str:
    """The room of ``widgets/`` a module (``"runs.area"``, ``"preview"``) belongs to."""
    first = name.split(".")[0]
    if "." in name or (WIDGETS / first).is_dir():
        return first
    return "views" if first in VIEWS else "theme" if first == "theme" else "top"


def imported_rooms(path: Path) -> set[str]:
    """The rooms of ``widgets/`` a module imports, at any depth (lazy imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        prefix = "imagewidgets.widgets."
        found |= {room_of(name.removeprefix(prefix)) for name in names if name.startswith(prefix)}
    return found


MODULES = sorted(path for path in PACKAGE.rglob("*.py") if layer_of(path) is not None)
WIDGET_MODULES = sorted(path for path in WIDGETS.rglob("*.py") if path.stem != "__init__")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_layers_below(path: Path) -> None:
    layer = layer_of(path)
    assert layer in ALLOWED, f"{path} is in no known layer"
    upward = imported_layers(path) - ALLOWED[layer]
    assert not upward, f"{path.relative_to(PACKAGE)} imports upward from {sorted(upward)}"


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from imagewidgets.widgets.studio import Studio\nimport imagewidgets.api\n")
    assert imported_layers(module) == {"widgets", "api"}


@pytest.mark.parametrize("path", WIDGET_MODULES, ids=lambda p: str(p.relative_to(WIDGETS)))
def test_each_room_of_widgets_imports_only_the_rooms_it_may(path: Path) -> None:
    name = ".".join(path.relative_to(WIDGETS).with_suffix("").parts)
    room = room_of(name)
    assert room in WIDGET_ROOMS, f"{name} is in no known room"
    beyond = imported_rooms(path) - WIDGET_ROOMS[room]
    assert not beyond, f"widgets/{name} ({room}) imports from {sorted(beyond)}"


def test_the_room_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text(
        "def later():\n    from imagewidgets.widgets.edit.panel import EditPanel\n"
        "from imagewidgets.widgets.preview import ImagePreview\n"
    )
    assert imported_rooms(module) == {"edit", "views"}
    assert room_of("runs.area") == "runs"
    assert room_of("studio") == "top"
