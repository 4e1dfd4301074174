"""The offline backend: an emulator of the OpenAI Images API, in-process or on a local socket.

It speaks today's service (``shared/spec/WIRE-2026-11.md``: JSON responses with the echo fields,
``usage`` with ``output_tokens_details``, ``safety_identifier`` and ``svg_usage``; SSE streams of
partial and completed events; errors in the service's shape with ``x-request-id``) and refuses
exactly what :mod:`imagewidgets.capabilities` refuses, its guesses counted as refusals. Its images
are deterministic pictures of the prompt (same request, same bytes): a sky, one shape per content
word, the prompt's words as a caption and a small "offline" mark, at any allowed size and format,
with a real transparent background when asked; an animated GIF of it (:mod:`.gif`) or a small SVG
(:mod:`.svg`). Edits change only the masked area and answer at the service's sizes; dall-e-2
variations (on a compatible server only) recolour and reframe their source.

Today's service: the models served on the config's day (``EmulatorConfig.today``), listed by
``GET /v1/models`` with their ``shutdown_date``; a shut-down model gets a 400 ``model_not_found``
naming its date, ``/v1/images/variations`` a 404 saying it is retired. ``serves_retired=True``
plays a compatible server that still serves them; ``azure=True`` plays Azure OpenAI's v1 API.

Three ways to use it::

    from imagewidgets.emulator import EmulatorConfig, EmulatorServer
    from imagewidgets.emulator import StreamingASGITransport, create_app

    app = create_app(EmulatorConfig(pace=0.3))                    # an ASGI app
    transport = StreamingASGITransport(app)                       # in-process, streaming
    client = httpx.AsyncClient(transport=transport, base_url="http://emulator/v1")
    with EmulatorServer(EmulatorConfig(pace=0)) as server:        # uvicorn on 127.0.0.1, free port
        OpenAI(base_url=server.url, api_key="offline")            # any key is accepted

or from a shell: ``python -m imagewidgets.emulator --host 127.0.0.1 --port 0`` (prints the URL).

Requests need an ``Authorization: Bearer <anything>`` header (401 otherwise). The header
``x-emulator-pace: <seconds>`` overrides the pace (seconds before each stream event) for one
request. dall-e ``url`` responses point at ``GET /v1/emulator/files/<name>`` on the same base URL.

Faults on demand
----------------
Send ``x-emulator-fault: <name>[;times=N][;after=K][;seconds=S]`` with a request, or give the
same specs to the whole app: ``EmulatorConfig(faults=("rate_limit;times=1",))`` or the CLI's
repeatable ``--fault``. A request's header is considered first, then the app's specs in order.
With ``times=N`` a spec fires for the first N requests carrying that same spec (counted per
spec), then requests succeed; without it the fault fires every time. Faults apply to valid
images requests only (a request the rules refuse gets its 400 and consumes no fault).

Before any header is sent:

- ``rate_limit``: 429, type ``requests``, code ``rate_limit_exceeded``, headers ``retry-after``
  (whole seconds, rounded up) and ``retry-after-ms``; ``seconds=S`` sets the delay (default 1).
- ``server_error``: 500, type ``server_error``.
- ``unavailable``: 503, type ``server_error``, code ``service_unavailable``.
- ``org_not_verified``: 403, type ``invalid_request_error``, the service's "Your organization
  must be verified to use the model ..." message, param and code null.
- ``moderation``: 400, type ``image_generation_user_error``, code ``moderation_blocked``.
- ``drop``: the connection closes before any header (httpx: ``RemoteProtocolError``).
- ``slow``: waits ``seconds`` (default 3) before answering normally (client time-outs).

Inside the body (``after=K``: the fault strikes after partial frame K, i.e. after K+1 good
events; without ``after`` it strikes at the first event; when the stream has fewer events it
strikes at the last one, so the completed image is never delivered intact):

- ``cut``: the connection closes in the middle of the stream (httpx: ``RemoteProtocolError``,
  incomplete body). Without streaming: half of the JSON body, then the connection closes.
- ``malformed_sse``: an event whose ``data:`` JSON is cut short, then the stream ends.
  Without streaming: a 200 whose JSON body is cut short.
- ``invalid_base64``: that event's ``b64_json`` is not base64; the stream then goes on.
  Without streaming: ``data[0].b64_json`` is not base64.
- ``stream_error``: an ``event: error`` whose data is ``{"error": {message, type, param,
  code}}`` (type ``server_error``), then the stream ends. Without streaming: a 500.

Streams send image 0's partial frames and completed event, then image 1's, and so on (the
events carry no image index; a completed event closes each image). Each completed event's
``usage`` counts the request's input and that one image's output.
"""

from __future__ import annotations

from imagewidgets.emulator.app import EmulatorApp, create_app
from imagewidgets.emulator.config import EmulatorConfig
from imagewidgets.emulator.errors import ConnectionDropped
from imagewidgets.emulator.server import EmulatorServer
from imagewidgets.emulator.transport import StreamingASGITransport

__all__ = [
    "ConnectionDropped",
    "EmulatorApp",
    "EmulatorConfig",
    "EmulatorServer",
    "StreamingASGITransport",
    "create_app",
]
