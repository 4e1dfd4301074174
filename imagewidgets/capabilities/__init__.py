"""What each image model accepts and when it retires: the one table the client, the widgets and
the emulator share (``shared/spec/WIRE-2026-11.md``).

- :func:`validate` checks a request before anything is sent, and raises
  :class:`InvalidParameterError` (a ``ValueError``) naming the parameter, the model and what is
  allowed; a shut-down model raises :class:`ModelShutDownError`. The emulator calls the same
  function, so both sides refuse the same requests.
- :func:`lifecycle`, :func:`lifecycle_label`, :func:`active_models` and :func:`default_model`
  say where each model stands on a day (``today=None``: the real date, or
  ``IMAGEWIDGETS_TODAY``); a :class:`ModelCatalog` brings in a server's ``GET /v1/models``.
- :func:`options` and :func:`unavailable_reason` tell a control panel which choices a model
  offers for a parameter, or why the parameter does not apply.
- :func:`models_markdown` renders the table as Markdown (the README's model table).
- :func:`rules_for` resolves a model name (dated snapshots such as ``gpt-image-2-2026-04-21``
  follow their family) to its :class:`ModelRules`, or ``None`` for a model this table does not
  know, which then passes through unchecked with an :class:`UnknownModelWarning`.

Example:
    >>> from datetime import date
    >>> from imagewidgets import capabilities
    >>> capabilities.options("gpt-image-2", "size")
    ('1024x1024', '1536x1024', '1024x1536', 'auto')
    >>> capabilities.active_models(date(2026, 12, 2))[:2]
    ('gpt-image-2.6-flare', 'gpt-image-2.6-sunburst')
    >>> request = {"prompt": "a fox", "model": "gpt-image-2", "quality": "max"}
    >>> capabilities.validate("generate", request)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    imagewidgets.capabilities.InvalidParameterError: gpt-image-2 does not support quality=...
"""

from __future__ import annotations

from imagewidgets.capabilities.errors import (
    DeprecatedParameterWarning,
    InvalidParameterError,
    ModelDeprecatedWarning,
    ModelShutDownError,
    RetiredEndpointError,
    UncertainRuleWarning,
    UnknownModelWarning,
    UnknownParameterWarning,
)
from imagewidgets.capabilities.images import ImageFacts, check_images, check_markup, check_mask
from imagewidgets.capabilities.lifecycle import (
    TODAY_ENV,
    Lifecycle,
    ModelCatalog,
    active_models,
    check_model,
    default_model,
    lifecycle,
    lifecycle_label,
    today,
)
from imagewidgets.capabilities.models import (
    ENDPOINT_PARAMS,
    MODELS,
    SVG_EFFORTS,
    ModelRules,
    rules_for,
)
from imagewidgets.capabilities.options import (
    FRAME_COUNTS,
    MAX_FRAME_DURATION_MS,
    MIN_FRAME_DURATION_MS,
    SVG_PARTS,
    options,
    unavailable_reason,
)
from imagewidgets.capabilities.sizes import EXPERIMENTAL_PIXELS, custom_size_problem, parse_size
from imagewidgets.capabilities.table import models_markdown
from imagewidgets.capabilities.validate import Endpoint, Guesses, implied_model, validate
from imagewidgets.capabilities.warn import quiet

__all__ = [
    "ENDPOINT_PARAMS",
    "EXPERIMENTAL_PIXELS",
    "FRAME_COUNTS",
    "MAX_FRAME_DURATION_MS",
    "MIN_FRAME_DURATION_MS",
    "MODELS",
    "SVG_EFFORTS",
    "SVG_PARTS",
    "TODAY_ENV",
    "DeprecatedParameterWarning",
    "Endpoint",
    "Guesses",
    "ImageFacts",
    "InvalidParameterError",
    "Lifecycle",
    "ModelCatalog",
    "ModelDeprecatedWarning",
    "ModelRules",
    "ModelShutDownError",
    "RetiredEndpointError",
    "UncertainRuleWarning",
    "UnknownModelWarning",
    "UnknownParameterWarning",
    "active_models",
    "check_images",
    "check_markup",
    "check_mask",
    "check_model",
    "custom_size_problem",
    "default_model",
    "implied_model",
    "lifecycle",
    "lifecycle_label",
    "models_markdown",
    "options",
    "parse_size",
    "quiet",
    "rules_for",
    "today",
    "unavailable_reason",
    "validate",
]
