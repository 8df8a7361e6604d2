"""The forecast as CSV files: what the CLI writes and the Forecast page's "Save CSV" saves.

* daily: ``queue,date,contacts,lower,upper,aht_s,method`` (date as YYYY-MM-DD);
* intraday: ``queue,start,contacts,aht_s`` (start as YYYY-MM-DD HH:MM).

Writes are atomic and never overwrite an existing file without ``force``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from wfm_desktop.core.formula_safety import write_csv
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import write_atomic
from wfm_desktop.core.forecast.settings import ForecastResult

DAILY_CSV_COLUMNS = ("queue", "date", "contacts", "lower", "upper", "aht_s", "method")
INTRADAY_CSV_COLUMNS = ("queue", "start", "contacts", "aht_s")


def daily_csv_frame(result: ForecastResult) -> pd.DataFrame:
    daily = result.daily
    return pd.DataFrame(
        {
            "queue": daily["queue"],
            "date": daily["date"].dt.strftime("%Y-%m-%d"),
            "contacts": daily["contacts"].round(2),
            "lower": daily["lower"].round(2),
            "upper": daily["upper"].round(2),
            "aht_s": daily["aht_s"].round(1),
            "method": daily["method"],
        }
    )


def intraday_csv_frame(result: ForecastResult) -> pd.DataFrame:
    intraday = result.intraday
    return pd.DataFrame(
        {
            "queue": intraday["queue"],
            "start": intraday["start"].dt.strftime("%Y-%m-%d %H:%M"),
            "contacts": intraday["contacts"].round(3),
            "aht_s": intraday["aht_s"].round(1),
        }
    )


def write_daily_csv(result: ForecastResult, path: str | os.PathLike, *, force: bool = False) -> Path:
    frame = daily_csv_frame(result)
    return write_atomic(path, lambda tmp: write_csv(frame, tmp, index=False), force=force)


def write_intraday_csv(result: ForecastResult, path: str | os.PathLike, *, force: bool = False) -> Path:
    if result.intraday.empty:
        raise WfmError(f"{path}: the history holds daily totals only, so there is no intraday forecast to write")
    frame = intraday_csv_frame(result)
    return write_atomic(path, lambda tmp: write_csv(frame, tmp, index=False), force=force)
