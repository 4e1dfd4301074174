"""The emulator speaks today's service: /v1/models with shutdown dates on its own day, GIF and SVG
output, safety_identifier echoed, complexity, and Azure's v1 routes."""

from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET
from datetime import date

import httpx
import numpy as np
import pytest
from PIL import Image

from imagewidgets.emulator import EmulatorConfig, StreamingASGITransport, create_app
from tests.support.emulator import edit_files, emulator_client, image_of, png_bytes

F26 = {"prompt": "a red kite over the sea", "model": "gpt-image-2.6-flare"}


async def test_models_are_listed_with_shutdown_dates_relative_to_the_emulator_s_day() -> None:
    async with emulator_client(EmulatorConfig(pace=0, today=date(2026, 11, 30))) as client:
        before = (await client.get("/models")).json()
    async with emulator_client(EmulatorConfig(pace=0, today=date(2026, 12, 1))) as client:
        after = (await client.get("/models")).json()
        one = await client.get("/models/gpt-image-2-2026-04-21")
        gone = await client.get("/models/gpt-image-1.5")
    dates = {item["id"]: item["shutdown_date"] for item in before["data"]}
    assert before["object"] == "list"
    assert dates["gpt-image-1.5"] == dates["gpt-image-1-mini"] == "2026-12-01"
    assert dates["gpt-image-2.6-flare"] is None
    assert "gpt-image-1" not in dates, "shut down on 2026-10-23"
    assert "gpt-image-1.5" not in {item["id"] for item in after["data"]}
    assert one.json() == {
        "id": "gpt-image-2-2026-04-21",
        "object": "model",
        "created": 1776729600,
        "owned_by": "system",
        "shutdown_date": None,
    }
    assert (gone.status_code, gone.json()["error"]["code"]) == (404, "model_not_found")


async def test_the_config_moves_dates_and_lists_models_the_table_does_not_know() -> None:
    config = EmulatorConfig(pace=0, models={"gpt-image-1.5": "2026-12-16", "gpt-image-3": None})
    async with emulator_client(config) as client:
        items = (await client.get("/models")).json()["data"]
        legacy = await client.post("/images/generations", json={**F26, "model": "gpt-image-1.5"})
        new = await client.post("/images/generations", json={**F26, "model": "gpt-image-3"})
        unknown = await client.post("/images/generations", json={**F26, "model": "gpt-image-4"})
    listed = {item["id"]: item["shutdown_date"] for item in items}
    assert (listed["gpt-image-1.5"], listed["gpt-image-3"]) == ("2026-12-16", None)
    assert legacy.status_code == new.status_code == 200
    assert unknown.status_code == 400
    assert "does not exist" in unknown.json()["error"]["message"]


async def test_a_compatible_server_lists_every_model_without_dates() -> None:
    async with emulator_client(EmulatorConfig(pace=0, serves_retired=True)) as client:
        listed = (await client.get("/models")).json()["data"]
    assert {"dall-e-2", "gpt-image-1.5", "gpt-image-2.6-flare"} <= {item["id"] for item in listed}
    assert all(item["shutdown_date"] is None for item in listed)


def _frames(data: bytes) -> list[np.ndarray]:
    gif = Image.open(io.BytesIO(data))
    frames = []
    for number in range(getattr(gif, "n_frames", 1)):
        gif.seek(number)
        frames.append(np.asarray(gif.convert("RGB"), dtype=int))
    return frames


async def test_gif_is_an_animated_picture_of_the_prompt_that_moves() -> None:
    request = {**F26, "output_format": "gif", "frame_count": 5, "frame_duration_ms": 123}
    async with emulator_client() as client:
        response = await client.post("/images/generations", json=request)
        again = await client.post("/images/generations", json=request)
    body = response.json()
    assert (body["output_format"], body["size"]) == ("gif", "960x960")
    data = image_of(body["data"][0]["b64_json"])
    assert (data.format, getattr(data, "n_frames", 1), data.size) == ("GIF", 5, (960, 960))
    assert data.info["duration"] == 120, "rounded to 10 ms"
    assert data.info["loop"] == 0
    frames = _frames(image_of_bytes(body))
    assert all(np.abs(frame - frames[0]).mean() > 3 for frame in frames[1:]), "it moves"
    assert body["data"] == again.json()["data"], "deterministic"
    assert body["usage"]["output_tokens"] > 5 * 1056 * 0.8, "all frames are paid for"


