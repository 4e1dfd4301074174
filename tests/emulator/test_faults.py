"""Faults on demand, per request (header) and server-wide (config), as the package documents."""

from __future__ import annotations

import base64
import binascii
import json

import httpx
import pytest

from imagewidgets.emulator import EmulatorConfig, create_app
from imagewidgets.emulator.faults import FAULT_NAMES, FaultBook, parse_fault
from tests.support.emulator import emulator_client, parse_sse

GPT = {"prompt": "a red fox", "model": "gpt-image-2.5-sunburst"}
STREAM = {**GPT, "stream": True, "partial_images": 3}


def fault(spec: str) -> dict[str, str]:
    return {"x-emulator-fault": spec}


@pytest.mark.parametrize(
    ("spec", "status", "error_type", "code"),
    [
        ("server_error", 500, "server_error", None),
        ("unavailable", 503, "server_error", "service_unavailable"),
        ("org_not_verified", 403, "invalid_request_error", None),
        ("moderation", 400, "image_generation_user_error", "moderation_blocked"),
        ("rate_limit", 429, "requests", "rate_limit_exceeded"),
    ],
)
async def test_error_faults_answer_in_the_service_shape(
    spec: str, status: int, error_type: str, code: str | None
) -> None:
    async with emulator_client() as client:
        response = await client.post("/images/generations", json=GPT, headers=fault(spec))
    assert response.status_code == status
    error = response.json()["error"]
    assert (error["type"], error["code"], error["param"]) == (error_type, code, None)
    assert response.headers["x-request-id"]


async def test_org_not_verified_names_the_model() -> None:
    async with emulator_client() as client:
        response = await client.post(
            "/images/generations", json=GPT, headers=fault("org_not_verified")
        )
    assert (
        "must be verified to use the model `gpt-image-2.5-sunburst`"
        in response.json()["error"]["message"]
    )


async def test_rate_limit_carries_retry_after_in_seconds_and_milliseconds() -> None:
    async with emulator_client() as client:
        default = await client.post("/images/generations", json=GPT, headers=fault("rate_limit"))
        custom = await client.post(
            "/images/generations", json=GPT, headers=fault("rate_limit;seconds=2.5")
        )
    assert (default.headers["retry-after"], default.headers["retry-after-ms"]) == ("1", "1000")
    assert (custom.headers["retry-after"], custom.headers["retry-after-ms"]) == ("3", "2500")


async def test_times_counts_requests_carrying_the_same_spec() -> None:
    async with emulator_client() as client:
        statuses = [
            (
                await client.post(
                    "/images/generations", json=GPT, headers=fault("server_error;times=2")
                )
            ).status_code
            for _ in range(3)
        ]
        other_spec = await client.post(
            "/images/generations", json=GPT, headers=fault("server_error;times=1")
        )
    assert statuses == [500, 500, 200]
    assert other_spec.status_code == 500


async def test_server_wide_faults_come_from_the_config() -> None:
    config = EmulatorConfig(pace=0, faults=("unavailable;times=1", "rate_limit;times=1"))
    async with emulator_client(config) as client:
        statuses = [
            (await client.post("/images/generations", json=GPT)).status_code for _ in range(3)
        ]
    assert statuses == [503, 429, 200]


async def test_a_refused_request_consumes_no_fault() -> None:
    async with emulator_client(EmulatorConfig(pace=0, faults=("server_error;times=1",))) as client:
        refused = await client.post("/images/generations", json={"prompt": ""})
        faulted = await client.post("/images/generations", json=GPT)
    assert (refused.status_code, faulted.status_code) == (400, 500)


async def test_a_bad_fault_spec_is_refused() -> None:
    async with emulator_client() as client:
        unknown = await client.post("/images/generations", json=GPT, headers=fault("meteor"))
        bad_option = await client.post(
            "/images/generations", json=GPT, headers=fault("cut;after=x")
        )
    assert unknown.status_code == bad_option.status_code == 400
    assert "meteor" in unknown.json()["error"]["message"]
    with pytest.raises(ValueError, match="unknown fault"):
        create_app(EmulatorConfig(faults=("meteor",)))


