"""Shift templates that follow a requirement's opening hours (``--templates auto``, a new plan's
templates in the app, and its "Reset templates to the opening hours").

The example templates start between 07:00 and 17:00; a queue open 24/7 needs
shifts at every hour, and one open 06:00–23:00 needs early and late starts.
:func:`templates_for_hours` reads the opening hours from the requirement, per
weekday — the first and last interval of that weekday that needs an agent on any
of its dates (so a weekday's own hours and a special date's, which the staffing
already applied, are what the requirement shows) — groups the weekdays with the
same hours, and returns for each group (its weekdays in the ``weekdays`` field,
its name suffixed with them when there is more than one group):

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
from wfm_desktop.core.scheduling.templates import ShiftTemplate, format_weekdays, template_from_record, templates_to_frame

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


def weekday_hours(requirement: Requirement) -> dict[int, tuple[int, int]]:
    """{weekday (Monday 0): (opening, closing) minutes} over the weekdays on which some interval needs agents."""
    frame = requirement.frame
    need = frame[frame["required"] > 0]
    if need.empty:
        raise WfmError("the requirement needs no agents at any time: there is nothing to make shifts for")
    start = pd.to_datetime(need["start"])
    minutes = (start.dt.hour * 60 + start.dt.minute).to_numpy()
    weekday = start.dt.day_of_week.to_numpy()
    return {int(w): (int(minutes[weekday == w].min()), int(minutes[weekday == w].max()) + requirement.interval_min)
            for w in sorted(set(weekday.tolist()))}


def templates_for_hours(requirement: Requirement) -> list[ShiftTemplate]:
    """Templates whose start windows follow the requirement's opening hours (see the module docstring)."""
    step = max(STEP_MIN, requirement.interval_min) if STEP_MIN % requirement.interval_min == 0 else \
        requirement.interval_min
    groups: dict[tuple[int, int], list[int]] = {}
    for weekday, hours in weekday_hours(requirement).items():
        groups.setdefault(hours, []).append(weekday)
    records = []
    for (opening, closing), days in sorted(groups.items(), key=lambda item: item[1][0]):
        text = format_weekdays(frozenset(days))
        for record in _records(opening, closing, step):
            record["weekdays"] = text
            if len(groups) > 1:
                record["name"] = f"{record['name']} {text}"
            records.append(record)
    return [template_from_record(r, "templates from the opening hours") for r in records]


def _records(opening: int, closing: int, step: int) -> list[dict]:
    """The template rows of one set of opening hours (see the module docstring)."""
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
    return records


def templates_frame_for_hours(frame: pd.DataFrame) -> pd.DataFrame:
    """The template table (the plan's text cells) that follows the opening hours of a requirement table:
    every queue's requirement summed per interval, as the Schedule page schedules it."""
    from wfm_desktop.core.scheduling.demand import prepare_requirement

    return templates_to_frame(templates_for_hours(prepare_requirement(frame)))
