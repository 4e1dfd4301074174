"""The official ``openai`` SDK, in strict mode, parses everything the emulator sends.

``_strict_response_validation=True`` makes the SDK validate every response and stream event
against its typed models, so it works as an independent checker of the wire protocol.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from openai import OpenAI
from openai.types import (
    ImageEditCompletedEvent,
    ImageEditPartialImageEvent,
    ImageGenCompletedEvent,
    ImageGenPartialImageEvent,
    ImagesResponse,
)

from imagewidgets.emulator import EmulatorConfig, EmulatorServer
from tests.support.emulator import mask_png, png_bytes

FILE = ("in.png", png_bytes((256, 256), "teal"), "image/png")


@pytest.fixture(scope="module")
def sdk() -> Iterator[OpenAI]:
    with EmulatorServer(EmulatorConfig(pace=0)) as server:
        client = OpenAI(
            base_url=server.url,
            api_key="offline-test",
            max_retries=0,
            _strict_response_validation=True,
        )
        yield client
        client.close()


@pytest.mark.parametrize(
    "params",
    [
        {"model": "gpt-image-1", "size": "1536x1024", "quality": "high"},
        {"model": "gpt-image-1.5", "background": "transparent", "output_format": "webp"},
        {"model": "gpt-image-1-mini", "output_format": "jpeg", "output_compression": 40, "n": 2},
        {"model": "gpt-image-2", "size": "1536x864"},
        {"model": "gpt-image-1", "size": "auto", "quality": "auto", "moderation": "low"},
        {"model": "dall-e-3", "style": "natural", "quality": "hd", "response_format": "b64_json"},
        {"model": "dall-e-2", "size": "256x256"},
    ],
)
def test_generate_parses(sdk: OpenAI, params: dict[str, Any]) -> None:
    response = sdk.images.generate(prompt="a red fox under the sun", **params)
    assert isinstance(response, ImagesResponse)
    assert response.data
    assert len(response.data) == params.get("n", 1)
    item = response.data[0]
    assert item.b64_json or item.url
    if params["model"].startswith("gpt"):
        assert response.usage is not None
        assert response.size is not None


def test_generate_stream_parses_every_event(sdk: OpenAI) -> None:
    events = list(
        sdk.images.generate(
            prompt="a fox", model="gpt-image-1.5", stream=True, partial_images=3, n=2
        )
    )
    kinds = [type(event) for event in events]
    assert kinds == ([ImageGenPartialImageEvent] * 3 + [ImageGenCompletedEvent]) * 2
    assert isinstance(events[-1], ImageGenCompletedEvent)
    assert events[-1].usage.output_tokens > 0
    assert base64.b64decode(events[-1].b64_json).startswith(b"\x89PNG")


def test_single_image_edit_parses(sdk: OpenAI) -> None:
    response = sdk.images.edit(
        image=FILE, prompt="add a hat", input_fidelity="high", size="1024x1024"
    )
    assert response.size == "1024x1024"
    assert response.usage is not None
    assert response.usage.input_tokens_details.image_tokens > 0


def test_multi_image_edit_with_mask_parses(sdk: OpenAI) -> None:
    second = ("second.png", png_bytes((128, 128), "orange"), "image/png")
    mask = ("mask.png", mask_png((256, 256), (10, 10, 100, 100)), "image/png")
    response = sdk.images.edit(
        image=[FILE, second], mask=mask, prompt="a moon", model="gpt-image-1"
    )
    assert response.size == "256x256"
    assert response.data
    assert response.data[0].b64_json


def test_edit_stream_parses(sdk: OpenAI) -> None:
    events = list(sdk.images.edit(image=FILE, prompt="add a star", stream=True, partial_images=2))
    kinds = [type(event) for event in events]
    assert kinds == [ImageEditPartialImageEvent] * 2 + [ImageEditCompletedEvent]


@pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning")
def test_variation_and_url_responses_parse(sdk: OpenAI) -> None:
    response = sdk.images.create_variation(image=FILE, n=2, size="256x256")
    assert response.data
    urls = [item.url for item in response.data]
    assert all(url and url.startswith(str(sdk.base_url)) for url in urls)
    dalle3 = sdk.images.generate(prompt="a fox", model="dall-e-3")
    assert dalle3.data
    assert dalle3.data[0].url
    assert dalle3.data[0].revised_prompt


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("rate_limit;seconds=0", openai.RateLimitError),
        ("server_error", openai.InternalServerError),
        ("unavailable", openai.InternalServerError),
        ("org_not_verified", openai.PermissionDeniedError),
        ("moderation", openai.BadRequestError),
        ("drop", openai.APIConnectionError),
    ],
)
def test_faults_raise_the_sdk_exception_classes(
    sdk: OpenAI, fault: str, error: type[openai.OpenAIError]
) -> None:
    with pytest.raises(error):
        sdk.images.generate(prompt="a fox", extra_headers={"x-emulator-fault": fault})


def test_refusals_raise_bad_request_with_param(sdk: OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as raised:
        sdk.images.generate(prompt="a fox", model="dall-e-3", n=2)
    assert raised.value.param == "n"
    assert raised.value.code == "invalid_value"
    assert raised.value.request_id


def test_missing_key_raises_authentication_error(sdk: OpenAI) -> None:
    keyless = sdk.with_options(default_headers={"Authorization": ""})
    with pytest.raises(openai.AuthenticationError):
        keyless.images.generate(prompt="a fox")


@pytest.mark.parametrize(
    ("spec", "error", "message"),
    [
        ("stream_error;after=0", openai.APIError, "error while generating"),
        ("cut;after=0", openai.APIConnectionError, None),
    ],
)
def test_stream_faults_raise_inside_the_stream(
    sdk: OpenAI, spec: str, error: type[Exception], message: str | None
) -> None:
    stream = sdk.images.generate(
        prompt="a fox",
        model="gpt-image-1",
        stream=True,
        partial_images=2,
        extra_headers={"x-emulator-fault": spec},
    )
    with pytest.raises(error, match=message):
        list(stream)
