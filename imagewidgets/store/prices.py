"""The optional spend settings file: a price table you keep up to date, and a budget.

Prices change and are in no API response. imagewidgets ships a dated table of the active models'
token prices (``default_prices.json``, see :mod:`imagewidgets.store.price_table`), used for any
model ``spend.json`` does not price, in the same currency; to override it, put the current prices
from the provider's pricing page into ``spend.json`` in the store directory (``~/.imagewidgets``,
or ``$IMAGEWIDGETS_HOME``). Every key is optional::

    {
      "currency": "USD",
      "budget": {"limit": 5.00, "scope": "kernel"},
      "prices": {
        "gpt-image-2.6-flare": {
          "per_million_tokens": {"text_input": 5.0, "image_input": 8.0, "output": 30.0},
          "per_image": {"low 1024x1024": 0.006, "medium": 0.013, "high": 0.053}
        },
        "gpt-5.6-sol": {"per_million_tokens": {"text_input": 1.25, "output": 10.0}}
      }
    }

``per_million_tokens`` prices a finished run from its reported usage (``input`` may stand for
both input rates; ``text_output`` prices output text tokens apart), and SVG authoring
(``svg_usage``) at its author model's rates. ``per_image`` prices a run before it starts, and any
run without usage; its keys are ``"<quality> <size>"``, ``"<quality>"``, ``"<size>"`` or
``"default"``, tried in that order. A model priced only by the shipped table is estimated from
tokens (quality, size, partial frames, GIF frames; ``complexity`` costs nothing). A dated
snapshot (``gpt-image-2-2026-04-21``) uses its family's prices unless listed itself.
``budget.limit`` is in the table's currency, ``budget.tokens`` in tokens; ``scope`` is
``"kernel"`` (this Python process, the default) or ``"store"`` (everything ever stored).

Example:
    >>> prices = {"gpt-image-2": {"per_image": {"default": 0.02}}}
    >>> table = SpendSettings.from_json({"prices": prices})
    >>> table.image_price("gpt-image-2", {"size": "1536x864"})
    0.02
    >>> shipped = SpendSettings(shipped=shipped_prices())
    >>> round(shipped.image_price("gpt-image-2.6-flare", {"quality": "low", "n": 4}), 5)
    0.00588
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from imagewidgets.api.results import SvgUsage, Usage
from imagewidgets.capabilities import rules_for
from imagewidgets.store.price_table import BATCH_DISCOUNT, ShippedPrices, shipped_prices

__all__ = ["Budget", "SpendSettings"]


@dataclass(frozen=True)
class Budget:
    """A limit on spend, in money (``limit``) and/or tokens, per kernel or for the whole store."""

    limit: float | None = None
    tokens: int | None = None
    scope: Literal["kernel", "store"] = "kernel"


@dataclass(frozen=True)
class SpendSettings:
    """The contents of ``spend.json``: currency, price table and budget (all optional).

    ``shipped`` is the table imagewidgets ships, for the models ``prices`` leaves out (set by
    :meth:`load`; ``None`` prices nothing beyond ``prices``)."""

    currency: str = "USD"
    prices: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    budget: Budget | None = None
    source: str = "spend.json"
    shipped: ShippedPrices | None = None

    @classmethod
    def load(cls, path: Path) -> SpendSettings:
        """Read ``path``; a missing file means no prices and no budget.

        Raises ``ValueError`` naming the file and the problem when it cannot be used.
        """
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(source=str(path), shipped=shipped_prices())
        except (OSError, ValueError) as error:
            raise ValueError(f"{path}: not readable as JSON ({error})") from error
        return replace(cls.from_json(data, source=str(path)), shipped=shipped_prices())

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

    @property
    def batch_discount(self) -> float:
        """What a request sent through the Batch API costs, as a share of its live price."""
        return self.shipped.batch_discount if self.shipped is not None else BATCH_DISCOUNT

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
        output_rate = float(rates["output"])
        text_out = usage.output_text_tokens if "text_output" in rates else 0
        spent = (
            text * text_rate
            + images * image_rate
            + (usage.output_tokens - text_out) * output_rate
            + text_out * float(rates.get("text_output", output_rate))
        )
        return spent / 1_000_000

    def svg_cost(self, svg_usage: SvgUsage) -> float | None:
        """The cost of SVG authoring at its author model's token prices, or None."""
        rates = self._model(svg_usage.model).get("per_million_tokens")
        if not isinstance(rates, Mapping) or "output" not in rates:
            return None
        text_rate = float(rates.get("text_input", rates.get("input", 0.0)))
        spent = svg_usage.input_tokens * text_rate + svg_usage.output_tokens * float(
            rates["output"]
        )
        return spent / 1_000_000

    def image_price(self, model: str | None, params: Mapping[str, Any]) -> float | None:
        """The price of one image made with ``params``, or None when the table has none."""
        table = self._model(model).get("per_image")
        if not isinstance(table, Mapping):
            return self._estimated_image_price(model, params)
        quality, size = params.get("quality") or "auto", params.get("size") or "auto"
        for key in (f"{quality} {size}", quality, size, "default"):
            if key in table:
                return float(table[key])
        return None

    def _estimated_image_price(self, model: str | None, params: Mapping[str, Any]) -> float | None:
        """From the shipped token prices, for a model only the shipped table prices."""
        if self.shipped is None or self._find(self.prices, model):
            return None
        rates = self._model(model).get("per_million_tokens")
        if not isinstance(rates, Mapping):
            return None
        svg = params.get("svg")
        author = self._model(str(svg.get("model"))) if isinstance(svg, Mapping) else {}
        return self.shipped.image_cost(rates, params, author.get("per_million_tokens"))

    def _model(self, model: str | None) -> Mapping[str, Any]:
        own = self._find(self.prices, model)
        if own or self.shipped is None or self.shipped.currency != self.currency:
            return own
        return self._find(self.shipped.prices, model)

    @staticmethod
    def _find(prices: Mapping[str, Mapping[str, Any]], model: str | None) -> Mapping[str, Any]:
        if model is None:
            return {}
        if model in prices:
            return prices[model]
        rules = rules_for(model)
        return prices.get(rules.name, {}) if rules is not None else {}


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
