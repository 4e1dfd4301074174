"""The client on today's service: new parameters, forward compatibility, response provenance,
model lifecycle learned from the server's list, Azure, and variations through the edits endpoint."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from PIL import Image, ImageDraw

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.events import CompletedImage, PartialImage
from imagewidgets.api.variations import VARIATION_PROMPT
from imagewidgets.capabilities import (
    DeprecatedParameterWarning,
    InvalidParameterError,
    ModelDeprecatedWarning,
    ModelShutDownError,
    RetiredEndpointError,
    UnknownModelWarning,
    UnknownParameterWarning,
)
from imagewidgets.emulator import EmulatorConfig, EmulatorServer
from tests.support.api import Server, b64, collect, images_json, png
from tests.support.emulator import png_bytes

F26 = "gpt-image-2.6-flare"
OPENAI_URL = "https://api.openai.com/v1"


def listing(*models: tuple[str, str | None]) -> httpx.Response:
    """A ``GET /v1/models`` answer."""
    data = [{"id": name, "object": "model", "created": 1, "owned_by": "system",
             "shutdown_date": when} for name, when in models]  # fmt: skip
    return httpx.Response(200, json={"object": "list", "data": data})


def paths(server: Server) -> list[str]:
    return [request.url.path for request in server.requests]


@pytest.fixture
def offline() -> ImagesClient:
    return ImagesClient(emulator=EmulatorConfig(pace=0))


async def test_new_parameters_go_out_and_the_answer_is_kept(offline: ImagesClient) -> None:
    (image,) = await offline.generate(
        "a fox", model=F26, quality="xhigh", complexity="low", safety_identifier="hash-1",
        size="1536x864",
    )  # fmt: skip
    assert image.params["complexity"] == "low"
    assert image.safety_identifier == "hash-1"
    assert image.response == {
        "background": "opaque",
        "output_format": "png",
        "quality": "xhigh",
        "size": "1536x864",
    }
    assert image.usage is not None
    assert image.usage.output_image_tokens == image.usage.output_tokens > 0


async def test_extra_body_and_unknown_keywords_are_sent_with_one_warning() -> None:
    server = Server(images_json(png()))
    client = server.client()
    with pytest.warns(UnknownParameterWarning) as caught:
        await client.generate("fox", model=F26, extra_body={"new_param": 1}, other_param="x")
    assert len(caught) == 1
    assert "'new_param', 'other_param'" in str(caught[0].message)
    assert json.loads(server.bodies[0]) == {
        "prompt": "fox",
        "model": F26,
        "new_param": 1,
        "other_param": "x",
    }


async def test_extra_body_may_carry_known_parameters_which_are_checked() -> None:
    server = Server(images_json(png()))
    with pytest.raises(InvalidParameterError) as caught:
        await server.client().generate("fox", model="gpt-image-2", extra_body={"quality": "max"})
    assert caught.value.param == "quality"
    assert server.requests == []


async def test_user_is_deprecated_but_sent() -> None:
    server = Server(images_json(png(), safety_identifier="old-user"))
    with pytest.warns(DeprecatedParameterWarning, match="safety_identifier"):
        (image,) = await server.client().generate("fox", model=F26, user="old-user")
    assert json.loads(server.bodies[0])["user"] == "old-user"
    assert image.safety_identifier == "old-user"


async def test_unknown_response_fields_are_kept_not_dropped() -> None:
    body = {"created": 1, "data": [{"b64_json": b64(png()), "generation_id": "gen_1"}]}
    body.update(size="1536x864", quality="max", brand_new={"x": 1})
    body["usage"] = {"input_tokens": 1, "output_tokens": 5, "total_tokens": 6,
                     "input_tokens_details": {"text_tokens": 1, "image_tokens": 0},
                     "output_tokens_details": {"text_tokens": 2, "image_tokens": 3}}  # fmt: skip
    server = Server(httpx.Response(200, json=body))
    (image,) = await server.client().generate("fox", model=F26)
    assert image.response == {
        "size": "1536x864",
        "quality": "max",
        "brand_new": {"x": 1},
        "generation_id": "gen_1",
    }
    assert image.usage is not None
    assert (image.usage.output_text_tokens, image.usage.output_image_tokens) == (2, 3)


async def test_svg_settings_go_as_bracket_fields_on_edits() -> None:
    server = Server(images_json(png()))
    svg = {"model": "gpt-5.6-sol", "reasoning": {"effort": "low"}}
    await server.client().edit(png(), "a logo", model=F26, output_format="svg", svg=svg)
    body = server.bodies[0]
    assert b'name="svg[model]"\r\n\r\ngpt-5.6-sol\r\n' in body
    assert b'name="svg[reasoning][effort]"\r\n\r\nlow\r\n' in body


async def test_gif_and_svg_results(offline: ImagesClient) -> None:
    (gif,) = await offline.generate("a kite", model=F26, output_format="gif", frame_count=3)
    assert (gif.format, gif.width, gif.height, gif.content_type) == ("gif", 960, 960, "image/gif")
    svg = {"model": "gpt-5.6-sol"}
    (vector,) = await offline.edit(png_bytes(), "a kite", model=F26, output_format="svg", svg=svg)
    assert (vector.format, vector.width, vector.height) == ("svg", 1024, 1024)
    assert vector.content_type == "image/svg+xml"
    assert vector.svg_usage is not None
    assert vector.svg_usage.model == "gpt-5.6-sol"
    assert vector.svg_usage.total_tokens > 0


async def test_an_svg_without_a_size_takes_the_echoed_size() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
    server = Server(images_json(svg, size="1536x1024", output_format="svg"))
    (image,) = await server.client().generate("dot", model=F26, output_format="svg")
    assert (image.format, image.width, image.height) == ("svg", 1536, 1024)


def _overlay(size: tuple[int, int]) -> Image.Image:
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(overlay).ellipse((4, 4, 40, 40), outline="red", width=4)
    return overlay


async def test_markup_edits(offline: ImagesClient) -> None:
    source = png_bytes((256, 256), "teal")
    prompt, overlay = "make the circled part gold", _overlay((256, 256))
    (edited,) = await offline.edit(source, prompt, model=F26, markup=overlay)
    assert edited.markup_sha256 is not None
    with pytest.raises(InvalidParameterError, match="markup") as both:
        await offline.edit(source, "x", model=F26, markup=_overlay((256, 256)), mask=source)
    assert both.value.param == "markup"
    with pytest.raises(InvalidParameterError, match="must match"):
        await offline.edit(source, "x", model=F26, markup=_overlay((128, 128)))


async def test_a_shut_down_model_is_refused_before_anything_is_sent() -> None:
    server = Server(listing((F26, None)), images_json(png()))
    client = server.client(base_url=OPENAI_URL)
    with pytest.raises(ModelShutDownError) as caught:
        await client.generate("fox", model="gpt-image-1.5")
    assert str(caught.value).startswith("model gpt-image-1.5 was shut down on 2026-12-01; use")
    assert paths(server) == ["/v1/models"], "only the model list was read"
    with pytest.raises(ModelShutDownError):
        client.stream_generate("fox", model="dall-e-3")  # the list is known by now
    assert paths(server) == ["/v1/models"]


async def test_openai_s_live_dates_win_and_listed_new_models_become_usable() -> None:
    live = listing(("gpt-image-1.5", "2026-12-16"), ("gpt-image-3-preview", None), (F26, None))
    server = Server(live, images_json(png()))
    client = server.client(base_url=OPENAI_URL)
    with pytest.warns(ModelDeprecatedWarning, match="shuts down on 2026-12-16"):
        await client.generate("fox", model="gpt-image-1.5")
    with pytest.warns(UnknownModelWarning, match="the service lists it"):
        await client.generate("fox", model="gpt-image-3-preview", quality="anything")
    assert paths(server) == ["/v1/models", "/v1/images/generations", "/v1/images/generations"]
    catalog = await client.models()
    assert catalog is not None
    assert catalog.dates["gpt-image-1.5"] == date(2026, 12, 16)
    assert paths(server).count("/v1/models") == 1, "read once per client"


async def test_a_stream_judges_the_model_when_it_starts() -> None:
    server = Server(listing((F26, None)), images_json(png()))
    stream = server.client(base_url=OPENAI_URL).stream_generate("fox", model="gpt-image-1")
    assert server.requests == [], "nothing is sent before iteration"
    with pytest.raises(ModelShutDownError, match="gpt-image-1 was shut down on 2026-10-23"):
        await collect(stream)
    assert paths(server) == ["/v1/models"]


async def test_another_server_s_list_decides_and_without_one_nothing_is_refused() -> None:
    listed = Server(listing(("dall-e-3", None)), images_json(png()))
    await listed.client().generate("fox", model="dall-e-3")
    assert paths(listed) == ["/v1/models", "/v1/images/generations"]
    dates = listing(("gpt-image-2", "2026-12-01"), ("gpt-image-1.5", None))
    dated = Server(dates, images_json(png()))
    client = dated.client()
    await client.generate("fox", model="gpt-image-1.5")  # the table doubts it: the list is read
    with pytest.raises(ModelShutDownError):  # the server's list, once read, decides
        await client.generate("fox", model="gpt-image-2")
    assert paths(dated) == ["/v1/models", "/v1/images/generations"]
    unlisted = Server(httpx.Response(404, json={"error": {"message": "no"}}), images_json(png()))
    await unlisted.client().generate("fox", model="gpt-image-1.5")
    assert paths(unlisted) == ["/v1/models", "/v1/images/generations"]


async def test_an_active_model_on_another_server_needs_no_list() -> None:
    server = Server(images_json(png()))
    await server.client().generate("fox", model="gpt-image-2")
    assert paths(server) == ["/v1/images/generations"]


@pytest.fixture
def azure(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    config = EmulatorConfig(pace=0, azure=True, models={"gpt-image-1.5": "2026-12-16"})
    with EmulatorServer(config) as server:
        endpoint = server.url.removesuffix("/v1")
        monkeypatch.delenv("OPENAI_API_KEY", raising=False)
        monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
        monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", endpoint + "/")
        monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-key-123")
        yield endpoint


async def test_azure_openai_v1_with_the_api_key_header(azure: str) -> None:
    seen: list[httpx.Request] = []
    async with ImagesClient() as client:
        client._sender.http.event_hooks["request"].append(_record(seen))
        assert (client.provider, client.base_url) == ("azure", azure + "/openai/v1")
        (image,) = await client.generate("a fox", model=F26, quality="low")
        with pytest.warns(ModelDeprecatedWarning, match="2026-12-16"):
            await client.generate("a fox", model="gpt-image-1.5", quality="low")
    assert image.backend == "openai"
    assert all(request.headers["api-key"] == "azure-key-123" for request in seen)
    assert all("authorization" not in request.headers for request in seen)
    assert [request.url.path for request in seen] == [
        "/openai/v1/images/generations",
        "/openai/v1/models",
        "/openai/v1/images/generations",
    ]


def _record(seen: list[httpx.Request]) -> Any:
    async def hook(request: httpx.Request) -> None:
        seen.append(request)

    return hook


async def test_create_variation_is_refused_for_openai_before_sending() -> None:
    server = Server(images_json(png()))
    for client in (server.client(base_url=OPENAI_URL), ImagesClient(offline=True)):
        with pytest.raises(RetiredEndpointError, match=r"image\.vary"):
            await client.create_variation(png((64, 64)))
    assert server.requests == []


async def test_create_variation_on_a_compatible_server_that_still_offers_it() -> None:
    with EmulatorServer(EmulatorConfig(pace=0, serves_retired=True)) as server:
        async with ImagesClient(api_key="k", base_url=server.url) as client:
            variations = await client.create_variation(png_bytes((256, 256)), n=2, size="256x256")
    assert [image.operation for image in variations] == ["variation", "variation"]
    assert (variations[0].model, variations[0].width) == ("dall-e-2", 256)


async def test_vary_goes_through_edits_with_the_image_s_model(offline: ImagesClient) -> None:
    (fox,) = await offline.generate("a red fox", model="gpt-image-2.5-sunburst", quality="low")
    variations = await fox.vary(n=2, quality="low")
    assert [(v.operation, v.model, v.prompt) for v in variations] == [
        ("edit", "gpt-image-2.5-sunburst", VARIATION_PROMPT)
    ] * 2
    assert all(variation.parent is fox for variation in variations)
    assert variations[0].data != variations[1].data
    (own,) = await fox.vary(prompt="the same fox, in winter", quality="low")
    assert own.prompt == "the same fox, in winter"
    (chained,) = await own.vary(quality="low")
    assert chained.parent is own


async def test_vary_replaces_a_model_that_is_no_longer_active(offline: ImagesClient) -> None:
    before = date(2026, 11, 30)
    earlier = ImagesClient(emulator=EmulatorConfig(pace=0, today=before), today=before)
    with pytest.warns(ModelDeprecatedWarning):
        (old,) = await earlier.generate("a fox", model="gpt-image-1.5")
    (varied,) = await offline.vary(old)
    assert (varied.model, varied.parent) == (F26, old)


async def test_stream_vary_streams_and_chains(offline: ImagesClient) -> None:
    (fox,) = await offline.generate("a red fox", model=F26, quality="low")
    events = await collect(fox.stream_vary(partial_images=2, quality="low"))
    assert [type(event) for event in events] == [PartialImage, PartialImage, CompletedImage]
    final = events[-1]
    assert isinstance(final, CompletedImage)
    assert (final.image.parent, final.image.prompt) == (fox, VARIATION_PROMPT)


async def test_a_client_judges_lifecycle_on_its_own_day() -> None:
    before = date(2026, 11, 30)
    client = ImagesClient(emulator=EmulatorConfig(pace=0, today=before), today=before)
    with pytest.warns(ModelDeprecatedWarning, match="gpt-image-1-mini is deprecated"):
        await client.generate("a fox", model="gpt-image-1-mini", quality="low")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        await client.generate("a fox", model="gpt-image-1-mini", quality="low")
