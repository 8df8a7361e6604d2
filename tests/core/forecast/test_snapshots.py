"""Forecast snapshots and actuals kept in the plan: names, the latest chosen, the plan file, the accuracy stage."""

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.core.forecast.test_accuracy import ACTUALS, DAILY, DAILY_WAPE, INTERVAL_WAPE, INTERVALS
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast import ForecastResult, ForecastSettings
from wfm_desktop.core.forecast.snapshots import (
    actuals_to_input,
    add_snapshot,
    choose_snapshot,
    delete_snapshot,
    rename_snapshot,
    snapshot_summary,
    take_snapshot,
)
from wfm_desktop.core.plan.file_format import SCHEMA_VERSION
from wfm_desktop.core.plan.model import FLAGGED, NOT_RUN, OUT_OF_DATE, UP_TO_DATE, Plan
from wfm_desktop.core.plan.saved import open_plan, save

OLD = Path(__file__).parents[2] / "data" / "old_release" / "release_1.wfmplan"


def forecast_result(daily: pd.DataFrame = DAILY, intervals: pd.DataFrame = INTERVALS) -> ForecastResult:
    """The hand-computed table of test_accuracy as a forecast result."""
    empty = pd.DataFrame()
    return ForecastResult(
        daily=daily.assign(lower=daily["contacts"] * 0.9, upper=daily["contacts"] * 1.1, method="weekday_avg"),
        intraday=intervals, profiles=empty, aht_profile=empty,
        backtest=pd.DataFrame({"queue": ["Q"], "method": ["weekday_avg"], "wape": [0.05], "bias": [0.01],
                               "folds": [4], "days": [20], "chosen": [True]}),
        adjustments=empty, history_daily=pd.DataFrame({"queue": ["Q"], "date": [pd.Timestamp("2023-12-29")],
                                                       "offered": [100.0], "special": [False]}),
        settings=ForecastSettings(horizon_days=2, method="weekday_avg"), interval_min=30)


def test_snapshots_are_named_dated_and_the_latest_is_chosen():
    first = take_snapshot(forecast_result(), taken_at="2024-01-01T08:00:00")
    assert first["name"] == "Forecast from 2024-01-01 (weekday_avg)"
    assert (first["origin"], first["last_day"], first["history_last"]) == ("2024-01-01", "2024-01-02", "2023-12-29")
    later = take_snapshot(forecast_result(DAILY.assign(contacts=DAILY["contacts"] * 2)), taken_at="2024-01-05T08:00:00")
    kept = add_snapshot(add_snapshot([], first), later)
    assert [s["name"] for s in kept] == [first["name"], first["name"] + " (2)"]  # same name: numbered
    assert choose_snapshot(kept, None)["taken_at"] == "2024-01-05T08:00:00"
    assert choose_snapshot(kept, first["name"]) is kept[0]
    renamed = rename_snapshot(kept, first["name"], "  January   plan ")
    assert renamed[0]["name"] == "January plan" and kept[0]["name"] == first["name"]  # a new list
    with pytest.raises(WfmError, match="already a snapshot"):
        rename_snapshot(renamed, "January plan", first["name"] + " (2)")
    assert [s["name"] for s in delete_snapshot(renamed, "January plan")] == [first["name"] + " (2)"]
    with pytest.raises(WfmError, match="No forecast snapshot called 'nope'"):
        choose_snapshot(renamed, "nope")
    with pytest.raises(WfmError, match="keeps no forecast snapshot"):
        choose_snapshot([], None)
    summary = snapshot_summary(renamed)
    assert summary["contacts"].tolist() == [360.0, 720.0] and summary["method"].tolist() == ["weekday_avg"] * 2


def _plan_with_snapshots() -> Plan:
    plan = Plan()
    kept = add_snapshot([], take_snapshot(forecast_result(), "as forecast", taken_at="2024-01-01T08:00:00"))
    kept = add_snapshot(kept, take_snapshot(forecast_result(DAILY.assign(contacts=DAILY["contacts"] * 1.5)),
                                            "50% high", taken_at="2023-12-01T08:00:00"))
    plan.inputs.set("forecast/snapshots", kept, "Keep forecast")
    plan.inputs.set("accuracy/actuals", actuals_to_input(ACTUALS, path="actuals.csv"), "Import actuals")
    return plan


