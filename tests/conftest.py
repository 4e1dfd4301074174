"""Fixtures for every test: no test writes into the user's image store."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_image_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """``IMAGEWIDGETS_HOME`` in a temporary folder, so a Studio's default store stays out of ~."""
    home = tmp_path_factory.mktemp("imagewidgets-home")
    monkeypatch.setenv("IMAGEWIDGETS_HOME", str(home))
    return home
