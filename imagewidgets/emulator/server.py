"""``EmulatorServer``: the emulator on a real socket (uvicorn in a background thread).

For anything that wants a URL rather than an in-process transport: the official SDK, a browser,
another process. Port 0 picks a free port; :attr:`EmulatorServer.url` is the base URL to give a
client. Faults that drop a connection really close the socket (a small subclass of uvicorn's h11
protocol does that; a plain uvicorn would answer 500 instead).

Example:
    >>> from imagewidgets.emulator import EmulatorConfig, EmulatorServer
    >>> with EmulatorServer(EmulatorConfig(pace=0)) as server:
    ...     server.url.startswith("http://127.0.0.1:") and server.url.endswith("/v1")
    True
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from imagewidgets.emulator.app import create_app
from imagewidgets.emulator.config import EmulatorConfig
from imagewidgets.emulator.errors import ConnectionDropped

__all__ = ["EmulatorServer", "bind"]

START_TIMEOUT = 15.0
DISCONNECT_TIMEOUT = 5.0


class DroppingH11Protocol(H11Protocol):
    """uvicorn's h11 protocol where an app raising ``ConnectionDropped`` closes the connection.

    Whatever the app already sent is flushed first: before the headers that is nothing (a
    dropped connection), during a body it is a response cut short.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        app = self.app

        async def guarded(scope: Any, receive: Any, send: Any) -> None:
            try:
                await app(scope, receive, send)
            except ConnectionDropped:
                transport.close()
                await _until_disconnected(receive)

        self.app = guarded


async def _until_disconnected(receive: Any) -> None:
    async def wait() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(wait(), DISCONNECT_TIMEOUT)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def uvicorn_server(config: EmulatorConfig | None) -> uvicorn.Server:
    """A uvicorn server for a new emulator app, quiet, with connection-dropping faults."""
    settings = uvicorn.Config(
        create_app(config),
        http=DroppingH11Protocol,
        lifespan="off",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(settings)


class EmulatorServer:
    """The emulator served by uvicorn on ``host:port`` from a background thread.

    Use it as a context manager (or call :meth:`start` and :meth:`stop`).
    """

    def __init__(
        self, config: EmulatorConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.config = config or EmulatorConfig()
        self.host = host
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL clients use, ``http://HOST:PORT/v1``."""
        if self._server is None:
            raise RuntimeError("The emulator server is not running; call start() first.")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    def start(self) -> EmulatorServer:
        """Bind, start serving in a daemon thread and wait until it accepts requests."""
        if self._server is not None:
            return self
        sock = bind(self.host, self.port)
        self.port = sock.getsockname()[1]
        self._server = uvicorn_server(self.config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name="imagewidgets-emulator",
            daemon=True,
        )
        self._thread.start()
        self._wait_started()
        return self

    def _wait_started(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        assert self._server is not None
        assert self._thread is not None
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("The emulator server did not start.")
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop serving and wait for the thread to end (open streams get two seconds)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = None
        self._thread = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = self.url if self._server is not None else "stopped"
        return f"EmulatorServer({state})"
