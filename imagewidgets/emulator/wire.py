"""The JSON the emulator answers with: ``ImagesResponse`` bodies and stream event objects.

GPT image models answer with ``b64_json`` and the echo fields (``background``, ``output_format``,
``quality``, ``size``, ``usage``, and ``safety_identifier`` when the request had one or the
deprecated ``user``; ``svg_usage`` for SVG output); dall-e models with ``url`` or ``b64_json``
only (dall-e-3 adds a ``revised_prompt``). Stream events carry every field the spec requires.

Example:
    >>> from imagewidgets.emulator.parsing import Body
    >>> from imagewidgets.emulator.plan import make_plan
    >>> plan = make_plan("generate", Body({"prompt": "a fox", "model": "gpt-image-2.6-flare"}))
    >>> event = stream_event(plan, "aGk=", partial=0)
    >>> event["type"], event["partial_image_index"], event["size"]
    ('image_generation.partial_image', 0, '1024x1024')
"""

from __future__ import annotations

import time
from typing import Any

from imagewidgets.emulator.plan import Plan

__all__ = ["event_type", "image_item", "images_response", "stream_event"]

EVENT_PREFIX = {"generate": "image_generation", "edit": "image_edit"}


def image_item(plan: Plan, *, b64: str | None = None, url: str | None = None) -> dict[str, Any]:
    """One entry of ``data``: the image as base64 or as a URL."""
    item: dict[str, Any] = {"url": url} if url is not None else {"b64_json": b64}
    if plan.model.startswith("dall-e-3"):
        item["revised_prompt"] = f"An offline emulator illustration of: {plan.prompt}"
    return item


def images_response(
    plan: Plan,
    items: list[dict[str, Any]],
    usage: dict[str, Any] | None,
    svg_usage: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``ImagesResponse`` body of a non-streamed request."""
    body: dict[str, Any] = {"created": int(time.time()), "data": items}
    if plan.rules.gpt_image:
        body.update(
            background=plan.background,
            output_format=plan.output_format,
            quality=plan.quality,
            size=plan.size,
        )
    if plan.safety_identifier and plan.rules.gpt_image:
        body["safety_identifier"] = plan.safety_identifier
    if usage is not None:
        body["usage"] = usage
    if svg_usage is not None:
        body["svg_usage"] = svg_usage
    return body


def event_type(plan: Plan, completed: bool) -> str:
    """``image_generation.partial_image``, ``image_edit.completed``..."""
    return f"{EVENT_PREFIX[plan.endpoint]}.{'completed' if completed else 'partial_image'}"


def stream_event(
    plan: Plan, b64: str, *, partial: int | None = None, usage: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A partial event (``partial``: its ``partial_image_index``) or a completed one."""
    event: dict[str, Any] = {
        "type": event_type(plan, completed=partial is None),
        "b64_json": b64,
        "created_at": int(time.time()),
        "size": plan.size,
        "quality": plan.quality,
        "background": plan.background,
        "output_format": plan.output_format,
    }
    if partial is not None:
        event["partial_image_index"] = partial
    else:
        event["usage"] = usage
        if plan.safety_identifier:
            event["safety_identifier"] = plan.safety_identifier
    return event
