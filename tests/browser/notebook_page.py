"""Drive a notebook open in JupyterLab 4 or Notebook 7 through Playwright.

The servers expose the front-end application as ``window.jupyterapp``, so the helpers run
JupyterLab commands (run all, restart, change theme) instead of clicking through menus, and read
the notebook's own model to know when the kernel is done::

    page = NotebookPage(playwright_page, server)
    page.open("demo.ipynb")
    page.run_all()
    page.page.get_by_role("button", name="Generate").click()
    page.screenshot("after-generate")
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

from .servers import JupyterServer

__all__ = ["SCREENSHOTS", "NotebookPage"]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
KERNEL_SECONDS = 120.0

# The open notebook's panel, in JupyterLab and in Notebook 7 alike.
_PANEL = (
    "(() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
    " return w && w.content && w.sessionContext ? w : null; })()"
)

_RUN_STATE = f"""() => {{
  const panel = {_PANEL};
  if (!panel) return null;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.filter((cell) => cell.model.type === 'code');
  const errors = [];
  for (const cell of cells) {{
    for (const output of cell.model.outputs.toJSON()) {{
      if (output.output_type === 'error') errors.push(output.ename + ': ' + output.evalue);
    }}
  }}
  return {{
    kernel: kernel ? kernel.status : 'none',
    pending: cells.filter((cell) => cell.model.executionCount === null).length,
    errors,
  }};
}}"""


_EXECUTE = f"""async (code) => {{
  const kernel = {_PANEL}.sessionContext.session.kernel;
  const future = kernel.requestExecute({{ code, store_history: false }});
  let out = '';
  let error = null;
  future.onIOPub = (msg) => {{
    if (msg.header.msg_type === 'stream') out += msg.content.text;
    if (msg.header.msg_type === 'error') error = msg.content.ename + ': ' + msg.content.evalue;
  }};
  await future.done;
  return {{ out, error }};
}}"""


class NotebookPage:
    """A Playwright page showing one notebook on a :class:`JupyterServer`."""

    def __init__(self, page: Page, server: JupyterServer) -> None:
        self.page = page
        self.server = server

    def open(self, name: str) -> None:
        """Open ``name`` (relative to the server's root) and wait until its kernel is idle.

        On Voilà the notebook runs as the page loads, and the page has no JupyterLab to ask:
        wait for what the test expects to see instead.
        """
        if self.server.app == "voila":
            self.page.goto(self.server.url(f"voila/render/{name}"))
            return
        path = f"lab/tree/{name}?reset" if self.server.app == "lab" else f"notebooks/{name}"
        self.page.goto(self.server.url(path))
        self.page.wait_for_function(f"() => {_PANEL} !== null", timeout=60_000)
        self.wait_for_kernel()

    def wait_for_kernel(self) -> None:
        """Wait until the notebook's kernel is connected and idle."""
        self.page.wait_for_function(
            f"() => {{ const p = {_PANEL}; const k = p && p.sessionContext.session && "
            "p.sessionContext.session.kernel; return !!k && k.connectionStatus === 'connected' "
            "&& k.status === 'idle'; }",
            timeout=KERNEL_SECONDS * 1000,
        )

    def command(self, command: str, args: dict[str, Any] | None = None) -> Any:
        """Run a front-end command (e.g. ``notebook:run-all-cells``) and return its result."""
        return self.page.evaluate(
            "([id, args]) => window.jupyterapp.commands.execute(id, args)", [command, args or {}]
        )

    def run_all(self) -> None:
        """Clear every output, run all cells, and wait until each one has run.

        A cell that raises fails the test at once, with the kernel's error message.
        """
        self.command("notebook:clear-all-cell-outputs")
        self.command("notebook:run-all-cells")
        deadline = time.monotonic() + KERNEL_SECONDS
        while time.monotonic() < deadline:
            state = self.page.evaluate(_RUN_STATE)
            if state and state["errors"]:
                raise AssertionError(f"a cell failed: {state['errors']}")
            if state and state["pending"] == 0 and state["kernel"] == "idle":
                return
            self.page.wait_for_timeout(200)
        raise AssertionError(f"cells still running after {KERNEL_SECONDS} s: {state}")

    def python(self, code: str) -> str:
        """Run ``code`` in the notebook's kernel (not in a cell) and return what it printed."""
        result = self.page.evaluate(_EXECUTE, code)
        if result["error"]:
            raise AssertionError(f"kernel raised {result['error']} running:\n{code}")
        return str(result["out"])

    def value(self, expression: str) -> Any:
        """The JSON value of a Python ``expression`` evaluated in the notebook's kernel."""
        return json.loads(self.python(f"import json as _j; print(_j.dumps({expression}))"))

    def wait_for(self, expression: str, seconds: float = 30.0) -> None:
        """Poll the kernel until the Python ``expression`` is true (e.g. the mask has synced
        after a stroke); fail with its last value after ``seconds``."""
        deadline = time.monotonic() + seconds
        while not (value := self.value(f"bool({expression})")) and time.monotonic() < deadline:
            self.page.wait_for_timeout(200)
        assert value, f"{expression} still false after {seconds} s"

    def frames(self, preview: str | None = None) -> list[dict[str, Any]]:
        """The preview frames the page has shown so far (see ``frame_recorder.js``), in order.

        Waits until each one is hashed and painted. ``preview`` keeps only those of the preview
        with that accessible name.
        """
        self.page.wait_for_function(
            "() => (window.__iwFrames || []).every("
            "(f) => f.digest !== undefined && f.painted !== undefined)"
        )
        frames: list[dict[str, Any]] = self.page.evaluate("() => window.__iwFrames || []")
        return [f for f in frames if preview is None or f["preview"] == preview]

    def restart_kernel(self) -> None:
        """Restart the kernel without a dialog and wait until the new one is idle."""
        self.page.evaluate(f"async () => {{ await {_PANEL}.sessionContext.restartKernel(); }}")
        self.page.wait_for_timeout(500)
        self.wait_for_kernel()

    def output(self, cell: int) -> Locator:
        """The output area of code/markdown cell number ``cell`` (0-based, all cells count)."""
        return self.page.locator(".jp-Notebook .jp-Cell").nth(cell).locator(".jp-OutputArea")

    def widget(
        self, role: str, name: str | re.Pattern[str], *, within: Locator | None = None
    ) -> Locator:
        """Wait for a visible element with this accessible role and name; return its locator."""
        scope: Page | Locator = within if within is not None else self.page
        locator = scope.get_by_role(role, name=name).first  # type: ignore[arg-type]
        locator.wait_for(state="visible", timeout=60_000)
        return locator

    def set_theme(self, theme: str) -> None:
        """Switch to ``theme`` ("JupyterLab Dark" / "JupyterLab Light") and wait for it."""
        self.command("apputils:change-theme", {"theme": theme})
        light = "false" if "Dark" in theme else "true"
        self.page.wait_for_function(
            f"() => document.body.dataset.jpThemeLight === '{light}'", timeout=30_000
        )
        self.page.wait_for_timeout(300)

    @contextlib.contextmanager
    def dark_theme(self) -> Iterator[None]:
        """Use the dark theme inside the block; back to light afterwards (it is a saved setting)."""
        self.set_theme("JupyterLab Dark")
        try:
            yield
        finally:
            self.set_theme("JupyterLab Light")

    def screenshot(self, name: str, *, target: Locator | None = None) -> Path:
        """Save a PNG of the page (or of ``target``) as a test artefact; return its path."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.server.app}-{name}.png"
        if target is not None:
            target.screenshot(path=path)
        else:
            self.page.screenshot(path=path)
        return path
