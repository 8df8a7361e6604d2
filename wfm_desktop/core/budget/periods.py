"""Required staff per planning period: the input of the capacity plan and the budget.

The budget does not care how the requirement was computed (Erlang C on a
forecast, a schedule, or a number typed by a planner); it needs, per week or
per month, how many paid hours the plan asks for and what that is in FTE.
This module defines that small table and builds it from the other stages.

A :class:`Periods` holds one row per period, sorted by ``period``:

==============  =========================================================
column          meaning
==============  =========================================================
period          first day of the period: the plan's first day of the week
                (``kind="week"``; Monday unless the plan says Sunday or
                Saturday) or the 1st of a month (``kind="month"``)
days            calendar days of the period inside the planning horizon
                (7 for a full week, 28–31 for a full month; fewer at the
                edges of the horizon)
weeks           contracted weeks the period counts for: days ÷ 7, except
                that in a part week at the edge of the horizon the days
                count by the days the centre is open (open days in it ÷
                open days a week)
paid_hours      paid agent-hours required in the period (gross agents,
                after shrinkage and before any rounding, × interval length)
required_fte    paid_hours ÷ (contracted week × weeks)
contacts        contacts handled in the period (NaN = unknown)
handled_hours   contacts × AHT in hours (NaN = unknown)
==============  =========================================================

Hours per FTE (the plan's contracted week is ``contract_hours_week``, 37.5 by
default) are ``contract_hours_week × weeks`` for weeks and months alike
(:mod:`wfm_desktop.core.conventions`): a full January has 37.5 × 31/7 = 166.07 h
per FTE, a February 150 h. So a steady 25 FTE week after week is 25 FTE in every
month too (the salaried convention of 52/12 weeks a month, 162.5 h, would show
25.5 FTE in January and 23.1 in February for the same people). Over a year the
two differ by 365 vs 364 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.importers.safe_read import read_user_file

WEEKS_PER_MONTH = 52.0 / 12.0
"""The average month in weeks: only for durations counted in months (the capacity plan's training ramp
and attrition), never to turn hours into FTE (that is the calendar convention, days ÷ 7)."""
PERIOD_KINDS = ("week", "month")
COLUMNS = ("period", "days", "weeks", "paid_hours", "required_fte", "contacts", "handled_hours")
DAILY_COLUMNS = ("date", "weeks", "paid_hours", "contacts", "handled_hours")
# Column names accepted for the period start in a table a planner loads or types.
PERIOD_ALIASES = ("period", "week", "week_start", "month", "date", "start")


@dataclass(frozen=True)
class Periods:
    """Required paid hours and FTE per week or month (see the module docstring)."""

    frame: pd.DataFrame
    kind: str = "month"
    contract_hours_week: float = DEFAULT_CONTRACT_HOURS_WEEK
    source: str = ""
    daily: pd.DataFrame | None = None  # per day (DAILY_COLUMNS) when built from interval requirements
    first_day: int = 0  # weeks start on this weekday (Monday = 0, Sunday = 6, Saturday = 5)

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise WfmError(f"period: '{self.kind}' is not 'week' or 'month'")
        check_contract_hours(self.contract_hours_week)
        missing = [c for c in COLUMNS if c not in self.frame.columns]
        if missing:
            raise WfmError(f"required staff table: missing column(s) {', '.join(missing)}")

    def hours_per_fte(self) -> np.ndarray:
        """Paid hours one FTE works in each period (contracted week × weeks)."""
        return self.contract_hours_week * self.frame["weeks"].to_numpy(dtype=float)

    def to_months(self) -> "Periods":
        """The same requirement by calendar month: regrouped day by day when built from interval
        requirements, else weeks split pro rata by days."""
        if self.kind == "month":
            return self
        if self.daily is not None:
            return _group(self.daily, "month", self.contract_hours_week, self.source, self.first_day)
        rows = []
        for rec in self.frame.itertuples(index=False):
            start = pd.Timestamp(rec.period)
            covered = pd.date_range(start, periods=int(rec.days), freq="D")
            for month, n_days in pd.Series(1, index=covered).groupby(covered.to_period("M")).sum().items():
                share = n_days / rec.days
                rows.append(
                    {
                        "period": month.to_timestamp(),
                        "days": float(n_days),
                        "weeks": rec.weeks * share,
                        "paid_hours": rec.paid_hours * share,
                        "contacts": rec.contacts * share,
                        "handled_hours": rec.handled_hours * share,
                    }
                )
        frame = pd.DataFrame(rows).groupby("period", as_index=False, sort=True).sum(min_count=1)
        return _finish(frame, "month", self.contract_hours_week, self.source, first_day=self.first_day)


def period_start(dates: pd.Series | pd.DatetimeIndex, kind: str, first_day: int = 0) -> pd.DatetimeIndex:
    """First day of the week (weekday `first_day`, Monday = 0) or month that holds each date."""
    idx = pd.DatetimeIndex(dates).normalize()
    if kind == "week":
        return week_start(idx, first_day)
    return idx.to_period("M").to_timestamp()


def _finish(frame: pd.DataFrame, kind: str, contract_hours_week: float, source: str,
            daily: pd.DataFrame | None = None, first_day: int = 0) -> Periods:
    frame = frame.sort_values("period").reset_index(drop=True)
    frame["period"] = pd.to_datetime(frame["period"]).astype("datetime64[ns]")
    frame["days"] = frame["days"].astype(float)
    if "weeks" not in frame.columns:
        frame["weeks"] = frame["days"] / 7.0
    frame["weeks"] = frame["weeks"].astype(float)
    frame["required_fte"] = fte(frame["paid_hours"], frame["weeks"], contract_hours_week)
    for col in ("contacts", "handled_hours"):
        if col not in frame.columns:
            frame[col] = np.nan
        frame[col] = frame[col].astype(float)
    return Periods(frame[list(COLUMNS)], kind, contract_hours_week, source, daily, int(first_day))


def _group(daily: pd.DataFrame, kind: str, contract_hours_week: float, source: str, first_day: int = 0) -> Periods:
    """Periods from a per-day table (DAILY_COLUMNS)."""
    work = daily.assign(period=period_start(daily["date"], kind, first_day), days=1.0)
    sums = work.drop(columns=["date"]).groupby("period", as_index=False, sort=True).sum(min_count=1)
    sums["paid_hours"] = sums["paid_hours"].fillna(0.0)
    sums["weeks"] = np.round(sums["weeks"], 12)  # seven sevenths are one week, not 0.9999999999999998
    return _finish(sums, kind, contract_hours_week, source, daily, first_day)


def from_requirements(
    requirements: pd.DataFrame,
    interval_min: int,
    *,
    kind: str = "month",
    contract_hours_week: float = DEFAULT_CONTRACT_HOURS_WEEK,
    agents_column: str = "agents_gross",
    source: str = "",
    open_days=None,
    first_day: int = 0,
) -> Periods:
    """Build the period table from interval requirements (or a schedule's coverage).

    ``requirements`` has one row per queue and interval with ``start`` and
    ``agents_column`` (``agents_gross`` from the plan — paid agents, unrounded;
    pass ``scheduled`` to budget a schedule's coverage instead), and optionally
    ``contacts`` and ``aht_s``. Paid hours = Σ agents × interval_min / 60 over
    all queues; handled hours = Σ contacts × aht_s / 3600. The horizon is every
    day from the first to the last interval's; each day counts for the
    contracted weeks :func:`wfm_desktop.core.conventions.day_weeks` gives it
    (open days: the weekdays with any agents), so a part week at either end
    counts its open days and a full month its calendar days ÷ 7. ``open_days``
    (weekdays, Monday = 0) overrides the open days for a plan too short to show them; weeks start on
    weekday ``first_day`` (the plan's first day of the week).
    """
    if kind not in PERIOD_KINDS:
        raise WfmError(f"period: '{kind}' is not 'week' or 'month'")
    contract_hours_week = check_contract_hours(contract_hours_week)
    for col in ("start", agents_column):
        if col not in requirements.columns:
            raise WfmError(f"requirements: missing column '{col}'")
    if interval_min <= 0:
        raise WfmError(f"requirements: interval length {interval_min} min must be positive")
    if requirements.empty:
        raise WfmError("requirements: the table has no rows")
    start = pd.to_datetime(requirements["start"])
    agents = pd.to_numeric(requirements[agents_column], errors="coerce").to_numpy(dtype=float)
    if np.isnan(agents).any() or (agents < 0).any():
        row = int(np.flatnonzero(np.isnan(agents) | (agents < 0))[0])
        raise WfmError(f"requirements: row {row + 1}, column {agents_column}: must be a number ≥ 0")
    work = pd.DataFrame({"date": start.dt.normalize().to_numpy(), "paid_hours": agents * interval_min / 60.0})
    if "contacts" in requirements.columns:
        work["contacts"] = pd.to_numeric(requirements["contacts"], errors="coerce").to_numpy(dtype=float)
        if "aht_s" in requirements.columns:
            aht = pd.to_numeric(requirements["aht_s"], errors="coerce").to_numpy(dtype=float)
            work["handled_hours"] = work["contacts"].to_numpy() * aht / 3600.0
    sums = work.groupby("date", as_index=True).sum(min_count=1)
    days = pd.date_range(start.min().normalize(), start.max().normalize(), freq="D")
    weights = day_weeks(days, open_weekdays(start, agents) if open_days is None else open_days, first_day)
    daily = pd.DataFrame({"date": days, "weeks": weights.to_numpy()})
    for col in ("paid_hours", "contacts", "handled_hours"):
        daily[col] = sums[col].reindex(days).to_numpy(dtype=float) if col in sums.columns else np.nan
    daily["paid_hours"] = daily["paid_hours"].fillna(0.0)
    return _group(daily[list(DAILY_COLUMNS)], kind, contract_hours_week, source or "interval requirements", first_day)


def from_table(
    table: pd.DataFrame,
    *,
    kind: str | None = None,
    contract_hours_week: float = DEFAULT_CONTRACT_HOURS_WEEK,
    source: str = "",
    first_day: int = 0,
) -> Periods:
    """Build the period table from a per-week or per-month table.

    The table has a period column (``period``, ``week``, ``week_start``,
    ``month``, ``date`` or ``start``) and ``paid_hours`` or ``required_fte``
    (or both: then ``paid_hours`` wins and FTE is recomputed so the two always
    agree), optionally ``contacts``, ``handled_hours`` and ``days``. The kind
    is guessed from the dates when not given: all on the 1st → months, else
    weeks. Dates inside a period are moved to its first day (a week's: weekday
    ``first_day``, the plan's first day of the week).
    """
    label = source or "required staff table"
    contract_hours_week = check_contract_hours(contract_hours_week)
    cols = {str(c).strip().lower(): c for c in table.columns}
    period_col = next((cols[a] for a in PERIOD_ALIASES if a in cols), None)
    if period_col is None:
        raise WfmError(f"{label}: no period column; name one of {', '.join(PERIOD_ALIASES)}")
    if "paid_hours" not in cols and "required_fte" not in cols:
        raise WfmError(f"{label}: needs a 'paid_hours' or a 'required_fte' column")
    if table.empty:
        raise WfmError(f"{label}: the table has no rows")
    dates = pd.to_datetime(table[period_col], errors="coerce")
    if dates.isna().any():
        row = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise WfmError(f"{label}: row {row + 1}, column {period_col}: '{table[period_col].iloc[row]}' is not a date")
    if kind is not None and kind not in PERIOD_KINDS:
        raise WfmError(f"period: '{kind}' is not 'week' or 'month'")
    gaps = dates.sort_values().diff().dropna().dt.days
    native = "month" if (dates.dt.day == 1).all() and (gaps.empty or gaps.min() >= 28) else "week"
    if kind == "week" and native == "month":
        raise WfmError(f"{label}: holds months; a weekly plan needs a weekly table (months cannot be split into weeks)")
    want = kind or native
    kind = native
    frame = pd.DataFrame({"period": period_start(dates, kind, first_day)})
    if frame["period"].duplicated().any():
        dup = frame["period"][frame["period"].duplicated()].iloc[0]
        raise WfmError(f"{label}: the {kind} starting {dup:%Y-%m-%d} appears twice")

    def number(name: str, *, required: bool = False) -> np.ndarray | None:
        if name not in cols:
            return None
        values = pd.to_numeric(table[cols[name]], errors="coerce").to_numpy(dtype=float)
        bad = np.isnan(values) | (values < 0) if required else (values < 0)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise WfmError(f"{label}: row {row + 1}, column {cols[name]}: '{table[cols[name]].iloc[row]}' must be a number ≥ 0")
        return values

    days = number("days", required=True)
    if days is None:
        if kind == "week":
            days = np.full(len(frame), 7.0)
        else:
            days = pd.DatetimeIndex(frame["period"]).days_in_month.to_numpy(dtype=float)
    frame["days"] = days
    frame["weeks"] = days / 7.0  # a typed table knows no open days: its days count as calendar days
    paid = number("paid_hours", required=True)
    if paid is None:
        fte_col = number("required_fte", required=True)
        paid = fte_col * contract_hours_week * frame["weeks"].to_numpy(dtype=float)
    frame["paid_hours"] = paid
    for name in ("contacts", "handled_hours"):
        values = number(name)
        frame[name] = values if values is not None else np.nan
    periods = _finish(frame, kind, contract_hours_week, label, first_day=first_day)
    return periods.to_months() if want == "month" else periods


def read_periods(
    path: str | Path,
    *,
    kind: str | None = None,
    contract_hours_week: float = DEFAULT_CONTRACT_HOURS_WEEK,
    interval_min: int | None = None,
    first_day: int = 0,
) -> Periods:
    """Read a required-staff table or interval requirements from .csv or .xlsx.

    A file with ``start`` and ``agents_gross`` columns is read as interval
    requirements (the interval length is the smallest step between starts
    unless given); anything else as a per-period table (:func:`from_table`).
    """
    path = Path(path)
    if not path.is_file():
        raise WfmError(f"{path}: file not found")
    table = read_user_file(path, _read_period_table)
    table.columns = [str(c).strip() for c in table.columns]
    lower = {c.lower(): c for c in table.columns}
    if "start" in lower and "agents_gross" in lower:
        table = table.rename(columns={lower[k]: k for k in ("start", "agents_gross", "contacts", "aht_s") if k in lower})
        if interval_min is None:
            interval_min = infer_interval_min(table["start"])
            if interval_min is None:
                raise WfmError(f"{path}: cannot tell the interval length from the 'start' column")
        return from_requirements(
            table, interval_min, kind=kind or "month", contract_hours_week=contract_hours_week, source=str(path),
            first_day=first_day,
        )
    return from_table(table, kind=kind, contract_hours_week=contract_hours_week, source=str(path), first_day=first_day)


def _read_period_table(path: Path) -> pd.DataFrame:
    """The file's table; runs in the reader child (see read_user_file)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            table = pd.read_csv(path)
        elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            table = pd.read_excel(path, engine="calamine")
        else:
            raise WfmError(f"{path}: expected a .csv or .xlsx file")
    except WfmError:
        raise
    except Exception as exc:  # a parser error is a planner problem: name the file
        raise WfmError(f"{path}: cannot be read ({exc})") from None
    return table


def coerce_periods(source, *, kind: str = "month", contract_hours_week: float = DEFAULT_CONTRACT_HOURS_WEEK,
                   first_day: int = 0) -> Periods | None:
    """Required staff from whatever the plan holds, or None when it holds nothing usable.

    Accepts a :class:`Periods` (re-cut to ``kind`` when it is weekly and a
    month is asked), an object with a ``frame`` or ``requirements`` DataFrame
    and ``interval_min`` (the plan pipeline's result), or a DataFrame of
    interval requirements (``start``, ``agents_gross``; interval inferred).
    """
    if source is None:
        return None
    if isinstance(source, Periods):
        return source.to_months() if kind == "month" else source
    frame = source
    for attribute in ("frame", "requirements"):  # a Requirements-like object, or the pipeline's PlanResult
        candidate = getattr(source, attribute, None)
        if isinstance(candidate, pd.DataFrame):
            frame = candidate
            break
    if not isinstance(frame, pd.DataFrame) or not {"start", "agents_gross"} <= set(frame.columns) or frame.empty:
        return None
    interval_min = getattr(source, "interval_min", None) or infer_interval_min(frame["start"])
    if interval_min is None:
        return None
    return from_requirements(frame, int(interval_min), kind=kind, contract_hours_week=contract_hours_week,
                             source="the plan's staffing requirements", first_day=first_day)


def infer_interval_min(starts) -> int | None:
    """The smallest step between distinct interval starts, in minutes (None if fewer than two)."""
    starts = pd.to_datetime(pd.Series(starts), errors="coerce").dropna().drop_duplicates().sort_values()
    steps = starts.diff().dropna().dt.total_seconds() / 60.0
    steps = steps[steps > 0]
    return None if steps.empty else int(round(steps.min()))
