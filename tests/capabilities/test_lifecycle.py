"""Model lifecycle on a given day (WIRE-2026-11 section 1.1 and 4): every model that exists or
existed, the shutdown dates and replacements, "today" as a parameter, and server model lists."""

from __future__ import annotations

import warnings
from datetime import date

import pytest

from imagewidgets.capabilities import (
    MODELS,
    TODAY_ENV,
    ModelCatalog,
    ModelDeprecatedWarning,
    ModelShutDownError,
    active_models,
    check_model,
    default_model,
    lifecycle,
    lifecycle_label,
    today,
    validate,
)

ACTIVE = [
    "gpt-image-2.6-flare",
    "gpt-image-2.6-sunburst",
    "gpt-image-2.5-flare",
    "gpt-image-2.5-sunburst",
    "gpt-image-2",
]
TRIO = ["gpt-image-1.5", "gpt-image-1-mini", "chatgpt-image-latest"]
SHUTDOWNS = {
    **dict.fromkeys(TRIO, date(2026, 12, 1)),
    "gpt-image-1": date(2026, 10, 23),
    "dall-e-3": date(2026, 5, 12),
    "dall-e-2": date(2026, 5, 12),
}
SNAPSHOTS = {
    "gpt-image-2-2026-04-21": "gpt-image-2",
    "gpt-image-2.5-flare-2026-09-08": "gpt-image-2.5-flare",
    "gpt-image-2.5-sunburst-2026-09-08": "gpt-image-2.5-sunburst",
    "gpt-image-1.5-2025-12-16": "gpt-image-1.5",
}
NOV_30, DEC_1, DEC_2 = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)


def test_the_table_holds_every_model_that_exists_or_existed() -> None:
    assert set(MODELS) == {*ACTIVE, *SHUTDOWNS}


@pytest.mark.parametrize("model", ACTIVE)
def test_active_models_have_no_shutdown(model: str) -> None:
    found = lifecycle(model, DEC_2)
    assert (found.state, found.shutdown, found.label) == ("active", None, "")


@pytest.mark.parametrize(("model", "shutdown"), SHUTDOWNS.items())
def test_the_state_flips_at_midnight_of_the_shutdown_date(model: str, shutdown: date) -> None:
    before = lifecycle(model, date.fromordinal(shutdown.toordinal() - 1))
    assert (before.state, before.shutdown) == ("deprecated", shutdown)
    assert before.label == f"retires {shutdown.isoformat()}"
    on = lifecycle(model, shutdown)
    assert (on.state, on.label) == ("shut down", f"shut down {shutdown.isoformat()}")


def test_replacements() -> None:
    use_26 = ("gpt-image-2.6-flare", "gpt-image-2.6-sunburst")
    assert lifecycle("gpt-image-1.5").replacements == use_26
    assert lifecycle("gpt-image-1").replacements == (
        "gpt-image-2.5-sunburst",
        "gpt-image-2.5-flare",
    )


@pytest.mark.parametrize(("snapshot", "family"), SNAPSHOTS.items())
def test_snapshots_follow_their_family(snapshot: str, family: str) -> None:
    assert lifecycle(snapshot, NOV_30).state == lifecycle(family, NOV_30).state
    assert lifecycle_label(snapshot, NOV_30) == lifecycle_label(family, NOV_30)


def test_a_shut_down_model_is_refused_naming_the_parameter_date_and_replacement() -> None:
    with pytest.raises(ModelShutDownError) as caught:
        check_model("gpt-image-1.5", DEC_1)
    assert str(caught.value) == (
        "model gpt-image-1.5 was shut down on 2026-12-01; use gpt-image-2.6-flare or "
        "gpt-image-2.6-sunburst."
    )
    assert (caught.value.param, caught.value.shutdown) == ("model", DEC_1)
    with pytest.raises(ModelShutDownError, match="dall-e-2 was shut down on 2026-05-12"):
        validate("variation", {"model": "dall-e-2"})


def test_a_deprecated_model_works_and_warns_once_per_process() -> None:
    with pytest.warns(ModelDeprecatedWarning, match="shuts down on 2026-12-01"):
        assert validate("generate", {"prompt": "a", "model": "gpt-image-1-mini"}, today=NOV_30)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert validate("generate", {"prompt": "a", "model": "gpt-image-1-mini"}, today=NOV_30)


def test_active_and_default_models_on_a_day() -> None:
    assert active_models(DEC_2) == tuple(ACTIVE)
    assert active_models(NOV_30) == tuple(ACTIVE)  # deprecated models are not active
    assert default_model(DEC_2) == "gpt-image-2.6-flare"
    assert default_model(DEC_2, ModelCatalog({"gpt-image-2.6-flare": DEC_1})) == (
        "gpt-image-2.6-sunburst"
    )


def test_today_defaults_to_the_environment_then_the_real_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(TODAY_ENV, "2026-11-30")
    assert today() == NOV_30
    assert lifecycle("gpt-image-1.5").state == "deprecated"
    monkeypatch.setenv(TODAY_ENV, "2026-12-01")
    assert lifecycle("gpt-image-1.5").state == "shut down"
    monkeypatch.setenv(TODAY_ENV, "tomorrow")
    with pytest.raises(ValueError, match="IMAGEWIDGETS_TODAY='tomorrow' is not a date"):
        today()
    monkeypatch.delenv(TODAY_ENV)
    assert today() == date.today()


def test_openai_s_list_wins_over_the_table() -> None:
    live = ModelCatalog.from_json(
        {
            "data": [
                {"id": "gpt-image-1.5", "shutdown_date": "2026-12-16"},
                {"id": "gpt-image-2", "shutdown_date": "2027-01-05"},
                {"id": "gpt-image-3-preview", "shutdown_date": None},
                {"id": "gpt-5", "shutdown_date": None},
            ]
        }
    )
    assert lifecycle("gpt-image-1.5", DEC_2, live).label == "retires 2026-12-16"
    assert lifecycle("gpt-image-2", DEC_2, live).state == "deprecated"
    assert lifecycle("gpt-image-3-preview", DEC_2, live).state == "active"
    assert lifecycle("dall-e-2", DEC_2, live).state == "shut down"  # not listed: the table
    assert "gpt-image-3-preview" in active_models(DEC_2, live)
    assert "gpt-5" not in active_models(DEC_2, live)
    assert "gpt-image-2" not in active_models(DEC_2, live)


def test_another_server_s_list_decides_alone() -> None:
    server = ModelCatalog({"dall-e-2": None, "gpt-image-2": date(2026, 12, 1)}, "server")
    assert lifecycle("dall-e-2", DEC_2, server).state == "active"
    assert lifecycle("gpt-image-2", DEC_2, server).state == "shut down"
    unlisted = lifecycle("gpt-image-1.5", DEC_2, server)
    assert (unlisted.state, unlisted.source) == ("unknown", "server")
    check_model("gpt-image-1.5", DEC_2, server)


def test_a_server_without_a_list_refuses_nothing() -> None:
    nothing = ModelCatalog({}, "server")
    for model in SHUTDOWNS:
        assert check_model(model, DEC_2, nothing).state == "unknown"
    assert ModelCatalog.from_json("not a list", "server").dates == {}
