"""Nothing imports upward: each layer imports only the layers below it (DESIGN.md, "Layers")."""

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


MODULES = sorted(path for path in PACKAGE.rglob("*.py") if layer_of(path) is not None)


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
