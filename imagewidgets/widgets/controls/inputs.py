"""The standard ipywidgets inputs of the control panel: one labelled input per parameter.

Each input's ``description`` is its visible label and accessible name (browser tests find the
controls by these names: ``CONTROL_LABELS``); its ``tooltip`` says what the parameter does.
"""

from __future__ import annotations

import ipywidgets as w

from imagewidgets.capabilities import MODELS
from imagewidgets.widgets.controls.choices import (
    CHOICE_PARAMS,
    CONTROL_LABELS,
    INT_BOUNDS,
    INT_DEFAULTS,
)

__all__ = [
    "CUSTOM",
    "HELP",
    "build_inputs",
    "custom_size_input",
    "dropdown_values",
    "option_label",
]

CUSTOM = "custom"
"""The size list's entry that opens the custom ``WxH`` field (gpt-image-2)."""
STYLE = {"description_width": "110px"}
HELP = {
    "model": "The image model",
    "size": "Width x height of the image",
    "quality": "Higher quality costs more tokens and time",
    "n": "How many images to make",
    "background": "transparent needs png or webp",
    "output_format": "The image file format",
    "output_compression": "0-100: lower is smaller and lossier",
    "moderation": "low: less restrictive filtering",
    "style": "vivid: hyper-real and dramatic; natural: less so",
    "partial_images": "How many partial frames stream in before the final image (0-3)",
}
"""The tooltip of each input."""


def build_inputs() -> dict[str, w.Widget]:
    """The model list, a list per choice and a number field per numeric parameter."""
    inputs: dict[str, w.Widget] = {"model": w.Dropdown(options=list(MODELS))}
    for param in CHOICE_PARAMS:
        inputs[param] = w.Dropdown()
    for param, (low, high) in INT_BOUNDS.items():
        inputs[param] = w.BoundedIntText(min=low, max=high, value=INT_DEFAULTS[param])
    for param, widget in inputs.items():
        widget.description = CONTROL_LABELS[param]
        widget.tooltip = HELP[param]
        widget.style = STYLE
    return inputs


def custom_size_input() -> w.Text:
    """The custom ``WxH`` field, checked as it is typed (every key press reaches the kernel)."""
    return w.Text(
        description="Custom size",
        placeholder="1536x864",
        continuous_update=True,
        tooltip="WIDTHxHEIGHT: multiples of 16, ratio up to 3:1, at most 3840x2160",
        style=STYLE,
    )


def dropdown_values(widget: w.Dropdown) -> list[object]:
    """The values (not labels) a list offers; its options are values or (label, value) pairs."""
    return [option[1] if isinstance(option, tuple) else option for option in widget.options]


def option_label(value: str) -> str:
    """How a value reads in its list."""
    return "custom…" if value == CUSTOM else value
