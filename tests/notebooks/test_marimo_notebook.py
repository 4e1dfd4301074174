"""The marimo notebook is a valid marimo app (``marimo check --strict``: cells, names, format),
and runs as a script offline up to the first button (its run buttons are not pressed there).

The browser test (``tests/browser/test_marimo.py``) presses them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "marimo_studio.py"


def offline_environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    for name in ("IMAGEWIDGETS_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(tmp_path / name.lower())
    return env


def test_the_marimo_notebook_passes_marimo_check(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "marimo", "check", "--strict", str(NOTEBOOK)]
    done = subprocess.run(
        command, env=offline_environment(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_marimo_notebook_runs_as_a_script_offline(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(NOTEBOOK)],
        cwd=tmp_path,
        env=offline_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
