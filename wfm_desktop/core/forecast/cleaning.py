"""Clean baselines: find abnormal days and weeks in a queue's history and keep them out.

A festival, an outage or a campaign makes some days far from what the weekday,
season and trend predict. Left in, they drag weekday averages, model fits and
intraday profiles (a festival week at two thirds of normal volume inside a
6-week average pulls the whole forecast down by about 5%). Here they are found,
reported as findings with their dates and size, and by default treated like
special days: gaps in the series the models fit, left out of the weekday
averages and the profiles. A planner can keep a detected period in (a
per-period toggle, :attr:`ForecastSettings.keep_periods`) and add periods of
their own (:attr:`ForecastSettings.exclude_periods`).

Detection works on the open-day series in logs. The *expected* log volume of a
day is the median of the same weekday in the weeks before and after it (as many
on each side, up to 4; itself left out), so weekday, season and trend are all local; the
residual is log(actual) − expected. With σ the robust spread of the residuals
(1.4826 × median absolute deviation):

* a **day** is abnormal when its residual exceeds :data:`Z_DAY` σ;
* a **week** is abnormal when the mean residual of its open days exceeds
  :data:`Z_WEEK` × the robust spread of the week means; its days whose residual
  has the same sign and at least half the week's size are abnormal;

and in both cases the change must be at least :data:`MIN_CHANGE` (15%) of normal
volume. A second pass repeats this with the first pass's abnormal days left out
of the medians (two abnormal weeks side by side). Days judged need at least two
same-weekday neighbours on each side: the last two weeks of history are never
flagged, because a change there cannot yet be told from a new normal.
A deviation that recurs a year earlier or later (the same weekdays 51–53 weeks
away deviate the same way, at least half as much) is season, not abnormal: it is reported but
kept. Consecutive abnormal open days form one period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError

Z_DAY = 4.0
Z_WEEK = 3.5
MIN_CHANGE = 0.15
NEIGHBOUR_WEEKS = 4
MIN_NEIGHBOURS_EACH_SIDE = 2
FINDING_COLUMNS = ["queue", "start", "end", "days", "kind", "change", "expected_per_day", "actual_per_day",
                   "excluded", "note"]


@dataclass(frozen=True)
class Period:
    """A run of calendar days, for one queue (``queue=None``: every queue)."""

    start: dt.date
    end: dt.date
    queue: str | None = None
    label: str = ""

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, (pd.Timestamp, dt.datetime)):
                object.__setattr__(self, name, value.date())
            elif isinstance(value, str):
                try:
                    object.__setattr__(self, name, dt.date.fromisoformat(value))
                except ValueError as exc:
                    raise WfmError(f"period {self.label!r}: {value!r} is not a date (use YYYY-MM-DD)") from exc
        if self.end < self.start:
            raise WfmError(f"period {self.label!r}: ends {self.end} before it starts {self.start}")

    def applies_to(self, queue: str) -> bool:
        return self.queue is None or self.queue == queue

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return self.start <= end and start <= self.end

    def dates(self) -> set[dt.date]:
        return set(pd.date_range(self.start, self.end, freq="D").date)


def _expected(logv: np.ndarray, weekday_of: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Median of the same weekday's log volume, the same number of weeks (up to 4) on either side.

    Symmetric, so that a steady trend gives no residual; NaN when fewer than two valid
    same-weekday values lie on either side within 4 weeks.
    """
    out = np.full(len(logv), np.nan)
    w = NEIGHBOUR_WEEKS
    for weekday in np.unique(weekday_of):
        positions = np.flatnonzero(weekday_of == weekday)
        values = np.where(mask[positions], np.nan, logv[positions])
        padded = np.concatenate([np.full(w, np.nan), values, np.full(w, np.nan)])
        windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * w + 1)
        neighbours = np.delete(windows, w, axis=1)
        valid = ~np.isnan(neighbours)
        full = valid.all(axis=1)  # the usual case: 4 valid weeks on each side
        medians = np.full(len(values), np.nan)
        if full.any():
            medians[full] = np.median(neighbours[full], axis=1)
        for i in np.flatnonzero(~full):
            before = neighbours[i, :w][valid[i, :w]]
            after = neighbours[i, w:][valid[i, w:]]
            n = min(len(before), len(after))
            if n >= MIN_NEIGHBOURS_EACH_SIDE:
                medians[i] = np.median(np.concatenate([before[-n:], after[:n]]))
        out[positions] = medians
    return out


def _robust_scale(values: np.ndarray) -> float:
    values = values[np.isfinite(values)]
    if len(values) < 4:
        return np.inf
    return float(1.4826 * np.median(np.abs(values - np.median(values))))


def _flag(residual: np.ndarray, week_of: np.ndarray, k: int) -> np.ndarray:
    min_log = np.log1p(MIN_CHANGE)
    sigma = _robust_scale(residual)
    flagged = np.abs(residual) > max(Z_DAY * sigma, min_log)
    frame = pd.DataFrame({"week": week_of, "r": residual})
    weeks = frame.groupby("week")["r"].agg(["mean", "count"])
    weeks = weeks[weeks["count"] >= max(1, int(np.ceil(k / 2)))]
    sigma_week = _robust_scale(weeks["mean"].to_numpy())
    bad = weeks[np.abs(weeks["mean"]) > max(Z_WEEK * sigma_week, min_log)]
    for week, row in bad.iterrows():
        in_week = week_of == week
        same_side = np.sign(residual) == np.sign(row["mean"])
        big = np.abs(residual) >= abs(row["mean"]) / 2
        flagged |= in_week & same_side & big & np.isfinite(residual)
    return flagged & np.isfinite(residual)


