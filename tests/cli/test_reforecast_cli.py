"""`wfm-desktop reforecast PLAN ACTUALS -o OUT`: actuals added (they win where they overlap), origin rolled forward."""

import pandas as pd
import pytest

from wfm_desktop.cli import main
from wfm_desktop.core.plan.saved import open_plan


def test_reforecast_reports_the_overlap_and_forecasts_from_the_day_after(tmp_path, capsys):
    from wfm_desktop.core.history.sample import sample_history_path

    frame = pd.read_csv(sample_history_path(), parse_dates=["start"])
    history, actuals = tmp_path / "history.csv", tmp_path / "actuals.csv"
    frame[frame["start"] < "2025-11-03"].to_csv(history, index=False)
    # the actuals repeat Saturday 1 November (one interval re-counted: +7 contacts) and add 2 to 9 November
    new = frame[(frame["start"] >= "2025-11-01") & (frame["start"] < "2025-11-10")].reset_index(drop=True)
    changed = new.index[(new["queue"] == "Chat") & (new["start"] == pd.Timestamp("2025-11-01 10:00"))][0]
    new.loc[changed, "offered"] += 7
    new.to_csv(actuals, index=False)
    plan = tmp_path / "november.wfmplan"
    assert main(["plan", str(history), "--horizon-days", "7", "--method", "weekday_avg", "-o",
                 str(tmp_path / "plan.xlsx"), "--save", str(plan), "--snapshot", "first week"]) == 0
    capsys.readouterr()
    out, diff = tmp_path / "again.wfmplan", tmp_path / "diff.csv"
    assert main(["reforecast", str(plan), str(actuals), "-o", str(out), "--snapshot", "second week",
                 "--differences", str(diff)]) == 0
    printed = capsys.readouterr().out
    overlap = int(((frame["start"] >= "2025-11-01") & (frame["start"] < "2025-11-03")).sum())
    assert f"{overlap:,} row(s) were in the history already" in printed and "1 of them differ (1 value(s)" in printed
    assert "Chat             2025-11-01 10:00 offered" in printed
    listed = pd.read_csv(diff)
    assert listed[["queue", "start", "column"]].values.tolist() == [["Chat", "2025-11-01 10:00:00", "offered"]]
    assert listed["actual"].iloc[0] - listed["history"].iloc[0] == pytest.approx(7)
    reopened = open_plan(out)
    daily = reopened.result("forecast").daily
    assert daily["date"].min() == pd.Timestamp("2025-11-10")  # the day after the actuals
    assert [s["name"] for s in reopened.input("forecast/snapshots")] == ["first week", "second week"]
    history_frame = reopened.result("data").frame
    row = history_frame[(history_frame["queue"] == "Chat") & (history_frame["start"] == pd.Timestamp("2025-11-01 10:00"))]
    assert row["offered"].iloc[0] == new.loc[changed, "offered"]  # the actuals won
    # the first week's snapshot is compared with the actuals the plan now keeps
    assert main(["accuracy", str(out), "--snapshot", "first week", "-o", str(tmp_path / "a.csv")]) == 0
    assert "the plan's actuals (actuals.csv)" in capsys.readouterr().out
