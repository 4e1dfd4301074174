"""Edits and variations: mask fidelity, every input used, the prompt obeyed, the service's sizes,
and related variations (from a compatible server that still serves dall-e-2)."""

from __future__ import annotations

import io

import httpx
import numpy as np
import pytest
from PIL import Image, ImageDraw

from imagewidgets.emulator import EmulatorConfig
from imagewidgets.imaging.markup import markup_reach, near_marks
from tests.support.emulator import (
    edit_files,
    emulator_client,
    image_of,
    mask_png,
    noise_png,
    parse_sse,
    pixels,
    png_bytes,
)

BOX = (64, 96, 192, 200)
COMPATIBLE = EmulatorConfig(pace=0, serves_retired=True)
"""A compatible server that still serves the retired models and the variations endpoint."""


def _inside(box: tuple[int, int, int, int], shape: tuple[int, ...]) -> np.ndarray:
    inside = np.zeros(shape[:2], bool)
    inside[box[1] : box[3], box[0] : box[2]] = True
    return inside


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
async def test_masked_edit_changes_no_pixel_outside_the_mask(mode: str) -> None:
    source = noise_png((256, 256), seed=3, mode=mode)
    files = edit_files(source, mask=mask_png((256, 256), BOX))
    async with emulator_client() as client:
        form = {"prompt": "a yellow star", "size": "256x256"}
        response = await client.post("/images/edits", data=form, files=files)
    assert response.status_code == 200, response.text
    result = pixels(response.json()["data"][0]["b64_json"])
    original = pixels(source)
    assert result.shape == original.shape
    inside = _inside(BOX, result.shape)
    changed = (result != original).any(axis=2)
    assert not changed[~inside].any(), "zero changed pixels outside the mask"
    assert changed[inside].mean() > 0.9, "the masked area is repainted"


async def test_edit_stream_keeps_the_mask_too() -> None:
    source = noise_png((320, 240), seed=4)
    files = edit_files(source, mask=mask_png((320, 240), BOX))
    form = {"prompt": "a moon", "stream": "true", "partial_images": "2", "size": "320x240"}
    async with emulator_client() as client:
        response = await client.post("/images/edits", data=form, files=files)
    events = parse_sse(response.text)
    assert [event for event, _ in events] == ["image_edit.partial_image"] * 2 + [
        "image_edit.completed"
    ]
    final = pixels(events[-1][1]["b64_json"])
    inside = _inside(BOX, final.shape)
    assert not (final != pixels(source))[~inside].any()
    assert events[-1][1]["usage"]["input_tokens_details"]["image_tokens"] > 0


async def test_edit_respects_the_prompt() -> None:
    source = png_bytes((256, 256), "white")
    async with emulator_client() as client:
        answers = [
            await client.post("/images/edits", data={"prompt": prompt}, files=edit_files(source))
            for prompt in ("a red apple", "a blue house on a hill")
        ]
    first, second = (
        pixels(answer.json()["data"][0]["b64_json"], "RGB").astype(int) for answer in answers
    )
    assert np.abs(first - second).mean() > 5


async def test_edit_uses_every_input_image() -> None:
    base = png_bytes((512, 512), "white")
    extra = [png_bytes((64, 64), colour) for colour in ("red", "blue", "lime")]
    form = {"prompt": "a collage"}
    async with emulator_client() as client:
        alone = await client.post("/images/edits", data=form, files=edit_files(base))
        together = await client.post("/images/edits", data=form, files=edit_files(base, *extra))
    with_inputs = pixels(together.json()["data"][0]["b64_json"], "RGB")
    without = pixels(alone.json()["data"][0]["b64_json"], "RGB")
    for colour in ((255, 0, 0), (0, 0, 255), (0, 255, 0)):
        assert (with_inputs == colour).all(axis=2).sum() > 500, colour
        assert (without == colour).all(axis=2).sum() < 50, colour


