"""The day the done-when checks live on, and the models that are gone by then.

Issue 11's done-when: with the emulator as the service and "today" set to 2026-12-02, every
notebook, README example and docstring example runs, and none of them names a retired model
except where it shows the refusal. :func:`retired_named` finds those names in a text;
:data:`SHOWS_REFUSAL` is what a text that names one on purpose says about it.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from imagewidgets.capabilities import MODELS, TODAY_ENV, lifecycle

__all__ = ["DONE_WHEN", "SHOWS_REFUSAL", "TODAY_ENV", "retired_named", "retired_names"]

DONE_WHEN = date(2026, 12, 2)
"""The day after the 2026-12-01 shutdowns."""
SHOWS_REFUSAL = re.compile(
    r"shut down|shutdown|retir|ModelShutDownError|RetiredEndpointError|compatible server",
    re.IGNORECASE,
)
"""Words that say a retired model is named on purpose: to show its refusal or its lifecycle, or
for a compatible server that still serves it."""


@cache
def retired_names(day: date = DONE_WHEN) -> frozenset[str]:
    """Every model id (dated snapshots too) shut down on ``day``, by the rules table."""
    gone = [rules for rules in MODELS.values() if lifecycle(rules.name, day).state == "shut down"]
    return frozenset(name for rules in gone for name in (rules.name, *rules.snapshots))


def retired_named(text: str, day: date = DONE_WHEN) -> list[str]:
    """The retired model ids ``text`` names (``gpt-image-1`` is not found in ``gpt-image-1.5``)."""
    return sorted(name for name in retired_names(day) if _pattern(name).search(text))


@cache
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w]|[.-][\w])")
