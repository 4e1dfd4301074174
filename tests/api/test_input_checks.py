"""Input checked before sending: a damaged image, a decompression bomb, a folder given as a path
and a prompt that cannot be encoded each raise a typed error naming the parameter, and nothing
is sent. The full decode runs off the event loop."""

from __future__ import annotations

import asyncio
import io
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from imagewidgets.api import client as client_module
from imagewidgets.api.request import ApiRequest
from imagewidgets.capabilities import InvalidParameterError
from tests.support.api import (
    Server,
    collect,
    error_response,
    images_json,
    png,
    stream_body,
    streaming,
)

GPT = "gpt-image-2"


def damaged_png(size: tuple[int, int] = (64, 64)) -> bytes:
    """A PNG whose header is fine and whose pixel data is cut short."""
    pixels = np.random.default_rng(1).integers(0, 256, (size[1], size[0], 3), np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def a_failing_server() -> Server:
    """A server that fails every request with a 500 (which would be retried twice)."""
    return Server(error_response(500))


async def test_an_image_with_a_valid_header_and_a_damaged_body_is_never_uploaded() -> None:
    server = a_failing_server()
    client = server.client()
    with pytest.raises(InvalidParameterError, match="the image does not decode") as caught:
        await client.edit(damaged_png(), "a hat", model=GPT)
    assert caught.value.param == "image"
    assert server.requests == []


async def test_the_damaged_one_of_several_images_is_named() -> None:
    server = a_failing_server()
    with pytest.raises(InvalidParameterError, match=r"^image 2 does not decode"):
        await server.client().edit([png((64, 64)), damaged_png()], "a hat", model=GPT)
    assert server.requests == []


async def test_a_damaged_mask_is_never_uploaded() -> None:
    mask = Image.new("RGBA", (64, 64))
    buffer = io.BytesIO()
    mask.save(buffer, "PNG", compress_level=0)
    server = a_failing_server()
    with pytest.raises(InvalidParameterError, match="the mask does not decode") as caught:
        await server.client().edit(png((64, 64)), "a hat", mask=buffer.getvalue()[:-100], model=GPT)
    assert caught.value.param == "mask"
    assert server.requests == []


async def test_a_streamed_edit_refuses_a_damaged_image_before_sending() -> None:
    server = Server(streaming([stream_body([png()], partials=0, kind="image_edit")]))
    stream = server.client().stream_edit(damaged_png(), "a hat", model=GPT, partial_images=1)
    with pytest.raises(InvalidParameterError, match="does not decode"):
        await collect(stream)
    assert server.requests == []


async def test_the_full_decode_runs_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []

    def record(request: ApiRequest) -> None:
        threads.append(threading.current_thread())

    monkeypatch.setattr(client_module, "check_uploads", record)
    server = Server(
        images_json(png()), streaming([stream_body([png()], partials=0, kind="image_edit")])
    )
    client = server.client()
    await client.edit(png((64, 64)), "a hat", model=GPT)
    await collect(client.stream_edit(png((64, 64)), "a hat", model=GPT, partial_images=1))
    assert len(threads) == 2
    assert threading.main_thread() not in threads


async def test_a_decompression_bomb_is_refused_before_sending() -> None:
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # 12 kB, 100 million pixels
    server = a_failing_server()
    with pytest.raises(InvalidParameterError, match="too many pixels to decode safely") as caught:
        await server.client().edit(buffer.getvalue(), "a hat", model=GPT)
    assert caught.value.param == "image"
    assert "PIL.Image.MAX_IMAGE_PIXELS" in str(caught.value)
    assert server.requests == []


@pytest.mark.parametrize("limit", [3_000, 1_000])  # Pillow warns above the limit, fails at 2x
async def test_pillows_limit_is_respected_warning_or_error(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)
    server = a_failing_server()
    with pytest.raises(InvalidParameterError, match="too many pixels"):
        await server.client().edit(png((64, 64)), "a hat", model=GPT)  # 4,096 pixels
    assert server.requests == []


async def test_a_folder_given_as_a_path_names_the_parameter(tmp_path: Path) -> None:
    server = a_failing_server()
    with pytest.raises(InvalidParameterError, match="is a folder") as caught:
        await server.client().edit(tmp_path, "a hat", model=GPT)
    assert caught.value.param == "image"
    (tmp_path / "in.png").write_bytes(png((64, 64)))
    with pytest.raises(InvalidParameterError, match="is a folder") as masked:
        await server.client().edit(tmp_path / "in.png", "a hat", mask=str(tmp_path), model=GPT)
    assert masked.value.param == "mask"
    assert server.requests == []


@pytest.mark.parametrize("half", [chr(0xD83E), chr(0xDC80)])  # a high and a low half
async def test_a_prompt_with_a_lone_surrogate_names_the_prompt(half: str) -> None:
    server = a_failing_server()
    client = server.client()
    prompt = f"a fox {half}and a hat"
    with pytest.raises(InvalidParameterError, match="lone surrogate") as caught:
        await client.generate(prompt, model=GPT)
    assert caught.value.param == "prompt"
    assert f"position {prompt.index(half)}" in str(caught.value)
    with pytest.raises(InvalidParameterError, match="lone surrogate"):
        client.stream_generate(prompt, model=GPT, partial_images=1)  # at the call, not later
    with pytest.raises(InvalidParameterError, match="lone surrogate"):
        await client.edit(png((64, 64)), prompt, model=GPT)
    assert server.requests == []


async def test_a_file_name_that_is_not_utf8_still_goes(tmp_path: Path) -> None:
    path = tmp_path / "caf\udce9.png"  # the name as Python gives the undecodable byte 0xe9
    await asyncio.to_thread(path.write_bytes, png((64, 64)))
    server = Server(images_json(png()))
    await server.client().edit(path, "a hat", model=GPT)
    assert b'filename="caf?.png"' in server.bodies[0]
