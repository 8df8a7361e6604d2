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
    # no overwrite without --force; a plan file is refused with a message
    assert main(["accuracy", str(forecast), str(actuals), "-o", str(out)]) == 2
    assert main(["accuracy", str(tmp_path / "plan.wfmplan"), str(actuals), "-o", str(tmp_path / "a.csv")]) == 2
    assert "snapshots" in capsys.readouterr().err
