"""The largest inputs the app accepts, checked before anything is allocated.

Generous for real centres — 2,000 agents on a 13-week schedule, three years of
5-minute history — and far below what would exhaust a desktop's memory (a
requirement of a billion agents, an Erlang table a billion rows long). Each
check raises a WfmError that names the input and the limit.

>>> check_max("--span", 6, MAX_SPAN)
6
"""

from __future__ import annotations

import math

from wfm_desktop.core.errors import WfmError

MAX_AGENTS = 20_000                 # agents in one interval, a roster, a template's count
MAX_CONTACTS = 1_000_000            # contacts offered in one interval
MAX_WORKLOAD_ERLANGS = 20_000       # contacts × AHT ÷ interval length
MAX_AHT_S = 86_400                  # a day
MAX_INTERVAL_MIN = 1_440
MAX_SPAN = 500                      # rows either side of the answer in the Erlang table
MAX_HORIZON_DAYS = 3 * 366          # forecasts and plans
MAX_SCHEDULE_DAYS = 26 * 7          # a schedule (13 weeks is the common longest)
MAX_TIME_LIMIT_S = 24 * 3600        # a solver time limit
MAX_SCHEDULE_VARIABLES = 3_000_000  # shift starts × days the scheduler may build
MAX_ROSTER_SHIFTS = 400_000         # 2,000 agents × 26 weeks × 5 days plus slack


def check_range(name: str, value, low: float, high: float, *, unit: str = "") -> float:
    """`value` when ``low ≤ value ≤ high`` and finite, else a WfmError giving the limits."""
    if value is None:
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise WfmError(f"{name}: {value!r} is not a number") from None
    if not math.isfinite(number) or not low <= number <= high:
        suffix = f" {unit}" if unit else ""
        raise WfmError(f"{name}: {value:g}{suffix} is outside what the app accepts ({low:g} to {high:,g}{suffix})")
    return value


def check_max(name: str, value, high: float, *, unit: str = "") -> float:
    """`value` when finite and at most `high` (the lower bound is the caller's own check)."""
    return check_range(name, value, -math.inf, high, unit=unit)


def check_workload(contacts: float, aht_s: float, interval_min: float, where: str = "the interval") -> float:
    """The workload in Erlangs, after checking it is one a contact centre could have."""
    check_max("contacts", contacts, MAX_CONTACTS)
    check_max("AHT", aht_s, MAX_AHT_S, unit="s")
    check_max("interval length", interval_min, MAX_INTERVAL_MIN, unit="min")
    if min(contacts, aht_s, interval_min) <= 0:
        return 0.0  # zero or negative inputs: the calculator's own checks say what is wrong
    workload = contacts * aht_s / (interval_min * 60.0)
    if workload > MAX_WORKLOAD_ERLANGS:
        raise WfmError(f"{where}: the workload is {workload:,.0f} Erlangs (contacts × AHT ÷ interval); the app "
                       f"plans at most {MAX_WORKLOAD_ERLANGS:,} Erlangs in one interval — check the units")
    return workload
