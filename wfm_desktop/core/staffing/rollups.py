"""Gross agents from net, and the daily and weekly roll-ups of interval requirements.

These are the definitions the plan workbook's formulas reproduce, so they live
in one place:

* gross = ⌈x − 1e-9 × max(1, x)⌉ with x = net ÷ (1 − shrinkage), and 0 when
  net is 0 (:func:`wfm_desktop.core.staffing.shrinkage.gross_agents`). The tolerance
  keeps floating-point noise from adding an agent: 21 ÷ (1 − 0.3) is 30, not 31.
* agent-hours of a day = Σ agents over its intervals × interval minutes ÷ 60.
* gross agents for FTE are *unrounded* (net ÷ (1 − shrinkage)); the whole
  agents :func:`gross_agents` gives are for schedules ("agents to schedule").
* FTE of a week = gross agent-hours ÷ (contracted week × weeks), where weeks
  is 1 for a full week and open days in it ÷ open days a week for a part week
  at either end of the horizon (:mod:`wfm_desktop.core.conventions`).
* expected service level = Σ SL × contacts ÷ Σ contacts (NaN without contacts).

Example: net 21 at 30% shrinkage → 30 gross; 30 gross for every 15-minute
interval of an 8-hour day → 240 agent-hours; 5 such days at 37.5 h per FTE
→ 1,200 ÷ 37.5 = 32 FTE. Net 1 at 30 % is 1.43 paid agents (2 to schedule).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.conventions import (
    DEFAULT_CONTRACT_HOURS_WEEK,
    check_contract_hours,
    day_weeks,
    fte,
    open_weekdays,
    week_start,
)
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


def weekly_summary(daily: pd.DataFrame, contract_hours_week: float = DEFAULT_CONTRACT_HOURS_WEEK, *,
                   open_days=None, first_day: int = 0) -> pd.DataFrame:
    """One row per queue and week from :func:`daily_summary`, with FTE; weeks start on weekday
    ``first_day`` (Monday = 0, the plan's first day of the week).

    ``days`` are the week's days in the horizon, ``open_days`` those of them the
    centre is open (``open_days`` given, else the weekdays any queue has gross
    hours), ``weeks`` the contracted weeks the week counts for (1 for a full
    week; open days in it ÷ open days a week for a part week) and
    ``fte = agents_gross_h ÷ (contract_hours_week × weeks)``
    (:mod:`wfm_desktop.core.conventions`).
    """
    contract_hours_week = check_contract_hours(contract_hours_week)
    date = pd.to_datetime(daily["date"]).dt.normalize()
    week = pd.Series(week_start(date, first_day), index=daily.index)
    queue = daily["queue"].astype(str)
    if open_days is None:
        open_days = open_weekdays(date, daily["agents_gross_h"].to_numpy(dtype=float))
    weights = day_weeks(date, open_days, first_day)
    is_open = np.isin(date.dt.day_of_week.to_numpy(), sorted(open_days))
    work = pd.DataFrame({
        "queue": queue.to_numpy(dtype=object),
        "week_start": week.to_numpy(),
        "days": 1.0,
        "open_days": is_open.astype(float),
        "weeks": weights.reindex(pd.DatetimeIndex(date)).to_numpy(dtype=float),
        **{c: daily[c].to_numpy(dtype=float) for c in
           ("contacts", "workload_h", "agents_net_h", "agents_schedule_h", "agents_gross_h")},
    })
    keys = ["queue", "week_start"]
    sums = work.groupby(keys, sort=True).sum(numeric_only=True).reset_index()
    sl = _weighted(daily["service_level"], daily["contacts"], [work["queue"], work["week_start"]])
    sums["weeks"] = np.round(sums["weeks"], 12)  # seven sevenths are one week, not 0.9999999999999998
    sums["fte"] = fte(sums["agents_gross_h"], sums["weeks"], contract_hours_week)
    sums["service_level"] = sl.reindex(pd.MultiIndex.from_frame(sums[keys])).to_numpy(dtype=float)
    sums["queue"] = sums["queue"].astype(str)
    return sums[["queue", "week_start", "days", "open_days", "weeks", "contacts", "workload_h", "agents_net_h",
                 "agents_schedule_h", "agents_gross_h", "fte", "service_level"]]


def horizon_fte(weekly: pd.DataFrame) -> pd.Series:
    """Average FTE of each queue over the horizon: Σ FTE × weeks ÷ Σ weeks (part weeks count by their
    weeks), which is Σ gross hours ÷ (contracted week × Σ weeks) — the same from weeks or from months."""
    weeks = weekly["weeks"].to_numpy(dtype=float)
    frame = pd.DataFrame({"queue": weekly["queue"].astype(str).to_numpy(dtype=object),
                          "num": weekly["fte"].to_numpy(dtype=float) * weeks, "den": weeks})
    sums = frame.groupby("queue", sort=True)[["num", "den"]].sum()
    return (sums["num"] / sums["den"].where(sums["den"] > 0)).fillna(0.0)
