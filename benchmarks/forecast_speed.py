"""Forecast speed: 10 queues × 3 years of daily history, Auto with the 4-fold backtest, 13 weeks ahead.

Target: under 20 s. Prints the time of the whole run (statsmodels import
included, measured separately too) and the methods Auto chose.

    python benchmarks/forecast_speed.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from wfm_desktop.core.forecast import ForecastSettings, run_forecast  # noqa: E402
from wfm_desktop.core.history.table import DAILY, History  # noqa: E402

QUEUES = 10
DAYS = 3 * 365


def synthetic_history(seed: int = 1) -> History:
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2022-01-03", periods=DAYS, freq="D")
    yearly = 1 + 0.2 * np.sin(2 * np.pi * dates.day_of_year.to_numpy() / 365.25)
    parts = []
    for q in range(QUEUES):
        weekly = np.array([1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.0 if q % 3 == 0 else 0.3])
        trend = 1 + 0.1 * q / QUEUES * np.arange(DAYS) / 365
        offered = 500 * (1 + q) * weekly[dates.day_of_week] * yearly * trend * rng.lognormal(0, 0.06, DAYS)
        parts.append(pd.DataFrame({"queue": f"Queue {q + 1:02d}", "start": dates, "offered": offered, "aht_s": 280.0 + 10 * q}))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["offered"] > 0].reset_index(drop=True)
    return History(frame, DAILY, "synthetic")


def main() -> None:
    history = synthetic_history()
    started = time.perf_counter()
    cpu_started = time.process_time()
    import statsmodels.tsa.holtwinters  # noqa: F401  (imported lazily by the forecast; timed here for the record)
    import statsmodels.tsa.seasonal  # noqa: F401

    imported = time.perf_counter() - started
    result = run_forecast(history, ForecastSettings(method="auto", horizon_days=91, folds=4, country="US"))
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    chosen = result.backtest[result.backtest["chosen"]]["method"].value_counts().to_dict()
    print(f"{QUEUES} queues x {DAYS} days daily history, Auto, 4 folds of 28 days, 91-day horizon")
    print(f"forecast time: {total:.2f} s wall, {cpu:.2f} s CPU (statsmodels import {imported:.2f} s); target < 20 s")
    print(f"methods chosen: {chosen}; rows {len(result.daily)}")
    print(result.backtest.groupby("method")["wape"].mean().map(lambda v: f"{v:.2%}").to_string())


if __name__ == "__main__":
    main()
