"""Intraday profiles (share of the day per interval) and AHT profiles, and the interval forecast.

Both profiles are built per queue and weekday from the last ``profile_weeks``
weeks of history at the planning interval, leaving out special days, abnormal
days (:mod:`.cleaning`) and days without volume.

* **Share** of interval *t* on weekday *w*: by the recipe the shape backtest
  chose for the queue (:mod:`.shapes`: weeks, recency weights, pooling with
  weekdays of the same hours, smoothing); the plain share (Σ contacts in *t* /
  Σ contacts of the day, summed over the weeks used) when no recipe is given.
  Shares sum to 1 per queue and weekday. A weekday with no data uses the
  queue's profile over all weekdays (plain shares).
* **AHT** of a cell (weekday, interval) = Σ(contacts × AHT) / Σ contacts over
  the intervals whose AHT is known. A cell with fewer than ``m`` contacts
  (``aht_min_contacts``) is topped up to ``m`` with the fallback AHT:
  (Σ contacts × AHT + (m − Σ contacts) × fallback) / m, where the fallback is
  that interval's AHT over all weekdays if it has ``m`` contacts, else the
  queue's AHT. The daily AHT of a forecast day is the share-weighted AHT of its
  intervals.

Interval forecast = daily forecast × share; AHT = the cell's AHT.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast.shapes import FOLD_DAYS, FOLDS, Recipe, choose_recipe, day_matrix, profiles_at
from wfm_desktop.core.history.table import DAILY, PLANNING_INTERVALS

PROFILE_COLUMNS = ["queue", "weekday", "slot_min", "time", "share"]
AHT_COLUMNS = ["queue", "weekday", "slot_min", "time", "aht_s", "weight_contacts"]
ALL_WEEKDAYS = -1


def planning_interval(history_interval_min: int, requested: int | None) -> int | None:
    """The interval of the intraday forecast; None for daily history."""
    if history_interval_min == DAILY:
        return None
    if requested is None:
        return history_interval_min if history_interval_min in PLANNING_INTERVALS else 30
    if requested % history_interval_min != 0:
        raise WfmError(
            f"planning interval {requested} min cannot be built from {history_interval_min}-minute history; "
            f"choose a multiple of {history_interval_min} minutes"
        )
    return requested


def _recent(rolled: pd.DataFrame, end: pd.Timestamp, weeks: int, special_dates: set) -> pd.DataFrame:
    """Rows of the last `weeks` weeks up to `end`, without special days and empty days."""
    dates = rolled["start"].dt.normalize()
    keep = (dates > end - pd.Timedelta(days=7 * weeks)) & (dates <= end)
    if special_dates:
        keep &= ~np.isin(dates.dt.date.to_numpy(), np.array(sorted(special_dates), dtype=object))
    recent = rolled[keep.to_numpy()].copy()
    recent["date"] = recent["start"].dt.normalize()
    day_total = recent.groupby("date")["offered"].transform("sum")
    recent = recent[day_total.to_numpy() > 0]
    recent["weekday"] = recent["date"].dt.day_of_week
    recent["slot_min"] = recent["start"].dt.hour * 60 + recent["start"].dt.minute
    return recent


def _time_label(slot_min: pd.Series | np.ndarray) -> list[str]:
    return [f"{int(m) // 60:02d}:{int(m) % 60:02d}" for m in np.asarray(slot_min)]


def shape_recipe(rolled: pd.DataFrame, end: pd.Timestamp, *, weeks: int, special_dates: set) -> tuple[Recipe, int]:
    """The intraday shape recipe of one queue chosen by backtest (:mod:`.shapes`), and the folds scored."""
    rows = _recent(rolled, end, weeks + FOLDS * FOLD_DAYS // 7, special_dates)
    if rows.empty:
        return Recipe(weeks), 0
    return choose_recipe(day_matrix(rows), end, weeks)


def build_profiles(
    queue: str,
    rolled: pd.DataFrame,
    end: pd.Timestamp,
    *,
    weeks: int,
    special_dates: set,
    aht_min_contacts: float,
    recipe: Recipe | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Share and AHT profiles of one queue (rows for weekdays with data, plus ALL_WEEKDAYS).

    With a `recipe` (:mod:`.shapes`) the weekdays' shares follow it; without, each weekday's
    shares are its volume summed over the last `weeks` weeks.
    """
    recent = _recent(rolled, end, weeks, special_dates)
    if recent.empty:
        return pd.DataFrame(columns=PROFILE_COLUMNS), pd.DataFrame(columns=AHT_COLUMNS)
    pooled = recent.assign(weekday=ALL_WEEKDAYS)
    both = pd.concat([recent, pooled], ignore_index=True)
    cells = _cells(both)
    totals = cells.groupby("weekday")["offered"].transform("sum")
    share = (cells["offered"] / totals).to_numpy(dtype=float)
    if recipe is not None:
        share = _recipe_shares(cells, recent, end, recipe, share)
    profiles = pd.DataFrame(
        {
            "queue": queue,
            "weekday": cells["weekday"].astype(int),
            "slot_min": cells["slot_min"].astype(int),
            "time": _time_label(cells["slot_min"]),
            "share": share,
        }
    )
    aht = _aht_cells(cells, aht_min_contacts)
    aht_profile = pd.DataFrame(
        {
            "queue": queue,
            "weekday": cells["weekday"].astype(int),
            "slot_min": cells["slot_min"].astype(int),
            "time": _time_label(cells["slot_min"]),
            "aht_s": aht,
            "weight_contacts": cells["weight"].to_numpy(),
        }
    )
    return profiles, aht_profile


