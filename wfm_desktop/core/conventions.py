"""The plan's FTE conventions, in one place: the contracted week, months and part weeks.

Every stage that turns hours into FTE (staffing's weekly FTE, the capacity plan,
the budget, the workbook's formulas) uses these definitions, so one plan shows
one FTE for one period wherever it is read.

* **One contracted week for the plan** (:data:`DEFAULT_CONTRACT_HOURS_WEEK`,
  37.5 h): the hours one FTE is paid a week. A site or vendor whose contract
  differs says so on its own row (the budget's sites); nothing else has a week
  of its own.
* **FTE from unrounded hours**: FTE = gross agent-hours ÷ contracted hours,
  where gross agents are net ÷ (1 − shrinkage) *before* rounding. Whole agents
  ("agents to schedule") are for schedules and seats, not for FTE.
* **Contracted weeks of a period** (the calendar convention): each day of the
  horizon counts 1/7 of a week, so a full week is 1 week, a 28-day February
  4 weeks and a 31-day January 31/7 = 4.43 weeks (never 52/12 = 4.33 for every
  month, which makes February 8 % off). The FTE of any period is
  ``paid hours ÷ (contracted week × contracted weeks in it)``.
* **Part weeks** (a week cut by the start or end of the horizon): its days
  count by the days the centre is *open*: ``weeks = open days in it ÷ open days
  in a full week``. A Monday–Friday centre whose plan starts on a Wednesday has
  3 of 5 open days in that week: 0.6 weeks (counting calendar days, 5 of 7,
  would understate its FTE by 16 %). The open days are the weekdays on which
  the plan staffs anyone, any queue (one centre, one set of open days, so FTE
  adds up over queues); with none, every day is open.

* **The first day of the week** is a plan setting (:data:`WEEK_START_KEY`: Monday, Sunday or
  Saturday; Monday unless set). Every weekly figure — staffing's weekly FTE, the capacity plan and
  budget by week, the workbook's Weekly FTE — cuts the horizon into weeks starting on that day, and
  the part-week rule above counts the open days of those weeks.

Because each day has one weight, weeks and months add up to the same total:
the average FTE of the horizon is the same from the weekly and the monthly
tables (paid hours ÷ (contracted week × Σ weeks)).
"""

from __future__ import annotations

import math
from typing import Iterable

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError

DEFAULT_CONTRACT_HOURS_WEEK = 37.5
"""Hours a full-time contract pays a week unless the planner says otherwise: the staffing stage's
long-standing default and a common full-time week in the UK and much of Europe (40 is common in
the US: change it once, for the whole plan)."""

CONTRACT_WEEK_KEY = "assumptions/contract_hours_week"
"""The plan input that holds the contracted week (a number of hours); absent = the default."""

ALL_DAYS = frozenset(range(7))

WEEK_START_KEY = "assumptions/week_start"
"""The plan input that holds the first day of the week (a day name); absent = Monday."""
WEEK_STARTS = {"Monday": 0, "Sunday": 6, "Saturday": 5}
"""The first days of the week a plan may use, and their weekday numbers (Monday = 0)."""
DEFAULT_WEEK_START = "Monday"


def first_weekday(name) -> int:
    """"Sunday" → 6; WfmError for a day a week may not start on (a number 0–6 is returned as it is)."""
    if isinstance(name, (int, float)) and not isinstance(name, bool) and int(name) in WEEK_STARTS.values():
        return int(name)
    text = str(name or DEFAULT_WEEK_START).strip().capitalize()
    if text not in WEEK_STARTS:
        raise WfmError(f"first day of the week {name!r}: choose {', '.join(WEEK_STARTS)}")
    return WEEK_STARTS[text]


def weekday_name(first_day: int) -> str:
    return next(name for name, day in WEEK_STARTS.items() if day == int(first_day))


