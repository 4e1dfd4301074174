"""Refusals: the emulator refuses what the shared rules refuse (their guesses too), in the
service's error shape, and answers shut-down models as the service does."""

from __future__ import annotations

import io
import warnings
from datetime import date
from typing import Any

import pytest
from PIL import Image, ImageDraw

from imagewidgets import capabilities
from imagewidgets.capabilities import ENDPOINT_PARAMS
from imagewidgets.emulator import EmulatorConfig
from tests.support.emulator import AUTH, edit_files, emulator_client, mask_png, png_bytes

F26 = "gpt-image-2.6-flare"
GENERATE_REFUSALS: list[tuple[dict[str, Any], str]] = [
    ({"prompt": ""}, "prompt"),
    ({"prompt": "x" * 32001}, "prompt"),
    ({"prompt": "a fox", "n": 11}, "n"),
    ({"prompt": "a fox", "model": F26, "output_format": "svg", "n": 2}, "n"),
    ({"prompt": "a fox", "model": "gpt-image-2", "size": "1000x1000"}, "size"),
    ({"prompt": "a fox", "model": "gpt-image-2", "size": "3200x800"}, "size"),
    ({"prompt": "a fox", "model": "gpt-image-2", "size": "4096x2160"}, "size"),
    ({"prompt": "a fox", "model": F26, "output_format": "gif", "size": "1024x1024"}, "size"),
    ({"prompt": "a fox", "model": "gpt-image-2", "quality": "xhigh"}, "quality"),
    ({"prompt": "a fox", "model": F26, "quality": "hd"}, "quality"),
    ({"prompt": "a fox", "model": "gpt-image-2.5-flare", "complexity": "low"}, "complexity"),
    ({"prompt": "a fox", "model": F26, "complexity": "extreme"}, "complexity"),
    ({"prompt": "a fox", "background": "transparent", "output_format": "jpeg"}, "background"),
    ({"prompt": "a fox", "model": "gpt-image-2", "output_format": "gif"}, "output_format"),
    ({"prompt": "a fox", "model": F26, "output_compression": 50}, "output_compression"),
    ({"prompt": "a fox", "model": F26, "frame_count": 4}, "frame_count"),
    ({"prompt": "a fox", "output_format": "gif", "frame_count": 17}, "frame_count"),
    ({"prompt": "a fox", "output_format": "gif", "frame_duration_ms": 10}, "frame_duration_ms"),
    ({"prompt": "a fox", "output_format": "gif", "stream": True}, "stream"),
    ({"prompt": "a fox", "output_format": "svg", "partial_images": 1}, "partial_images"),
    ({"prompt": "a fox", "svg": {"model": "gpt-5.6-sol"}}, "svg"),
    ({"prompt": "a fox", "output_format": "svg", "svg": {"reasoning": {}}}, "svg"),
    ({"prompt": "a fox", "safety_identifier": "u" * 129}, "safety_identifier"),
    ({"prompt": "a fox", "model": "gpt-image-2", "style": "vivid"}, "style"),
    ({"prompt": "a fox", "model": F26, "response_format": "url"}, "response_format"),
    ({"prompt": "a fox", "model": F26, "partial_images": 4}, "partial_images"),
    ({"prompt": "a fox", "model": F26, "moderation": "strict"}, "moderation"),
    ({"prompt": "a fox", "input_fidelity": "high"}, "input_fidelity"),
    ({"prompt": "a fox", "colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("request_body", "param"), GENERATE_REFUSALS)
async def test_generation_refusals_match_the_shared_rules(
    request_body: dict[str, Any], param: str
) -> None:
    """The emulator refuses with the shared rules, counting their guesses as refusals."""
    with pytest.raises(capabilities.InvalidParameterError) as expected:
        capabilities.validate("generate", request_body, guesses="refuse", check_lifecycle=False)
    async with emulator_client() as client:
        response = await client.post("/images/generations", json=request_body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error == {
        "message": str(expected.value),
        "type": "invalid_request_error",
        "param": param,
        "code": "invalid_value" if param in ENDPOINT_PARAMS["generate"] else "unknown_parameter",
    }
    assert response.headers["x-request-id"]


@pytest.mark.parametrize(
    ("model", "shutdown"),
    [
        ("gpt-image-1.5", "2026-12-01"),
        ("gpt-image-1.5-2025-12-16", "2026-12-01"),
        ("gpt-image-1-mini", "2026-12-01"),
        ("chatgpt-image-latest", "2026-12-01"),
        ("gpt-image-1", "2026-10-23"),
        ("dall-e-3", "2026-05-12"),
        ("dall-e-2", "2026-05-12"),
    ],
)
async def test_shut_down_models_are_answered_as_the_service_answers(
    model: str, shutdown: str
) -> None:
    """WIRE-2026-11 1.4: a 400 naming the model, code model_not_found."""
    async with emulator_client() as client:
        response = await client.post("/images/generations", json={"prompt": "x", "model": model})
        edit = await client.post(
            "/images/edits", data={"prompt": "x", "model": model}, files=edit_files(png_bytes())
        )
    for answer in (response, edit):
        assert answer.status_code == 400
        error = answer.json()["error"]
        assert (error["param"], error["code"]) == ("model", "model_not_found")
        assert f"`{model}` was shut down on {shutdown}" in error["message"]


async def test_a_deprecated_model_works_until_its_shutdown_date() -> None:
    body = {"prompt": "x", "model": "gpt-image-1.5"}
    async with emulator_client(EmulatorConfig(pace=0, today=date(2026, 11, 30))) as client:
        before = await client.post("/images/generations", json=body)
    async with emulator_client(EmulatorConfig(pace=0, today=date(2026, 12, 1))) as client:
        on = await client.post("/images/generations", json=body)
    assert (before.status_code, on.status_code) == (200, 400)


EDIT_REFUSALS: list[tuple[dict[str, str], list[Any], str]] = [
    (
        {"prompt": "x", "model": "gpt-image-2", "input_fidelity": "high"},
        [png_bytes()],
        "input_fidelity",
    ),
    ({"prompt": "x", "model": F26, "input_fidelity": "high"}, [png_bytes()], "input_fidelity"),
    ({"prompt": "x", "model": "dall-e-3"}, [png_bytes()], "model"),
    ({"prompt": "x", "style": "vivid"}, [png_bytes()], "style"),
    ({"prompt": "x", "moderation": "low"}, [png_bytes()], "moderation"),
    ({"prompt": "x", "svg[model]": "a"}, [png_bytes()], "svg"),
    ({"prompt": "x", "output_format": "svg", "n": "2"}, [png_bytes()], "n"),
    ({"prompt": "x", "frame_count": "20", "output_format": "gif"}, [png_bytes()], "frame_count"),
    ({}, [], "image"),
]


@pytest.mark.parametrize(("form", "images", "param"), EDIT_REFUSALS)
async def test_edit_refusals(form: dict[str, str], images: list[bytes], param: str) -> None:
    files = edit_files(*images) if images else [("prompt", (None, b"x"))]
    async with emulator_client() as client:
        response = await client.post("/images/edits", data=form, files=files)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["param"] == param


def _overlay(size: tuple[int, int], clear: bool = True) -> bytes:
    buffer = io.BytesIO()
    overlay = Image.new("RGBA", size, (255, 0, 0, 0 if clear else 255))
    ImageDraw.Draw(overlay).ellipse((8, 8, 40, 40), outline=(255, 0, 0, 255), width=4)
    overlay.save(buffer, "PNG")
    return buffer.getvalue()


async def test_markup_is_accepted_and_validated() -> None:
    image = png_bytes((256, 256))
    cases: list[tuple[dict[str, str], list[Any], int, str]] = [
        ({}, [("markup", ("m.png", _overlay((256, 256)), "image/png"))], 200, ""),
        ({}, [("markup", ("m.png", _overlay((128, 128)), "image/png"))], 400, "must match"),
        ({}, [("markup", ("m.png", _overlay((256, 256), False), "image/png"))], 400, "transparent"),
        ({}, [("markup", ("m.png", _jpeg(), "image/jpeg"))], 400, "must be a PNG"),
        (
            {"model": "gpt-image-2"},
            [("markup", ("m.png", _overlay((256, 256)), "image/png"))],
            400,
            "does not take markup",
        ),
        (
            {},
            [
                ("markup", ("m.png", _overlay((256, 256)), "image/png")),
                ("mask", ("k.png", mask_png((256, 256), (0, 0, 9, 9)), "image/png")),
            ],
            400,
            "cannot be combined with a mask",
        ),
    ]
    async with emulator_client() as client:
        for form, parts, status, words in cases:
            files = [("image", ("a.png", image, "image/png")), *parts]
            data = {"prompt": "make the circled part red", **form}
            response = await client.post("/images/edits", data=data, files=files)
            assert response.status_code == status, response.text
            if status == 400:
                assert response.json()["error"]["param"] == "markup"
                assert words in response.json()["error"]["message"]


async def test_a_gif_edit_takes_no_mask() -> None:
    files = edit_files(png_bytes((256, 256)), mask=mask_png((256, 256), (0, 0, 9, 9)))
    form = {"prompt": "x", "output_format": "gif", "size": "720x720"}
    async with emulator_client() as client:
        response = await client.post("/images/edits", data=form, files=files)
    assert (response.status_code, response.json()["error"]["param"]) == (400, "mask")


async def test_mask_must_match_the_first_image_and_be_a_png_with_alpha() -> None:
    image = png_bytes((256, 256))
    cases = [
        (mask_png((128, 128), (0, 0, 10, 10)), "image/png", "must match"),
        (png_bytes((256, 256), "black", "L"), "image/png", "alpha channel"),
        (_jpeg(), "image/jpeg", "must be a PNG"),
    ]
    async with emulator_client() as client:
        for mask, content_type, words in cases:
            files = [("image", ("a.png", image, "image/png")), ("mask", ("m", mask, content_type))]
            response = await client.post("/images/edits", data={"prompt": "x"}, files=files)
            assert response.status_code == 400
            assert response.json()["error"]["param"] == "mask"
            assert words in response.json()["error"]["message"]


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256)).save(buffer, "JPEG")
    return buffer.getvalue()


async def test_variations_refuse_gpt_models_and_non_square_images() -> None:
    async with emulator_client(EmulatorConfig(pace=0, serves_retired=True)) as client:
        gpt = await client.post(
            "/images/variations",
            data={"model": "gpt-image-2"},
            files=[("image", ("a.png", png_bytes(), "image/png"))],
        )
        oblong = await client.post(
            "/images/variations", files=[("image", ("a.png", png_bytes((300, 200)), "image/png"))]
        )
    assert (gpt.status_code, gpt.json()["error"]["param"]) == (400, "model")
    assert (oblong.status_code, oblong.json()["error"]["param"]) == (400, "image")
    assert "conform_for_dalle2" in oblong.json()["error"]["message"]


async def test_unknown_model_is_refused_without_a_warning() -> None:
    async with emulator_client() as client:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            response = await client.post(
                "/images/generations", json={"prompt": "x", "model": "gpt-9"}
            )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "model"


@pytest.mark.parametrize(
    ("body", "content_type", "code"),
    [
        (b"{not json", "application/json", "invalid_json"),
        (b"[1, 2]", "application/json", "invalid_json"),
        (b'{"prompt": "x", "stream": "yes"}', "application/json", "invalid_type"),
    ],
)
async def test_malformed_bodies_are_refused(body: bytes, content_type: str, code: str) -> None:
    async with emulator_client() as client:
        response = await client.post(
            "/images/generations", content=body, headers={"content-type": content_type}
        )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


async def test_multipart_scalars_are_typed_and_checked() -> None:
    files = edit_files(png_bytes())
    async with emulator_client() as client:
        bad_n = await client.post("/images/edits", data={"prompt": "x", "n": "two"}, files=files)
        bad_stream = await client.post(
            "/images/edits", data={"prompt": "x", "stream": "yes"}, files=files
        )
        good = await client.post("/images/edits", data={"prompt": "x", "n": "2"}, files=files)
        json_edit = await client.post("/images/edits", json={"prompt": "x"})
    assert bad_n.json()["error"]["param"] == "n"
    assert bad_stream.json()["error"]["param"] == "stream"
    assert len(good.json()["data"]) == 2
    assert json_edit.status_code == 400


async def test_an_image_file_that_is_not_an_image_is_refused() -> None:
    files = [("image", ("a.png", b"not an image at all", "image/png"))]
    async with emulator_client() as client:
        response = await client.post("/images/edits", data={"prompt": "x"}, files=files)
    assert response.json()["error"]["param"] == "image"
    assert response.json()["error"]["code"] == "invalid_image_format"


async def test_missing_key_is_401_and_unknown_path_404_with_request_ids() -> None:
    async with emulator_client() as client:
        no_key = await client.post(
            "/images/generations", json={"prompt": "x"}, headers={"Authorization": ""}
        )
        unknown = await client.post("/images/nothing", json={})
        wrong_method = await client.get("/images/generations")
    assert no_key.status_code == 401
    assert no_key.json()["error"]["type"] == "invalid_request_error"
    assert unknown.status_code == wrong_method.status_code == 404
    ids = {no_key.headers["x-request-id"], unknown.headers["x-request-id"]}
    assert len(ids) == 2
    assert set(no_key.json()["error"]) == {"message", "type", "param", "code"}
    assert AUTH["Authorization"].startswith("Bearer ")
