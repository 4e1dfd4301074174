"""Offline mode: the client talks to the built-in emulator in-process, faults included."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from imagewidgets.api import offline as offline_module
from imagewidgets.api.client import ImagesClient
from imagewidgets.api.errors import (
    APITimeoutError,
    AuthenticationError,
    ModerationError,
    PermissionDeniedError,
    RateLimitError,
    StreamError,
)
from imagewidgets.api.events import CompletedImage, PartialImage, StreamEvent
from imagewidgets.api.retry import RetryNotice
from imagewidgets.api.variations import VARIATION_PROMPT
from imagewidgets.capabilities import RetiredEndpointError
from imagewidgets.emulator import EmulatorConfig
from tests.support.api import Server, collect, error_response, fake_retry

GPT = "gpt-image-2.6-flare"


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(offline_module, "_announced", False)


def offline_client(**options: object) -> ImagesClient:
    client = ImagesClient(emulator=EmulatorConfig(pace=0), **options)  # type: ignore[arg-type]
    client.retry, _ = fake_retry()
    return client


def fault(spec: str) -> dict[str, str]:
    return {"x-emulator-fault": spec}


@pytest.mark.usefixtures("no_key")
async def test_no_key_means_offline_and_it_says_so_once(capsys: pytest.CaptureFixture[str]) -> None:
    first, second = ImagesClient(), ImagesClient()
    assert first.offline
    assert second.offline
    assert first.backend == "offline"
    err = capsys.readouterr().err
    assert err.count("working offline") == 1
    assert "OPENAI_API_KEY" in err
    await first.aclose()
    await second.aclose()


@pytest.mark.usefixtures("no_key")
def test_offline_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ImagesClient(api_key="sk-x").offline is False
    assert ImagesClient(api_key="sk-x", offline=True).offline is True
    assert ImagesClient(base_url="http://127.0.0.1:9/v1").offline is False
    assert ImagesClient(emulator=EmulatorConfig()).offline is True
    assert ImagesClient(http_client=httpx.AsyncClient()).offline is False
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    assert ImagesClient().offline is False
    with pytest.raises(ValueError, match="base_url=EmulatorServer"):
        ImagesClient(offline=True, http_client=httpx.AsyncClient())


@pytest.mark.usefixtures("no_key")
async def test_explicit_server_without_key_gets_an_actionable_401() -> None:
    server = Server(error_response(401, "You didn't provide an API key."))
    client = ImagesClient(http_client=httpx.AsyncClient(transport=httpx.MockTransport(server)))
    with pytest.raises(AuthenticationError, match="OPENAI_API_KEY"):
        await client.generate("fox", model=GPT)
    assert "authorization" not in server.requests[0].headers


@pytest.mark.usefixtures("no_key")
async def test_offline_generate_edit_and_vary() -> None:
    async with offline_client() as client:
        (image,) = await client.generate("a red fox in snow", model=GPT, size="1024x1536")
        assert (image.width, image.height, image.backend) == (1024, 1536, "offline")
        assert image.request_id
        painted = np.zeros((1536, 1024), dtype=bool)
        painted[:300] = True
        (edited,) = await image.edit("add a moon", mask=painted)
        assert edited.parent is image
        assert edited.operation == "edit"
        variations = await edited.vary(n=2, quality="low")
        assert [v.operation for v in variations] == ["edit", "edit"]
        assert variations[0].parent is edited
        assert variations[0].model == GPT
        assert variations[0].prompt == VARIATION_PROMPT
        assert variations[0].data != variations[1].data
        with pytest.raises(RetiredEndpointError, match="retired the variations endpoint"):
            await client.create_variation(image)


@pytest.mark.usefixtures("no_key")
async def test_offline_stream_of_two_images() -> None:
    async with offline_client() as client:
        stream = client.stream_generate("two foxes", model=GPT, n=2, partial_images=2)
        events = await collect(stream)
    partials = [(e.index, e.partial_image_index) for e in events if isinstance(e, PartialImage)]
    assert partials == [(0, 0), (0, 1), (1, 0), (1, 1)]
    finals = [e for e in events if isinstance(e, CompletedImage)]
    assert [e.image.index for e in finals] == [0, 1]
    assert finals[0].image.data != finals[1].image.data


@pytest.mark.usefixtures("no_key")
async def test_rate_limit_is_retried_and_announced() -> None:
    notices: list[RetryNotice] = []
    async with offline_client() as client:
        images = await client.generate(
            "fox",
            model=GPT,
            extra_headers=fault("rate_limit;times=1;seconds=3"),
            on_retry=notices.append,
        )
    assert len(images) == 1
    assert [(n.attempt, n.delay) for n in notices] == [(1, 3.0)]
    assert isinstance(notices[0].error, RateLimitError)


@pytest.mark.usefixtures("no_key")
async def test_dropped_connection_is_retried() -> None:
    async with offline_client() as client:
        images = await client.generate("fox", model=GPT, extra_headers=fault("drop;times=2"))
    assert len(images) == 1


@pytest.mark.usefixtures("no_key")
@pytest.mark.parametrize(
    ("spec", "error", "advice"),
    [
        ("moderation", ModerationError, "Rephrase"),
        ("org_not_verified", PermissionDeniedError, "verified organization"),
        ("rate_limit;seconds=500", RateLimitError, "Retry in 500 s"),
    ],
)
async def test_service_errors_from_the_emulator(
    spec: str, error: type[Exception], advice: str
) -> None:
    async with offline_client() as client:
        with pytest.raises(error, match=advice):
            await client.generate("fox", model=GPT, extra_headers=fault(spec))


@pytest.mark.usefixtures("no_key")
@pytest.mark.parametrize(
    ("spec", "delivered", "message"),
    [
        ("cut;after=1", 2, "connection broke"),
        ("malformed_sse;after=0", 1, "malformed event"),
        ("stream_error;after=1", 2, "stopped the image stream"),
    ],
)
async def test_broken_emulator_streams(spec: str, delivered: int, message: str) -> None:
    received: list[StreamEvent] = []
    async with offline_client() as client:
        stream = client.stream_generate(
            "fox", model=GPT, partial_images=3, extra_headers=fault(spec)
        )
        with pytest.raises(StreamError, match=message) as caught:
            await collect(stream, received)
    assert len(received) == delivered
    assert all(isinstance(event, PartialImage) for event in received)
    request_id = received[0].request_id if isinstance(received[0], PartialImage) else None
    assert request_id is not None
    assert caught.value.request_id == request_id
    assert request_id in str(caught.value)


@pytest.mark.usefixtures("no_key")
async def test_slow_server_times_out_with_the_clients_read_time_out() -> None:
    async with offline_client(timeout=0.05) as client:
        with pytest.raises(APITimeoutError, match="longer timeout="):
            await client.generate("fox", model=GPT, extra_headers=fault("slow;seconds=5"))
