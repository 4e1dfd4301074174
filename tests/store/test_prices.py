"""The price table imagewidgets ships: dated, sourced, used where spend.json has no price, and the
estimate before a run (quality, size, partial frames, GIF frames, complexity, SVG authoring)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagewidgets.api.results import SvgUsage, Usage
from imagewidgets.capabilities import active_models
from imagewidgets.store import SpendSettings, Store
from imagewidgets.store.price_table import shipped_prices

F26 = "gpt-image-2.6-flare"
OUTPUT = 30.0 / 1e6
"""Dollars per output token of every active model (WIRE-2026-11 section 5)."""


def test_the_shipped_table_prices_every_active_model_with_a_date_and_a_source() -> None:
    table = shipped_prices()
    assert set(table.prices) == set(active_models())
    assert table.as_of == "2026-11-30"
    assert "WIRE-2026-11" in table.source
    assert "official" in table.source
    for prices in table.prices.values():
        assert prices["per_million_tokens"]["output"] == 30.0
        assert prices["per_million_tokens"]["image_input"] == 8.0


def test_it_is_package_data_not_code() -> None:
    data = Path(__file__).parents[2] / "imagewidgets" / "store" / "default_prices.json"
    assert json.loads(data.read_text())["prices"].keys() == shipped_prices().prices.keys()


def test_without_spend_json_the_shipped_prices_apply(tmp_path: Path) -> None:
    settings = SpendSettings.load(tmp_path / "spend.json")
    assert settings.image_price(F26, {"quality": "high"}) == pytest.approx(1756 * OUTPUT)
    usage = Usage(input_tokens=100, output_tokens=1000, total_tokens=1100, text_tokens=100)
    assert settings.token_cost(F26, usage) == pytest.approx(100 * 5e-6 + 1000 * OUTPUT)
    assert settings.image_price("gpt-image-1.5", {}) is None, "no price for a retired model"


def test_the_estimate_counts_quality_size_partials_and_gif_frames(tmp_path: Path) -> None:
    price = SpendSettings.load(tmp_path / "spend.json").image_price
    low, high, top = (price(F26, {"quality": q}) for q in ("low", "high", "max"))
    assert low is not None
    assert high is not None
    assert top is not None
    assert low < high < top
    assert price(F26, {"quality": "auto"}) == price(F26, {"quality": "medium"})
    wide = price(F26, {"quality": "low", "size": "1536x1024"})
    assert wide == pytest.approx(low * 1.5)
    partials = price(F26, {"quality": "low", "stream": True, "partial_images": 3})
    assert partials == pytest.approx(low + 300 * OUTPUT)
    gif = price(F26, {"quality": "low", "output_format": "gif", "frame_count": 4})
    assert gif == pytest.approx(4 * low)
    assert price(F26, {"quality": "low", "complexity": "high"}) == low, "complexity is free"


def test_svg_authoring_is_costed_at_the_author_s_rates(tmp_path: Path) -> None:
    author = {"per_million_tokens": {"text_input": 1.0, "output": 10.0}}
    (tmp_path / "spend.json").write_text(json.dumps({"prices": {"gpt-5.6-sol": author}}))
    settings = SpendSettings.load(tmp_path / "spend.json")
    svg = {"quality": "low", "output_format": "svg", "svg": {"model": "gpt-5.6-sol"}}
    unpriced = {**svg, "svg": {"model": "an-unpriced-author"}}
    with_author, without = settings.image_price(F26, svg), settings.image_price(F26, unpriced)
    assert with_author is not None
    assert without is not None
    assert with_author == pytest.approx(without + (500 * 1.0 + 3000 * 10.0) / 1e6)
    used = SvgUsage("gpt-5.6-sol", input_tokens=400, output_tokens=2000, total_tokens=2400)
    assert settings.svg_cost(used) == pytest.approx((400 * 1.0 + 2000 * 10.0) / 1e6)
    assert settings.svg_cost(SvgUsage("an-unpriced-author", 1, 1, 0, 2)) is None


def test_spend_json_wins_and_other_currencies_do_not_mix(tmp_path: Path) -> None:
    own = {F26: {"per_image": {"default": 0.5}}}
    (tmp_path / "spend.json").write_text(json.dumps({"prices": own}))
    settings = SpendSettings.load(tmp_path / "spend.json")
    assert settings.image_price(F26, {"quality": "low"}) == 0.5
    assert settings.image_price("gpt-image-2", {"quality": "low"}) == pytest.approx(196 * OUTPUT)
    (tmp_path / "spend.json").write_text(json.dumps({"currency": "EUR"}))
    assert SpendSettings.load(tmp_path / "spend.json").image_price(F26, {}) is None


def test_text_output_has_its_own_rate_where_the_table_gives_one(tmp_path: Path) -> None:
    settings = SpendSettings.load(tmp_path / "spend.json")
    usage = Usage(output_tokens=1000, total_tokens=1000, output_text_tokens=200)
    assert settings.token_cost("gpt-image-2", usage) == pytest.approx((800 * 30 + 200 * 10) / 1e6)


def test_a_store_estimates_runs_from_the_shipped_table(tmp_path: Path) -> None:
    store = Store(tmp_path)
    estimate = store.spend.estimate(F26, {"quality": "low", "n": 2})
    assert estimate == pytest.approx(2 * 196 * OUTPUT)
