"""The cost of a grid before anything is sent, against the price table; the budgets."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from imagewidgets.api.results import Usage
from imagewidgets.grid.budget import check_budget
from imagewidgets.grid.estimate import estimate_grid
from imagewidgets.grid.plan import plan_grid
from imagewidgets.grid.spec import GridSpec
from imagewidgets.store import BudgetExceededError, Spend, SpendSettings, Store
from imagewidgets.store.price_table import shipped_prices
from tests.support.store import result


def spend_with(store: Store, data: Mapping[str, object] | None = None) -> Spend:
    settings = SpendSettings.from_json(data or {})
    return Spend(store, SpendSettings(settings.currency, settings.prices, settings.budget,
                                      shipped=shipped_prices()))  # fmt: skip


def test_each_cell_costs_what_the_price_table_says(tmp_path: Path) -> None:
    table = {"prices": {"gpt-image-2.6-flare": {"per_image": {"low": 0.01, "high": 0.04}}}}
    spend = spend_with(Store(tmp_path), table)
    spec = GridSpec.of("a fox", {"model": "gpt-image-2.6-flare", "quality": ["low", "high"],
                                 "n": 3})  # fmt: skip
    estimate = estimate_grid(spend=spend, plan=plan_grid(spec))
    assert [(c.low, c.high) for c in estimate.costs.values()] == [(0.03, 0.03), (0.12, 0.12)]
    assert (estimate.requests, estimate.image_count) == (2, 6)
    assert estimate.total.describe() == "$0.15"
    halved = estimate_grid(plan_grid(spec), spend, batch=True)
    assert halved.total.low == pytest.approx(0.075)
    assert "at the batch price (50% off)" in halved.describe()


def test_a_model_without_a_price_leaves_the_cost_unknown_and_says_which(tmp_path: Path) -> None:
    spec = GridSpec.of("a fox", {"model": ["gpt-image-2.6-flare", "some-new-model"]})
    estimate = estimate_grid(plan_grid(spec), spend_with(Store(tmp_path)), batch=True)
    assert estimate.total.low is None
    assert "cost unknown: no price for some-new-model at the batch price" in estimate.describe()


def test_auto_quality_and_size_are_a_range_and_partial_frames_cost_more(tmp_path: Path) -> None:
    spend = spend_with(Store(tmp_path))
    rates = shipped_prices().prices["gpt-image-2.6-flare"]["per_million_tokens"]
    tokens = shipped_prices().estimate["output_tokens_1024"]
    spec = GridSpec.of("a fox", {"model": "gpt-image-2.6-flare"})
    cost = estimate_grid(plan_grid(spec), spend).total
    assert cost.low == pytest.approx(tokens["low"] * rates["output"] / 1e6)
    assert cost.high == pytest.approx(tokens["high"] * 1.5 * rates["output"] / 1e6)
    fixed = GridSpec.of("a fox", {"model": "gpt-image-2.6-flare", "quality": "low",
                                  "size": "1024x1024"})  # fmt: skip
    plain = estimate_grid(plan_grid(fixed), spend).total
    streamed = estimate_grid(plan_grid(fixed), spend, partial_images=2).total
    assert plain.low == plain.high
    assert streamed.low == pytest.approx(plain.low + 200 * rates["output"] / 1e6)


def test_refused_cells_cost_nothing_and_say_why(tmp_path: Path) -> None:
    spec = GridSpec.of("a fox", {"model": ["gpt-image-2", "gpt-image-2.6-flare"],
                                 "quality": "max"})  # fmt: skip
    estimate = estimate_grid(plan_grid(spec), spend_with(Store(tmp_path)))
    assert estimate.requests == 1
    assert [cell.model for cell in estimate.skipped] == ["gpt-image-2"]
    assert "1 cell skipped" in estimate.describe()
    assert "skipped 0-0-0: gpt-image-2 does not support quality='max'" in str(estimate)


def test_doubts_of_the_rules_table_are_listed_before_sending(tmp_path: Path) -> None:
    spec = GridSpec.of("a fox", {"qualty": ["low", "high"], "model": "gpt-image-2.6-flare"})
    estimate = estimate_grid(plan_grid(spec), spend_with(Store(tmp_path)))
    assert estimate.requests == 2
    [(note, count)] = estimate.notes.items()
    assert "'qualty' is not in imagewidgets' rules table" in note
    assert count == 2
    assert f"  note (2 cells): {note}" in str(estimate).splitlines()
    assert repr(estimate) == f"<GridEstimate {estimate.describe()}>"


def test_only_the_missing_images_are_counted(tmp_path: Path) -> None:
    plan = plan_grid(GridSpec.of("a fox", {"quality": ["low", "medium"], "n": 2}))
    missing = {plan.cells[0]: 0, plan.cells[1]: 1}
    estimate = estimate_grid(plan, spend_with(Store(tmp_path)), missing=missing)
    assert (estimate.requests, estimate.image_count) == (1, 1)


def test_the_grid_budget_and_the_store_budget_are_checked_first(tmp_path: Path) -> None:
    store = Store(tmp_path)
    plan = plan_grid(GridSpec.of("a fox", {"quality": ["high", "high"], "size": "1024x1024"}))
    estimate = estimate_grid(plan, spend_with(store))
    check_budget(estimate, spend_with(store), budget=1.0)
    with pytest.raises(BudgetExceededError, match="Over the grid's budget"):
        check_budget(estimate, spend_with(store), budget=0.05)
    store.add(result(usage=Usage(10, 1000, 1010, 10, 0), model="gpt-image-2.6-flare"))
    tight = spend_with(store, {"budget": {"limit": 0.1, "scope": "store"}})
    with pytest.raises(BudgetExceededError, match="this store"):
        check_budget(estimate, tight)
    tokens = spend_with(store, {"budget": {"tokens": 1000, "scope": "store"}})
    with pytest.raises(BudgetExceededError, match="tokens"):
        check_budget(estimate, tokens)
