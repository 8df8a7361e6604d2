"""Adjustments on top of the statistical forecast, applied in a fixed order and recorded.

Order (each step multiplies the point forecast, the interval bounds and the
staffing percentile alike):

1. special days — closed → 0, otherwise × factor (events, public holidays);
2. growth — × (1 + growth) on every day;
3. deflection — × (1 − deflection) on every day;
4. overrides — the planner's number replaces ``contacts`` for that queue and
   day; the bounds are scaled by the same ratio (set equal to the override when
   the day was forecast as 0).

Every change is listed in the adjustments table: ``queue, date, kind, label,
value, contacts_before, contacts_after`` (growth and deflection as one row per
queue with the total contacts before and after).
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError

VALUE_COLUMNS = ("point", "lower", "upper", "contacts")
ADJUSTMENT_COLUMNS = ["queue", "date", "kind", "label", "value", "contacts_before", "contacts_after"]


def apply_special_days(
    daily: pd.DataFrame, factors: Mapping[tuple[str, dt.date], tuple[float, str, str]]
) -> tuple[pd.DataFrame, list[dict]]:
    """Multiply special days by their factor; `factors` maps (queue, date) to (factor, kind, label)."""
    out = daily.copy()
    rows = []
    dates = out["date"].dt.date.to_numpy()
    queues = out["queue"].to_numpy()
    scale = np.ones(len(out))
    for i, key in enumerate(zip(queues, dates)):
        found = factors.get(key)
        if found is None:
            continue
        factor, kind, label = found
        scale[i] = factor
        before = float(out["contacts"].iloc[i])
        rows.append(_row(key[0], key[1], kind, label, factor, before, before * factor))
    for column in _present(out):
        out[column] = out[column].to_numpy(dtype=float) * scale
    return out, rows


def apply_scaling(daily: pd.DataFrame, *, growth: float, deflection: float) -> tuple[pd.DataFrame, list[dict]]:
    """Growth then deflection on every day, one record per queue and step."""
    out = daily.copy()
    rows = []
    for kind, factor, value in (("growth", 1.0 + growth, growth), ("deflection", 1.0 - deflection, deflection)):
        if value == 0:
            continue
        for queue, group in out.groupby("queue", sort=True):
            before = float(group["contacts"].sum())
            rows.append(_row(queue, None, kind, f"{kind} {value:+.1%}" if kind == "growth" else f"deflection {value:.1%}", value, before, before * factor))
        for column in _present(out):
            out[column] = out[column].to_numpy(dtype=float) * factor
    return out, rows


def apply_overrides(
    daily: pd.DataFrame, overrides: Mapping[tuple[str, dt.date], float]
) -> tuple[pd.DataFrame, list[dict]]:
    """Replace ``contacts`` on overridden days; the bounds follow by the same ratio."""
    if not overrides:
        return daily, []
    out = daily.copy()
    index = {(q, d): i for i, (q, d) in enumerate(zip(out["queue"], out["date"].dt.date))}
    queues = set(out["queue"])
    columns = {c: out[c].to_numpy(dtype=float).copy() for c in _present(out)}
    rows = []
    for (queue, day), value in sorted(overrides.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        day = pd.Timestamp(day).date()
        if queue not in queues:
            raise WfmError(f"override for queue {queue!r}: no such queue in the forecast ({', '.join(sorted(queues))})")
        i = index.get((queue, day))
        if i is None:
            raise WfmError(f"override for {queue} on {day}: the date is outside the forecast horizon")
        before = columns["contacts"][i]
        value = float(value)
        ratio = value / before if before > 0 else None
        for column, values in columns.items():
            values[i] = value if ratio is None or column == "contacts" else values[i] * ratio
        rows.append(_row(queue, day, "override", "manual override", value, before, value))
    for column, values in columns.items():
        out[column] = values
    return out, rows


def adjustments_frame(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ADJUSTMENT_COLUMNS})
    frame = pd.DataFrame(rows, columns=ADJUSTMENT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _present(frame: pd.DataFrame) -> list[str]:
    return [c for c in VALUE_COLUMNS if c in frame.columns]


def _row(queue, day, kind, label, value, before, after) -> dict:
    return {
        "queue": queue,
        "date": day,
        "kind": kind,
        "label": label,
        "value": float(value),
        "contacts_before": float(before),
        "contacts_after": float(after),
    }
