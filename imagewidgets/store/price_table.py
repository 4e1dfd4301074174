"""The price table imagewidgets ships (``default_prices.json``), used when ``spend.json`` has none.

It holds token prices of the active models, dated and with their source (WIRE-2026-11 section 5),
and what an estimate before a run needs: the output tokens an image takes per quality at
1024x1024 (scaled by area, times the frames of a GIF), 100 more per partial frame, nothing for
``complexity``, and an assumed SVG authoring size priced at the author model's rates.

Example:
    >>> table = shipped_prices()
    >>> table.as_of, table.currency, "gpt-image-2.6-flare" in table.prices
    ('2026-11-30', 'USD', True)
    >>> rates = table.prices["gpt-image-2.6-flare"]["per_million_tokens"]
    >>> round(table.image_cost(rates, {"quality": "high", "size": "1024x1024"}), 4)
    0.0527
    >>> round(table.image_cost(rates, {"quality": "high", "stream": True, "partial_images": 2}), 4)
    0.0587
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from imagewidgets.capabilities import parse_size

__all__ = ["BATCH_DISCOUNT", "ShippedPrices", "shipped_prices"]

BATCH_DISCOUNT = 0.5
"""The Batch API's price as a share of the live one, where the shipped table does not say."""


@dataclass(frozen=True)
class ShippedPrices:
    """The shipped table: ``prices`` in the ``spend.json`` shape, and the estimate's figures."""

    as_of: str
    currency: str
    source: str
    prices: Mapping[str, Mapping[str, Any]]
    estimate: Mapping[str, Any]

    @property
    def batch_discount(self) -> float:
        """What a request sent through the Batch API costs, as a share of its live price."""
        return float(self.estimate.get("batch_discount", BATCH_DISCOUNT))

    def image_cost(
        self,
        rates: Mapping[str, Any],
        params: Mapping[str, Any],
        author_rates: Mapping[str, Any] | None = None,
    ) -> float:
        """About what one image made with ``params`` costs at token ``rates`` (output only:
        prompts and input images are small beside it), plus SVG authoring at ``author_rates``
        (the ``svg.model``'s prices) when given."""
        tokens = self._output_tokens(params)
        cost = tokens * float(rates.get("output", 0.0)) / 1_000_000
        if params.get("output_format") == "svg" and author_rates:
            cost += self._svg_cost(author_rates)
        return cost

    def _output_tokens(self, params: Mapping[str, Any]) -> float:
        per_quality = self.estimate["output_tokens_1024"]
        quality = params.get("quality") or "medium"
        per_image = per_quality.get(quality, per_quality["medium"])
        width, height = parse_size(str(params.get("size") or "auto")) or (1024, 1024)
        frames = int(params.get("frame_count") or 9) if params.get("output_format") == "gif" else 1
        partials = int(params.get("partial_images") or 0)
        extra = partials * int(self.estimate["partial_image_tokens"])
        return float(per_image) * frames * width * height / (1024 * 1024) + extra

    def _svg_cost(self, rates: Mapping[str, Any]) -> float:
        tokens = self.estimate["svg_authoring_tokens"]
        spent = int(tokens["input"]) * float(rates.get("text_input", rates.get("input", 0.0)))
        return (spent + int(tokens["output"]) * float(rates.get("output", 0.0))) / 1_000_000


@lru_cache(maxsize=1)
def shipped_prices() -> ShippedPrices:
    """The shipped table, read once from the package data."""
    text = resources.files("imagewidgets.store").joinpath("default_prices.json").read_text("utf-8")
    data = json.loads(text)
    return ShippedPrices(
        data["as_of"], data["currency"], data["source"], data["prices"], data["estimate"]
    )
