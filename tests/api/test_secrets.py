"""The API key appears in no repr, message, log line or traceback."""

from __future__ import annotations

import logging
import pickle
import traceback

import httpx
import pytest

from imagewidgets.api.config import Secret, resolve_settings
from imagewidgets.api.errors import APIConnectionError, AuthenticationError, StreamError
from tests.support.api import API_KEY, Server, collect, error_response, images_json, png, sse

FRAGMENT = "SECRETKEY"  # a part of API_KEY that no masking would keep


def assert_clean(text: str) -> None:
    assert API_KEY not in text
    assert FRAGMENT not in text


def test_client_repr_str_and_attributes() -> None:
    client = Server(images_json(png())).client()
    assert_clean(repr(client))
    assert_clean(str(client))
    assert_clean(repr(vars(client)))
    assert_clean(repr(vars(client._sender)))
    assert_clean(repr(client._settings))
    assert_clean(f"{client._settings.api_key}")


def test_secret_cannot_be_pickled_or_printed() -> None:
    secret = Secret(API_KEY)
    assert_clean(repr(secret) + str(secret) + f"{secret!s:>40}" + f"{secret:>40}")
    with pytest.raises(TypeError, match="never pickled"):
        pickle.dumps(secret)
    assert resolve_settings(API_KEY, env={}).api_key is not None


async def test_service_message_quoting_the_key_is_scrubbed() -> None:
    message = f"Incorrect API key provided: {API_KEY[:8]}***{API_KEY[-4:]} or {API_KEY}."
    server = Server(error_response(401, message, "invalid_api_key"))
    with pytest.raises(AuthenticationError) as caught:
        await server.client().generate("fox", model="gpt-image-2.5-sunburst")
    assert_clean(str(caught.value))
    assert_clean(caught.value.message)
    assert "sk-***" in str(caught.value)
    assert "OPENAI_API_KEY" in str(caught.value)


async def test_error_raised_while_a_key_is_set_leaks_nothing_in_its_traceback() -> None:
    server = Server(httpx.ConnectError("Connection refused"))
    client = server.client(max_retries=0)
    with pytest.raises(APIConnectionError) as caught:
        await client.generate("fox", model="gpt-image-2.5-sunburst")
    error = caught.value
    assert_clean(str(error))
    assert_clean("".join(traceback.format_exception(type(error), error, error.__traceback__)))
    with_locals = traceback.TracebackException(
        type(error), error, error.__traceback__, capture_locals=True
    )
    assert_clean("".join(with_locals.format()))


async def test_stream_errors_leak_nothing() -> None:
    body = sse({"error": {"message": f"key {API_KEY} is bad", "code": "x"}})
    server = Server(
        httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)
    )
    with pytest.raises(StreamError) as caught:
        await collect(server.client().stream_generate("fox", model="gpt-image-2.5-sunburst"))
    assert_clean(str(caught.value))


async def test_logs_at_debug_level_hold_no_key(caplog: pytest.LogCaptureFixture) -> None:
    server = Server(error_response(500), images_json(png()))
    with caplog.at_level(logging.DEBUG):
        await server.client().generate("fox", model="gpt-image-2.5-sunburst")
    assert caplog.records, "httpx logs each request at this level"
    assert_clean(caplog.text)
    assert_clean(repr([record.__dict__ for record in caplog.records]))


def test_stream_error_redacts_keys_given_to_it() -> None:
    assert_clean(str(StreamError(f"oops {API_KEY}")))


async def test_a_key_of_any_shape_quoted_by_the_service_is_scrubbed() -> None:
    key = "proxy-token-SECRETKEY-42"
    server = Server(error_response(401, f"token {key} unknown"))
    with pytest.raises(AuthenticationError) as caught:
        await server.client(api_key=key).generate("fox", model="gpt-image-2.5-sunburst")
    assert key not in str(caught.value)
    assert "token *** unknown" in str(caught.value)
