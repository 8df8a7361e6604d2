"""The bank call-centre data set as a History, and the 4-week hold-outs used by tests and benchmark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from wfm_desktop.core.forecast import ForecastSettings, run_forecast
from wfm_desktop.core.history.table import History

HOLDOUT_DAYS = 28
SINGLE_METHODS = ("seasonal_naive", "weekday_avg", "weekday_level", "ets")
"""The single methods that apply to the bank data (mstl needs two years; the data set has 8 months)."""

ROLLING_ORIGINS = 10
"""Weekly hold-outs in :func:`rolling_holdouts`: the last 4 weeks, and 9 more, each starting a week
earlier. Ten is every weekly origin at which Auto's default backtest (4 folds of 28 days) scores every
single method on every fold: an origin a week earlier leaves ETS too little history for its fourth fold."""


def bank_history(shared_data: Path) -> History:
    """5-minute bank calls (queue "bank"), as an importer would give them."""
    raw = pd.read_csv(shared_data / "bank_calls_2003" / "bank_calls_2003_5min.csv", parse_dates=["interval_start"])
    frame = pd.DataFrame({"queue": "bank", "start": raw["interval_start"], "offered": raw["calls"].astype(float)})
    return History(frame, 5, "bank_calls_2003_5min.csv")


def last_holdout_start(history: History) -> dt.date:
    """First day of the last 4 weeks of the history."""
    last_day = history.frame["start"].max().normalize()
    return (last_day - pd.Timedelta(days=HOLDOUT_DAYS - 1)).date()


def holdout_scores(
    history: History, methods, *, start: dt.date | None = None, interval_min: int = 30
) -> pd.DataFrame:
    """Forecast the 4 weeks from `start` (default: the last 4 weeks) from the days before; score each method.

    Returns one row per method: the method used, daily WAPE, interval WAPE,
    daily bias, the share of days inside the 80% interval, the days scored (hold-out
    days with data) and the backtest folds Auto could run for every single method
    (``full_folds``: the smallest fold count of any single method in the forecast's backtest).
    """
    start_ts = pd.Timestamp(start if start is not None else last_holdout_start(history))
    stop = start_ts + pd.Timedelta(days=HOLDOUT_DAYS)
    actual_daily = history.daily()
    actual_daily = actual_daily[(actual_daily["date"] >= start_ts) & (actual_daily["date"] < stop)]
    frame = history.frame[(history.frame["start"] >= start_ts) & (history.frame["start"] < stop)]
    actual_interval = frame.assign(start=frame["start"].dt.floor(f"{interval_min}min")).groupby("start")["offered"].sum()
    rows = []
    for method in methods:
        settings = ForecastSettings(method=method, horizon_days=HOLDOUT_DAYS, start=start_ts.date(), interval_min=interval_min)
        result = run_forecast(history, settings)
        daily = result.daily.merge(actual_daily, on=["queue", "date"])
        intraday = result.intraday.set_index("start")["contacts"].reindex(actual_interval.index).fillna(0.0)
        a, f = daily["offered"].to_numpy(), daily["contacts"].to_numpy()
        singles = result.backtest[result.backtest["method"].isin(SINGLE_METHODS)]
        rows.append(
            {
                "method": method,
                "used": result.daily["method"].iloc[0],
                "daily_wape": float(np.abs(f - a).sum() / a.sum()),
                "interval_wape": float(np.abs(intraday.to_numpy() - actual_interval.to_numpy()).sum() / actual_interval.sum()),
                "bias": float((f - a).sum() / a.sum()),
                "coverage": float(((a >= daily["lower"].to_numpy()) & (a <= daily["upper"].to_numpy())).mean()),
                "days": len(daily),
                "full_folds": int(singles["folds"].min()) if len(singles) else 0,
            }
        )
    return pd.DataFrame(rows)


def rolling_holdouts(history: History, methods, *, origins: int = ROLLING_ORIGINS) -> pd.DataFrame:
    """:func:`holdout_scores` of the last `origins` weekly 4-week hold-outs (the last one first).

    Adds a ``start`` column (first hold-out day). One hold-out is one draw: which method
    wins 4 particular weeks is partly luck, so a selection rule is judged on many origins
    (rolling-origin evaluation, Tashman 2000, *Int. J. Forecasting* 16(4)).
    """
    last = pd.Timestamp(last_holdout_start(history))
    parts = []
    for back in range(origins):
        start = (last - pd.Timedelta(days=7 * back)).date()
        parts.append(holdout_scores(history, methods, start=start).assign(start=start))
    return pd.concat(parts, ignore_index=True)
