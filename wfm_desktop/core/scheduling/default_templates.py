"""Shift templates that follow a requirement's opening hours (``--templates auto``).

The example templates start between 07:00 and 17:00; a queue open 24/7 needs
shifts at every hour, and one open 06:00–23:00 needs early and late starts.
:func:`templates_for_hours` reads the opening hours from the requirement — the
first and last interval of the day that needs an agent on any day — and
returns:

* **open (almost) round the clock** (the open intervals cover at least 23 h of
  the day): *Full 8h* starting at any half hour 00:00–23:30 with two paid
  15-minute breaks and an unpaid 30-minute lunch, and *Night 8h* 20:00–23:30
  with a lunch only; nights run past midnight and cover the next morning
  (the first day's early hours by the cyclic rule, docs/scheduling.md);
* **otherwise**: *Full 8h* from opening until the last start that ends by
  closing (8:30 with its lunch), and *Part 4h* from opening until four hours
  before closing, both every 30 minutes.

Costs are those of the example templates (20 and 22 per hour; nights 24).
"""

from __future__ import annotations

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.scheduling.demand import DAY_MIN, Requirement
from wfm_desktop.core.scheduling.templates import ShiftTemplate, template_from_record

BREAKS_8H = "break1 15 paid 1:30-2:30; lunch 30 unpaid 3:00-5:00; break2 15 paid 5:30-6:30"
STEP_MIN = 30


def opening_hours(requirement: Requirement) -> tuple[int, int]:
    """(opening, closing) minutes of the day: the earliest start and the latest end of an interval needing agents."""
    frame = requirement.frame
    need = frame[frame["required"] > 0]
    if need.empty:
        raise WfmError("the requirement needs no agents at any time: there is nothing to make shifts for")
    minutes = pd.to_datetime(need["start"]).dt.hour * 60 + pd.to_datetime(need["start"]).dt.minute
    return int(minutes.min()), int(minutes.max()) + requirement.interval_min


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _floor(minutes: int, step: int) -> int:
    return minutes // step * step


def templates_for_hours(requirement: Requirement) -> list[ShiftTemplate]:
    """Templates whose start windows follow the requirement's opening hours (see the module docstring)."""
    opening, closing = opening_hours(requirement)
    step = max(STEP_MIN, requirement.interval_min) if STEP_MIN % requirement.interval_min == 0 else \
        requirement.interval_min
    records = []
    if closing - opening >= DAY_MIN - 60:
        records.append({"name": "Full 8h", "start_earliest": "00:00", "start_latest": _hhmm(DAY_MIN - step),
                        "start_step_min": step, "paid_length_min": 480, "breaks": BREAKS_8H, "cost_per_hour": 20})
        records.append({"name": "Night 8h", "start_earliest": "20:00", "start_latest": _hhmm(_floor(23 * 60 + 30, step)),
                        "start_step_min": step, "paid_length_min": 480, "breaks": "lunch 30 unpaid 3:30-4:30",
                        "cost_per_hour": 24})
    else:
        first = -(-opening // step) * step
        latest_full = _floor(closing - 510, step)
        latest_part = _floor(closing - 240, step)
        if latest_full >= first:
            records.append({"name": "Full 8h", "start_earliest": _hhmm(first), "start_latest": _hhmm(latest_full),
                            "start_step_min": step, "paid_length_min": 480, "breaks": BREAKS_8H,
                            "cost_per_hour": 20})
        if latest_part >= first:
            records.append({"name": "Part 4h", "start_earliest": _hhmm(first), "start_latest": _hhmm(latest_part),
                            "start_step_min": step, "paid_length_min": 240, "breaks": "", "contract": "part",
                            "cost_per_hour": 22})
        if not records:
            records.append({"name": "Short", "start_earliest": _hhmm(first), "start_latest": _hhmm(first),
                            "start_step_min": step, "paid_length_min": max(step, _floor(closing - first, step)),
                            "breaks": "", "contract": "part", "cost_per_hour": 22})
    return [template_from_record(r, "templates from the opening hours") for r in records]