def check_contract_hours(value, what: str = "contracted hours per FTE per week") -> float:
    """The contracted week as a float; WfmError unless 0 < value ≤ 80."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise WfmError(f"{what}: {value!r} is not a number") from None
    if not math.isfinite(value) or not 0 < value <= 80:
        raise WfmError(f"{what}: {value:g} must be above 0 and at most 80 (the hours of one week, e.g. 37.5)")
    return value


def open_weekdays(starts, agents) -> frozenset[int]:
    """Weekdays (Monday = 0) on which any agent is needed; every day when none is."""
    starts = pd.DatetimeIndex(pd.to_datetime(starts))
    agents = np.asarray(agents, dtype=float)
    days = frozenset(int(d) for d in np.unique(starts.day_of_week.to_numpy()[agents > 0]))
    return days or ALL_DAYS


def week_start(dates, first_day: int = 0) -> pd.DatetimeIndex:
    """The first day of each date's week (midnight); weeks start on weekday `first_day` (Monday = 0,
    Sunday = 6, Saturday = 5)."""
    idx = pd.DatetimeIndex(pd.to_datetime(dates)).normalize()
    return idx - pd.to_timedelta((idx.day_of_week - int(first_day)) % 7, unit="D")


def day_weeks(days, open_days: Iterable[int] | None = None, first_day: int = 0) -> pd.Series:
    """Contracted weeks each day of the horizon counts for (see the module docstring).

    ``days`` are the horizon's days (duplicates and times of day are ignored);
    the result is indexed by the sorted days. A day of a week wholly inside the
    horizon counts 1/7; in a part week an open day counts 1 ÷ (open days a
    week) and a closed day 0.

    >>> w = day_weeks(pd.date_range("2027-03-03", "2027-03-14"), open_days=range(5))
    >>> round(w.iloc[:5].sum(), 6), round(w.iloc[5:].sum(), 6)   # Wed 3 – Sun 7, then a full week
    (0.6, 1.0)

    Weeks start on weekday ``first_day`` (Sunday = 6): the same days cut Sunday to Saturday.
    """
    idx = pd.DatetimeIndex(pd.to_datetime(pd.Index(days))).normalize().unique().sort_values()
    opened = frozenset(int(d) for d in (ALL_DAYS if open_days is None else open_days)) or ALL_DAYS
    weeks = week_start(idx, first_day)
    in_horizon = pd.Series(1, index=weeks).groupby(level=0).transform("size").to_numpy()
    is_open = np.isin(idx.day_of_week.to_numpy(), sorted(opened))
    weight = np.where(in_horizon >= 7, 1.0 / 7.0, np.where(is_open, 1.0 / len(opened), 0.0))
    return pd.Series(weight, index=idx, name="weeks")


def fte(paid_hours, weeks, contract_hours_week: float) -> np.ndarray:
    """FTE = paid hours ÷ (contracted week × contracted weeks); 0 where a period has no weeks."""
    hours = np.asarray(paid_hours, dtype=float)
    weeks = np.asarray(weeks, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(weeks > 0, hours / (float(contract_hours_week) * np.where(weeks > 0, weeks, 1.0)), 0.0)


def contract_week_from_old_inputs(inputs: dict) -> tuple[float | None, list[str]]:
    """The contracted week an old plan (two weeks: staffing's hours per FTE, the budget's contract)
    used, for the plan file's migration, and notes saying what changed.

    Returns (value, notes); value is None when no queue's hours per FTE was edited (staffing used
    the default, which stays). Staffing's week wins (the FTE the planner saw on the Staffing page);
    a budget week that differed is named in the notes, as is a queue whose hours differed.
    """
    notes: list[str] = []
    staffing = inputs.get("staffing/settings") or {}
    weeks: dict[str, float] = {}
    for queue, qs in dict(staffing.get("queues", {}) or {}).items():
        if isinstance(qs, dict) and qs.get("hours_per_fte") is not None:
            weeks[str(queue)] = float(qs["hours_per_fte"])
    budget = ((inputs.get("budget") or {}).get("inputs") or {}).get("contract_hours_week")
    value = None
    if weeks:
        counts = pd.Series(list(weeks.values())).value_counts()
        value = float(counts.index[0])
        others = {q: h for q, h in weeks.items() if h != value}
        if others:
            notes.append("One contracted week for the plan: " + ", ".join(f"{q} had {h:g} h" for q, h in others.items())
                         + f"; every queue now uses {value:g} h.")
    used = DEFAULT_CONTRACT_HOURS_WEEK if value is None else value  # staffing's week, edited or not
    if budget is not None and float(budget) != used:
        notes.append(f"One contracted week for the plan: the budget used {float(budget):g} h and staffing "
                     f"{used:g} h; both now use {used:g} h.")
    return value, notes