def detect_abnormal(queue: str, raw: pd.Series, open_weekdays: frozenset[int]) -> pd.DataFrame:
    """Abnormal periods of one queue's open-day series `raw` (dates → offered, NaN gaps).

    Returns :data:`FINDING_COLUMNS` rows with ``kind`` "abnormal" (to be excluded) or
    "recurring" (a yearly pattern: kept); ``excluded`` is filled in by :func:`apply_choices`.
    """
    empty = pd.DataFrame(columns=FINDING_COLUMNS)
    values = raw.to_numpy(dtype=float)
    if len(values) < 4 * 7:
        return empty
    with np.errstate(divide="ignore", invalid="ignore"):
        logv = np.where(values > 0, np.log(values), np.nan)
    index = raw.index
    weekday_of = index.day_of_week.to_numpy()
    week_of = (index - pd.to_timedelta(index.day_of_week, unit="D")).to_numpy()
    k = max(len(open_weekdays), 1)
    mask = np.zeros(len(values), dtype=bool)
    for _ in range(2):
        expected = _expected(logv, weekday_of, mask)
        residual = logv - expected
        flagged = _flag(residual, week_of, k)
        mask = flagged
    if not flagged.any():
        return empty
    by_date = pd.Series(residual, index=index)
    rows = []
    for run in _runs(np.flatnonzero(flagged), values):
        days = index[run]
        recurring = _recurs(by_date, days, residual[run])
        actual = float(np.sum(values[run]))
        normal = float(np.sum(np.exp(expected[run])))
        change = actual / normal - 1.0
        rows.append(
            {
                "queue": queue,
                "start": days[0].date(),
                "end": days[-1].date(),
                "days": len(run),
                "kind": "recurring" if recurring else "abnormal",
                "change": change,
                "expected_per_day": normal / len(run),
                "actual_per_day": actual / len(run),
                "excluded": False,
                "note": "recurs a year apart: kept as season" if recurring else "",
            }
        )
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def _runs(positions: np.ndarray, values: np.ndarray) -> list[np.ndarray]:
    """Split flagged positions into runs of consecutive open days (gap days in between do not break a run)."""
    runs, current = [], [positions[0]]
    for position in positions[1:]:
        between = values[current[-1] + 1 : position]
        if np.all(np.isnan(between)):
            current.append(position)
        else:
            runs.append(np.asarray(current))
            current = [position]
    runs.append(np.asarray(current))
    return runs


def _recurs(by_date: pd.Series, days: pd.DatetimeIndex, residual: np.ndarray) -> bool:
    """Whether the same weekdays 51, 52 or 53 weeks earlier or later deviated the same way (≥ half as much)."""
    size = float(np.mean(residual))
    for weeks in (-53, -52, -51, 51, 52, 53):
        other = by_date.reindex(days + pd.Timedelta(weeks=weeks)).dropna()
        if len(other) and np.sign(other.mean()) == np.sign(size) and abs(other.mean()) >= abs(size) / 2:
            return True
    return False


def apply_choices(
    queue: str, findings: pd.DataFrame | None, keep: tuple[Period, ...], exclude: tuple[Period, ...]
) -> tuple[pd.DataFrame, set[dt.date]]:
    """Decide which detected periods are excluded and add the planner's own periods.

    A detected "abnormal" period is excluded unless a `keep` period of this queue overlaps it;
    every `exclude` period of this queue is excluded (listed with kind "user"). Returns the
    findings with ``excluded`` set and the set of excluded dates.
    """
    out = findings.copy() if findings is not None else pd.DataFrame(columns=FINDING_COLUMNS)
    excluded: set[dt.date] = set()
    if not out.empty:
        decisions = []
        for row in out.itertuples(index=False):
            kept = any(p.applies_to(queue) and p.overlaps(row.start, row.end) for p in keep)
            decide = row.kind == "abnormal" and not kept
            decisions.append(decide)
            if decide:
                excluded |= Period(row.start, row.end).dates()
        out["excluded"] = decisions
        out.loc[[k and a == "abnormal" for k, a in zip(~out["excluded"], out["kind"])], "note"] = "kept in by the planner"
    user_rows = []
    for period in exclude:
        if not period.applies_to(queue):
            continue
        excluded |= period.dates()
        user_rows.append({"queue": queue, "start": period.start, "end": period.end,
                          "days": (period.end - period.start).days + 1, "kind": "user", "change": np.nan,
                          "expected_per_day": np.nan, "actual_per_day": np.nan, "excluded": True,
                          "note": period.label or "excluded by the planner"})
    if user_rows:
        out = pd.concat([out, pd.DataFrame(user_rows, columns=FINDING_COLUMNS)], ignore_index=True) if not out.empty \
            else pd.DataFrame(user_rows, columns=FINDING_COLUMNS)
    return out, excluded
