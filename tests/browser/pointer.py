"""Pointer gestures a person makes in the browser tests: one drag across a canvas."""

from __future__ import annotations

from playwright.sync_api import Locator


def drag(
    canvas: Locator,
    start: tuple[float, float] = (0.3, 0.5),
    end: tuple[float, float] = (0.7, 0.6),
    steps: int = 12,
) -> None:
    """Drag the mouse across ``canvas`` from ``start`` to ``end`` (shares of its width and
    height; by default one stroke across the middle), in ``steps`` moves, like a person painting."""
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    mouse = canvas.page.mouse
    mouse.move(box["x"] + box["width"] * start[0], box["y"] + box["height"] * start[1])
    mouse.down()
    end_at = (box["x"] + box["width"] * end[0], box["y"] + box["height"] * end[1])
    mouse.move(*end_at, steps=steps)
    mouse.up()
