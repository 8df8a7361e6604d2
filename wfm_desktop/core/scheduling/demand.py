"""The requirement the scheduler covers: agents per interval on a regular day grid.

Input is a frame with ``start`` (interval starts, several days) and one column
of agents to cover, taken in this order of precedence:

1. ``agents_schedule`` — gross for scheduling: net ÷ (1 − the shrinkage the
   schedule does not model); breaks and lunch placed in shifts already reduce
   coverage, so they are not also in this shrinkage;
2. ``agents_gross``; 3. ``agents_net``; 4. ``required``.

With a ``queue`` column holding several queues the requirements are **summed**
per interval (agents are assumed to serve every queue; to schedule one queue,
pass ``queue=``). The interval length comes from an ``interval_min`` column or
from the spacing of the starts. The grid runs from 00:00 of the first day to
24:00 of the last; intervals missing from the frame (closed hours) need 0.

Optional columns kept for the service level of the schedule: ``contacts``
(summed), ``aht_s`` (contact-weighted), ``shrinkage_unmodelled`` and any target
columns (first value per interval).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError

REQUIREMENT_COLUMNS = ("agents_schedule", "agents_gross", "agents_net", "required")
DAY_MIN = 1440


@dataclass(frozen=True)
class Requirement:
    """Agents to cover per interval on a full-day grid.

    ``frame`` has one row per grid interval: ``start``, ``required`` and the
    optional service-level columns; ``days`` are the dates (midnight) covered.
    """

    frame: pd.DataFrame
    interval_min: int
    column: str
    days: tuple[pd.Timestamp, ...]
    notes: tuple[str, ...] = ()

    @property
    def per_day(self) -> int:
        return DAY_MIN // self.interval_min

    @property
    def required(self) -> np.ndarray:
        return self.frame["required"].to_numpy(dtype=float)


def prepare_requirement(frame: pd.DataFrame, *, queue: str | None = None, where: str = "requirements") -> Requirement:
    """Validate `frame` and put its requirement on the day grid (see the module docstring)."""
    if "start" not in frame.columns:
        raise WfmError(f"{where}: missing column 'start' (the interval start date and time)")
    column = next((c for c in REQUIREMENT_COLUMNS if c in frame.columns), None)
    if column is None:
        raise WfmError(f"{where}: no requirement column; expected one of {', '.join(REQUIREMENT_COLUMNS)}")
    work = frame.copy()
    notes = [f"requirement column: {column}"]
    try:
        work["start"] = pd.to_datetime(work["start"])
    except (ValueError, TypeError) as exc:
        raise WfmError(f"{where}, column 'start': not dates and times ({exc})") from None
    bad = work["start"].isna()
    if bad.any():
        raise WfmError(f"{where}, column 'start', row {int(np.flatnonzero(bad)[0]) + 2}: missing date/time")
    values = pd.to_numeric(work[column], errors="coerce")
    bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan)) | (values < 0)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise WfmError(f"{where}, column '{column}', row {row + 2}: {frame[column].iloc[row]!r} is not a number of "
                       "agents (zero or more)")
    work["required"] = values.astype(float)
    if "queue" in work.columns:
        queues = sorted(work["queue"].astype(str).unique().tolist())
        if queue is not None:
            if queue not in queues:
                raise WfmError(f"{where}: queue {queue!r} not found (queues: {', '.join(queues)})")
            work = work[work["queue"].astype(str) == queue]
            notes.append(f"queue: {queue}")
        elif len(queues) > 1:
            notes.append(f"requirements of {len(queues)} queues summed per interval ({', '.join(queues)})")
    interval_min = _interval_min(work, where)
    work = _sum_per_interval(work)
    days = tuple(pd.Timestamp(d) for d in sorted(work["start"].dt.normalize().unique()))
    first, last = days[0], days[-1]
    grid = pd.date_range(first, last + pd.Timedelta(days=1), freq=f"{interval_min}min", inclusive="left")
    off_grid = ~work["start"].isin(grid)
    if off_grid.any():
        raise WfmError(f"{where}: interval start {work['start'][off_grid].iloc[0]} is not on the "
                       f"{interval_min}-minute grid that starts at midnight")
    full = pd.DataFrame({"start": grid}).merge(work, on="start", how="left")
    missing = int(full["required"].isna().sum())
    full["required"] = full["required"].fillna(0.0)
    if missing:
        notes.append(f"{missing} intervals absent from the requirement (closed) need 0 agents")
    all_days = tuple(pd.date_range(first, last, freq="D"))
    return Requirement(full.reset_index(drop=True), interval_min, column, all_days, tuple(notes))


def _interval_min(work: pd.DataFrame, where: str) -> int:
    if "interval_min" in work.columns:
        values = pd.to_numeric(work["interval_min"], errors="coerce").dropna().unique()
        if len(values) != 1:
            raise WfmError(f"{where}, column 'interval_min': expected one interval length, found "
                           f"{', '.join(str(v) for v in values) or 'none'}")
        interval = float(values[0])
    else:
        starts = np.sort(work["start"].drop_duplicates().to_numpy())
        if len(starts) < 2:
            raise WfmError(f"{where}: at least two intervals are needed to tell the interval length; "
                           "add an 'interval_min' column")
        diffs = np.diff(starts).astype("timedelta64[s]").astype(float) / 60.0
        interval = float(diffs.min())
    if interval <= 0 or interval != int(interval) or DAY_MIN % int(interval):
        raise WfmError(f"{where}: interval length {interval:g} min does not divide a day into whole intervals")
    return int(interval)


def _sum_per_interval(work: pd.DataFrame) -> pd.DataFrame:
    if not work["start"].duplicated().any():
        keep = ["start", "required"] + [c for c in work.columns if c not in ("start", "required", "queue")
                                        and c not in REQUIREMENT_COLUMNS]
        return work[keep].sort_values("start").reset_index(drop=True)
    grouped = work.groupby("start", sort=True)
    out = grouped["required"].sum().to_frame()
    if "contacts" in work.columns:
        out["contacts"] = grouped["contacts"].sum()
        if "aht_s" in work.columns:
            weighted = (work["contacts"] * work["aht_s"]).groupby(work["start"]).sum()
            out["aht_s"] = (weighted / out["contacts"].where(out["contacts"] > 0)).fillna(
                grouped["aht_s"].mean())
    skip = set(out.columns) | {"start", "queue", "required", *REQUIREMENT_COLUMNS}
    for c in work.columns:
        if c not in skip:
            out[c] = grouped[c].first()
    return out.reset_index()


def overlap_fractions(start_min: int, length_min: int, interval_min: int, n_intervals: int,
                      wrap: bool = False) -> dict[int, float]:
    """Fractions of each grid interval covered by [start, start + length).

    Past the grid's end the time is cut off, or with ``wrap`` carried round to
    the grid's start (the cyclic horizon: the night that starts on the last
    day covers the first day's early hours, standing for the night before)."""
    out: dict[int, float] = {}
    end = start_min + length_min
    k = start_min // interval_min
    while (wrap or k < n_intervals) and k * interval_min < end:
        lo, hi = max(start_min, k * interval_min), min(end, (k + 1) * interval_min)
        if hi > lo:
            key = k % n_intervals if wrap else k
            out[key] = out.get(key, 0.0) + (hi - lo) / interval_min
        k += 1
    return out
