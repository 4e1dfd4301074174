"""Run a notebook the way a newcomer would, with no key: the kernel answers from the emulator.

Used by the notebook tests (``test_notebooks_*.py``)::

    execute_offline(notebook, tmp_path, monkeypatch)   # raises CellExecutionError on a failure
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nbclient import NotebookClient

__all__ = ["execute_offline"]

KEY_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID")
LOCATIONS = {
    "IMAGEWIDGETS_HOME": "imagewidgets",
    "IPYTHONDIR": "ipython",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
}


def execute_offline(notebook: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Execute ``notebook`` in place in a fresh kernel: no key, every location under tmp_path."""
    for name in KEY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for variable, folder in LOCATIONS.items():
        (tmp_path / folder).mkdir(exist_ok=True)
        monkeypatch.setenv(variable, str(tmp_path / folder))
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    )
    client.execute()
