"""Service level as a probability: P(SL ≥ target) per day and week, and staffing to a chosen confidence.

The forecast's uncertainty is read from its prediction interval: a day's volume
is lognormal around the point forecast (taken as the median) with

    σ = (ln upper − ln lower) ÷ (2 · z),   z = Φ⁻¹((1 + level) ÷ 2)

(from the upper side alone where the lower bound is 0). The volume error of a day
moves every interval of the day together (the intraday shape is kept): a day at
m × its forecast has service level SL(m) = contact-weighted Erlang SL of its
intervals at m × contacts with the agents planned. SL(m) falls as m grows, so

    P(day's SL ≥ target) = P(volume ≤ m* × forecast) = Φ(ln m* ÷ σ),

with m* where SL(m*) = target (bisection). For a week the days' errors are taken
as one common error (σ = the contact-weighted mean of the days'): forecast errors
of neighbouring days move together (the 2003 bank replay: −18% on every day of
the month), so this is the cautious reading. Chance within the day (Poisson
arrivals) is left to the Erlang figure: it is small for a day's total next to
the volume error, and the simulator checks it.

**Staffing to confidence c** staffs every interval of the day for m_c × its
contacts, m_c = exp(z_c · σ), z_c = Φ⁻¹(c): the day then meets its target
whenever the volume is at most its c-quantile, i.e. on a share c of days — if the
forecast's intervals are calibrated. The price is the agent-hours above the
point-forecast plan.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.erlang import evaluate, required_agents


def _z(p: float) -> float:
    from scipy.special import ndtri

    return float(ndtri(p))


def volume_sigma(daily: pd.DataFrame, level: float) -> pd.DataFrame:
    """``queue, day, sigma_log`` from a daily forecast (``queue, date, contacts, lower, upper``)."""
    missing = [c for c in ("date", "contacts", "lower", "upper") if c not in daily.columns]
    if missing:
        raise WfmError(f"the daily forecast has no {', '.join(missing)} column (the forecast's interval)")
    z = _z((1.0 + level) / 2.0)
    point = daily["contacts"].to_numpy(dtype=float)
    lower = daily["lower"].to_numpy(dtype=float)
    upper = daily["upper"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        both = (np.log(upper) - np.log(lower)) / (2.0 * z)
        upper_only = (np.log(upper) - np.log(point)) / z
    sigma = np.where(lower > 0, both, upper_only)
    sigma = np.where(np.isfinite(sigma) & (sigma > 0), sigma, 0.0)
    queue = daily["queue"].astype(str) if "queue" in daily.columns else pd.Series("all", index=daily.index)
    return pd.DataFrame({"queue": queue.to_numpy(), "day": pd.to_datetime(daily["date"]).dt.normalize().to_numpy(),
                         "sigma_log": sigma})


def _sigma_per_row(intervals: pd.DataFrame, sigma: pd.DataFrame) -> np.ndarray:
    queue = intervals["queue"].astype(str) if "queue" in intervals.columns else pd.Series("all", index=intervals.index)
    idx = pd.MultiIndex.from_arrays([queue.to_numpy(), pd.to_datetime(intervals["start"]).dt.normalize().to_numpy()])
    return sigma.set_index(["queue", "day"])["sigma_log"].reindex(idx).fillna(0.0).to_numpy(dtype=float)


def sl_probability(intervals: pd.DataFrame, sigma: pd.DataFrame, *, sl_target: float = 0.8, answer_s: float = 20.0,
                   patience_s: float | None = None, interval_min: float = 30.0, by: str = "day") -> pd.DataFrame:
    """P(SL ≥ target) per queue and day (``by="day"``) or week (``"week"``, weeks from Monday).

    ``intervals``: queue (optional), start, contacts (the point forecast), aht_s, agents_net.
    Columns out: queue, day/week, contacts, sigma_log, sl_at_forecast, volume_at_target (m*), probability.
    """
    frame = intervals.assign(queue=intervals["queue"].astype(str) if "queue" in intervals.columns else "all",
                             start=pd.to_datetime(intervals["start"]))
    frame["sigma_log"] = _sigma_per_row(intervals, sigma)
    day = frame["start"].dt.normalize()
    frame["period"] = day if by == "day" else day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    rows = []
    for (queue, period), part in frame.groupby(["queue", "period"], sort=True):
        c = part["contacts"].to_numpy(dtype=float)
        if c.sum() <= 0:
            continue
        n = part["agents_net"].to_numpy(dtype=float)
        aht = part["aht_s"].to_numpy(dtype=float)

        def sl_at(m: float) -> float:
            a = c * m * aht / (interval_min * 60.0)
            sl = np.where(n > 0, evaluate(np.maximum(n, 1).astype(np.int64), a, aht, answer_s, patience_s,
                                          with_asa=False)["service_level"], 0.0)
            return float(np.sum(c * np.nan_to_num(sl)) / c.sum())

        sigma_w = float(np.sum(c * part["sigma_log"].to_numpy()) / c.sum())
        lo, hi = np.log(1e-3), np.log(20.0)
        if sl_at(np.exp(hi)) >= sl_target:
            m_star = np.inf
        elif sl_at(np.exp(lo)) < sl_target:
            m_star = 0.0
        else:
            for _ in range(40):
                mid = (lo + hi) / 2.0
                lo, hi = (mid, hi) if sl_at(np.exp(mid)) >= sl_target else (lo, mid)
            m_star = float(np.exp((lo + hi) / 2.0))
        from scipy.special import ndtr

        if sigma_w > 0 and 0 < m_star < np.inf:
            prob = float(ndtr(np.log(m_star) / sigma_w))
        else:
            prob = float(m_star >= 1.0) if np.isfinite(m_star) else 1.0
        rows.append({"queue": queue, by: period, "contacts": float(c.sum()), "sigma_log": sigma_w,
                     "sl_at_forecast": sl_at(1.0), "volume_at_target": m_star, "probability": prob})
    return pd.DataFrame(rows)


def staff_to_confidence(intervals: pd.DataFrame, sigma: pd.DataFrame, confidence: float, *, sl_target: float = 0.8,
                        answer_s: float = 20.0, patience_s: float | None = None,
                        interval_min: float = 30.0) -> np.ndarray:
    """Net agents per interval that meet the target on a share ``confidence`` of days (module docstring)."""
    if not 0 < confidence < 1:
        raise WfmError(f"confidence {confidence!r}: give a fraction between 0 and 1, e.g. 0.9")
    multiplier = np.exp(_z(confidence) * _sigma_per_row(intervals, sigma))
    contacts = intervals["contacts"].to_numpy(dtype=float) * multiplier
    aht = intervals["aht_s"].to_numpy(dtype=float)
    workload = contacts * aht / (interval_min * 60.0)
    agents = required_agents(workload, aht, sl=sl_target, answer_s=answer_s, patience_s=patience_s)
    return np.where(contacts > 0, agents, 0)


CURVE_LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98)
"""Confidences the curve shows (0.5: the point forecast, the median day)."""


def confidence_curve(staffing, levels=CURVE_LEVELS, *, progress=None, cancel=None) -> pd.DataFrame:
    """The price of confidence: the plan restaffed so that each day meets its targets on a share c of days.

    For each confidence c every interval is staffed (by the plan's own engine and settings: targets, occupancy
    cap, minimum staff, chat, shrinkage) for its day's c-quantile of volume, exp(z_c · σ_day) × the point
    forecast (σ from the forecast's prediction interval, :func:`volume_sigma`); c = 0.5 is the point forecast.
    Returns one row per level: ``confidence, net_hours, gross_hours, fte`` (FTE averaged over the horizon, all
    queues, the plan's contracted week) and ``extra_fte`` over the point forecast. Deferred queues follow the
    volume too. Mutates nothing.
    """
    from wfm_desktop.core.progress import check_cancel, report
    from wfm_desktop.core.staffing.intervals import interval_requirements
    from wfm_desktop.core.staffing.rollups import daily_summary, horizon_fte, weekly_summary

    forecast = staffing.forecast
    daily = forecast.daily
    if not {"lower", "upper"} <= set(daily.columns):
        raise WfmError("the forecast has no prediction interval: the price of confidence needs one")
    point = daily["point"] if "point" in daily.columns else daily["contacts"]
    sigma = volume_sigma(daily.assign(contacts=point), float(getattr(forecast.settings, "level", 0.8)))
    intraday = forecast.intraday
    queue = intraday["queue"].astype(str)
    day = pd.to_datetime(intraday["start"]).dt.normalize()
    idx = pd.MultiIndex.from_arrays([queue.to_numpy(), day.to_numpy()])
    keyed = daily.assign(queue=daily["queue"].astype(str), day=pd.to_datetime(daily["date"]).dt.normalize())
    to_point = (point.to_numpy(dtype=float) / np.where(daily["contacts"].to_numpy(dtype=float) > 0,
                                                       daily["contacts"].to_numpy(dtype=float), 1.0))
    to_point = pd.Series(np.where(daily["contacts"].to_numpy(dtype=float) > 0, to_point, 1.0),
                         index=pd.MultiIndex.from_frame(keyed[["queue", "day"]])).reindex(idx).fillna(1.0).to_numpy()
    s = sigma.set_index(["queue", "day"])["sigma_log"].reindex(idx).fillna(0.0).to_numpy()
    days = pd.DatetimeIndex(sorted(pd.to_datetime(daily["date"]).dt.normalize().unique()))
    interval = int(staffing.interval_min)
    rows = []
    for number, level in enumerate(levels):
        check_cancel(cancel)
        report(progress, number / len(levels), f"Staffing for {level:.0%} confidence")
        factor = to_point * np.exp(_z(level) * s) if level != 0.5 else to_point
        scaled = intraday.assign(contacts=intraday["contacts"].to_numpy(dtype=float) * factor)
        req, _ = interval_requirements(scaled, staffing.settings, interval, cancel=cancel)
        weekly = weekly_summary(daily_summary(req, interval, days=days, forecast_daily=daily),
                                staffing.settings.contract_hours_week)
        hours = interval / 60.0
        rows.append({"confidence": float(level),
                     "net_hours": float(req["agents_net"].sum() * hours),
                     "gross_hours": float(req["agents_gross"].sum() * hours),
                     "fte": float(horizon_fte(weekly).sum())})
    report(progress, 1.0, "Confidence curve done")
    out = pd.DataFrame(rows)
    base = out.loc[out["confidence"] == 0.5, "fte"]
    out["extra_fte"] = out["fte"] - (float(base.iloc[0]) if len(base) else np.nan)
    return out
