"""The generations endpoint: JSON and stream shapes, sizes, formats, transparency, determinism."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from imagewidgets.emulator import EmulatorConfig
from imagewidgets.emulator.drawing import Picture, render
from tests.support.emulator import emulator_client, image_of, parse_sse, pixels

GPT = {"prompt": "a red fox under the sun", "model": "gpt-image-2.6-flare"}


async def test_json_response_has_every_echo_field_and_usage() -> None:
    async with emulator_client() as client:
        response = await client.post("/images/generations", json={**GPT, "quality": "high"})
    body = response.json()
    assert response.status_code == 200
    assert response.headers["x-request-id"].startswith("req_")
    assert set(body) == {
        "created",
        "data",
        "background",
        "output_format",
        "quality",
        "size",
        "usage",
    }
    assert (body["background"], body["output_format"], body["quality"], body["size"]) == (
        "opaque",
        "png",
        "high",
        "1024x1024",
    )
    usage = body["usage"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert set(usage["input_tokens_details"]) == {"text_tokens", "image_tokens"}
    assert usage["output_tokens_details"] == {
        "image_tokens": usage["output_tokens"],
        "text_tokens": 0,
    }
    assert image_of(body["data"][0]["b64_json"]).size == (1024, 1024)


async def test_same_request_same_bytes_different_prompt_different_picture() -> None:
    async with emulator_client() as client:
        first = await client.post("/images/generations", json=GPT)
        again = await client.post("/images/generations", json=GPT)
        other = await client.post("/images/generations", json={**GPT, "prompt": "a blue house"})
    image = first.json()["data"][0]["b64_json"]
    assert image == again.json()["data"][0]["b64_json"]
    difference = np.abs(
        pixels(image, "RGB").astype(int) - pixels(other.json()["data"][0]["b64_json"], "RGB")
    )
    assert difference.mean() > 10


async def test_n_images_differ_from_each_other() -> None:
    async with emulator_client() as client:
        response = await client.post("/images/generations", json={**GPT, "n": 3})
    images = [item["b64_json"] for item in response.json()["data"]]
    assert len(set(images)) == 3


@pytest.mark.parametrize(
    ("model", "size", "expected"),
    [
        ("dall-e-2", "256x256", (256, 256)),
        ("dall-e-2", "512x512", (512, 512)),
        ("dall-e-3", "1792x1024", (1792, 1024)),
        ("dall-e-3", "1024x1792", (1024, 1792)),
        ("gpt-image-2.5-sunburst", "1536x1024", (1536, 1024)),
        ("gpt-image-2.5-flare", "1024x1536", (1024, 1536)),
        ("gpt-image-2.6-flare", "auto", (1024, 1024)),
        ("gpt-image-2.6-sunburst", "2560x1440", (2560, 1440)),
        ("gpt-image-2", "3840x2160", (3840, 2160)),
        ("gpt-image-2", "1536x864", (1536, 864)),
        ("gpt-image-2", "480x1440", (480, 1440)),
    ],
)
async def test_every_allowed_size(model: str, size: str, expected: tuple[int, int]) -> None:
    request = {"prompt": "a lighthouse", "model": model, "size": size}
    config = EmulatorConfig(pace=0, serves_retired=model.startswith("dall-e"))
    if model.startswith("dall-e"):
        request["response_format"] = "b64_json"
    async with emulator_client(config) as client:
        response = await client.post("/images/generations", json=request)
    assert response.status_code == 200, response.text
    assert image_of(response.json()["data"][0]["b64_json"]).size == expected


async def test_auto_size_follows_a_landscape_prompt() -> None:
    async with emulator_client() as client:
        response = await client.post(
            "/images/generations",
            json={"prompt": "a wide mountain panorama", "model": "gpt-image-2.5-sunburst"},
        )
    assert response.json()["size"] == "1536x1024"


@pytest.mark.parametrize(
    ("output_format", "pil_format"), [("png", "PNG"), ("jpeg", "JPEG"), ("webp", "WEBP")]
)
async def test_output_formats(output_format: str, pil_format: str) -> None:
    async with emulator_client() as client:
        response = await client.post(
            "/images/generations", json={**GPT, "output_format": output_format}
        )
    assert response.json()["output_format"] == output_format
    assert image_of(response.json()["data"][0]["b64_json"]).format == pil_format


@pytest.mark.parametrize("output_format", ["jpeg", "webp"])
async def test_output_compression_shrinks_the_file(output_format: str) -> None:
    sizes = []
    async with emulator_client() as client:
        for compression in (100, 20):
            request = {**GPT, "output_format": output_format, "output_compression": compression}
            response = await client.post("/images/generations", json=request)
            sizes.append(len(base64.b64decode(response.json()["data"][0]["b64_json"])))
    assert sizes[1] < sizes[0] * 0.7


@pytest.mark.parametrize("output_format", ["png", "webp"])
async def test_transparent_background_is_really_transparent(output_format: str) -> None:
    request = {**GPT, "background": "transparent", "output_format": output_format}
    async with emulator_client() as client:
        response = await client.post("/images/generations", json=request)
    assert response.json()["background"] == "transparent"
    alpha = pixels(response.json()["data"][0]["b64_json"], "RGBA")[..., 3]
    assert (alpha == 0).mean() > 0.3, "most of the background is fully transparent"
    assert (alpha == 255).mean() > 0.05, "the motifs are opaque"


async def test_opaque_background_has_no_alpha() -> None:
    async with emulator_client() as client:
        response = await client.post("/images/generations", json={**GPT, "background": "opaque"})
    assert image_of(response.json()["data"][0]["b64_json"]).mode == "RGB"


async def test_dalle_answers_with_a_url_serving_the_png() -> None:
    async with emulator_client(EmulatorConfig(pace=0, serves_retired=True)) as client:
        response = await client.post(
            "/images/generations", json={"prompt": "a fox", "model": "dall-e-3"}
        )
        item = response.json()["data"][0]
        image = await client.get(item["url"])
        missing = await client.get("/emulator/files/nothing.png")
    assert set(response.json()) == {"created", "data"}
    assert item["revised_prompt"].endswith("a fox")
    assert item["url"].startswith("http://emulator/v1/emulator/files/")
    assert image.headers["content-type"] == "image/png"
    assert image_of(image.content).size == (1024, 1024)
    assert missing.status_code == 404
    assert set(missing.json()["error"]) == {"message", "type", "param", "code"}


async def test_stream_sends_partials_then_completed_with_every_field() -> None:
    request = {**GPT, "stream": True, "partial_images": 3}
    async with emulator_client() as client:
        response = await client.post("/images/generations", json=request)
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    kinds = [event for event, _ in events]
    assert kinds == ["image_generation.partial_image"] * 3 + ["image_generation.completed"]
    common = {"type", "b64_json", "created_at", "size", "quality", "background", "output_format"}
    for number, (event, data) in enumerate(events[:3]):
        assert set(data) == common | {"partial_image_index"}
        assert data["type"] == event
        assert data["partial_image_index"] == number
    assert set(events[3][1]) == common | {"usage"}
    assert "[DONE]" not in response.text


async def test_stream_final_image_equals_the_json_image() -> None:
    async with emulator_client() as client:
        streamed = await client.post("/images/generations", json={**GPT, "stream": True})
        plain = await client.post("/images/generations", json=GPT)
    events = parse_sse(streamed.text)
    assert [event for event, _ in events] == ["image_generation.completed"]
    assert events[0][1]["b64_json"] == plain.json()["data"][0]["b64_json"]


async def test_stream_of_several_images_completes_each_in_turn() -> None:
    request = {**GPT, "stream": True, "partial_images": 1, "n": 2}
    async with emulator_client() as client:
        response = await client.post("/images/generations", json=request)
    kinds = [event.rsplit(".", 1)[1] for event, _ in parse_sse(response.text)]
    assert kinds == ["partial_image", "completed", "partial_image", "completed"]


async def test_partial_frames_progress_from_coarse_to_fine() -> None:
    request = {**GPT, "stream": True, "partial_images": 3}
    async with emulator_client() as client:
        response = await client.post("/images/generations", json=request)
    frames = [pixels(data["b64_json"], "RGB").astype(int) for _, data in parse_sse(response.text)]
    errors = [np.abs(frame - frames[-1]).mean() for frame in frames[:-1]]
    assert errors[0] > errors[1] > errors[2] > 0
    flat = [(np.diff(frame, axis=1) == 0).all(axis=2).mean() for frame in frames[:-1]]
    assert flat[0] > flat[1] > flat[2], "blocks shrink: fewer equal neighbours frame by frame"


def _ink_width(prompt: str) -> int:
    image = np.asarray(render(Picture(prompt, 512, 512, seed=1)), dtype=int)
    ink = np.argwhere(image[-80:].sum(axis=2) < 150)
    return int(ink[:, 1].max() - ink[:, 1].min()) if ink.size else 0


def test_the_prompt_words_are_written_on_the_image() -> None:
    short = _ink_width("a red fox")
    longer = _ink_width("a red fox jumps over the dog")
    assert 40 < short < longer, "dark caption text whose width follows the prompt"


def test_the_offline_mark_is_drawn_top_right() -> None:
    marked = np.asarray(render(Picture("a fox", 512, 512, seed=1, label="offline")), dtype=int)
    plain = np.asarray(render(Picture("a fox", 512, 512, seed=1, label="")), dtype=int)
    changed = np.argwhere(np.abs(marked - plain).sum(axis=2) > 0)
    assert changed.size
    assert changed[:, 0].max() < 40
    assert changed[:, 1].min() > 400


async def test_usage_grows_with_size_quality_and_partials() -> None:
    async def tokens(**extra: object) -> int:
        response = await client.post("/images/generations", json={**GPT, **extra})
        if extra.get("stream"):
            return int(parse_sse(response.text)[-1][1]["usage"]["output_tokens"])
        return int(response.json()["usage"]["output_tokens"])

    async with emulator_client() as client:
        low, medium, high = [await tokens(quality=quality) for quality in ("low", "medium", "high")]
        bigger = await tokens(quality="low", size="1536x1024")
        partial = await tokens(quality="low", stream=True, partial_images=2)
    assert low < medium < high
    assert bigger > low
    assert partial > low