def _recipe_shares(
    cells: pd.DataFrame, recent: pd.DataFrame, end: pd.Timestamp, recipe: Recipe, plain: np.ndarray
) -> np.ndarray:
    """Shares of the weekday cells from `recipe` (the ALL_WEEKDAYS cells keep the plain shares)."""
    days = day_matrix(recent)
    shape = profiles_at(days, np.datetime64(pd.Timestamp(end).date(), "D"), recipe)
    column = {int(slot): i for i, slot in enumerate(days.slots)}
    out = plain.copy()
    weekdays = cells["weekday"].to_numpy(dtype=int)
    slots = cells["slot_min"].to_numpy(dtype=int)
    for weekday, profile in shape.items():
        rows = np.flatnonzero(weekdays == weekday)
        values = np.array([profile[column[s]] if s in column else 0.0 for s in slots[rows]])
        if values.sum() > 0:
            out[rows] = values / values.sum()
    return out


def _cells(rows: pd.DataFrame) -> pd.DataFrame:
    work = rows.assign(weighted=np.where(rows["_weight"] > 0, rows["aht_s"].fillna(0.0) * rows["_weight"], 0.0))
    return work.groupby(["weekday", "slot_min"], as_index=False).agg(
        offered=("offered", "sum"), weighted=("weighted", "sum"), weight=("_weight", "sum")
    )


def _aht_cells(cells: pd.DataFrame, m: float) -> np.ndarray:
    """Volume-weighted AHT per cell, topped up to `m` contacts with a fallback when thin."""
    weighted = cells["weighted"].to_numpy(dtype=float)
    weight = cells["weight"].to_numpy(dtype=float)
    pooled = (cells["weekday"] == ALL_WEEKDAYS).to_numpy()
    queue_weight = weight[pooled].sum()
    if queue_weight <= 0:
        return np.full(len(cells), np.nan)
    queue_aht = weighted[pooled].sum() / queue_weight
    slot_aht = {}
    for slot, w_sum, w in zip(cells["slot_min"][pooled], weighted[pooled], weight[pooled]):
        slot_aht[int(slot)] = w_sum / w if w >= m else queue_aht
    fallback = np.array([slot_aht.get(int(s), queue_aht) for s in cells["slot_min"]])
    fallback[pooled] = queue_aht
    with np.errstate(invalid="ignore", divide="ignore"):
        own = weighted / weight
    topped = (weighted + (m - weight) * fallback) / m
    return np.where(weight >= m, own, topped)