def image_of_bytes(body: dict[str, object]) -> bytes:
    data = body["data"]
    assert isinstance(data, list)
    return base64.b64decode(data[0]["b64_json"])


@pytest.mark.parametrize(("frames", "side"), [(9, 960), (12, 816), (16, 720)])
async def test_gif_auto_size_stays_within_the_measured_frame_limit(frames: int, side: int) -> None:
    request = {**F26, "output_format": "gif", "frame_count": frames, "quality": "low"}
    async with emulator_client() as client:
        response = await client.post("/images/generations", json=request)
    assert response.json()["size"] == f"{side}x{side}"


async def test_a_transparent_gif_has_transparent_pixels() -> None:
    request = {**F26, "output_format": "gif", "background": "transparent", "size": "720x720"}
    async with emulator_client() as client:
        response = await client.post("/images/generations", json=request)
    gif = Image.open(io.BytesIO(image_of_bytes(response.json())))
    assert "transparency" in gif.info
    alpha = np.asarray(gif.convert("RGBA"))[..., 3]
    assert (alpha == 0).mean() > 0.3


async def test_svg_is_a_valid_svg_of_the_prompt_with_svg_usage() -> None:
    author = {"model": "gpt-5.6-sol", "reasoning": {"effort": "high"}}
    request = {**F26, "output_format": "svg", "svg": author, "size": "1536x1024"}
    async with emulator_client() as client:
        response = await client.post("/images/generations", json=request)
        again = await client.post("/images/generations", json=request)
        cheaper = await client.post(
            "/images/generations",
            json={**request, "svg": {"model": "gpt-5.6-sol", "reasoning": {"effort": "low"}}},
        )
    body = response.json()
    root = ET.fromstring(image_of_bytes(body))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("1536", "1024")
    assert "a red kite over the sea" in ET.tostring(root, encoding="unicode")
    assert body["data"] == again.json()["data"]
    usage = body["svg_usage"]
    assert set(usage) == {
        "model",
        "input_tokens",
        "output_tokens",
        "reasoning_tokens",
        "total_tokens",
    }
    assert usage["model"] == "gpt-5.6-sol"
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert cheaper.json()["svg_usage"]["reasoning_tokens"] < usage["reasoning_tokens"]
    assert "usage" in body, "the reference image's usage is reported apart"


async def test_svg_edit_is_answered_too() -> None:
    form = {"prompt": "a kite", "output_format": "svg", "svg[model]": "gpt-5.6-sol"}
    async with emulator_client() as client:
        response = await client.post("/images/edits", data=form, files=edit_files(png_bytes()))
    assert response.status_code == 200, response.text
    assert response.json()["svg_usage"]["model"] == "gpt-5.6-sol"


async def test_safety_identifier_is_echoed_and_user_stands_in_for_it() -> None:
    async with emulator_client() as client:
        given = await client.post("/images/generations", json={**F26, "safety_identifier": "h-1"})
        both = await client.post(
            "/images/generations", json={**F26, "safety_identifier": "h-2", "user": "old"}
        )
        legacy = await client.post("/images/generations", json={**F26, "user": "old"})
        none = await client.post("/images/generations", json=F26)
    assert given.json()["safety_identifier"] == "h-1"
    assert both.json()["safety_identifier"] == "h-2"
    assert legacy.json()["safety_identifier"] == "old"
    assert "safety_identifier" not in none.json()


async def test_complexity_is_accepted_and_shapes_the_picture() -> None:
    async with emulator_client() as client:
        low = await client.post("/images/generations", json={**F26, "complexity": "low"})
        high = await client.post("/images/generations", json={**F26, "complexity": "high"})
    assert low.status_code == high.status_code == 200
    assert low.json()["data"] != high.json()["data"]
    assert low.json()["usage"]["output_tokens"] == high.json()["usage"]["output_tokens"], (
        "complexity costs nothing extra"
    )


async def test_azure_routes_and_api_key() -> None:
    app = create_app(EmulatorConfig(pace=0, azure=True))
    transport = StreamingASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://res/openai/v1") as client:
        keyed = await client.post("/images/generations", json=F26, headers={"api-key": "k"})
        keyless = await client.post("/images/generations", json=F26)
        listed = await client.get("/models", headers={"api-key": "k"})
        plain = await client.post(
            "http://res/v1/images/generations", json=F26, headers={"api-key": "k"}
        )
    assert keyed.status_code == 200
    assert keyless.status_code == 401
    assert listed.status_code == 200
    assert plain.status_code == 404
