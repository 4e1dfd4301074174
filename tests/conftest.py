"""Fixtures for every test: no test writes into the user's image store, and "today" is fixed."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from imagewidgets.capabilities import TODAY_ENV

warn = importlib.import_module("imagewidgets.capabilities.warn")

TODAY = "2026-12-02"
"""The day every test lives on unless it sets its own: after the 2026-12-01 shutdowns."""


@pytest.fixture(autouse=True)
def _private_image_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """``IMAGEWIDGETS_HOME`` in a temporary folder, so a Studio's default store stays out of ~."""
    home = tmp_path_factory.mktemp("imagewidgets-home")
    monkeypatch.setenv("IMAGEWIDGETS_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """``IMAGEWIDGETS_TODAY`` set to :data:`TODAY` (a test may set its own with monkeypatch),
    and every doubt of the rules (a deprecated model, an unknown parameter) warned afresh."""
    monkeypatch.setenv(TODAY_ENV, TODAY)
    monkeypatch.setattr(warn, "_said", set())
