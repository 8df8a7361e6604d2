"""A generated 3-year daily contact series with known abnormal periods, for tests and benchmarks.

Deterministic (fixed seed). Open Monday to Saturday; US federal holidays closed (no rows, as an
ACD export shows them). Volume = level × trend × weekly factor × yearly season × slow drift ×
day noise, with two injected abnormal periods the history-cleaning step should find:

* a festival week, 2023-04-10 to 2023-04-15, at 60% of normal volume;
* an outage, 2023-09-13, at 15% of normal volume.

``python tests/core/forecast/generated.py OUT.csv`` writes the series as a canonical history
CSV (``queue,start,interval_min,offered,aht_s``); benchmarks/data/daily_3y.csv is that file.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from wfm_desktop.core.history.table import DAILY, History

SEED = 20260716
FIRST, DAYS = "2022-01-03", 3 * 364
WEEKLY = (1.25, 1.1, 1.0, 1.0, 0.92, 0.55, 0.0)
FESTIVAL = (pd.Timestamp("2023-04-10"), pd.Timestamp("2023-04-15"), 0.6)
OUTAGE = (pd.Timestamp("2023-09-13"), pd.Timestamp("2023-09-13"), 0.15)


def three_year_daily(queue: str = "Generated", level: float = 2000.0, seed: int = SEED) -> History:
    """The generated series as a daily History (see the module docstring)."""
    import holidays

    rng = np.random.default_rng(seed)
    dates = pd.date_range(FIRST, periods=DAYS, freq="D")
    t_years = np.arange(DAYS) / 365.25
    day_of_year = dates.day_of_year.to_numpy()
    yearly = 1 + 0.15 * np.cos(2 * np.pi * (day_of_year - 20) / 365.25) + 0.05 * np.sin(4 * np.pi * day_of_year / 365.25)
    trend = 1.07 ** t_years
    drift = np.exp(np.cumsum(rng.normal(0, 0.006, DAYS)))  # slow random walk in the level
    drift /= drift.mean()
    noise = rng.lognormal(0.0, 0.07, DAYS)
    offered = level * trend * yearly * drift * noise * np.asarray(WEEKLY)[dates.day_of_week]
    for first, last, factor in (FESTIVAL, OUTAGE):
        offered[(dates >= first) & (dates <= last)] *= factor
    closed = holidays.country_holidays("US", years=range(dates[0].year, dates[-1].year + 1))
    offered[np.isin(dates.date, np.array(sorted(closed), dtype=object))] = 0.0
    aht = 300.0 + 20 * np.cos(2 * np.pi * day_of_year / 365.25) + rng.normal(0, 6, DAYS)
    frame = pd.DataFrame({"queue": queue, "start": dates, "offered": np.round(offered), "aht_s": np.round(aht, 1)})
    frame = frame[frame["offered"] > 0].reset_index(drop=True)
    return History(frame, DAILY, "generated 3-year daily series")


def main(path: str) -> None:
    frame = three_year_daily().frame
    out = frame.assign(start=frame["start"].dt.strftime("%Y-%m-%d %H:%M:%S"), interval_min=DAILY)
    out[["queue", "start", "interval_min", "offered", "aht_s"]].to_csv(path, index=False)


if __name__ == "__main__":
    main(sys.argv[1])
