"""The pieces every browser test and the browser benchmark share: Chromium and notebook files.

Chromium is Debian's (``/usr/bin/chromium``, installed by ``scripts/setup --browser``), driven by
the Python ``playwright`` package; Playwright's own browser download is never used::

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright, Route

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "FRAME_RECORDER",
    "NOTEBOOKS",
    "block_outside",
    "copy_notebooks",
    "launch_chromium",
    "write_notebook",
]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
FRAME_RECORDER = Path(__file__).with_name("frame_recorder.js")
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch Debian's Chromium headless; a clear error when it is not installed."""
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"Chromium is missing at {CHROMIUM}: run `scripts/setup --browser` "
            "(it installs Debian's chromium package)."
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
    )


def write_notebook(directory: Path, name: str, cells: Sequence[str]) -> Path:
    """Write a notebook of code cells (no outputs) for a test to open; return its path."""
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"cell-{number}",
                "metadata": {},
                "outputs": [],
                "source": source,
            }
            for number, source in enumerate(cells)
        ],
        "metadata": {"kernelspec": KERNELSPEC},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = directory / name
    path.write_text(json.dumps(notebook, indent=1))
    return path


def copy_notebooks(directory: Path) -> None:
    """Copy the project's notebooks into ``directory`` (the server's root), outputs and all."""
    directory.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
        shutil.copy(notebook, directory / notebook.name)


LOOPBACK = ("http://127.0.0.1", "https://127.0.0.1", "http://localhost", "blob:", "data:")


def block_outside(page: Page) -> list[str]:
    """Refuse every request of ``page`` that leaves this machine, as an offline classroom would;
    returns the list the refused addresses are added to."""
    refused: list[str] = []

    def route(route: Route) -> None:
        if route.request.url.startswith(LOOPBACK):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    page.route("**/*", route)
    return refused
