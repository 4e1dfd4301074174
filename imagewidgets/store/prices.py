"""The optional spend settings file: a price table you keep up to date, and a budget.

Prices change and are in no API response, so imagewidgets ships none: copy the current ones from
the provider's pricing page into ``spend.json`` in the store directory (``~/.imagewidgets``, or
``$IMAGEWIDGETS_HOME``). Every key is optional::

    {
      "currency": "USD",
      "budget": {"limit": 5.00, "scope": "kernel"},
      "prices": {
        "gpt-image-1.5": {
          "per_million_tokens": {"text_input": 5.0, "image_input": 8.0, "output": 32.0},
          "per_image": {"low 1024x1024": 0.009, "medium": 0.034, "high": 0.133}
        },
        "dall-e-3": {"per_image": {"standard 1024x1024": 0.04, "hd": 0.08}}
      }
    }

``per_million_tokens`` prices a finished run from its reported usage (``input`` may stand for
both input rates). ``per_image`` prices a run before it starts, and any run without usage; its keys
are ``"<quality> <size>"``, ``"<quality>"``, ``"<size>"`` or ``"default"``, tried in that order.
A dated snapshot (``gpt-image-2-2026-04-21``) uses its family's prices unless listed itself.
``budget.limit`` is in the table's currency, ``budget.tokens`` in tokens; ``scope`` is
``"kernel"`` (this Python process, the default) or ``"store"`` (everything ever stored).

Example:
    >>> table = SpendSettings.from_json({"prices": {"dall-e-2": {"per_image": {"default": 0.02}}}})
    >>> table.image_price("dall-e-2", {"size": "512x512"})
    0.02
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from imagewidgets.api.results import Usage
from imagewidgets.capabilities import rules_for

__all__ = ["Budget", "SpendSettings"]


@dataclass(frozen=True)
class Budget:
    """A limit on spend, in money (``limit``) and/or tokens, per kernel or for the whole store."""

    limit: float | None = None
    tokens: int | None = None
    scope: Literal["kernel", "store"] = "kernel"


@dataclass(frozen=True)
class SpendSettings:
    """The contents of ``spend.json``: currency, price table and budget (all optional)."""

    currency: str = "USD"
    prices: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    budget: Budget | None = None
    source: str = "spend.json"

    @classmethod
    def load(cls, path: Path) -> SpendSettings:
        """Read ``path``; a missing file means no prices and no budget.

        Raises ``ValueError`` naming the file and the problem when it cannot be used.
        """
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(source=str(path))
        except (OSError, ValueError) as error:
            raise ValueError(f"{path}: not readable as JSON ({error})") from error
        return cls.from_json(data, source=str(path))

    @classmethod
    def from_json(cls, data: Any, source: str = "spend.json") -> SpendSettings:
        """Check and read the settings object; errors name the offending key."""
        if not isinstance(data, Mapping):
            raise ValueError(f"{source}: expected a JSON object at the top level")
        prices = data.get("prices", {})
        if not isinstance(prices, Mapping) or not all(
            isinstance(v, Mapping) for v in prices.values()
        ):
            raise ValueError(f"{source}: 'prices' must map model names to objects")
        budget = _budget(data.get("budget"), source)
        return cls(str(data.get("currency", "USD")), dict(prices), budget, source)

    def token_cost(self, model: str | None, usage: Usage) -> float | None:
        """The cost of ``usage`` at the model's token prices, or None when it has none."""
        rates = self._model(model).get("per_million_tokens")
        if not isinstance(rates, Mapping) or "output" not in rates:
            return None
        text_rate = float(rates.get("text_input", rates.get("input", 0.0)))
        image_rate = float(rates.get("image_input", rates.get("input", text_rate)))
        text, images = usage.text_tokens, usage.image_tokens
        if text + images == 0:
            text = usage.input_tokens
        spent = (
            text * text_rate + images * image_rate + usage.output_tokens * float(rates["output"])
        )
        return spent / 1_000_000

    def image_price(self, model: str | None, params: Mapping[str, Any]) -> float | None:
        """The price of one image made with ``params``, or None when the table has none."""
        table = self._model(model).get("per_image")
        if not isinstance(table, Mapping):
            return None
        quality, size = params.get("quality") or "auto", params.get("size") or "auto"
        for key in (f"{quality} {size}", quality, size, "default"):
            if key in table:
                return float(table[key])
        return None

    def _model(self, model: str | None) -> Mapping[str, Any]:
        if model is None:
            return {}
        if model in self.prices:
            return self.prices[model]
        rules = rules_for(model)
        return self.prices.get(rules.name, {}) if rules is not None else {}


def _budget(data: Any, source: str) -> Budget | None:
    if data is None:
        return None
    if not isinstance(data, Mapping) or not ({"limit", "tokens"} & set(data)):
        raise ValueError(f"{source}: 'budget' needs a 'limit' (money) or 'tokens'")
    scope = data.get("scope", "kernel")
    if scope not in ("kernel", "store"):
        raise ValueError(f"{source}: budget 'scope' must be 'kernel' or 'store', not {scope!r}")
    limit, tokens = data.get("limit"), data.get("tokens")
    return Budget(
        float(limit) if limit is not None else None,
        int(tokens) if tokens is not None else None,
        scope,
    )
