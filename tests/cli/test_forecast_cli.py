import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import REPO
from tests.core.forecast.builders import interval_history
from wfm_desktop.cli import main


@pytest.fixture
def history_csv(tmp_path):
    history = interval_history("2024-09-02", 7 * 10, queues=("Sales", "Support"), interval_min=30)
    path = tmp_path / "history.csv"
    history.frame.to_csv(path, index=False)
    return path


def test_forecast_writes_daily_and_interval_csv_and_prints_the_backtest(history_csv, tmp_path, capsys):
    daily_path, intraday_path = tmp_path / "forecast.csv", tmp_path / "intervals.csv"
    events = tmp_path / "events.csv"
    events.write_text("date,type,factor,label\n2024-11-13,closed,,Office move\n2024-11-14,factor,1.5,Mailing\n")
    code = main(
        ["forecast", str(history_csv), "--horizon-days", "60", "--country", "US", "--events", str(events),
         "-o", str(daily_path), "--intraday", str(intraday_path)]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "Backtest (4 folds of 28 days" in out and "weekday_avg" in out and "*" in out
    assert "Office move" in out and "Thanksgiving" in out
    daily = pd.read_csv(daily_path)
    assert list(daily.columns) == ["queue", "date", "contacts", "lower", "upper", "aht_s", "method"]
    assert len(daily) == 2 * 60 and daily["date"].iloc[0] == "2024-11-09"
    assert daily["date"].iloc[59] == "2025-01-07"  # across the month and year ends
    by_day = daily.set_index(["queue", "date"])["contacts"]
    assert by_day[("Sales", "2024-11-13")] == 0 and by_day[("Sales", "2024-11-28")] == 0
    intraday = pd.read_csv(intraday_path)
    assert list(intraday.columns) == ["queue", "start", "contacts", "aht_s"]
    assert intraday["start"].iloc[0] == "2024-11-11 08:00" and intraday["contacts"].iloc[0] == 0  # Veterans Day: closed
    sums = intraday.assign(date=intraday["start"].str[:10]).groupby(["queue", "date"])["contacts"].sum()
    assert sums.to_numpy() == pytest.approx(by_day.loc[sums.index].to_numpy(), rel=1e-4)


def test_forecast_refuses_to_overwrite_without_force(history_csv, tmp_path, capsys):
    target = tmp_path / "forecast.csv"
    target.write_text("keep me")
    assert main(["forecast", str(history_csv), "--horizon-days", "7", "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "keep me"
    assert main(["forecast", str(history_csv), "--horizon-days", "7", "--method", "seasonal_naive", "-o", str(target), "--force"]) == 0
    assert pd.read_csv(target)["method"].eq("seasonal_naive").all()


def test_forecast_method_combo_names_its_members_in_the_csv_and_the_table(history_csv, tmp_path, capsys):
    target = tmp_path / "forecast.csv"
    assert main(["forecast", str(history_csv), "--horizon-days", "14", "--method", "combo", "-o", str(target)]) == 0
    out = capsys.readouterr().out
    daily = pd.read_csv(target)
    assert daily["method"].str.fullmatch(r"combo\([a-z_]+\+[a-z_]+\)").all()
    for label in set(daily["method"]):
        assert label + "*" in out  # the backtest row of the combination is marked as used


def test_forecast_rejects_percentages_and_bad_files_with_a_message(history_csv, tmp_path, capsys):
    out = tmp_path / "f.csv"
    assert main(["forecast", str(history_csv), "--horizon-days", "7", "--level", "80", "-o", str(out)]) == 2
    assert "fraction" in capsys.readouterr().err
    assert main(["forecast", str(tmp_path / "missing.csv"), "--horizon-days", "7", "-o", str(out)]) == 2
    assert "missing.csv" in capsys.readouterr().err
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("queue,date,contacts\nSales,2024-11-12,12345\n")
    assert main(["forecast", str(history_csv), "--horizon-days", "7", "--overrides", str(overrides), "-o", str(out)]) == 0
    daily = pd.read_csv(out).set_index(["queue", "date"])
    assert daily.loc[("Sales", "2024-11-12"), "contacts"] == 12345
    assert not out.with_suffix(".csv.tmp").exists()


def test_forecast_runs_as_a_subprocess(history_csv, tmp_path):
    out = tmp_path / "f.csv"
    result = subprocess.run(
        [sys.executable, "-m", "wfm_desktop", "forecast", str(history_csv), "--horizon-days", "14", "--method", "weekday_avg", "-o", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote 28 daily rows" in result.stdout


def test_forecast_reads_any_importable_file_and_rolls_it_up(shared_data, tmp_path, capsys):
    source = shared_data / "bank_calls_2003" / "bank_calls_2003_5min.csv"  # interval_start,calls
    daily_path, intraday_path = tmp_path / "f.csv", tmp_path / "i.csv"
    code = main(["forecast", str(source), "--horizon-days", "7", "--interval", "30", "-o", str(daily_path),
                 "--intraday", str(intraday_path)])
    assert code == 0, capsys.readouterr().err
    assert "30-minute" in capsys.readouterr().out
    intraday = pd.read_csv(intraday_path)
    assert set(intraday["start"].str[-2:]) == {"00", "30"}
    daily = pd.read_csv(daily_path)
    assert (daily.loc[daily["contacts"] > 0, "contacts"] > 25_000).all()
