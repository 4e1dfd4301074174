"""SVG output: a small, valid, deterministic SVG of the prompt, and its ``svg_usage``.

The drawing is the prompt's motifs as simple shapes in their colours on the sky's gradient (no
background rectangle when the background is transparent, as third parties report the service
does), with the prompt as a caption. ``svg_usage`` counts the SVG author's tokens apart from the
reference image's usage: the prompt and the reference image in, the markup and its reasoning out
(more with a higher ``svg.reasoning.effort``). When the request names no author model, the
emulator names the one a third-party example shows (``gpt-5.6-sol``).

Example:
    >>> text = svg_document("a red fox under the sun", 640, 480, seed=1)
    >>> text.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"')
    True
    >>> used = svg_usage("a fox", text, {"model": "gpt-5.6-sol", "reasoning": {"effort": "low"}})
    >>> used["model"], used["input_tokens"], used["reasoning_tokens"]
    ('gpt-5.6-sol', 274, 256)
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from xml.sax.saxutils import escape

from imagewidgets.emulator.motifs import RGB, motifs, sky

__all__ = ["DEFAULT_AUTHOR", "svg_document", "svg_usage"]

DEFAULT_AUTHOR = "gpt-5.6-sol"
REASONING = {"none": 0, "minimal": 64, "low": 256, "medium": 1024, "high": 4096}
REASONING.update(xhigh=8192, max=16384)
REFERENCE_IMAGE_TOKENS = 272


def svg_document(
    prompt: str, width: int, height: int, *, seed: int, transparent: bool = False
) -> str:
    """The SVG markup (UTF-8 text) of ``prompt`` at ``width`` x ``height``."""
    rng = random.Random(seed)
    top, bottom = sky(prompt)
    found = motifs(prompt) or []
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f"<title>{escape(prompt)}</title>",
    ]
    if not transparent:
        parts += [
            '<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">'
            f'<stop offset="0" stop-color="{_hex(top)}"/>'
            f'<stop offset="1" stop-color="{_hex(bottom)}"/></linearGradient></defs>',
            f'<rect width="{width}" height="{height}" fill="url(#sky)"/>',
        ]
    for number, motif in enumerate(found):
        parts.append(_shape(number, len(found), width, height, motif.colour, rng))
    size = max(12, round(min(width, height) / 22))
    parts.append(
        f'<text x="{size}" y="{height - size}" font-family="sans-serif" font-size="{size}" '
        f'fill="#1f2328">{escape(prompt[:80])}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def svg_usage(prompt: str, document: str, svg: Mapping[str, object] | None) -> dict[str, object]:
    """The ``svg_usage`` object: the author model and its tokens."""
    settings = svg or {}
    reasoning = settings.get("reasoning")
    effort = reasoning.get("effort") if isinstance(reasoning, Mapping) else None
    thinking = REASONING.get(str(effort), REASONING["medium"])
    text_in = math.ceil(len(prompt.encode("utf-8")) / 4)
    written = math.ceil(len(document.encode("utf-8")) / 4)
    model = settings.get("model")
    input_tokens, output_tokens = text_in + REFERENCE_IMAGE_TOKENS, written + thinking
    return {
        "model": model if isinstance(model, str) and model else DEFAULT_AUTHOR,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "reasoning_tokens": thinking,
        "total_tokens": input_tokens + output_tokens,
    }


def _shape(
    number: int, count: int, width: int, height: int, colour: RGB, rng: random.Random
) -> str:
    slot = width / max(count, 1)
    radius = min(slot * 0.4, height * 0.2) * rng.uniform(0.8, 1.1)
    x = slot * (number + 0.5)
    y = height * rng.uniform(0.3, 0.6)
    fill = _hex(colour)
    if number % 2:
        side = radius * 1.6
        return (
            f'<rect x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" width="{side:.1f}" '
            f'height="{side:.1f}" rx="{side / 8:.1f}" fill="{fill}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{fill}"/>'


def _hex(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)
