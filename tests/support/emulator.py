"""Helpers for the emulator tests: an in-process client, test images and an SSE reader; and the
fixtures every test that talks to the emulator shares: ``client`` (an offline ``ImagesClient``)
and ``server`` (the emulator on a loopback socket). A test module imports the fixture it uses::

    from tests.support.emulator import client

    __all__ = ["client"]
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image

from imagewidgets.api.client import ImagesClient
from imagewidgets.emulator import EmulatorConfig, EmulatorServer, StreamingASGITransport, create_app

AUTH = {"Authorization": "Bearer test-key"}
BASE_URL = "http://emulator/v1"


@pytest.fixture
async def client() -> AsyncIterator[ImagesClient]:
    """An ``ImagesClient`` answered by the in-process emulator (pace 0), closed after the test."""
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as made:
        yield made


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    """The emulator on a free port of 127.0.0.1 (pace 0), stopped after the module's tests."""
    with EmulatorServer(EmulatorConfig(pace=0)) as running:
        yield running


@asynccontextmanager
async def emulator_client(
    config: EmulatorConfig | None = None, **client_options: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to a fresh in-process emulator (pace 0 unless configured)."""
    app = create_app(config or EmulatorConfig(pace=0))
    transport = StreamingASGITransport(app)
    async with httpx.AsyncClient(
        transport=transport, base_url=BASE_URL, headers=AUTH, **client_options
    ) as client:
        yield client


def png_bytes(
    size: tuple[int, int] = (256, 256), colour: Any = "green", mode: str = "RGB"
) -> bytes:
    """A plain PNG."""
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def noise_png(size: tuple[int, int] = (256, 256), seed: int = 0, mode: str = "RGB") -> bytes:
    """A PNG of random pixels: any change to any pixel shows."""
    channels = 4 if mode == "RGBA" else 3
    pixels = np.random.default_rng(seed).integers(0, 256, (size[1], size[0], channels), np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode).save(buffer, "PNG")
    return buffer.getvalue()


def mask_png(size: tuple[int, int], box: tuple[int, int, int, int]) -> bytes:
    """An API mask: opaque everywhere except ``box`` (alpha 0 = edit here)."""
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), box)
    buffer = io.BytesIO()
    mask.save(buffer, "PNG")
    return buffer.getvalue()


def image_of(data: bytes | str) -> Image.Image:
    """Decode image bytes (or base64 text) and load the pixels."""
    raw = base64.b64decode(data, validate=True) if isinstance(data, str) else data
    image = Image.open(io.BytesIO(raw))
    image.load()
    return image


def pixels(data: bytes | str, mode: str | None = None) -> np.ndarray[Any, Any]:
    """The pixels of an image as an array (converted to ``mode`` when given)."""
    image = image_of(data)
    return np.asarray(image.convert(mode) if mode else image)


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(event, data) pairs; fails unless every event, the last one too, ends with a blank line."""
    assert text.endswith("\n\n"), "the stream must end with a blank line"
    events = []
    for block in text.split("\n\n")[:-1]:
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        assert set(lines) == {"event", "data"}, block[:200]
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def edit_files(
    *images: bytes, mask: bytes | None = None
) -> list[tuple[str, tuple[str, bytes, str]]]:
    """Multipart file parts: one ``image`` or several ``image[]``, plus the mask."""
    name = "image" if len(images) == 1 else "image[]"
    files = [(name, (f"in{number}.png", data, "image/png")) for number, data in enumerate(images)]
    if mask is not None:
        files.append(("mask", ("mask.png", mask, "image/png")))
    return files
