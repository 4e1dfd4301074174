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
    "grid": {"capabilities", "imaging", "api", "store", "grid"},
    "widgets": {"capabilities", "imaging", "emulator", "api", "store", "grid", "widgets"},
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
    "grid": {"theme", "views", "runs", "controls", "history", "edit", "top", "grid"},
}
"""For each room of ``widgets/``, the rooms its modules may import from. ``views`` are the modules
with a front end at the top (preview and its frames, mask_painter and its marks, gallery,
prompt), ``top`` the Studio and ``iw.generate``; the packages are rooms of their own. So runs/
imports none of edit/, controls/, history/; controls/ none of runs/, edit/, history/; history/
none of edit/, controls/; the views none of edit/, controls/; grid/ (``iw.Grid``) may use them
all, the Studio included (its "Use these settings" opens one), and nothing uses grid/."""
VIEWS = {"preview", "frames", "mask_painter", "painter_markup", "marks", "gallery", "prompt"}
WIDGETS = PACKAGE / "widgets"


def layer_of(path: Path) -> str | None:
    """The layer a module of the package belongs to (``None`` for the package's ``__init__``)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return None if parts == ("__init__",) else parts[0]


def imported_names(path: Path) -> list[str]:
    """Every module a module imports by absolute name, at any depth (lazy imports count too)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def imported_layers(path: Path) -> set[str]:
    """The layers of ``imagewidgets`` a module imports."""
    parts = (name.split(".") for name in imported_names(path))
    return {p[1] for p in parts if p[0] == "imagewidgets" and len(p) > 1}


def room_of(name: str) -> str:
    """The room of ``widgets/`` a module (``"runs.area"``, ``"preview"``) belongs to."""
    first = name.split(".")[0]
    if "." in name or (WIDGETS / first).is_dir():
        return first
    return "views" if first in VIEWS else "theme" if first == "theme" else "top"


def imported_rooms(path: Path) -> set[str]:
    """The rooms of ``widgets/`` a module imports."""
    prefix = "imagewidgets.widgets."
    names = imported_names(path)
    return {room_of(name.removeprefix(prefix)) for name in names if name.startswith(prefix)}


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


def module_name(path: Path) -> str:
    """``imagewidgets.store.store`` for ``store/store.py``; a package's ``__init__`` is its name."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


ALL_MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_at_run_time(path: Path) -> set[str]:
    """The package's modules ``path`` imports when it runs: at the top or inside functions, but
    not under ``if TYPE_CHECKING:`` (only the type checker reads those)."""
    found: set[str] = set()
    for node in _run_time_nodes(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, _package_of(path))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in ALL_MODULES else base)
    return {name for name in found if name in ALL_MODULES}


def _package_of(path: Path) -> str:
    if not path.is_relative_to(PACKAGE):
        return ""
    name = module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if node.level == 0:
        return node.module or ""
    parts = package.split(".")
    parts = parts[: len(parts) - node.level + 1]
    return ".".join([*parts, *([node.module] if node.module else [])])


def _run_time_nodes(tree: ast.AST) -> list[ast.AST]:
    nodes, todo = [], [tree]
    while todo:
        node = todo.pop()
        nodes.append(node)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                todo += child.orelse
            else:
                todo.append(child)
    return nodes


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, round and round (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group: list[str] = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1 or module in graph.get(module, ()):
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


def test_no_module_closes_an_import_circle() -> None:
    graph = {name: imports_at_run_time(path) for name, path in ALL_MODULES.items()}
    assert import_circles(graph) == []


def test_the_circle_check_counts_imports_inside_functions_not_type_checking_ones(
    tmp_path: Path,
) -> None:
    module = tmp_path / "two.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from imagewidgets.store.store import Store\n"
        "def later():\n    from imagewidgets.api import results\n"
    )
    assert imports_at_run_time(module) == {"imagewidgets.api.results"}
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert import_circles(graph) == [["a", "b", "c"], ["e"]]
