"""Gross agents from net, and the daily and weekly roll-ups of interval requirements.

These are the definitions the plan workbook's formulas reproduce, so they live
in one place:

* gross = ⌈x − 1e-9 × max(1, x)⌉ with x = net ÷ (1 − shrinkage), and 0 when
  net is 0 (:func:`wfm_desktop.core.staffing.shrinkage.gross_agents`). The tolerance
  keeps floating-point noise from adding an agent: 21 ÷ (1 − 0.3) is 30, not 31.
* agent-hours of a day = Σ agents over its intervals × interval minutes ÷ 60.
* FTE of a week = gross agent-hours ÷ (hours per FTE × days ÷ 7), where days
  counts the days of that week inside the horizon (a part week is not
  under-staffed by the division).
* expected service level = Σ SL × contacts ÷ Σ contacts (NaN without contacts).

Example: net 21 at 30% shrinkage → 30 gross; 30 gross for every 15-minute
interval of an 8-hour day → 240 agent-hours; 5 such days at 37.5 h per FTE
→ 1,200 ÷ 37.5 = 32 FTE.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.shrinkage import gross_agents  # noqa: F401 - the definition the workbook reproduces


def _weighted(values: pd.Series, weights: pd.Series, keys: list) -> pd.Series:
    v = values.to_numpy(dtype=float)
    w = weights.to_numpy(dtype=float)
    ok = ~np.isnan(v) & (w > 0)
    frame = pd.DataFrame({"num": np.where(ok, v * w, 0.0), "den": np.where(ok, w, 0.0)})
    for i, key in enumerate(keys):
        frame[f"k{i}"] = key
    sums = frame.groupby([f"k{i}" for i in range(len(keys))], sort=True)[["num", "den"]].sum()
    out = sums["num"] / sums["den"]
    return out.where(sums["den"] > 0)


def daily_summary(
    intraday: pd.DataFrame,
    interval_min: int,
    *,
    days: pd.DatetimeIndex | None = None,
    forecast_daily: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per queue and day: contacts, AHT, workload and agent-hours, expected SL.

    `days` (default: every day from the first to the last interval) lists the
    days every queue gets a row for, with zeros on days without intervals.
    `forecast_daily` (``queue, date, lower, upper``) adds the prediction
    interval when given.
    """
    hours = interval_min / 60
    start = pd.to_datetime(intraday["start"])
    date = start.dt.normalize()
    queue = intraday["queue"].astype(str)
    work = pd.DataFrame({
        "queue": queue.to_numpy(dtype=object),
        "date": date.to_numpy(),
        "contacts": intraday["contacts"].to_numpy(dtype=float),
        "aht_work": (intraday["contacts"] * intraday["aht_s"]).to_numpy(dtype=float),
        "workload": intraday["workload_erlangs"].to_numpy(dtype=float),
        "net": intraday["agents_net"].to_numpy(dtype=float),
        "schedule": intraday["agents_schedule"].to_numpy(dtype=float),
        "gross": intraday["agents_gross"].to_numpy(dtype=float),
    })
    sums = work.groupby(["queue", "date"], sort=True).sum(numeric_only=True)
    sl = _weighted(intraday["service_level"], intraday["contacts"], [work["queue"], work["date"]])
    if days is None:
        days = pd.date_range(date.min(), date.max(), freq="D")
    queues = sorted(queue.unique().tolist())
    index = pd.MultiIndex.from_product([queues, pd.DatetimeIndex(days)], names=["queue", "date"])
    sums = sums.reindex(index, fill_value=0.0)
    out = pd.DataFrame({
        "queue": index.get_level_values(0).astype(str),
        "date": index.get_level_values(1),
        "contacts": sums["contacts"].to_numpy(),
        "aht_s": np.where(sums["contacts"] > 0, sums["aht_work"] / sums["contacts"].where(sums["contacts"] > 0, 1),
                          np.nan),
        "workload_h": sums["workload"].to_numpy() * hours,
        "agents_net_h": sums["net"].to_numpy() * interval_min / 60,
        "agents_schedule_h": sums["schedule"].to_numpy() * interval_min / 60,
        "agents_gross_h": sums["gross"].to_numpy() * interval_min / 60,
        "service_level": sl.reindex(index).to_numpy(dtype=float),
    })
    if forecast_daily is not None and {"lower", "upper"} <= set(forecast_daily.columns):
        bands = forecast_daily[["queue", "date", "lower", "upper"]].copy()
        bands["queue"] = bands["queue"].astype(str)
        bands["date"] = pd.to_datetime(bands["date"]).dt.normalize()
        out = out.merge(bands, on=["queue", "date"], how="left")
        out = out[["queue", "date", "contacts", "lower", "upper", *out.columns[3:-2]]]
    return out.reset_index(drop=True)


def weekly_summary(daily: pd.DataFrame, hours_per_fte: Mapping[str, float]) -> pd.DataFrame:
    """One row per queue and week (Monday start) from :func:`daily_summary`, with FTE."""
    date = pd.to_datetime(daily["date"])
    week = (date - pd.to_timedelta(date.dt.day_of_week, unit="D")).dt.normalize()
    queue = daily["queue"].astype(str)
    missing = sorted(set(queue) - set(hours_per_fte))
    if missing:
        raise WfmError(f"hours per FTE missing for queue(s): {', '.join(missing)}")
    work = pd.DataFrame({
        "queue": queue.to_numpy(dtype=object),
        "week_start": week.to_numpy(),
        "days": 1.0,
        **{c: daily[c].to_numpy(dtype=float) for c in
           ("contacts", "workload_h", "agents_net_h", "agents_schedule_h", "agents_gross_h")},
    })
    keys = ["queue", "week_start"]
    sums = work.groupby(keys, sort=True).sum(numeric_only=True).reset_index()
    sl = _weighted(daily["service_level"], daily["contacts"], [work["queue"], work["week_start"]])
    hpf = sums["queue"].map(lambda q: float(hours_per_fte[q])).to_numpy(dtype=float)
    gross_h = sums["agents_gross_h"].to_numpy(dtype=float)
    days = sums["days"].to_numpy(dtype=float)
    sums["fte"] = np.where(days > 0, gross_h / (hpf * days / 7), 0.0)
    sums["service_level"] = sl.reindex(pd.MultiIndex.from_frame(sums[keys])).to_numpy(dtype=float)
    sums["queue"] = sums["queue"].astype(str)
    return sums[["queue", "week_start", "days", "contacts", "workload_h", "agents_net_h",
                 "agents_schedule_h", "agents_gross_h", "fte", "service_level"]]


def monthly_hours_per_fte(weekly_hours: float) -> float:
    """Contracted hours per FTE in a month: weekly × 52 ÷ 12 (37.5 h → 162.5 h)."""
    return weekly_hours * 52 / 12
