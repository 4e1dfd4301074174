"""A markup edit on the wire: the ``markup`` part, never with a mask, only for the models that
take it; a user's markup file is decoded (off the event loop) and refused without transparent
pixels before anything is sent; the painter's PNG goes out as it is, never decoded."""

from __future__ import annotations

import io
import threading
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from imagewidgets.api.client import ImagesClient
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging import markup as markup_module
from imagewidgets.imaging.source import SourceImage
from tests.support.api import Server, collect, error_response, images_json, png, stream_body
from tests.support.api import streaming as streamed

FLARE = "gpt-image-2.6-flare"
SIZE = (64, 48)


def overlay_png(clear: bool = True, size: tuple[int, int] = SIZE) -> bytes:
    picture = Image.new("RGBA", size, (0, 0, 0, 0) if clear else "white")
    ImageDraw.Draw(picture).rectangle((8, 8, 30, 30), outline="blue", width=3)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


async def edit(client: ImagesClient, stream: bool, **arguments: Any) -> None:
    arguments = {"model": FLARE, **arguments}
    if stream:
        await collect(client.stream_edit(png(SIZE), "x", partial_images=1, **arguments))
    else:
        await client.edit(png(SIZE), "x", **arguments)


def answering(stream: bool) -> Server:
    if stream:
        return Server(streamed([stream_body([png(SIZE)], partials=0, kind="image_edit")]))
    return Server(images_json(png(SIZE)))


@pytest.mark.parametrize("stream", [False, True])
async def test_the_markup_goes_as_the_markup_part(stream: bool) -> None:
    server = answering(stream)
    data = overlay_png()
    await edit(server.client(), stream, markup=data)
    body = server.bodies[0]
    assert b'name="markup"; filename="markup.png"\r\nContent-Type: image/png\r\n\r\n' + data in body
    assert b'name="mask"' not in body


@pytest.mark.parametrize("stream", [False, True])
async def test_an_opaque_markup_file_is_refused_before_sending(stream: bool) -> None:
    server = Server(error_response(500))
    with pytest.raises(InvalidParameterError, match="no transparent pixels") as caught:
        await edit(server.client(), stream, markup=overlay_png(clear=False))
    assert caught.value.param == "markup"
    assert server.requests == []


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"model": "gpt-image-2"}, "gpt-image-2 does not take markup"),
        ({"mask": np.ones(SIZE[::-1], bool)}, "cannot be combined with a mask"),
        ({"markup": overlay_png(size=(48, 64))}, "48x64 but the first image is 64x48"),
        ({"markup": np.zeros((48, 64, 3), np.uint8)}, "must be RGBA"),
    ],
)
async def test_refusals_before_sending(arguments: dict[str, Any], problem: str) -> None:
    server = Server(error_response(500))
    with pytest.raises(InvalidParameterError, match=problem) as caught:
        await edit(server.client(), False, **{"markup": overlay_png(), **arguments})
    assert caught.value.param == "markup"
    assert server.requests == []


@pytest.mark.parametrize("stream", [False, True])
async def test_the_painters_png_is_sent_without_decoding(stream: bool) -> None:
    data = overlay_png()[:-40]  # a header, and a body that would not decode
    painted = SourceImage(data, "png", *SIZE, True, "markup.png", encoded_here=True)
    server = answering(stream)
    await edit(server.client(), stream, markup=painted)
    assert data + b"\r\n" in server.bodies[0]


async def test_a_markup_files_pixels_are_checked_off_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[threading.Thread] = []
    check = markup_module.check_markup_pixels

    def record(data: bytes, model: str | None = None) -> None:
        threads.append(threading.current_thread())
        check(data, model)

    monkeypatch.setattr("imagewidgets.api.checks.check_markup_pixels", record)
    await edit(answering(False).client(), False, markup=overlay_png())
    await edit(answering(True).client(), True, markup=overlay_png())
    assert len(threads) == 2
    assert threading.main_thread() not in threads
