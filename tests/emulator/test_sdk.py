"""The official ``openai`` SDK (3.57, generated from today's spec), in strict mode, parses
everything the emulator sends, for every active model: generations, edits, streams, GIF, SVG,
markup edits, ``/v1/models``, errors.

``_strict_response_validation=True`` makes the SDK validate every response and stream event
against its typed models, so it works as an independent checker of the wire protocol.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np
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
from openai.types.image_edit_params import Svg as EditSvg
from openai.types.image_generate_params import Svg
from PIL import Image, ImageDraw

from imagewidgets.emulator import EmulatorConfig, EmulatorServer
from imagewidgets.imaging.markup import markup_area
from tests.support.emulator import mask_png, pixels, png_bytes
from tests.support.widgets import js_encoded_markup

FILE = ("in.png", png_bytes((256, 256), "teal"), "image/png")
SQUARE = "256x256"


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


ACTIVE = [
    "gpt-image-2.6-flare",
    "gpt-image-2.6-sunburst",
    "gpt-image-2.5-flare",
    "gpt-image-2.5-sunburst",
    "gpt-image-2",
]
TOP = ACTIVE[:4]
"""The models with quality xhigh and max (2.6 and 2.5)."""
G26 = ACTIVE[:2]


@pytest.fixture(scope="module")
def compatible() -> Iterator[OpenAI]:
    """A compatible server that still serves the retired models and the variations endpoint."""
    with EmulatorServer(EmulatorConfig(pace=0, serves_retired=True)) as server:
        client = OpenAI(
            base_url=server.url, api_key="offline-test", max_retries=0,
            _strict_response_validation=True,
        )  # fmt: skip
        yield client
        client.close()


def _generate_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for model in ACTIVE:
        cases += [
            {"model": model, "size": "1536x1024", "quality": "high"},
            {"model": model, "background": "transparent", "output_format": "webp"},
            {"model": model, "output_format": "jpeg", "output_compression": 40, "n": 2},
            {"model": model, "size": "1536x864", "safety_identifier": "user-hash-1"},
            {"model": model, "size": "auto", "quality": "auto", "moderation": "low"},
        ]
    for model in TOP:
        cases += [{"model": model, "quality": quality} for quality in ("xhigh", "max")]
    for model in G26:
        cases += [{"model": model, "complexity": value} for value in ("low", "medium", "high")]
    return cases


@pytest.mark.parametrize("params", _generate_cases())
def test_generate_parses(sdk: OpenAI, params: dict[str, Any]) -> None:
    response = sdk.images.generate(prompt="a red fox under the sun", **params)
    assert isinstance(response, ImagesResponse)
    assert response.data
    assert len(response.data) == params.get("n", 1)
    assert response.data[0].b64_json
    assert response.usage is not None
    assert response.usage.output_tokens_details is not None
    assert response.usage.output_tokens_details.image_tokens == response.usage.output_tokens
    assert response.size == params.get("size", "1024x1024").replace("auto", "1024x1024")
    assert response.quality == params.get("quality", "medium").replace("auto", "medium")
    assert response.safety_identifier == params.get("safety_identifier")


@pytest.mark.parametrize("model", ACTIVE)
def test_generate_stream_parses_every_event(sdk: OpenAI, model: str) -> None:
    events = list(
        sdk.images.generate(
            prompt="a fox", model=model, stream=True, partial_images=3, n=2, safety_identifier="u-7"
        )
    )
    kinds = [type(event) for event in events]
    assert kinds == ([ImageGenPartialImageEvent] * 3 + [ImageGenCompletedEvent]) * 2
    assert isinstance(events[-1], ImageGenCompletedEvent)
    assert events[-1].usage.output_tokens > 0
    assert events[-1].safety_identifier == "u-7"
    assert base64.b64decode(events[-1].b64_json).startswith(b"\x89PNG")


@pytest.mark.parametrize("model", ACTIVE)
def test_single_image_edit_parses(sdk: OpenAI, model: str) -> None:
    response = sdk.images.edit(image=FILE, prompt="add a hat", model=model, size="1024x1024")
    assert response.size == "1024x1024"
    assert response.usage is not None
    assert response.usage.input_tokens_details.image_tokens > 0


@pytest.mark.parametrize("model", ACTIVE)
def test_multi_image_edit_with_mask_parses(sdk: OpenAI, model: str) -> None:
    second = ("second.png", png_bytes((128, 128), "orange"), "image/png")
    mask = ("mask.png", mask_png((256, 256), (10, 10, 100, 100)), "image/png")
    response = sdk.images.edit(image=[FILE, second], mask=mask, prompt="a moon", model=model)
    assert response.size == "1024x1024", "auto: the service's size nearest the input's shape"
    assert response.data
    assert response.data[0].b64_json


@pytest.mark.parametrize("model", ACTIVE)
def test_edit_stream_parses(sdk: OpenAI, model: str) -> None:
    events = list(
        sdk.images.edit(image=FILE, prompt="add a star", model=model, stream=True, partial_images=2)
    )
    kinds = [type(event) for event in events]
    assert kinds == [ImageEditPartialImageEvent] * 2 + [ImageEditCompletedEvent]


@pytest.mark.parametrize("model", G26)
def test_gif_generate_and_edit_parse(sdk: OpenAI, model: str) -> None:
    made = sdk.images.generate(
        prompt="a kite", model=model, output_format="gif", frame_count=4, frame_duration_ms=120,
        size="720x720",
    )  # fmt: skip
    edited = sdk.images.edit(image=FILE, prompt="a kite", model=model, output_format="gif")
    for response in (made, edited):
        assert response.output_format == "gif"
        assert response.data
        assert base64.b64decode(response.data[0].b64_json or "").startswith(b"GIF89a")
    assert made.size == "720x720"


@pytest.mark.parametrize("model", G26)
def test_svg_generate_and_edit_parse_with_svg_usage(sdk: OpenAI, model: str) -> None:
    author: Svg = {"model": "gpt-5.6-sol", "reasoning": {"effort": "low"}}
    edit_author: EditSvg = {"model": "gpt-5.6-sol", "reasoning": {"effort": "low"}}
    made = sdk.images.generate(prompt="a kite", model=model, output_format="svg", svg=author)
    edited = sdk.images.edit(
        image=FILE, prompt="a kite", model=model, output_format="svg", svg=edit_author
    )
    for response in (made, edited):
        assert response.output_format == "svg"
        assert response.data
        assert base64.b64decode(response.data[0].b64_json or "").startswith(b"<svg")
        assert response.svg_usage is not None
        assert response.svg_usage.model == "gpt-5.6-sol"
        assert response.svg_usage.reasoning_tokens > 0


@pytest.mark.parametrize("model", TOP)
def test_markup_edit_parses(sdk: OpenAI, model: str) -> None:
    overlay = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    ImageDraw.Draw(overlay).ellipse((40, 40, 120, 120), outline="red", width=6)
    buffer = io.BytesIO()
    overlay.save(buffer, "PNG")
    markup = ("overlay.png", buffer.getvalue(), "image/png")
    prompt = "the red circle: make it gold"
    response = sdk.images.edit(image=FILE, markup=markup, prompt=prompt, model=model, size=SQUARE)
    assert response.data
    edited = pixels(response.data[0].b64_json or "", "RGB")
    near, _ = markup_area(np.asarray(overlay))
    changed = (edited != pixels(FILE[1], "RGB")).any(axis=2)
    assert changed[near].any()
    assert not changed[~near].any(), "far from the marks the picture is kept"


@pytest.mark.parametrize("model", G26)
def test_a_streamed_edit_with_the_painters_markup_parses(sdk: OpenAI, model: str) -> None:
    """The RGBA PNG the painter's view encodes is what the SDK uploads and the emulator takes."""
    markup = ("markup.png", js_encoded_markup(256, 256, (100, 100, 140, 110)), "image/png")
    prompt = "the red stroke: a river"
    stream = sdk.images.edit(
        image=FILE, markup=markup, prompt=prompt, model=model, stream=True, partial_images=1
    )
    events = list(stream)
    assert [type(event) for event in events] == [
        ImageEditPartialImageEvent,
        ImageEditCompletedEvent,
    ]


