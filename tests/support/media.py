"""GIF and SVG material for the tests: small animations, drawings, hostile markup, results."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from imagewidgets.api.results import GeneratedImage, SvgUsage

COLOURS = ("red", "lime", "blue", "yellow", "magenta", "cyan", "white", "black")


def gif(frames: int = 4, size: tuple[int, int] = (64, 48), duration: int = 120) -> bytes:
    """An animated GIF whose frames are each a different solid colour (with a dark square)."""
    shots = []
    for number in range(frames):
        shot = Image.new("RGB", size, COLOURS[number % len(COLOURS)])
        shot.paste((20, 20, 20), (4, 4, size[0] // 3, size[1] // 3))
        shots.append(shot)
    buffer = io.BytesIO()
    shots[0].save(buffer, "GIF", save_all=True, append_images=shots[1:], duration=duration, loop=0)
    return buffer.getvalue()


def frames_in(picture: Image.Image) -> int:
    """How many frames a Pillow image has (1 for a still one)."""
    return int(getattr(picture, "n_frames", 1))


def svg(width: int = 120, height: int = 80, inside: str = "", **root: str) -> bytes:
    """A small SVG document: a teal rectangle and a circle, plus ``inside`` markup."""
    extra = "".join(f' {name}="{value}"' for name, value in root.items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}"{extra}>'
        f'<rect width="{width}" height="{height}" fill="teal"/>'
        f'<circle cx="{width // 2}" cy="{height // 2}" r="{height // 4}" fill="orange"/>'
        f"{inside}</svg>"
    ).encode()


def hostile_svgs(beacon: str) -> dict[str, bytes]:
    """SVGs that would run script or reach ``beacon`` (a URL a test server counts) if shown as
    markup: each adds 1 to ``window.iwHacked`` or fetches ``beacon?<name>``."""
    made = {}
    for name, (inside, root) in _HOSTILE.items():
        run = f"window.iwHacked=(window.iwHacked||0)+1;fetch('{beacon}?{name}')"
        fill = {"RUN": run, "BEACON": f"{beacon}?{name}"}
        for token, value in fill.items():
            inside = inside.replace(token, value)
        made[name] = svg(inside=inside, onload=run) if root else svg(inside=inside)
    return made


_HOSTILE: dict[str, tuple[str, bool]] = {
    "script": ("<script>RUN</script>", False),
    "onload": ("", True),
    "foreign": (
        '<foreignObject width="50" height="50"><div xmlns="http://www.w3.org/1999/xhtml">'
        '<img src="BEACON" onerror="RUN"/></div></foreignObject>',
        False,
    ),
    "image-href": ('<image href="BEACON" width="10" height="10"/>', False),
    "xlink-href": ('<image xlink:href="BEACON" width="10" height="10"/>', False),
    "javascript-link": ('<a href="javascript:RUN"><rect width="40" height="40"/></a>', False),
    "css-url": ('<style>rect { fill: url("BEACON"); }</style>', False),
    "animate-href": (
        '<a><animate attributeName="href" to="javascript:RUN"/><rect width="30" height="30"/></a>',
        False,
    ),
}
"""Each hostile SVG's extra markup (``RUN``: the script, ``BEACON``: the URL it would load) and
whether its root gets an ``onload`` handler."""


def gif_result(frames: int = 4, **fields: Any) -> GeneratedImage:
    """A GIF result of ``frames`` frames (64x48), as the service returns one."""
    base: dict[str, Any] = {"model": "gpt-image-2.6-flare", "prompt": "a kite", "params": {
        "output_format": "gif", "frame_count": frames}}  # fmt: skip
    return GeneratedImage(data=gif(frames), format="gif", width=64, height=48, **(base | fields))


def svg_result(data: bytes | None = None, **fields: Any) -> GeneratedImage:
    """An SVG result (120x80) with its author's usage."""
    author = SvgUsage("gpt-5.6-sol", 300, 1200, 1000, 1500)
    base: dict[str, Any] = {"model": "gpt-image-2.6-flare", "prompt": "a logo", "svg_usage": author,
                            "params": {"output_format": "svg"}}  # fmt: skip
    return GeneratedImage(data=data or svg(), format="svg", width=120, height=80, **(base | fields))
