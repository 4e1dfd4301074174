"""Start and stop a real JupyterLab 4, Notebook 7, Voilà or marimo server for the browser tests.

The server runs from this project's virtualenv, on a free loopback port, with a random token, in a
fresh environment (temporary Jupyter/IPython config, a temporary ``IMAGEWIDGETS_HOME`` and no
``OPENAI_API_KEY``: the kernel always uses the offline emulator). It runs in its own process group
and is stopped by that group's id, so nothing else on the machine is touched::

    with JupyterServer.running("lab", root_dir) as server:
        server.url("lab/tree/demo.ipynb?reset")

For marimo, ``root_dir`` is the notebook file it runs as an app (``marimo run``).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tests.support.models import DONE_WHEN

__all__ = ["App", "JupyterServer", "free_port", "jupyter_environment"]

App = Literal["lab", "notebook", "voila", "marimo"]
STARTUP_SECONDS = 90.0
# Run by every kernel the server starts (IPython startup file): the image store a test chose.
STORE_STARTUP = """\
import os as _os, pathlib as _pathlib
_chosen = _pathlib.Path(_os.environ["IW_TEST_STORE_CHOICE"])
if _chosen.exists():
    _os.environ["IMAGEWIDGETS_HOME"] = _chosen.read_text(encoding="utf-8").strip()
del _os, _pathlib, _chosen
"""
QUIET_EXTENSIONS = {
    "@jupyterlab/apputils-extension:announcements": True,
    "@jupyterlab/lsp-extension:plugin": True,
}


def free_port() -> int:
    """A loopback port that was free a moment ago (the OS picks it: port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def jupyter_environment(home: Path) -> dict[str, str]:
    """A copy of this environment with every Jupyter/IPython/imagewidgets location under ``home``.

    ``OPENAI_*`` variables are removed so the notebooks can only ever talk to the emulator, and
    kernels live on the done-when day of issue 11 (``IMAGEWIDGETS_TODAY``), like every test.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    for name in ("config", "data", "runtime", "ipython", "imagewidgets"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        IMAGEWIDGETS_HOME=str(home / "imagewidgets"),
        IW_TEST_STORE_CHOICE=str(home / "store-choice.txt"),
        PYTHONUNBUFFERED="1",
        IMAGEWIDGETS_TODAY=DONE_WHEN.isoformat(),
    )
    startup = home / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-image-store.py").write_text(STORE_STARTUP, encoding="utf-8")
    labconfig = home / "config" / "labconfig"
    labconfig.mkdir(exist_ok=True)
    page_config = {"disabledExtensions": QUIET_EXTENSIONS}
    (labconfig / "page_config.json").write_text(json.dumps(page_config))
    return env


@dataclass
class JupyterServer:
    """One running ``jupyter lab`` or ``jupyter notebook`` process serving ``root_dir``."""

    app: App
    root_dir: Path
    home: Path
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen[bytes] | None = None

    @classmethod
    @contextlib.contextmanager
    def running(cls, app: App, root_dir: Path, home: Path | None = None) -> Iterator[JupyterServer]:
        """Start a server, yield it once it answers, and always stop it afterwards."""
        with contextlib.ExitStack() as stack:
            if home is None:
                home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="iw-jupyter-")))
            server = cls(app, Path(root_dir), home)
            stack.callback(server.stop)
            server.start()
            yield server

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/``."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def log_path(self) -> Path:
        """Where the server's stdout and stderr go (read it when something fails)."""
        return self.home / f"jupyter-{self.app}.log"

    def url(self, path: str) -> str:
        """The address of ``path`` on this server, carrying the token."""
        separator = "&" if "?" in path else "?"
        name = "access_token" if self.app == "marimo" else "token"
        return f"{self.base_url}{path.lstrip('/')}{separator}{name}={self.token}"

    def start(self, attempts: int = 3) -> None:
        """Launch the server; retry on a new port if another process took the chosen one."""
        self.home.mkdir(parents=True, exist_ok=True)
        for _ in range(attempts):
            self.port = free_port()
            self._launch()
            if self._wait_until_ready():
                return
            self.stop()
        raise RuntimeError(f"jupyter {self.app} did not start:\n{self.log_tail()}")

    def _launch(self) -> None:
        program = {"voila": ["voila"], "marimo": ["marimo", "-y", "run"]}
        command = [sys.executable, "-m", *program.get(self.app, ["jupyter", self.app])]
        env = jupyter_environment(self.home)
        if self.app == "marimo":  # its settings and caches under home too
            for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
                env[name] = str(self.home / "config")
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, *self._arguments()],
                cwd=self.home if self.app == "marimo" else self.root_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _arguments(self) -> list[str]:
        if self.app == "marimo":  # the notebook as an app: its cells run when a page opens
            return [
                str(self.root_dir),
                "--headless",
                "--host=127.0.0.1",
                f"--port={self.port}",
                f"--token-password={self.token}",
                "--no-sandbox",
            ]
        if self.app == "voila":  # a standalone Voilà: the notebooks as apps, no code shown
            return [
                "--no-browser",
                "--Voila.ip=127.0.0.1",
                f"--port={self.port}",
                "--Voila.port_retries=0",
                f"--token={self.token}",
                str(self.root_dir),
            ]
        app_class = "LabApp" if self.app == "lab" else "JupyterNotebookApp"
        arguments = [
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--{app_class}.expose_app_in_browser=True",
        ]
        if self.app == "lab":
            arguments += [
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
            ]
        return arguments

    def _wait_until_ready(self) -> bool:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            with contextlib.suppress(OSError, urllib.error.URLError):
                if self._answers():
                    return True
            time.sleep(0.25)
        return False

    def _answers(self) -> bool:
        """Whether the server answers (Voilà and marimo have no Jupyter REST API: their front
        page, or health check, then)."""
        if self.app in ("lab", "notebook"):
            return self.api("api/status") is not None
        page = self.url("health" if self.app == "marimo" else "")
        with urllib.request.urlopen(page, timeout=10) as response:
            return int(response.status) == 200

    def api(self, path: str, method: str = "GET") -> Any:
        """Call the server's REST API; the decoded JSON body (``None`` when empty)."""
        request = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def use_image_store(self, path: Path) -> None:
        """Kernels started from now on (and restarted ones) keep their images in ``path``.

        Each test gets its own store this way, while one server serves them all.
        """
        (self.home / "store-choice.txt").write_text(str(path), encoding="utf-8")

    def shutdown_kernels(self) -> None:
        """Shut down every kernel this server started (between tests, so none piles up)."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(OSError, urllib.error.URLError):
            for kernel in self.api("api/kernels"):
                self.api(f"api/kernels/{kernel['id']}", method="DELETE")

    def stop(self) -> None:
        """Stop the process this object started (its own process group), and nothing else."""
        process = self.process
        if process is not None and process.poll() is None:
            self.shutdown_kernels()
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=15)
        self.process = None

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server log."""
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Signal the group led by ``process`` (``start_new_session`` made its pid the group id)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
