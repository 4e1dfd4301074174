"""Variations on today's service: through the edits endpoint, with a prompt that asks for one.

OpenAI retired ``/v1/images/variations`` (and dall-e-2, its only model). A variation is now an
edit of the image by a GPT image model: :data:`VARIATION_PROMPT` asks for the same subject,
varied, and the model is the image's own while it is active, else the default active model.
``ImagesClient.create_variation`` stays for compatible servers that still offer the endpoint.

Example:
    >>> from datetime import date
    >>> from imagewidgets.api.results import GeneratedImage
    >>> retiring = GeneratedImage(data=b"", format="png", width=8, height=8, model="gpt-image-1.5")
    >>> variation_model(retiring, date(2026, 11, 30)), variation_model(retiring, date(2026, 12, 2))
    ('gpt-image-2.6-flare', 'gpt-image-2.6-flare')
    >>> current = GeneratedImage(data=b"", format="png", width=8, height=8, model="gpt-image-2")
    >>> variation_model(current)
    'gpt-image-2'
"""

from __future__ import annotations

from datetime import date

from imagewidgets.api.results import GeneratedImage
from imagewidgets.capabilities import (
    ModelCatalog,
    RetiredEndpointError,
    default_model,
    lifecycle,
)

__all__ = ["VARIATIONS_RETIRED", "VARIATION_PROMPT", "refuse_variations", "variation_model"]

VARIATION_PROMPT = (
    "A variation of this image: keep the same subject and what makes it recognisable, and vary "
    "the composition, the colours and the details."
)
"""The prompt :meth:`ImagesClient.vary` sends when none is given (stored with each result)."""

VARIATIONS_RETIRED = (
    "OpenAI retired the variations endpoint (/v1/images/variations) along with dall-e-2, so "
    "create_variation cannot be sent to OpenAI's service. Use image.vary(n=...) or "
    "client.vary(image, n=...), which make variations through the edits endpoint with an active "
    "GPT image model; create_variation stays for compatible servers that still offer it."
)


def variation_model(
    image: object, today: date | None = None, catalog: ModelCatalog | None = None
) -> str:
    """The model to vary ``image`` with: its own while active, else the default model."""
    own = image.model if isinstance(image, GeneratedImage) else None
    if own and lifecycle(own, today, catalog).state == "active":
        return own
    return default_model(today, catalog)


def refuse_variations(provider: str, model: str | None) -> None:
    """Raise ``RetiredEndpointError`` when the server is OpenAI's (or its emulator)."""
    if provider == "openai":
        raise RetiredEndpointError(VARIATIONS_RETIRED, param="endpoint", model=model)
