"""A record reproduces its image: "Copy as Python", run in a fresh Python process against the
offline emulator, reads the files that were sent from the store and makes the same bytes.

Each case is made the way a person makes it (the Studio, its edit panel, a mask painted by the
view's own encoder), then both codes run: the one shown under the result (its chain in memory)
and the gallery's, from the stored record alone. The fresh process has no key (so it is
offline) and the same ``IMAGEWIDGETS_HOME`` (a temporary store, see ``tests/conftest.py``).
"""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.results import GeneratedImage
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.gallery import Gallery
from imagewidgets.widgets.studio import Studio
from tests.support.edit import paint, press, scene, type_prompt
from tests.support.emulator import client
from tests.support.widgets import front_end, js_encoded_mask

__all__ = ["client", "front_end"]
pytestmark = pytest.mark.usefixtures("front_end")

RUNNER = """
import ast, asyncio, sys

async def main():
    namespace = {}
    code = compile(sys.stdin.read(), "<copied>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    await eval(code, namespace)
    await namespace["client"].aclose()
    return namespace["image"].data

sys.stdout.buffer.write(asyncio.run(main()))
"""
"""Runs the code as a notebook cell would (top-level ``await``); writes the image's bytes."""


async def run_fresh(code: str) -> bytes:
    """The bytes of ``image`` after ``code`` runs in a new interpreter, offline."""
    keys = ("OPENAI_", "AZURE_OPENAI_")
    env = {name: value for name, value in os.environ.items() if not name.startswith(keys)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", RUNNER, env=env, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate(code.encode("utf-8"))
    assert process.returncode == 0, f"{code}\n---\n{err.decode(errors='replace')}"
    return out


async def reproduces(studio: Studio, image: GeneratedImage) -> list[str]:
    """Both codes of ``image`` (under the result, in the gallery), each checked in a fresh
    process to give back its bytes exactly; returns the codes."""
    gallery = Gallery(studio.store)
    gallery.selected = image.sha256
    await gallery.updated()
    codes = [studio.copy_as_python(image), gallery.detail["code"]]
    made = await asyncio.gather(*(run_fresh(code) for code in codes))
    for code, data in zip(codes, made, strict=True):
        assert data == image.data, code
    return codes


def make_studio(client: ImagesClient) -> Studio:
    return Studio("a lighthouse at dusk", client=client, quality="low", partial_images=1)


async def edit_panel(studio: Studio) -> tuple[EditPanel, GeneratedImage]:
    (generated,) = await studio.generate()
    return studio.open_edit(generated), generated


async def test_a_plain_generation(client: ImagesClient) -> None:
    studio = make_studio(client)
    (image,) = await studio.generate()
    in_memory, stored = await reproduces(studio, image)
    assert "store" not in in_memory  # nothing was sent but words
    assert "client.generate(" in stored


async def test_a_masked_edit_painted_in_the_edit_panel(client: ImagesClient) -> None:
    studio = make_studio(client)
    panel, generated = await edit_panel(studio)
    paint(panel, js_encoded_mask(1024, 1024, (100, 600, 500, 900)))
    type_prompt(panel, "a rowing boat")
    (edited,) = await (await press(panel, panel.buttons.edit))
    assert edited.mask_sha256 is not None
    assert studio.store.input(edited.mask_sha256) == panel.painter.mask_png
    in_memory, stored = await reproduces(studio, edited)
    assert f'    # the mask\n    mask=store.input("{edited.mask_sha256}"),\n' in in_memory
    assert f'store.load("{generated.sha256}")' in stored


async def test_an_expanded_canvas_edit(client: ImagesClient) -> None:
    studio = make_studio(client)
    panel, generated = await edit_panel(studio)
    panel.expand("1536x1024", sides=("left", "right"))
    type_prompt(panel, "more beach")
    (edited,) = await (await press(panel, panel.buttons.edit))
    canvas = edited.inputs[0]
    assert (edited.parent, edited.width) == (generated, 1536)
    assert canvas != generated.sha256
    assert studio.store.input(canvas) == panel.images[0].data  # the expanded copy, as sent
    for code in await reproduces(studio, edited):
        assert "# a prepared copy: expanded 1024x1024 to 1536x1024 (left, right)\n" in code
        assert f'    store.input("{canvas}"),\n' in code


async def test_a_multi_image_edit(client: ImagesClient) -> None:
    studio = make_studio(client)
    panel, generated = await edit_panel(studio)
    reference = scene(300, 200, "JPEG")
    panel.add_reference(reference)
    type_prompt(panel, "in the style of the second image")
    (edited,) = await (await press(panel, panel.buttons.edit))
    assert edited.inputs[0] == generated.sha256
    assert studio.store.input(edited.inputs[1]) == reference
    for code in await reproduces(studio, edited):
        assert f'# your input image image.jpg\n        store.input("{edited.inputs[1]}"),' in code


async def test_a_variation(client: ImagesClient) -> None:
    studio = make_studio(client)
    (generated,) = await studio.generate()
    variations = await studio.vary(generated, n=2)
    for variation in variations:
        in_memory, stored = await reproduces(studio, variation)
        assert "images = await client.vary(" in in_memory
        assert f'client.vary(\n    store.load("{generated.sha256}"),' in stored
