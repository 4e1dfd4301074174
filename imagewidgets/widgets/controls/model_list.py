"""The model list of the control panel: which models it offers, how each reads, where it starts.

Every model stays in the list, marked with its lifecycle on "today" (``today=None``: the real
date, or ``IMAGEWIDGETS_TODAY``): ``gpt-image-1.5 · retires 2026-12-01`` while it is deprecated,
``dall-e-3 · shut down 2026-05-12`` once it is gone. Usable models come first (active, then
those only the server lists, then deprecated), shut-down ones last. A shut-down model is kept
rather than left out because a user meets it again in old code, an old notebook or the settings
of an old image ("Use these settings"): picking it says what happened and what to use instead
(the panel's ``problem``: "model gpt-image-1.5 was shut down on 2026-12-01; use ...", and
Generate stays disabled), where a missing entry would leave them guessing. The panel never
*starts* at such a model: it starts at :func:`~imagewidgets.capabilities.default_model`.

Lifecycle is judged by the rules table, or by a server's model list when the panel is given one
(``catalog``, from ``await client.models()``): then a compatible server's own list decides, and
a model it lists that the table does not know is offered too, marked ``unchecked`` (its requests
go out without imagewidgets' checks).

Example:
    >>> from datetime import date
    >>> offered = model_options("generate", date(2026, 11, 30))
    >>> offered[0]
    ('gpt-image-2.6-flare', 'gpt-image-2.6-flare')
    >>> offered[5]
    ('gpt-image-1.5 · retires 2026-12-01', 'gpt-image-1.5')
    >>> offered[-1]
    ('dall-e-2 · shut down 2026-05-12', 'dall-e-2')
"""

from __future__ import annotations

from datetime import date

from imagewidgets.capabilities import Endpoint, ModelCatalog, lifecycle, rules_for
from imagewidgets.widgets.controls.params import models_for

__all__ = ["SEPARATOR", "UNCHECKED", "model_label", "model_options"]

SEPARATOR = " · "
"""Between a model's name and its mark in the list."""
UNCHECKED = "unchecked"
"""The mark of a model the server lists but the rules table does not know."""
_ORDER = {"active": 0, "unknown": 1, "deprecated": 2, "shut down": 3}


def model_label(model: str, today: date | None = None, catalog: ModelCatalog | None = None) -> str:
    """How ``model`` reads in the list: its name, and its lifecycle mark when it has one."""
    mark = lifecycle(model, today, catalog).label
    if not mark and rules_for(model) is None:
        mark = UNCHECKED
    return f"{model}{SEPARATOR}{mark}" if mark else model


def model_options(
    endpoint: Endpoint, today: date | None = None, catalog: ModelCatalog | None = None
) -> list[tuple[str, str]]:
    """The ``(label, model)`` pairs of the list for ``endpoint``: usable models first."""
    names = models_for(endpoint, catalog)
    ranked = sorted(names, key=lambda name: _ORDER[lifecycle(name, today, catalog).state])
    return [(model_label(name, today, catalog), name) for name in ranked]