def test_the_accuracy_stage_compares_the_chosen_snapshot_and_flags_a_poor_one():
    plan = Plan()
    assert plan.state("accuracy") == plan.state("accuracy").__class__(NOT_RUN, "waiting for a forecast snapshot "
                                                                               "(keep one on the Forecast page)")
    plan = _plan_with_snapshots()
    assert plan.refresh() == ["accuracy"]
    result = plan.result("accuracy")
    assert result["snapshot"] == "as forecast"  # the latest taken
    assert result["report"].summary["wape"].iloc[0] == pytest.approx(DAILY_WAPE)
    assert result["report"].summary["interval_wape"].iloc[0] == pytest.approx(INTERVAL_WAPE)
    assert plan.state("accuracy").status == UP_TO_DATE
    plan.inputs.set("accuracy/settings", {"snapshot": "50% high", "worst": 10}, "Compare 50% high")
    assert plan.state("accuracy").status == OUT_OF_DATE
    plan.refresh()
    state = plan.state("accuracy")
    # daily WAPE (|240-150| + |300-200|) / 350 = 54%: poor, flagged where the step list shows it
    assert plan.result("accuracy")["report"].summary["wape"].iloc[0] == pytest.approx(190 / 350)
    assert state.status == FLAGGED and "Q: daily WAPE 54.3%" in state.reason


def test_snapshots_and_actuals_round_trip_through_the_plan_file(tmp_path):
    plan = _plan_with_snapshots()
    plan.refresh()
    path = save(plan, tmp_path / "kept.wfmplan")
    with zipfile.ZipFile(path) as zf:
        assert json.loads(zf.read("plan.json"))["schema_version"] == SCHEMA_VERSION >= 4
    reopened = open_plan(path)
    for before, after in zip(plan.input("forecast/snapshots"), reopened.input("forecast/snapshots")):
        assert before.keys() == after.keys()
        for key, value in before.items():
            if isinstance(value, pd.DataFrame):
                pd.testing.assert_frame_equal(after[key], value)
            else:
                assert after[key] == value, key
    pd.testing.assert_frame_equal(reopened.input("accuracy/actuals")["frame"], ACTUALS.frame)
    assert reopened.state("accuracy").status == NOT_RUN and reopened.refresh() == ["accuracy"]
    pd.testing.assert_frame_equal(reopened.result("accuracy")["report"].by_day, plan.result("accuracy")["report"].by_day)
    assert reopened.state("accuracy").status == UP_TO_DATE and not reopened.inputs.is_modified


def test_a_schema_3_plan_opens_without_snapshots_and_keeps_its_numbers(tmp_path):
    plan = open_plan(OLD)
    assert plan.input("forecast/snapshots") is None and plan.input("accuracy/actuals") is None
    assert plan.input("accuracy/settings") == {"snapshot": None, "worst": 10}  # migrate_v3_to_v4
    assert plan.state("accuracy").status == NOT_RUN


def test_the_fingerprint_reads_a_snapshot_by_its_checksum_not_its_tables():
    from wfm_desktop.core.plan.fingerprint import fingerprint

    snapshot = take_snapshot(forecast_result(), "a", taken_at="2024-01-01T08:00:00")
    same = {**snapshot, "daily": snapshot["daily"].copy()}
    assert fingerprint([snapshot]) == fingerprint([same])
    assert fingerprint([snapshot]) != fingerprint([{**snapshot, "name": "b"}])
    other = take_snapshot(forecast_result(DAILY.assign(contacts=DAILY["contacts"] + 1)), "a",
                          taken_at="2024-01-01T08:00:00")
    assert other["content_sha256"] != snapshot["content_sha256"] and fingerprint([other]) != fingerprint([snapshot])
