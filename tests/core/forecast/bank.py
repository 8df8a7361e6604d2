"""The bank call-centre data set as a History, and the 4-week hold-out used by test and benchmark."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from wfm_desktop.core.forecast import ForecastSettings, run_forecast
from wfm_desktop.core.history import History

HOLDOUT_DAYS = 28


def bank_history(shared_data: Path) -> History:
    """5-minute bank calls (queue "bank"), as an importer would give them."""
    raw = pd.read_csv(shared_data / "bank_calls_2003" / "bank_calls_2003_5min.csv", parse_dates=["interval_start"])
    frame = pd.DataFrame({"queue": "bank", "start": raw["interval_start"], "offered": raw["calls"].astype(float)})
    return History(frame, 5, "bank_calls_2003_5min.csv")


def holdout_scores(history: History, methods, *, interval_min: int = 30) -> pd.DataFrame:
    """Forecast the last 4 weeks from the weeks before them; score each method.

    Returns one row per method: the method used, daily WAPE, interval WAPE,
    daily bias and the share of days inside the 80% interval, over the hold-out days with data.
    """
    last_day = history.frame["start"].max().normalize()
    start = last_day - pd.Timedelta(days=HOLDOUT_DAYS - 1)
    actual_daily = history.daily()
    actual_daily = actual_daily[actual_daily["date"] >= start]
    frame = history.frame[history.frame["start"] >= start]
    actual_interval = frame.assign(start=frame["start"].dt.floor(f"{interval_min}min")).groupby("start")["offered"].sum()
    rows = []
    for method in methods:
        result = run_forecast(history, ForecastSettings(method=method, horizon_days=HOLDOUT_DAYS, start=start.date(), interval_min=interval_min))
        daily = result.daily.merge(actual_daily, on=["queue", "date"])
        intraday = result.intraday.set_index("start")["contacts"].reindex(actual_interval.index).fillna(0.0)
        a, f = daily["offered"].to_numpy(), daily["contacts"].to_numpy()
        rows.append(
            {
                "method": method,
                "used": result.daily["method"].iloc[0],
                "daily_wape": float(np.abs(f - a).sum() / a.sum()),
                "interval_wape": float(np.abs(intraday.to_numpy() - actual_interval.to_numpy()).sum() / actual_interval.sum()),
                "bias": float((f - a).sum() / a.sum()),
                "coverage": float(((a >= daily["lower"].to_numpy()) & (a <= daily["upper"].to_numpy())).mean()),
                "days": len(daily),
            }
        )
    return pd.DataFrame(rows)
