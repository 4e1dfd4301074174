"""Usage summed per run, kernel and store; a price table turns it into money; a budget refuses."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from imagewidgets.api.results import Usage
from imagewidgets.store import BudgetExceededError, Record, Spend, SpendSettings, Store
from imagewidgets.store.spend import money
from tests.support import ROOT
from tests.support.store import result

PRICES: dict[str, Any] = {
    "gpt-image-1.5": {
        "per_million_tokens": {"text_input": 5.0, "image_input": 10.0, "output": 40.0},
        "per_image": {"low 1024x1024": 0.01, "high": 0.2},
    },
    "dall-e-2": {"per_image": {"256x256": 0.016, "default": 0.02}},
}


def request(prompt: str, n: int, usage: Usage | None, *, rid: str, **params: Any) -> list[Any]:
    return [
        result(
            prompt, color=(n, index, len(rid)), usage=usage, request_id=rid, index=index, **params
        )
        for index in range(n)
    ]


def fill(store: Store) -> None:
    for image in request("a fox", 2, Usage(10, 2000, 2010, 10, 0), rid="a", quality="high"):
        store.add(image)
    streamed = [Usage(10, 1000, 1010, 10, 0), Usage(10, 1200, 1210, 10, 0)]
    for index, usage in enumerate(streamed):
        store.add(
            result(
                "streamed",
                color=(7, 7, index),
                usage=usage,
                request_id="b",
                index=index,
                partial_images=2,
            )
        )


def test_usage_is_summed_per_run_kernel_and_store(tmp_path: Path) -> None:
    store = Store(tmp_path)
    fill(store)
    summary = Spend(store, SpendSettings()).summary()
    assert (summary.last_run.runs, summary.last_run.images) == (1, 2)
    assert summary.last_run.usage.total_tokens == 2220  # a stream: each image reports its own
    assert summary.kernel.usage.total_tokens == 2010 + 2220  # a plain request: reported once
    assert (summary.kernel.runs, summary.kernel.images) == (2, 4)
    assert summary.store == summary.kernel
    assert summary.kernel.cost == 0.0
    assert summary.kernel.describe() == "2 runs · 4 images · 4,230 tokens"


def test_other_kernels_count_for_the_store_not_for_this_kernel(tmp_path: Path) -> None:
    store = Store(tmp_path)
    fill(store)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    other = "from imagewidgets.store import Store; from tests.support.store import result; "
    other += f"Store({str(tmp_path)!r}).add(result('elsewhere', color='pink', request_id='c'))"
    subprocess.run([sys.executable, "-c", other], env=env, check=True, timeout=60)
    summary = store.spend.summary()
    assert (summary.kernel.runs, summary.store.runs) == (2, 3)
    assert summary.store.usage.total_tokens == summary.kernel.usage.total_tokens + 1076


def test_the_price_table_turns_tokens_into_money(tmp_path: Path) -> None:
    store = Store(tmp_path)
    fill(store)
    (tmp_path / "spend.json").write_text(json.dumps({"prices": PRICES}))
    summary = store.spend.summary()
    fox = (10 * 5.0 + 2000 * 40.0) / 1e6
    streamed = (20 * 5.0 + 2200 * 40.0) / 1e6
    assert summary.store.cost == pytest.approx(fox + streamed)
    assert summary.last_run.cost == pytest.approx(streamed)
    assert summary.kernel.describe().endswith(f"about {money(fox + streamed)}")


def test_a_request_sent_through_the_batch_api_costs_the_batch_price(tmp_path: Path) -> None:
    store = Store(tmp_path)
    (tmp_path / "spend.json").write_text(json.dumps({"prices": PRICES}))
    live = result("live", color="red", request_id="live", quality="high")
    batched = result("batched", color="blue", request_id="batched", quality="high")
    store.add(live)
    store.add(dataclasses.replace(batched, response={"batch_id": "batch_1", "custom_id": "0"}))
    summary = store.spend.summary()
    one = (20 * 5.0 + 1056 * 40.0) / 1e6
    share = store.spend.settings.batch_discount
    assert share == 0.5  # the shipped table's
    assert summary.last_run.cost == pytest.approx(one * share)
    assert summary.store.cost == pytest.approx(one + one * share)
    assert (summary.store.runs, summary.store.images) == (2, 2)
    Store(tmp_path).index.rebuild()  # the same from the files
    assert Store(tmp_path).spend.summary().store.cost == pytest.approx(one + one * share)


def test_runs_without_usage_are_priced_per_image(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for image in request("dalle", 3, None, rid="d", model="dall-e-2", size="256x256"):
        store.add(image)
    store.add(result("unpriced", model="gpt-image-1", color="red", request_id="e"))
    tally = Spend(store, SpendSettings.from_json({"prices": PRICES})).summary().store
    assert tally.cost == pytest.approx(3 * 0.016)
    assert tally.unpriced == {"gpt-image-1"}
    assert "no price for gpt-image-1" in tally.describe()


def test_estimate_before_a_run(tmp_path: Path) -> None:
    spend = Spend(Store(tmp_path), SpendSettings.from_json({"prices": PRICES}))
    assert spend.estimate(
        "gpt-image-1.5", {"quality": "low", "size": "1024x1024", "n": 3}
    ) == pytest.approx(0.03)
    assert spend.estimate("gpt-image-1.5", {"quality": "high", "size": "1536x1024"}) == 0.2
    assert spend.estimate("dall-e-2", {"size": "512x512"}) == 0.02
    assert spend.estimate("dall-e-3", {}) is None


def test_estimate_learns_from_earlier_runs_when_the_table_has_token_prices_only(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path)
    fill(store)
    tokens_only = {"gpt-image-1.5": {"per_million_tokens": {"input": 5.0, "output": 40.0}}}
    spend = Spend(store, SpendSettings.from_json({"prices": tokens_only}))
    per_image = (10 * 5.0 + 2000 * 40.0) / 1e6 / 2
    estimate = spend.estimate("gpt-image-1.5", {"quality": "high", "size": "1024x1024", "n": 2})
    assert estimate == pytest.approx(2 * per_image)


def test_snapshots_use_their_family_prices() -> None:
    settings = SpendSettings.from_json({"prices": PRICES})
    assert settings.image_price("gpt-image-1.5-2025-12-16", {"quality": "high"}) == 0.2


def test_a_money_budget_refuses_the_run_that_would_pass_it(tmp_path: Path) -> None:
    store = Store(tmp_path)
    fill(store)
    spent = (10 * 5.0 + 2000 * 40.0 + 20 * 5.0 + 2200 * 40.0) / 1e6
    settings = {"prices": PRICES, "budget": {"limit": spent + 0.05}}
    (tmp_path / "spend.json").write_text(json.dumps(settings))
    store.spend.check("gpt-image-1.5", {"quality": "low", "size": "1024x1024", "n": 4})
    with pytest.raises(
        BudgetExceededError, match=r"this run \(about \$0\.20\) would take this kernel"
    ) as caught:
        store.spend.check("gpt-image-1.5", {"quality": "high"})
    assert f"raise 'limit' under 'budget' in {tmp_path / 'spend.json'}" in str(caught.value)
    settings["budget"] = {"limit": spent / 2, "scope": "store"}
    (tmp_path / "spend.json").write_text(json.dumps(settings))
    reached = r"Budget reached: this store has spent about \$0\.17 of its \$0\.08\."
    with pytest.raises(BudgetExceededError, match=reached):
        store.spend.check("dall-e-3", {})


def test_a_token_budget_needs_no_prices(tmp_path: Path) -> None:
    store = Store(tmp_path)
    spend = Spend(store, SpendSettings.from_json({"budget": {"tokens": 3000}}))
    spend.check("gpt-image-1.5", {})
    fill(store)
    with pytest.raises(BudgetExceededError, match="has used 4,230 of its 3,000 tokens"):
        spend.check("gpt-image-1.5", {})


def test_a_broken_settings_file_says_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "spend.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"spend\.json: not readable as JSON"):
        Store(tmp_path).spend.summary()
    with pytest.raises(ValueError, match="'scope' must be 'kernel' or 'store'"):
        SpendSettings.from_json({"budget": {"limit": 1, "scope": "week"}})
    with pytest.raises(ValueError, match="'budget' needs a 'limit'"):
        SpendSettings.from_json({"budget": {"scope": "store"}})
    with pytest.raises(ValueError, match="'prices' must map model names to objects"):
        SpendSettings.from_json({"prices": {"dall-e-2": 0.02}})


def test_money_reads_naturally() -> None:
    assert [money(0.04), money(0.005), money(12.5), money(0.04, "EUR")] == [
        "$0.04", "$0.005", "$12.50", "0.04 EUR",
    ]  # fmt: skip


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every read of a spend.json from now on."""
    seen: list[Path] = []
    load = SpendSettings.load.__func__  # type: ignore[attr-defined]

    def counting(cls: type[SpendSettings], path: Path) -> SpendSettings:
        seen.append(path)
        return load(cls, path)  # type: ignore[no-any-return]

    monkeypatch.setattr(SpendSettings, "load", classmethod(counting))
    return seen


