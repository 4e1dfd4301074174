"""The variation prompt, editable where Variations is pressed (the Studio, the edit panel).

A variation is an edit with a prompt that asks for one (OpenAI retired the variations endpoint):
this field starts at :data:`~imagewidgets.api.variations.VARIATION_PROMPT` and whatever it holds
when Variations is pressed is sent, and stored with each result (``image.prompt``). Emptied, it
falls back to the default prompt.

Example:
    >>> field = variation_prompt_input()
    >>> prompt_of(field) == VARIATION_PROMPT
    True
    >>> field.value = "  the same lighthouse, in a snowstorm "
    >>> prompt_of(field)
    'the same lighthouse, in a snowstorm'
"""

from __future__ import annotations

import ipywidgets as w

from imagewidgets.api.variations import VARIATION_PROMPT

__all__ = ["VARIATION_PROMPT", "prompt_of", "variation_prompt_input"]

TIP = "What Variations asks the model for; each result keeps it as its prompt"


def variation_prompt_input() -> w.Textarea:
    """The variation prompt's field, labelled, at the default prompt."""
    return w.Textarea(
        value=VARIATION_PROMPT,
        description="Variation prompt",
        placeholder=VARIATION_PROMPT,
        tooltip=TIP,
        rows=2,
        style={"description_width": "initial"},
        layout=w.Layout(width="100%"),
    )


def prompt_of(field: w.Textarea) -> str:
    """The prompt to send: the field's text, or the default prompt when it is empty."""
    return str(field.value).strip() or VARIATION_PROMPT
