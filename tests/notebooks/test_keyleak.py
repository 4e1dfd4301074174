"""A key typed into a notebook reaches the service and nothing else: not the saved notebook (its
outputs and widget state), not the store, not a log line, not an error message."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.emulator import server
from tests.support.notebooks import execute, isolate, notebook

from imagewidgets.emulator import EmulatorConfig, EmulatorServer

__all__ = ["server"]
KEY = f"sk-test-{secrets.token_hex(16)}"


def forms(key: str) -> list[bytes]:
    """The key as text and as it would look inside base64 at each of the three alignments."""
    found = [key.encode()]
    for shift in range(3):
        encoded = base64.b64encode(b"x" * shift + key.encode())
        found.append(encoded[4 * ((shift + 2) // 3) + 4 : -4])
    return found


def leaks(folder: Path, key: str) -> list[str]:
    patterns = forms(key)
    return [
        str(path)
        for path in folder.rglob("*")
        if path.is_file() and any(pattern in path.read_bytes() for pattern in patterns)
    ]


def test_the_key_is_nowhere_in_notebook_store_or_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: EmulatorServer
) -> None:
    work = isolate(tmp_path, monkeypatch)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)  # the kernel's environment, not the notebook's text
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    book = notebook(
        """
import logging, os
logging.basicConfig(filename="kernel.log", level=logging.DEBUG, force=True)
import imagewidgets as iw
from imagewidgets.api.client import ImagesClient

client = ImagesClient(api_key=os.environ["OPENAI_API_KEY"], base_url=os.environ["OPENAI_BASE_URL"])
store = iw.Store()
gallery = iw.Gallery(store)
assert (client.offline, client.backend) == (False, "openai")
gallery
""",
        """
images = await client.generate("a red fox in snow", model="gpt-image-2.6-flare", n=2, quality="low")
for image in images:
    store.add(image)
images
""",
        """
edits = await images[0].edit("give it a scarf", model="gpt-image-2.6-flare", quality="low")
store.add(edits[0])
async for event in client.stream_edit(edits[0], "now a hat", partial_images=2, quality="low"):
    if isinstance(event, iw.CompletedImage):
        store.add(event.image)
""",
        """
variations = await edits[0].vary(n=2, size="256x256")
for image in variations:
    store.add(image)
gallery.selected = variations[0].sha256
gallery.compare = [images[0].sha256, variations[1].sha256]
print(client, repr(client), images[0], store, gallery.detail["code"])
""",
        """
studio = iw.Studio("a lighthouse at dusk", client=client, store=store, quality="low", n=2)
display(studio)
made = await studio.generate()
studio.history.gallery.act("vary", made[0].sha256)
await studio.runs[-1]
""",
        """
try:
    await client.generate("fails", model="gpt-image-2.6-flare",
                          extra_headers={"x-emulator-fault": "org_not_verified"})
except Exception as error:
    print(type(error).__name__, error, repr(error))
    logging.getLogger("test").exception("the request failed")
""",
        """
import traceback
try:
    await client.generate("x" * 40000, model="gpt-image-2.6-flare")
except Exception as error:
    traceback.print_exc()
print(len(store))
""",
    )
    path = execute(book, work)
    text = path.read_text()
    assert '"application/vnd.jupyter.widget-state+json"' in text, "widget state was saved"
    assert "PermissionDeniedError" in text, "the error path ran"
    assert (work / "kernel.log").stat().st_size > 0
    records = [json.loads(p.read_text()) for p in (tmp_path / "store" / "records").iterdir()]
    assert len(records) == 10
    assert {record["backend"] for record in records} == {"openai"}, "the key was used"
    assert KEY.encode() not in path.read_bytes()
    assert leaks(tmp_path, KEY) == []


def test_the_leak_search_finds_a_key_in_text_and_in_base64(tmp_path: Path) -> None:
    for shift in range(3):
        (tmp_path / f"b{shift}").write_bytes(base64.b64encode(b"?" * shift + KEY.encode() + b"!"))
    (tmp_path / "plain.txt").write_text(f"Authorization: Bearer {KEY}")
    (tmp_path / "clean.txt").write_text("Authorization: Bearer ***")
    assert sorted(Path(p).name for p in leaks(tmp_path, KEY)) == ["b0", "b1", "b2", "plain.txt"]
