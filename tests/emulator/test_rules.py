"""Refusals: the emulator refuses what the shared rules refuse, in the service's error shape."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from imagewidgets import capabilities
from imagewidgets.capabilities import ENDPOINT_PARAMS
from tests.support.emulator import AUTH, edit_files, emulator_client, mask_png, png_bytes

GENERATE_REFUSALS: list[tuple[dict[str, Any], str]] = [
    ({"prompt": ""}, "prompt"),
    ({"prompt": "x" * 1001}, "prompt"),
    ({"prompt": "x" * 4001, "model": "dall-e-3"}, "prompt"),
    ({"prompt": "a fox", "model": "dall-e-3", "n": 2}, "n"),
    ({"prompt": "a fox", "n": 11}, "n"),
    ({"prompt": "a fox", "model": "dall-e-2", "size": "1792x1024"}, "size"),
    ({"prompt": "a fox", "model": "gpt-image-1", "size": "512x512"}, "size"),
    ({"prompt": "a fox", "model": "gpt-image-2", "size": "1000x1000"}, "size"),
    ({"prompt": "a fox", "model": "gpt-image-2", "size": "3200x800"}, "size"),
    ({"prompt": "a fox", "model": "gpt-image-2", "size": "4096x2160"}, "size"),
    ({"prompt": "a fox", "model": "dall-e-3", "quality": "high"}, "quality"),
    ({"prompt": "a fox", "model": "gpt-image-2", "background": "transparent"}, "background"),
    ({"prompt": "a fox", "background": "transparent", "output_format": "jpeg"}, "background"),
    ({"prompt": "a fox", "model": "gpt-image-1", "output_compression": 50}, "output_compression"),
    ({"prompt": "a fox", "model": "gpt-image-1", "style": "vivid"}, "style"),
    ({"prompt": "a fox", "model": "gpt-image-1", "response_format": "url"}, "response_format"),
    ({"prompt": "a fox", "model": "dall-e-3", "stream": True}, "stream"),
    ({"prompt": "a fox", "model": "gpt-image-1", "partial_images": 4}, "partial_images"),
    ({"prompt": "a fox", "model": "gpt-image-1", "moderation": "strict"}, "moderation"),
    ({"prompt": "a fox", "input_fidelity": "high"}, "input_fidelity"),
    ({"prompt": "a fox", "colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("request_body", "param"), GENERATE_REFUSALS)
async def test_generation_refusals_match_the_shared_rules(
    request_body: dict[str, Any], param: str
) -> None:
    with pytest.raises(capabilities.InvalidParameterError) as expected:
        capabilities.validate("generate", request_body)
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


EDIT_REFUSALS: list[tuple[dict[str, str], list[Any], str]] = [
    (
        {"prompt": "x", "model": "gpt-image-1-mini", "input_fidelity": "high"},
        [png_bytes()],
        "input_fidelity",
    ),
    ({"prompt": "x", "model": "dall-e-2"}, [png_bytes((256, 128), mode="RGBA")], "image"),
    ({"prompt": "x", "model": "dall-e-3"}, [png_bytes()], "model"),
    ({"prompt": "x", "style": "vivid"}, [png_bytes()], "style"),
    ({}, [], "image"),
]


@pytest.mark.parametrize(("form", "images", "param"), EDIT_REFUSALS)
async def test_edit_refusals(form: dict[str, str], images: list[bytes], param: str) -> None:
    files = edit_files(*images) if images else [("prompt", (None, b"x"))]
    async with emulator_client() as client:
        response = await client.post("/images/edits", data=form, files=files)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["param"] == param


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
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256)).save(buffer, "JPEG")
    return buffer.getvalue()


async def test_variations_refuse_gpt_models_and_non_square_images() -> None:
    async with emulator_client() as client:
        gpt = await client.post(
            "/images/variations",
            data={"model": "gpt-image-1"},
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
