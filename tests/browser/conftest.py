"""Fixtures for the browser tests: one Chromium; one JupyterLab, Notebook 7, Voilà, marimo per run.

Servers start lazily (a run that needs only JupyterLab never starts Notebook 7), serve a temporary
copy of ``notebooks/`` on a free loopback port, and are stopped by their own process group when the
browser tests end. Each test gets a fresh page in a shared browser context, its own image store
(``image_store``) and leaves no kernel running behind it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from .harness import CHROMIUM, FRAME_RECORDER, NOTEBOOKS, copy_notebooks, launch_chromium
from .notebook_page import NotebookPage
from .servers import App, JupyterServer

APPS: tuple[App, ...] = ("lab", "notebook")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test (``-m "not browser"`` deselects them)."""
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """The Playwright driver (sync API), stopped when the browser tests end."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium. Missing Chromium fails the browser tests; it never skips them."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `scripts/setup --browser` to install it.")
    chromium = launch_chromium(playwright)
    yield chromium
    chromium.close()


@pytest.fixture(scope="package")
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """One context (cookies for both servers' tokens) shared by every page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture(scope="package")
def notebook_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The servers' root: a copy of the project's notebooks; tests add their own beside them."""
    directory = tmp_path_factory.mktemp("served-notebooks")
    copy_notebooks(directory)
    return directory


def _serve(
    app: App, notebook_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[JupyterServer]:
    with JupyterServer.running(app, notebook_dir, tmp_path_factory.mktemp(f"home-{app}")) as server:
        yield server


@pytest.fixture(scope="package")
def lab_server(
    notebook_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[JupyterServer]:
    """JupyterLab 4 serving ``notebook_dir``."""
    yield from _serve("lab", notebook_dir, tmp_path_factory)


@pytest.fixture(scope="package")
def voila_server(
    notebook_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[JupyterServer]:
    """Voilà serving ``notebook_dir``: each notebook as an app (``voila/render/NAME``)."""
    yield from _serve("voila", notebook_dir, tmp_path_factory)


@pytest.fixture(scope="package")
def marimo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """marimo running ``notebooks/marimo_studio.py`` as an app (each page gets its own kernel)."""
    home = tmp_path_factory.mktemp("home-marimo")
    with JupyterServer.running("marimo", NOTEBOOKS / "marimo_studio.py", home) as server:
        yield server


@pytest.fixture(scope="package")
def notebook_server(
    notebook_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[JupyterServer]:
    """Notebook 7 serving ``notebook_dir``."""
    yield from _serve("notebook", notebook_dir, tmp_path_factory)


def _page(context: BrowserContext, server: JupyterServer, store: Path) -> Iterator[NotebookPage]:
    server.use_image_store(store)
    page = context.new_page()
    page.add_init_script(path=FRAME_RECORDER)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        yield NotebookPage(page, server)
    finally:
        page.close(run_before_unload=False)
        server.shutdown_kernels()


@pytest.fixture
def image_store(tmp_path: Path) -> Path:
    """This test's own image store: the kernels its notebooks start keep their images here."""
    return tmp_path / "image-store"


@pytest.fixture
def lab(
    browser_context: BrowserContext, lab_server: JupyterServer, image_store: Path
) -> Iterator[NotebookPage]:
    """A fresh page on JupyterLab 4."""
    yield from _page(browser_context, lab_server, image_store)


@pytest.fixture
def voila(
    browser_context: BrowserContext, voila_server: JupyterServer, image_store: Path
) -> Iterator[NotebookPage]:
    """A fresh page on Voilà (``open`` renders a notebook as an app; no JupyterLab commands)."""
    yield from _page(browser_context, voila_server, image_store)


@pytest.fixture
def marimo(
    browser_context: BrowserContext, marimo_server: JupyterServer, image_store: Path
) -> Iterator[NotebookPage]:
    """A fresh page on the marimo app (``page.page.goto(server.url(""))`` opens it)."""
    yield from _page(browser_context, marimo_server, image_store)


@pytest.fixture(params=APPS)
def jupyter(
    request: pytest.FixtureRequest, browser_context: BrowserContext, image_store: Path
) -> Iterator[NotebookPage]:
    """A fresh page on JupyterLab 4, then (a second run of the test) on Notebook 7."""
    server: JupyterServer = request.getfixturevalue(f"{request.param}_server")
    yield from _page(browser_context, server, image_store)
