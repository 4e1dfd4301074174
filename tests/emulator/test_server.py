"""EmulatorServer and the CLI: the emulator on a real loopback socket."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import httpx
import pytest

from imagewidgets.emulator import EmulatorConfig, EmulatorServer
from imagewidgets.emulator.__main__ import parse_args
from tests.support.emulator import AUTH, parse_sse, server

__all__ = ["server"]

STREAM = {
    "prompt": "a red fox",
    "model": "gpt-image-2.5-sunburst",
    "stream": True,
    "partial_images": 2,
}


def test_url_is_loopback_with_a_picked_port_and_v1(server: EmulatorServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert server.url.endswith("/v1")
    assert server.port > 0
    assert repr(server) == f"EmulatorServer({server.url})"


def test_serves_json_and_streams(server: EmulatorServer) -> None:
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        plain = client.post(
            "/images/generations", json={"prompt": "a fox", "model": "gpt-image-2.5-sunburst"}
        )
        streamed = client.post("/images/generations", json=STREAM)
    assert plain.status_code == 200
    assert plain.json()["size"] == "1024x1024"
    assert [event for event, _ in parse_sse(streamed.text)][-1] == "image_generation.completed"


def test_a_compatible_server_serves_dalle_urls() -> None:
    with (
        EmulatorServer(EmulatorConfig(pace=0, serves_retired=True)) as compatible,
        httpx.Client(base_url=compatible.url, headers=AUTH) as client,
    ):
        dalle = client.post("/images/generations", json={"prompt": "a fox", "model": "dall-e-2"})
        image = client.get(dalle.json()["data"][0]["url"])
        base = compatible.url
    assert dalle.json()["data"][0]["url"].startswith(base)
    assert image.headers["content-type"] == "image/png"


def test_drop_and_cut_close_the_real_connection(server: EmulatorServer) -> None:
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/images/generations", json=STREAM, headers={"x-emulator-fault": "drop"})
        received: list[str] = []
        with pytest.raises(httpx.RemoteProtocolError):
            _read_events(client, "cut;after=0", received)
        after = client.post("/images/generations", json={"prompt": "still serving"})
    assert received == ["image_generation.partial_image"]
    assert after.status_code == 200


def _read_events(client: httpx.Client, spec: str, received: list[str]) -> None:
    headers = {"x-emulator-fault": spec}
    with client.stream("POST", "/images/generations", json=STREAM, headers=headers) as response:
        for line in response.iter_lines():
            if line.startswith("data: "):
                received.append(json.loads(line[6:])["type"])


def test_stopping_frees_the_port() -> None:
    running = EmulatorServer(EmulatorConfig(pace=0)).start()
    url = running.url
    running.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.post(f"{url}/images/generations", json={"prompt": "x"}, headers=AUTH, timeout=2)
    with pytest.raises(RuntimeError, match="not running"):
        _ = running.url


def test_cli_prints_the_url_and_serves() -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "imagewidgets.emulator",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--pace",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        url = line.rsplit(" ", 1)[-1]
        assert url.startswith("http://127.0.0.1:")
        assert url.endswith("/v1")
        response = httpx.post(
            f"{url}/images/generations", json={"prompt": "x"}, headers=AUTH, timeout=30
        )
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_cli_options_and_a_bad_fault() -> None:
    args = parse_args(
        ["--port", "0", "--fault", "rate_limit;times=1", "--fault", "slow", "--pace", "0.1"]
    )
    assert (args.port, args.fault, args.pace) == (0, ["rate_limit;times=1", "slow"], 0.1)
    assert (args.today, args.serves_retired, args.azure) == (None, False, False)
    played = parse_args(["--today", "2026-11-30", "--serves-retired", "--azure"])
    assert (played.today, played.serves_retired, played.azure) == (date(2026, 11, 30), True, True)
    done = subprocess.run(
        [sys.executable, "-m", "imagewidgets.emulator", "--port", "0", "--fault", "meteor"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "unknown fault 'meteor'" in done.stderr
