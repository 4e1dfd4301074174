"""The emulator's ASGI application: routing, the API key check, request ids and errors.

Routes (under ``/v1``, the base URL clients use; ``/openai/v1`` when it plays Azure):

- ``POST /v1/images/generations``, ``/v1/images/edits``;
- ``POST /v1/images/variations``: retired (a 404 saying what replaces it), unless the config
  plays a compatible server that still serves it (``serves_retired=True``);
- ``GET /v1/models`` and ``/v1/models/{id}``: the models served today, with ``shutdown_date``;
- ``/v1/files`` and ``/v1/batches``: the Files and Batch APIs (:mod:`.batch_routes`), batches of
  images requests that progress over ``EmulatorConfig.batch_seconds``;
- ``GET /v1/emulator/files/<name>``: the images behind dall-e ``url`` responses (no key needed,
  like the service's signed URLs).

Anything else is a 404 in the service's error shape. Every response has ``x-request-id``. The key
goes in ``Authorization: Bearer <anything>`` (Azure: an ``api-key`` header, or a bearer token).

Example:
    >>> import httpx
    >>> from imagewidgets.emulator import EmulatorConfig, StreamingASGITransport, create_app
    >>> app = create_app(EmulatorConfig(pace=0))
    >>> client = httpx.AsyncClient(transport=StreamingASGITransport(app), base_url="http://emulator/v1")
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import MutableMapping
from typing import Any

from imagewidgets.capabilities import Endpoint
from imagewidgets.emulator.batch_routes import PREFIXES, BatchApi
from imagewidgets.emulator.catalog import model_object, models_list
from imagewidgets.emulator.config import EmulatorConfig
from imagewidgets.emulator.errors import ConnectionDropped, ServiceError
from imagewidgets.emulator.faults import FaultBook
from imagewidgets.emulator.files import FileStore
from imagewidgets.emulator.responses import (
    Receive,
    Response,
    Send,
    error_response,
    json_response,
)
from imagewidgets.emulator.service import ImagesService

__all__ = ["EmulatorApp", "create_app"]

Scope = MutableMapping[str, Any]
logger = logging.getLogger("imagewidgets.emulator")

ENDPOINTS: dict[str, Endpoint] = {
    "/v1/images/generations": "generate",
    "/v1/images/edits": "edit",
    "/v1/images/variations": "variation",
}
FILES = "/v1/emulator/files/"
NO_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header "
    "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). The offline emulator accepts any key."
)
NO_AZURE_KEY = (
    "Access denied due to missing subscription key. Make sure to include subscription key when "
    "making requests to an API (the api-key header). The offline emulator accepts any key."
)
MODELS_PATH = "/v1/models"
VARIATIONS_RETIRED = (
    "This endpoint is retired and no longer available. Use the image edits endpoint with a GPT "
    "Image model and a prompt to create a variation of an image."
)


class EmulatorApp:
    """An ASGI 3 application speaking the Images API wire protocol (see :func:`create_app`)."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self.files = FileStore()
        self.images = ImagesService(self.config, FaultBook(self.config.faults), self.files)
        self.batches = BatchApi(self.config, self.images)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = f"req_{secrets.token_hex(16)}"
        try:
            response = await self._route(scope, await _read_body(receive))
        except ServiceError as error:
            response = error_response(error)
        except ConnectionDropped:
            raise
        except Exception as error:
            logger.exception("the emulator failed on request %s", request_id)
            response = error_response(
                ServiceError(500, f"Emulator error: {error}", type="server_error")
            )
        await response.send(send, receive, request_id)

    async def _route(self, scope: Scope, body: bytes) -> Response:
        method, path = scope["method"], self._own_path(scope)
        headers = _headers(scope)
        if method == "GET" and path.startswith(FILES):
            return self._file(path[len(FILES) :])
        if method == "GET" and (path == MODELS_PATH or path.startswith(MODELS_PATH + "/")):
            self._check_key(headers)
            return self._models(path[len(MODELS_PATH) + 1 :])
        base = _base_url(scope, headers, "/openai/v1" if self.config.azure else "/v1")
        if path.startswith(PREFIXES):
            self._check_key(headers)
            return await self.batches.route(method, path, headers, body, base)
        endpoint = ENDPOINTS.get(path)
        if endpoint is None or method != "POST":
            raise ServiceError(404, f"Invalid URL ({method} {path})")
        self._check_key(headers)
        if endpoint == "variation" and not self.config.serves_retired:
            raise ServiceError(404, VARIATIONS_RETIRED)
        return await self.images.handle(endpoint, headers, body, base)

    def _own_path(self, scope: Scope) -> str:
        path = _path(scope)
        if self.config.azure:
            return path.removeprefix("/openai") if path.startswith("/openai/v1/") else "/-" + path
        return path

    def _check_key(self, headers: dict[str, str]) -> None:
        bearer = headers.get("authorization", "").lower().startswith("bearer ")
        if self.config.azure and not (bearer or headers.get("api-key")):
            raise ServiceError(401, NO_AZURE_KEY, code="401")
        if not self.config.azure and not bearer:
            raise ServiceError(401, NO_KEY, code="missing_api_key")

    def _models(self, model: str) -> Response:
        if model:
            return json_response(200, model_object(model, self.config))
        return json_response(200, models_list(self.config))

    def _file(self, name: str) -> Response:
        found = self.files.get(name)
        if found is None:
            raise ServiceError(
                404, f"No such file {name!r}: emulator image URLs expire after 60 minutes."
            )
        data, content_type = found
        return Response(
            200, [("content-type", content_type), ("content-length", str(len(data)))], data
        )


def create_app(config: EmulatorConfig | None = None) -> EmulatorApp:
    """A new emulator app (its own fault counts and URL files); ``ValueError`` for a bad fault spec.

    Example:
        >>> app = create_app(EmulatorConfig(pace=0, faults=("server_error;times=1",)))
    """
    return EmulatorApp(config)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def _path(scope: Scope) -> str:
    path = str(scope.get("path", "/"))
    root = str(scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root) else path


def _headers(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", []):
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        found[name] = f"{found[name]}, {value}" if name in found else value
    return found


def _base_url(scope: Scope, headers: dict[str, str], prefix: str) -> str:
    scheme = scope.get("scheme", "http")
    host = headers.get("host")
    if host is None:
        server = scope.get("server") or ("localhost", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scheme}://{host}{scope.get('root_path', '')}{prefix}"