def test_spend_json_is_read_again_only_when_it_changed(tmp_path: Path, loads: list[Path]) -> None:
    store = Store(tmp_path)
    fill(store)
    path = tmp_path / "spend.json"
    path.write_text(json.dumps({"prices": PRICES}))
    assert store.spend is store.spend  # the budget check and the spend line share one
    for _ in range(3):
        assert store.spend.summary().store.cost > 0
        assert store.spend.estimate("gpt-image-1.5", {"quality": "high"}) == 0.2
        store.spend.check("gpt-image-1.5", {"quality": "high"})
    assert loads == [path]
    path.write_text(json.dumps({"currency": "EUR", "prices": PRICES}))
    assert store.spend.summary().currency == "EUR"
    path.unlink()
    assert store.spend.estimate("gpt-image-1.5", {"quality": "high"}) is None
    assert store.spend.summary().currency == "USD"
    assert loads == [path, path, path]


def test_totals_are_kept_as_images_are_stored_never_summed_from_the_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    fill(store)
    spend = Spend(store, SpendSettings.from_json({"prices": PRICES}))
    first = spend.summary()
    read: list[object] = []
    from_json = Record.from_json.__func__  # type: ignore[attr-defined]

    def reading(cls: type[Record], data: object) -> Record:
        read.append(data)
        return from_json(cls, data)  # type: ignore[no-any-return]

    monkeypatch.setattr(Record, "from_json", classmethod(reading))
    assert spend.summary() == first
    spend.check("gpt-image-1.5", {"quality": "high"})
    assert read == []  # no record was read to sum spend
    store.add(result("one more", color=(3, 3, 3), usage=Usage(10, 500, 510, 10, 0), request_id="c"))
    after = spend.summary()
    assert after.store.runs == 3
    assert after.store.usage.total_tokens == first.store.usage.total_tokens + 510
    monkeypatch.undo()
    store.index.rebuild()  # counted again from the files: the same sums
    assert after == Spend(Store(tmp_path), SpendSettings.from_json({"prices": PRICES})).summary()
