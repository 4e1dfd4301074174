"""Helpers shared by the tests: fixtures, fakes and builders, one module a concern."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository's top folder."""