def daily_aht_by_weekday(profiles: pd.DataFrame, aht_profile: pd.DataFrame) -> dict[int, float]:
    """Share-weighted AHT of each weekday's day (ALL_WEEKDAYS included)."""
    if profiles.empty:
        return {}
    merged = profiles.merge(aht_profile[["weekday", "slot_min", "aht_s"]], on=["weekday", "slot_min"])
    out = {}
    for weekday, group in merged.groupby("weekday"):
        known = group["aht_s"].notna()
        share = group["share"][known].sum()
        out[int(weekday)] = float((group["share"] * group["aht_s"])[known].sum() / share) if share > 0 else np.nan
    return out


def daily_history_aht(
    queue: str, daily: pd.DataFrame, end: pd.Timestamp, *, weeks: int, special_dates: set, aht_min_contacts: float
) -> pd.DataFrame:
    """AHT profile for daily-only history: one cell per weekday (slot_min 0, time "day")."""
    rows = daily.assign(start=daily["date"], _weight=np.where(daily["aht_s"].notna(), daily["offered"], 0.0))
    recent = _recent(rows[["start", "offered", "aht_s", "_weight"]], end, weeks, special_dates)
    if recent.empty:
        return pd.DataFrame(columns=AHT_COLUMNS)
    recent["slot_min"] = 0
    cells = _cells(pd.concat([recent, recent.assign(weekday=ALL_WEEKDAYS)], ignore_index=True))
    return pd.DataFrame(
        {
            "queue": queue,
            "weekday": cells["weekday"].astype(int),
            "slot_min": 0,
            "time": "day",
            "aht_s": _aht_cells(cells, aht_min_contacts),
            "weight_contacts": cells["weight"].to_numpy(),
        }
    )


def expand_intraday(daily: pd.DataFrame, profiles: pd.DataFrame, aht_profile: pd.DataFrame) -> pd.DataFrame:
    """Interval rows ``queue, start, contacts, aht_s`` = daily contacts × weekday share.

    Days whose weekday has no profile use the queue's all-weekday profile;
    queues without a profile get no interval rows.
    """
    columns = ["queue", "start", "contacts", "aht_s"]
    if profiles.empty or daily.empty:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns}).astype({"queue": str, "start": "datetime64[ns]"})
    days = daily[["queue", "date", "contacts"]].copy()
    days["weekday"] = days["date"].dt.day_of_week
    have = set(zip(profiles["queue"], profiles["weekday"]))
    days["profile_weekday"] = [w if (q, w) in have else ALL_WEEKDAYS for q, w in zip(days["queue"], days["weekday"])]
    shape = profiles.merge(aht_profile[["queue", "weekday", "slot_min", "aht_s"]], on=["queue", "weekday", "slot_min"], how="left")
    shape = shape.rename(columns={"weekday": "profile_weekday"})
    # a closed weekday without a profile of its own stays without interval rows
    days = days[(days["profile_weekday"] != ALL_WEEKDAYS) | (days["contacts"] > 0)]
    rows = days.merge(shape, on=["queue", "profile_weekday"], how="inner")
    out = pd.DataFrame(
        {
            "queue": rows["queue"].astype(str),
            "start": rows["date"] + pd.to_timedelta(rows["slot_min"].astype(int), unit="min"),
            "contacts": rows["contacts"].to_numpy(dtype=float) * rows["share"].to_numpy(dtype=float),
            "aht_s": rows["aht_s"].to_numpy(dtype=float),
        }
    )
    return out.sort_values(["queue", "start"], ignore_index=True)