def test_models_list_and_retrieve_parse(sdk: OpenAI) -> None:
    listed = {model.id: model for model in sdk.models.list()}
    assert set(ACTIVE) <= set(listed)
    assert listed["gpt-image-2.6-flare"].shutdown_date is None
    assert "gpt-image-1.5" not in listed, "shut down on 2026-12-01: no longer listed"
    one = sdk.models.retrieve("gpt-image-2.5-flare-2026-09-08")
    assert (one.id, one.object, one.shutdown_date) == (
        "gpt-image-2.5-flare-2026-09-08",
        "model",
        None,
    )
    with pytest.raises(openai.NotFoundError):
        sdk.models.retrieve("dall-e-2")


def test_models_list_carries_shutdown_dates_before_the_shutdown() -> None:
    config = EmulatorConfig(pace=0, today=date(2026, 11, 30))
    with (
        EmulatorServer(config) as server,
        OpenAI(base_url=server.url, api_key="k", _strict_response_validation=True) as client,
    ):
        listed = {model.id: model.shutdown_date for model in client.models.list()}
    assert listed["gpt-image-1.5"] == listed["chatgpt-image-latest"] == "2026-12-01"
    assert listed["gpt-image-2"] is None


@pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning")
def test_retired_models_and_endpoint_raise_the_sdk_exceptions(sdk: OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as retired:
        sdk.images.generate(prompt="a fox", model="gpt-image-1.5")
    assert (retired.value.code, retired.value.param) == ("model_not_found", "model")
    with pytest.raises(openai.NotFoundError, match="retired"):
        sdk.images.create_variation(image=FILE)


@pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning")
def test_variation_and_url_responses_parse_on_a_compatible_server(compatible: OpenAI) -> None:
    response = compatible.images.create_variation(image=FILE, n=2, size="256x256")
    assert response.data
    urls = [item.url for item in response.data]
    assert all(url and url.startswith(str(compatible.base_url)) for url in urls)
    dalle3 = compatible.images.generate(prompt="a fox", model="dall-e-3")
    assert dalle3.data
    assert dalle3.data[0].url
    assert dalle3.data[0].revised_prompt
    legacy = compatible.images.generate(prompt="a fox", model="gpt-image-1.5", quality="low")
    assert legacy.usage is not None


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
        sdk.images.generate(prompt="a fox", model="gpt-image-2.6-flare", output_format="svg", n=2)
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
        model="gpt-image-2.6-sunburst",
        stream=True,
        partial_images=2,
        extra_headers={"x-emulator-fault": spec},
    )
    with pytest.raises(error, match=message):
        list(stream)