async def test_sixteen_inputs_are_accepted_and_seventeen_refused() -> None:
    images = [png_bytes((64, 64), (number * 15, 90, 200)) for number in range(17)]
    async with emulator_client() as client:
        ok = await client.post(
            "/images/edits", data={"prompt": "x"}, files=edit_files(*images[:16])
        )
        refused = await client.post(
            "/images/edits", data={"prompt": "x"}, files=edit_files(*images)
        )
    assert ok.status_code == 200
    assert refused.status_code == 400
    assert refused.json()["error"]["param"] == "image"


async def test_edit_without_mask_answers_with_a_service_size_and_blends_it() -> None:
    source = png_bytes((400, 272), "purple")
    async with emulator_client() as client:
        response = await client.post(
            "/images/edits", data={"prompt": "a kite"}, files=edit_files(source)
        )
    body = response.json()
    assert body["size"] == "1536x1024", "auto: the service's size nearest the input's shape"
    result = pixels(body["data"][0]["b64_json"], "RGB").astype(int)
    assert result.shape == (1024, 1536, 3)
    assert np.abs(result - (128, 0, 128)).mean() < 120, "the purple input still shows through"


@pytest.mark.parametrize(
    ("input_size", "form", "expected"),
    [
        ((300, 300), {}, "1024x1024"),
        ((560, 500), {}, "1024x1024"),
        ((640, 480), {}, "1536x1024"),
        ((300, 500), {}, "1024x1536"),
        ((900, 500), {}, "1536x1024"),
        ((300, 300), {"size": "1536x1024"}, "1536x1024"),
        ((300, 300), {"size": "1536x864"}, "1536x864"),
    ],
)
async def test_edits_return_the_service_sizes_not_the_input_size(
    input_size: tuple[int, int], form: dict[str, str], expected: str
) -> None:
    files = edit_files(png_bytes(input_size, "teal"))
    async with emulator_client() as client:
        response = await client.post(
            "/images/edits", data={"prompt": "a kite", **form}, files=files
        )
    assert response.json()["size"] == expected
    width, height = (int(side) for side in expected.split("x"))
    assert image_of(response.json()["data"][0]["b64_json"]).size == (width, height)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


async def test_dalle2_edit_uses_the_transparent_area_when_there_is_no_mask() -> None:
    source = np.full((256, 256, 4), 200, np.uint8)
    source[BOX[1] : BOX[3], BOX[0] : BOX[2], 3] = 0
    form = {
        "prompt": "a cat",
        "model": "dall-e-2",
        "size": "256x256",
        "response_format": "b64_json",
    }
    files = edit_files(_png(Image.fromarray(source, "RGBA")))
    async with emulator_client(COMPATIBLE) as client:
        response = await client.post("/images/edits", data=form, files=files)
    result = pixels(response.json()["data"][0]["b64_json"], "RGBA")
    inside = _inside(BOX, result.shape)
    assert (result[~inside] == 200).all()
    assert (result[inside][:, 3] == 255).all(), "the hole is filled in"


def _composition(split: str) -> Image.Image:
    image = Image.new("RGB", (256, 256), (20, 30, 60))
    draw = ImageDraw.Draw(image)
    if split == "left-right":
        draw.rectangle((128, 0, 256, 256), (230, 210, 90))
        draw.ellipse((20, 150, 100, 230), (250, 250, 250))
    else:
        draw.rectangle((0, 0, 256, 128), (230, 210, 90))
        draw.ellipse((150, 170, 230, 250), (250, 250, 250))
    return image


def _likeness(first: np.ndarray, second: np.ndarray) -> float:
    small = [
        np.asarray(Image.fromarray(array).convert("L").resize((16, 16)), float).ravel()
        for array in (first, second)
    ]
    return float(np.corrcoef(small[0], small[1])[0, 1])