def test_fault_specs_parse_to_a_canonical_form() -> None:
    assert parse_fault(" cut ; after=2 ;times=1").spec == "cut;times=1;after=2"
    assert FaultBook(("drop;times=1",)).server[0].times == 1
    with pytest.raises(ValueError, match="negative"):
        parse_fault("slow;seconds=-1")


async def test_drop_closes_the_connection_before_headers() -> None:
    async with emulator_client() as client:
        with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
            await client.post("/images/generations", json=GPT, headers=fault("drop"))


async def test_slow_delays_the_headers_past_a_read_timeout() -> None:
    async with emulator_client(timeout=httpx.Timeout(5.0, read=0.05)) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.post("/images/generations", json=GPT, headers=fault("slow;seconds=5"))
    async with emulator_client() as client:
        answered = await client.post(
            "/images/generations", json=GPT, headers=fault("slow;seconds=0.01")
        )
    assert answered.status_code == 200


async def _partial_indexes(client: httpx.AsyncClient, spec: str, received: list[int]) -> None:
    async with client.stream(
        "POST", "/images/generations", json=STREAM, headers=fault(spec)
    ) as response:
        async for line in response.aiter_lines():
            if line.startswith("data: "):
                received.append(json.loads(line[6:])["partial_image_index"])


async def test_cut_stops_the_stream_after_partial_frame_k() -> None:
    received: list[int] = []
    async with emulator_client() as client:
        with pytest.raises(httpx.RemoteProtocolError, match="incomplete"):
            await _partial_indexes(client, "cut;after=1", received)
    assert received == [0, 1]


async def test_cut_without_streaming_truncates_the_body() -> None:
    async with emulator_client() as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post("/images/generations", json=GPT, headers=fault("cut"))


async def test_malformed_sse_sends_broken_json_then_ends() -> None:
    async with emulator_client() as client:
        response = await client.post(
            "/images/generations", json=STREAM, headers=fault("malformed_sse;after=0")
        )
    blocks = response.text.split("\n\n")
    assert json.loads(blocks[0].split("data: ", 1)[1])["partial_image_index"] == 0
    with pytest.raises(json.JSONDecodeError):
        json.loads(blocks[1].split("data: ", 1)[1])
    assert blocks[2:] == [""]


async def test_invalid_base64_spoils_one_event_and_the_stream_goes_on() -> None:
    async with emulator_client() as client:
        response = await client.post(
            "/images/generations", json=STREAM, headers=fault("invalid_base64;after=1")
        )
        plain = await client.post("/images/generations", json=GPT, headers=fault("invalid_base64"))
    events = parse_sse(response.text)
    assert len(events) == 4
    with pytest.raises(binascii.Error):
        base64.b64decode(events[2][1]["b64_json"], validate=True)
    assert events[2][1]["partial_image_index"] == 2
    base64.b64decode(events[3][1]["b64_json"], validate=True)
    with pytest.raises(binascii.Error):
        base64.b64decode(plain.json()["data"][0]["b64_json"], validate=True)


async def test_stream_error_sends_an_error_object_then_ends() -> None:
    async with emulator_client() as client:
        response = await client.post(
            "/images/generations", json=STREAM, headers=fault("stream_error;after=2")
        )
        plain = await client.post("/images/generations", json=GPT, headers=fault("stream_error"))
    events = parse_sse(response.text)
    assert [event for event, _ in events] == ["image_generation.partial_image"] * 3 + ["error"]
    assert set(events[-1][1]["error"]) == {"message", "type", "param", "code"}
    assert plain.status_code == 500


async def test_a_fault_beyond_the_last_event_strikes_the_completed_one() -> None:
    request = {**GPT, "stream": True, "partial_images": 1}
    async with emulator_client() as client:
        response = await client.post(
            "/images/generations", json=request, headers=fault("stream_error;after=7")
        )
    assert [event for event, _ in parse_sse(response.text)] == [
        "image_generation.partial_image",
        "error",
    ]


def test_every_fault_is_documented_in_the_package_docstring() -> None:
    import imagewidgets.emulator

    documented = imagewidgets.emulator.__doc__ or ""
    assert all(f"``{name}``" in documented for name in FAULT_NAMES)
