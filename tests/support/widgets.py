"""Helpers of the widget tests: a recording comm that stands in for the browser, and images.

``front_end`` installs a comm that records what the kernel sends (the opening state and every
update, with their binary buffers) and lets a test send what a browser would (button clicks,
custom messages, edits). It gives the test every comm opened, so bytes sent can be counted across
a widget and its child models.
"""

from __future__ import annotations

import copy
import io
import subprocess
import uuid
from typing import Any

import comm
import pytest
from ipywidgets import Widget
from ipywidgets.widgets.widget import _put_buffers
from PIL import Image

from tests.support import ROOT


class RecordingComm:
    """A comm that keeps what the kernel sends: the opening state (``opened``) and then every
    message, in order (``sent``)."""

    kernel = "recording"

    def __init__(self, **kwargs: Any) -> None:
        self.comm_id = kwargs.get("comm_id") or uuid.uuid4().hex
        self.opened = kwargs
        self.sent: list[tuple[dict[str, Any], list[Any]]] = []
        self.handler: Any = None

    def send(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        self.sent.append((data, list(buffers or [])))

    def on_msg(self, callback: Any) -> None:
        self.handler = callback

    def on_close(self, callback: Any) -> None:
        pass

    def close(self, *args: Any, **kwargs: Any) -> None:
        pass

    def open(self, *args: Any, **kwargs: Any) -> None:
        pass

    def updates(self, name: str) -> list[Any]:
        """Each value of trait ``name`` the front end received, in order, buffers put back."""
        values = []
        for data, buffers in self.sent:
            given = name in data.get("state", {}) or [name] in data.get("buffer_paths", [])
            if data.get("method") != "update" or not given:
                continue
            state = copy.deepcopy(data["state"])
            _put_buffers(state, data.get("buffer_paths", []), buffers)
            values.append(state[name])
        return values

    def opening(self, name: str) -> Any:
        """The value of trait ``name`` the widget opened with, buffers put back."""
        state = copy.deepcopy(self.opened["data"]["state"])
        _put_buffers(state, self.opened["data"].get("buffer_paths", []), self.opened["buffers"])
        return state[name]

    def binary_updates(self) -> list[int]:
        """The sizes of every binary buffer sent, in order."""
        return [len(bytes(buffer)) for _, buffers in self.sent for buffer in buffers]

    def buffer_bytes(self) -> int:
        """Every byte sent in binary buffers, the opening state's included."""
        opening = [len(bytes(buffer)) for buffer in self.opened.get("buffers") or []]
        return sum(opening) + sum(self.binary_updates())


@pytest.fixture
def front_end(monkeypatch: pytest.MonkeyPatch) -> list[RecordingComm]:
    """Give every widget created in the test a :class:`RecordingComm`; the list holds them all,
    in the order they were opened."""
    opened: list[RecordingComm] = []

    def create_comm(**kwargs: Any) -> RecordingComm:
        opened.append(RecordingComm(**kwargs))
        return opened[-1]

    monkeypatch.setattr(comm, "create_comm", create_comm)
    return opened


def comm_of(widget: Widget) -> RecordingComm:
    assert isinstance(widget.comm, RecordingComm)
    return widget.comm


def browser_sends(widget: Widget, content: dict[str, Any]) -> None:
    """What a browser's ``model.send(content)`` delivers to the kernel."""
    message = {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    comm_of(widget).handler(message)


def browser_sets(widget: Widget, **state: Any) -> None:
    """What a browser's ``model.set(...); model.save_changes()`` delivers to the kernel."""
    message = {"content": {"data": {"method": "update", "state": state}}, "buffers": []}
    comm_of(widget).handler(message)


def click(button: Widget) -> None:
    """A click on an ipywidgets Button, as the browser sends it."""
    browser_sends(button, {"event": "click"})


def picture(width: int, height: int, color: str = "teal", fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=fmt)
    return buffer.getvalue()


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    return width, height


def js_encoded_mask(width: int, height: int, box: tuple[int, int, int, int]) -> bytes:
    """A mask PNG made by the view's own encoder (js/src/lib/mask_png.js), ``box`` marked."""
    script = f"""
    import {{ createMask }} from "./src/lib/mask_geometry.js";
    import {{ encodeMaskPng }} from "./src/lib/mask_png.js";
    const mask = createMask({width}, {height});
    const [x0, y0, x1, y1] = {list(box)};
    for (let y = y0; y < y1; y++) mask.data.fill(1, y * {width} + x0, y * {width} + x1);
    process.stdout.write(Buffer.from(await encodeMaskPng(mask)));
    """
    command = ["node", "--input-type=module", "-e", script]
    return subprocess.run(command, cwd=ROOT / "js", capture_output=True, check=True).stdout


def js_encoded_markup(width: int, height: int, box: tuple[int, int, int, int]) -> bytes:
    """A markup PNG made by the view's own encoder (js/src/lib/markup_layer.js): ``box`` filled
    with the red of the painter's palette, the rest transparent."""
    script = f"""
    import {{ compositeOver, createLayer, encodeMarkupPng }} from "./src/lib/markup_layer.js";
    const layer = createLayer({width}, {height});
    const [x0, y0, x1, y1] = {list(box)};
    const pixels = new Uint8ClampedArray((x1 - x0) * (y1 - y0) * 4);
    for (let i = 0; i < pixels.length; i += 4) pixels.set([229, 57, 53, 255], i);
    compositeOver(layer, {{ x0, y0, x1, y1 }}, pixels);
    process.stdout.write(Buffer.from(await encodeMarkupPng(layer)));
    """
    command = ["node", "--input-type=module", "-e", script]
    return subprocess.run(command, cwd=ROOT / "js", capture_output=True, check=True).stdout