async def test_variations_are_related_to_the_source_but_differ() -> None:
    source = np.asarray(_composition("left-right"))
    unrelated = np.asarray(_composition("top-bottom"))
    form = {"n": "3", "size": "256x256", "response_format": "b64_json"}
    files = [("image", ("source.png", _png(Image.fromarray(source)), "image/png"))]
    async with emulator_client(COMPATIBLE) as client:
        response = await client.post("/images/variations", data=form, files=files)
    assert set(response.json()) == {"created", "data"}
    variations = [pixels(item["b64_json"], "RGB") for item in response.json()["data"]]
    assert len({variation.tobytes() for variation in variations}) == 3, "each variation differs"
    for variation in variations:
        assert _likeness(variation, source) > 0.45 > 0.2 > _likeness(variation, unrelated)
        assert np.abs(variation.astype(int) - source).mean() > 10, "not a copy"


async def test_variation_url_serves_a_png_of_the_requested_size() -> None:
    files = [("image", ("s.png", png_bytes((512, 512), "orange"), "image/png"))]
    async with emulator_client(COMPATIBLE) as client:
        response = await client.post("/images/variations", data={"size": "512x512"}, files=files)
        image = await client.get(response.json()["data"][0]["url"])
    assert image_of(image.content).size == (512, 512)


async def test_openai_s_variations_endpoint_is_answered_as_retired() -> None:
    files = [("image", ("s.png", png_bytes((512, 512), "orange"), "image/png"))]
    async with emulator_client() as client:
        response = await client.post("/images/variations", data={"size": "512x512"}, files=files)
    assert response.status_code == 404
    assert "endpoint is retired" in response.json()["error"]["message"]
    assert "image edits endpoint" in response.json()["error"]["message"]


async def test_edit_usage_grows_with_inputs_and_fidelity_and_repeats_exactly() -> None:
    images = [png_bytes((512, 512), colour) for colour in ("red", "blue", "lime")]

    async def edit(count: int, fidelity: str) -> httpx.Response:
        form = {"prompt": "a hat", "model": "gpt-image-1.5", "input_fidelity": fidelity}
        return await client.post("/images/edits", data=form, files=edit_files(*images[:count]))

    async with emulator_client(COMPATIBLE) as client:
        one, three, high = await edit(1, "low"), await edit(3, "low"), await edit(1, "high")
        again = await edit(1, "low")
    tokens = [answer.json()["usage"]["input_tokens"] for answer in (one, three, high)]
    assert tokens[0] < tokens[1]
    assert tokens[0] < tokens[2]
    assert one.json()["data"] == again.json()["data"]


def _markup(size: tuple[int, int]) -> tuple[bytes, np.ndarray]:
    """A markup with a red circle and a blue arrow, and where its marks are."""
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.ellipse((40, 40, 100, 100), outline=(229, 57, 53, 255), width=5)
    draw.line((200, 200, 250, 160), fill=(30, 136, 229, 255), width=5)
    buffer = io.BytesIO()
    overlay.save(buffer, "PNG")
    return buffer.getvalue(), np.asarray(overlay)[..., 3] > 0


@pytest.mark.parametrize("stream", [False, True])
async def test_a_markup_edit_changes_the_picture_near_the_marks_only(stream: bool) -> None:
    size = (320, 256)
    source = noise_png(size, seed=5)
    markup, marks = _markup(size)
    files = [*edit_files(source), ("markup", ("markup.png", markup, "image/png"))]
    form = {"prompt": "the red circle: a window; the blue arrow: a bird", "size": "320x256"}
    if stream:
        form |= {"stream": "true", "partial_images": "1"}
    async with emulator_client() as client:
        response = await client.post("/images/edits", data=form, files=files)
    assert response.status_code == 200, response.text
    b64 = parse_sse(response.text)[-1][1] if stream else response.json()["data"][0]
    result = pixels(b64["b64_json"])
    changed = (result != pixels(source)).any(axis=2)
    near = near_marks(marks, markup_reach(*size))
    assert not changed[~near].any(), "pixels far from the marks are kept exactly"
    assert changed[near].mean() > 0.8, "the picture changes near the marks"
    assert changed[marks].all()
