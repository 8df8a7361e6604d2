"""Re-forecast: actuals added to the history (the actuals win where both hold a row, differences listed),
and the plan's origin rolled forward in one step."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast.reforecast import merge_actuals
from wfm_desktop.core.forecast.snapshots import actuals_to_input, add_snapshot, take_snapshot
from wfm_desktop.core.history.table import History
from wfm_desktop.core.plan.model import UP_TO_DATE, Plan
from wfm_desktop.core.plan.roll_forward import roll_forward


def _frame(rows):
    return pd.DataFrame(rows, columns=["queue", "start", "offered", "aht_s"]).assign(
        start=lambda f: pd.to_datetime(f["start"]))


# history: Mon and Tue, 09:00 and 09:30; actuals: Tue again (09:30 re-counted 55 → 57 contacts, AHT of
# 09:00 corrected 300 → 310 s) and Wednesday, new
HISTORY = History(_frame([
    ("Q", "2024-01-01 09:00", 50.0, 300.0), ("Q", "2024-01-01 09:30", 40.0, 280.0),
    ("Q", "2024-01-02 09:00", 60.0, 300.0), ("Q", "2024-01-02 09:30", 55.0, 290.0),
]), 30, "history.csv")
ACTUALS = History(_frame([
    ("Q", "2024-01-02 09:00", 60.0, 310.0), ("Q", "2024-01-02 09:30", 57.0, 290.0),
    ("Q", "2024-01-03 09:00", 70.0, 305.0), ("Q", "2024-01-03 09:30", 65.0, 295.0),
]), 30, "actuals.csv")


def test_actuals_win_where_they_overlap_and_the_rows_that_differ_are_listed():
    merged = merge_actuals(HISTORY, ACTUALS)
    frame = merged.history.frame
    assert frame["start"].dt.strftime("%m-%d %H:%M").tolist() == [
        "01-01 09:00", "01-01 09:30", "01-02 09:00", "01-02 09:30", "01-03 09:00", "01-03 09:30"]
    assert frame["offered"].tolist() == [50, 40, 60, 57, 70, 65]  # Tuesday's figures are the actuals'
    assert frame["aht_s"].tolist() == [300, 280, 310, 290, 305, 295]
    assert (merged.added, merged.overlapped) == (2, 2)
    diff = merged.differences
    assert diff[["start", "column", "history", "actual", "change"]].to_dict("records") == [
        {"start": pd.Timestamp("2024-01-02 09:00"), "column": "aht_s", "history": 300.0, "actual": 310.0, "change": 10.0},
        {"start": pd.Timestamp("2024-01-02 09:30"), "column": "offered", "history": 55.0, "actual": 57.0, "change": 2.0},
    ]
    assert "2 new row(s)" in merged.notes[0] and "actuals.csv" in merged.notes[0]
    assert "2 row(s) were in the history already" in merged.notes[1] and "2 of them differ (2 value(s)" in merged.notes[1]
    assert merged.history.notes[-2:] == merged.notes and merged.history.interval_min == 30
    same = merge_actuals(HISTORY, History(HISTORY.frame.iloc[2:].reset_index(drop=True), 30, "again"))
    assert same.differences.empty and same.added == 0 and "0 of them differ" in same.notes[1]


def test_finer_actuals_are_rolled_up_and_coarser_ones_refused():
    quarter = History(_frame([("Q", "2024-01-03 09:00", 30.0, 300.0), ("Q", "2024-01-03 09:15", 40.0, 310.0)]), 15,
                      "quarter.csv")
    merged = merge_actuals(HISTORY, quarter)
    row = merged.history.frame.iloc[-1]
    assert row["start"] == pd.Timestamp("2024-01-03 09:00") and row["offered"] == 70.0
    assert row["aht_s"] == pytest.approx((30 * 300 + 40 * 310) / 70)  # volume-weighted
    hourly = History(_frame([("Q", "2024-01-03 09:00", 70.0, 300.0)]), 60, "hourly.csv")
    with pytest.raises(WfmError, match="60-minute intervals, the history 30-minute"):
        merge_actuals(HISTORY, hourly)
    daily_history = HISTORY.rolled_up(1440)
    merged = merge_actuals(daily_history, ACTUALS)
    assert merged.history.frame["offered"].tolist() == [90.0, 117.0, 135.0]  # Tue: the actuals' 60 + 57


def test_roll_forward_adds_the_plans_actuals_and_forecasts_from_the_day_after():
    days = pd.date_range("2024-01-01", periods=8 * 7, freq="D")
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"queue": "Q", "start": days, "offered": 100 + 20 * (days.day_of_week < 5) + rng.normal(0, 3, len(days)),
                          "aht_s": 300.0})
    history = History(frame.iloc[:42].reset_index(drop=True), 1440, "history.csv")
    actuals = History(frame.iloc[40:].reset_index(drop=True), 1440, "actuals.csv")  # 2 days overlap, 14 new
    plan = Plan({"forecast/settings": {"method": "weekday_avg", "horizon_days": 14, "start": "2024-02-05",
                                       "clean_history": False}})
    plan.set_result("data", history)
    plan.run("forecast")
    before = plan.result("forecast")
    assert before.daily["date"].min() == pd.Timestamp("2024-02-05")
    plan.inputs.set("forecast/snapshots", add_snapshot([], take_snapshot(before, "first")), "Keep")
    plan.inputs.set("accuracy/actuals", actuals_to_input(actuals, path="actuals.csv"), "Import actuals")
    merged = roll_forward(plan)
    assert merged.added == 14 and merged.overlapped == 2 and merged.differences.empty
    after = plan.result("forecast")
    assert after.daily["date"].min() == pd.Timestamp("2024-02-26")  # the day after the actuals
    assert plan.resolved("forecast/settings")["start"] is None
    assert plan.inputs.undo_label.endswith("Re-forecast from the day after the actuals")
    assert plan.state("forecast").status == UP_TO_DATE and len(plan.result("data").frame) == 56
    assert [s["name"] for s in plan.input("forecast/snapshots")] == ["first"]  # kept, still comparable
    plan.run("accuracy")  # (staffing needs interval history; this plan is daily)
    # the kept forecast (5 to 18 February) against the actuals (10 to 25 February): 9 days compared
    assert plan.result("accuracy")["report"].summary["days"].iloc[0] == 9
