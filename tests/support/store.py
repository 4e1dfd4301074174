"""Images and results for the store, gallery and notebook tests (no client, no network)."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from imagewidgets.api.results import GeneratedImage, Usage
from imagewidgets.imaging.source import SourceImage


def encoded(
    fmt: str = "png", color: object = "teal", size: tuple[int, int] = (64, 48), **options: Any
) -> bytes:
    """An image of one colour with a darker square, encoded by Pillow as ``fmt``."""
    mode = "RGBA" if fmt in ("png", "webp") and options.pop("alpha", False) else "RGB"
    picture = Image.new(mode, size, color)  # type: ignore[arg-type]
    picture.paste((20, 20, 20), (4, 4, size[0] // 2, size[1] // 2))
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt.upper(), **options)
    return buffer.getvalue()


def noise(size: tuple[int, int], seed: int, fmt: str = "png") -> bytes:
    """Incompressible pixels: a large file that takes a while to write."""
    import random

    generator = random.Random(seed)
    picture = Image.frombytes("RGB", size, generator.randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt.upper(), compress_level=0) if fmt == "png" else picture.save(
        buffer, format=fmt.upper()
    )
    return buffer.getvalue()


def source(color: object = "orange", name: str = "photo.png") -> SourceImage:
    """An input image, as a user would upload one."""
    return SourceImage(encoded("png", color), "png", 64, 48, False, name)


def result(
    prompt: str | None = "a red fox in snow",
    *,
    color: object = "teal",
    fmt: str = "png",
    model: str = "gpt-image-1.5",
    operation: str = "generate",
    parents: tuple[GeneratedImage | SourceImage, ...] = (),
    usage: Usage | None = None,
    request_id: str | None = "req_fake",
    index: int = 0,
    data: bytes | None = None,
    **params: object,
) -> GeneratedImage:
    """A result as the client would return it."""
    data = data if data is not None else encoded(fmt, color)
    with Image.open(io.BytesIO(data)) as picture:
        width, height = picture.size
    return GeneratedImage(
        data=data, format=fmt, width=width, height=height, parents=parents,
        operation=operation, model=model, prompt=prompt,  # type: ignore[arg-type]
        params={"model": model, "size": "1024x1024", **params},
        usage=usage if usage is not None else Usage(20, 1056, 1076, 20, 0),
        revised_prompt=f"revised: {prompt}", request_id=request_id, created=1_760_000_000,
        index=index, backend="offline", elapsed=2.5,
    )  # fmt: skip


def hat_chain() -> tuple[SourceImage, GeneratedImage, GeneratedImage, GeneratedImage]:
    """An edit chain for lineage tests: a fox, edited with a photo into a hat, then a scarf.

    Returns ``(photo, fox, hat, scarf)``; ``hat``'s parents are ``(fox, photo)``.
    """
    photo = source("orange")
    fox = result("a fox", color=(10, 10, 10), request_id="a")
    hat = result(
        "add a hat", operation="edit", parents=(fox, photo), color=(20, 20, 20), request_id="b"
    )
    scarf = result(
        "add a scarf", operation="edit", parents=(hat,), color=(30, 30, 30), request_id="c"
    )
    return photo, fox, hat, scarf
