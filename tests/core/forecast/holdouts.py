"""Rolling-origin hold-outs: how a forecast setting would have done, scored against what happened.

For each origin (first forecast day) the history before it is forecast for ``horizon_days`` and
compared with the actual days (days with data; closed days and holidays the history has no rows
for are not scored). Used by the tests of the forecast's accuracy and by
benchmarks/forecast_accuracy.py. Only the public forecast API is used, so the same code scores
any version of the package (the benchmark scores the code before a change in the same run).

Methods are names of :data:`METHOD_CHOICES`, plus ``weekday_avg_4w``: the weekday average of the
last 4 weeks ("same weekday, last 4 weeks"), the simplest baseline planners use.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from wfm_desktop.core.forecast import ForecastSettings, run_forecast

SAME_WEEKDAY_4W = "weekday_avg_4w"


def weekly_origins(history, count: int, horizon_days: int) -> list[dt.date]:
    """The last `count` weekly origins whose whole horizon lies inside the history (latest last)."""
    last_day = history.frame["start"].max().normalize()
    latest = last_day - pd.Timedelta(days=horizon_days - 1)
    return [(latest - pd.Timedelta(days=7 * back)).date() for back in reversed(range(count))]


def _settings(method: str, origin: dt.date, horizon_days: int, **extra) -> ForecastSettings:
    if method == SAME_WEEKDAY_4W:
        return ForecastSettings(method="weekday_avg", weeks=4, horizon_days=horizon_days, start=origin, folds=0, **extra)
    return ForecastSettings(method=method, horizon_days=horizon_days, start=origin, **extra)


def score_origins(
    history,
    origins: list[dt.date],
    methods: list[str],
    *,
    horizon_days: int,
    levels: tuple[float, ...] = (0.8, 0.95),
    interval_min: int | None = None,
    **extra,
) -> pd.DataFrame:
    """One row per origin and method with the sums that pooled measures need.

    Columns: origin, method, used (what the forecast reports), days, actual, abs_error, error
    (Σ forecast − actual), daily_wape, bias, and for ``auto`` ``in_<level>`` (days inside the
    interval of that level) plus, with interval history, ``shape_abs`` and ``shape_abs_4w``
    (Σ over days of |share error| × day volume, for the forecast's profile and for the
    same-weekday 4-week profile) and ``shape_volume``, the volume of the days scored (the days
    the forecast keeps open): the shape WAPE is ``shape_abs / shape_volume``.
    """
    daily_actual = history.daily()
    rows = []
    for origin in origins:
        start = pd.Timestamp(origin)
        stop = start + pd.Timedelta(days=horizon_days)
        actual = daily_actual[(daily_actual["date"] >= start) & (daily_actual["date"] < stop)]
        actual = actual[actual["offered"] > 0]
        for method in methods:
            settings = _settings(method, origin, horizon_days, level=levels[0], interval_min=interval_min, **extra)
            result = run_forecast(history, settings)
            merged = result.daily.merge(actual, on=["queue", "date"])
            a, f = merged["offered"].to_numpy(float), merged["contacts"].to_numpy(float)
            row = {
                "origin": origin,
                "method": method,
                "used": ",".join(sorted(set(result.daily["method"]))),
                "days": len(merged),
                "actual": a.sum(),
                "abs_error": np.abs(f - a).sum(),
                "error": (f - a).sum(),
            }
            if method == "auto":
                for number, level in enumerate(levels):
                    if number:
                        other = run_forecast(history, _settings(method, origin, horizon_days, level=level,
                                                                interval_min=interval_min, **extra))
                        merged = other.daily.merge(actual, on=["queue", "date"])
                    inside = (a >= merged["lower"].to_numpy()) & (a <= merged["upper"].to_numpy())
                    row[f"in_{level:g}"] = int(inside.sum())
                if not result.intraday.empty:
                    row["shape_abs"], row["shape_abs_4w"], row["shape_volume"] = _shape_errors(
                        history, result, start, stop)
            rows.append(row)
    out = pd.DataFrame(rows)
    out["daily_wape"] = out["abs_error"] / out["actual"]
    out["bias"] = out["error"] / out["actual"]
    return out


def _day_shares(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    work = frame.assign(date=frame["start"].dt.normalize(), slot=frame["start"].dt.hour * 60 + frame["start"].dt.minute)
    table = work.pivot_table(index=["queue", "date"], columns="slot", values=value, aggfunc="sum", fill_value=0.0)
    return table.div(table.sum(axis=1).replace(0, np.nan), axis=0)


def _shape_errors(history, result, start: pd.Timestamp, stop: pd.Timestamp) -> tuple[float, float]:
    """Σ over actual days of Σ|share − actual share| × the day's volume: forecast profile, 4-week profile."""
    interval = result.interval_min
    frame = history.frame.assign(start=history.frame["start"].dt.floor(f"{interval}min"))
    frame = frame.groupby(["queue", "start"], as_index=False)["offered"].sum()
    actual = frame[(frame["start"] >= start) & (frame["start"] < stop)]
    before = frame[(frame["start"] < start) & (frame["start"] >= start - pd.Timedelta(days=28))]
    actual_shares = _day_shares(actual, "offered")
    # days the forecast closed (e.g. a holiday never seen in the history) have no shape: their miss is a daily one
    forecast_days = result.intraday.groupby([result.intraday["queue"], result.intraday["start"].dt.normalize()])["contacts"].sum()
    open_days = forecast_days[forecast_days > 0].index
    actual_shares = actual_shares[actual_shares.index.isin(open_days)]
    volume = actual.assign(date=actual["start"].dt.normalize()).groupby(["queue", "date"])["offered"].sum()
    forecast_shares = _day_shares(result.intraday, "contacts").reindex(columns=actual_shares.columns, fill_value=0.0)
    forecast_shares = forecast_shares.reindex(actual_shares.index)
    # the baseline: each weekday's shares summed over the 4 weeks before the origin
    past = before.assign(weekday=before["start"].dt.day_of_week,
                         slot=before["start"].dt.hour * 60 + before["start"].dt.minute)
    profile = past.pivot_table(index=["queue", "weekday"], columns="slot", values="offered", aggfunc="sum", fill_value=0.0)
    profile = profile.div(profile.sum(axis=1), axis=0).reindex(columns=actual_shares.columns, fill_value=0.0)
    keys = pd.MultiIndex.from_arrays(
        [actual_shares.index.get_level_values(0), actual_shares.index.get_level_values(1).day_of_week]
    )
    baseline = profile.reindex(keys).to_numpy()
    weights = volume.reindex(actual_shares.index).to_numpy()[:, None]
    observed = actual_shares.to_numpy()
    forecast = np.nan_to_num(forecast_shares.to_numpy())
    return (float(np.nansum(np.abs(forecast - observed) * weights)),
            float(np.nansum(np.abs(np.nan_to_num(baseline) - observed) * weights)),
            float(np.nansum(weights)))


def pooled(scores: pd.DataFrame) -> pd.DataFrame:
    """Per method: mean daily WAPE over origins, pooled bias, and (Auto) coverage and shape WAPE."""
    groups = scores.groupby("method", sort=False)
    out = pd.DataFrame({
        "mean_wape": groups["daily_wape"].mean(),
        "bias": groups["error"].sum() / groups["actual"].sum(),
        "origins": groups.size(),
    })
    for column in scores.columns:
        if column.startswith("in_"):
            out[f"coverage_{column[3:]}"] = groups[column].sum() / groups["days"].sum()
    if "shape_abs" in scores.columns:
        out["shape_wape"] = groups["shape_abs"].sum() / groups["shape_volume"].sum()
        out["shape_wape_4w"] = groups["shape_abs_4w"].sum() / groups["shape_volume"].sum()
    return out
