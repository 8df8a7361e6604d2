"""`wfm-desktop accuracy FORECAST ACTUALS -o REPORT`."""

import pandas as pd
import pytest

from tests.core.forecast.test_accuracy import ACTUALS, DAILY, DAILY_WAPE, INTERVAL_WAPE, INTERVALS
from wfm_desktop.cli import main


def test_accuracy_of_a_forecast_csv_against_an_actuals_file(tmp_path, capsys):
    forecast = tmp_path / "forecast.csv"
    DAILY.assign(date=DAILY["date"].dt.strftime("%Y-%m-%d")).to_csv(forecast, index=False)
    intervals = tmp_path / "intervals.csv"
    INTERVALS.assign(start=INTERVALS["start"].dt.strftime("%Y-%m-%d %H:%M")).to_csv(intervals, index=False)
    actuals = tmp_path / "actuals.csv"
    ACTUALS.frame.assign(start=ACTUALS.frame["start"].dt.strftime("%Y-%m-%d %H:%M:%S")).to_csv(actuals, index=False)
    out = tmp_path / "accuracy.csv"
    assert main(["accuracy", str(forecast), str(actuals), "--intraday", str(intervals), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Q" in printed and f"{DAILY_WAPE:.1%}" in printed and f"{INTERVAL_WAPE:.1%}" in printed
    table = pd.read_csv(out)
    assert table.loc[table["level"] == "queue", "interval_wape"].iloc[0] == pytest.approx(INTERVAL_WAPE, rel=1e-5)
    # no overwrite without --force; a missing plan file is a message
    assert main(["accuracy", str(forecast), str(actuals), "-o", str(out)]) == 2
    assert main(["accuracy", str(tmp_path / "plan.wfmplan"), str(actuals), "-o", str(tmp_path / "a.csv")]) == 2
    assert "no such plan file" in capsys.readouterr().err


def test_accuracy_of_a_plans_snapshot_against_its_actuals_or_a_file(tmp_path, capsys):
    from tests.core.forecast.test_snapshots import _plan_with_snapshots
    from wfm_desktop.core.plan.saved import save

    plan = save(_plan_with_snapshots(), tmp_path / "kept.wfmplan")
    out = tmp_path / "accuracy.csv"
    assert main(["accuracy", str(plan), "-o", str(out)]) == 0  # the latest snapshot, the plan's actuals
    printed = capsys.readouterr().out
    assert "snapshot 'as forecast'" in printed and "the plan's actuals (actuals.csv)" in printed
    assert "Other snapshots in the plan (--snapshot NAME): '50% high'" in printed
    table = pd.read_csv(out)
    queue = table[table["level"] == "queue"].iloc[0]
    assert queue["wape"] == pytest.approx(DAILY_WAPE, rel=1e-5) and queue["interval_wape"] == pytest.approx(
        INTERVAL_WAPE, rel=1e-5)
    # another snapshot by name, against an actuals file: poor, and said so
    actuals = tmp_path / "actuals.csv"
    ACTUALS.frame.to_csv(actuals, index=False)
    assert main(["accuracy", str(plan), str(actuals), "--snapshot", "50% high", "-o", str(tmp_path / "a.xlsx")]) == 0
    printed = capsys.readouterr().out
    assert "54.3%" in printed and "poor / acceptable  << POOR" in printed
    assert main(["accuracy", str(plan), "--snapshot", "nope", "-o", str(tmp_path / "b.csv")]) == 2
    assert "No forecast snapshot called 'nope'" in capsys.readouterr().err


def test_plan_save_snapshot_then_accuracy_against_what_happened(tmp_path, capsys):
    """The planner's loop on the command line: plan and keep the forecast, then compare it with the actuals."""
    from wfm_desktop.core.history.sample import sample_history_path

    frame = pd.read_csv(sample_history_path(), parse_dates=["start"])
    history, actuals = tmp_path / "history.csv", tmp_path / "actuals.csv"
    frame[frame["start"] < "2025-11-03"].to_csv(history, index=False)
    frame[(frame["start"] >= "2025-11-03") & (frame["start"] < "2025-11-10")].to_csv(actuals, index=False)
    plan = tmp_path / "november.wfmplan"
    assert main(["plan", str(history), "--horizon-days", "14", "--method", "weekday_avg", "-o",
                 str(tmp_path / "plan.xlsx"), "--save", str(plan), "--snapshot", "November"]) == 0
    capsys.readouterr()
    assert main(["accuracy", str(plan), str(actuals), "-o", str(tmp_path / "accuracy.csv")]) == 0
    printed = capsys.readouterr().out
    assert "snapshot 'November'" in printed and "2025-11-03 to 2025-11-16" in printed
    table = pd.read_csv(tmp_path / "accuracy.csv")
    queues = table[table["level"] == "queue"].set_index("queue")
    assert sorted(queues.index) == ["Chat", "Sales voice", "Support voice"]
    days = table[table["level"] == "day"]
    # 7 days of actuals compared (the forecast's second week has none); each day's actual is the actuals
    # file's sum, and each queue's WAPE is Σ|forecast − actual| ÷ Σ actual over its days
    assert days["period"].nunique() == 7
    rows = frame[(frame["start"] >= "2025-11-03") & (frame["start"] < "2025-11-10")]
    by_day = rows.groupby(["queue", rows["start"].dt.strftime("%Y-%m-%d")])["offered"].sum()
    assert days.set_index(["queue", "period"])["actual"].to_dict() == pytest.approx(by_day.to_dict())
    for queue, group in days.groupby("queue"):
        expected = (group["forecast"] - group["actual"]).abs().sum() / group["actual"].sum()
        assert queues.loc[queue, "wape"] == pytest.approx(expected, rel=1e-4)
    assert main(["plan", "--sample", "-o", str(tmp_path / "x.xlsx"), "--snapshot"]) == 2
    assert "--save" in capsys.readouterr().err
