"""Fairness counts the published weeks: who worked the published weekends (or late shifts) gets them off
first in the re-planned weeks, and the whole horizon is checked by the independent checker."""

import pandas as pd

from tests.core.scheduling.roster_checker import check_fairness, check_roster, fairness
from tests.core.scheduling.test_roster_centre import MONDAY, make_shifts
from wfm_desktop.core.scheduling import published
from wfm_desktop.core.scheduling.roster import Agent, RosterRules, build_roster

AGENTS = [Agent(n) for n in ("Ann", "Bob", "Cy", "Di")]
RULES = RosterRules(min_rest_h=6)  # a late shift (15:00-23:00) may be followed by an early one (06:00)


def locked_rows(rows):
    """Published shifts: (agent, day offset, 'HH:MM', hours) → the locked table's columns."""
    out = []
    for i, (agent, d, start, hours) in enumerate(rows, 1):
        s = MONDAY + pd.Timedelta(days=d) + pd.Timedelta(start + ":00")
        out.append({"shift_id": i, "agent": agent, "template": "t", "day": MONDAY + pd.Timedelta(days=d),
                    "start": s, "end": s + pd.Timedelta(hours=hours), "paid_h": float(hours), "contract": "full",
                    "cost": 0.0, "breaks": "", "breaks_min": ""})
    return pd.DataFrame(out, columns=list(published.LOCKED_COLUMNS))


def replan(locked, new_rows, *, counted=True):
    """Roster two new weeks after the published ones, as the plan's re-plan does (`counted`: with the
    published weeks' fairness counts); the whole horizon's assignments (published + new)."""
    shifts = make_shifts(new_rows)
    roster = build_roster(shifts, AGENTS, RULES, in_process=True, carry_in=published.carry_in(locked),
                          published=locked if counted else None)
    assert check_roster(roster.assignments, shifts, AGENTS, RULES, repeating=False) == []
    whole = pd.concat([locked[["agent", "day", "start", "end"]], roster.assignments[["agent", "day", "start", "end"]]])
    return roster, whole


def test_who_worked_both_published_weekends_gets_the_next_weekends_off():
    # weeks 1-2 published: Ann and Bob worked both weekends, Cy and Di none (weekdays for them)
    rows = [(a, d, "09:00", 8) for w in (0, 7) for d in (w + 5, w + 6) for a in ("Ann", "Bob")]
    rows += [(a, d, "09:00", 8) for w in (0, 7) for d in range(w, w + 5) for a in ("Cy", "Di")]
    locked = locked_rows(rows)
    # weeks 3-4: two day shifts every day
    roster, whole = replan(locked, [(d, "09:00", 8, "full") for d in range(14, 28) for _ in range(2)])
    new = fairness(roster.assignments)
    assert new.loc["Ann", "weekend_days"] == new.loc["Bob", "weekend_days"] == 0  # their weekends off first
    assert new.loc["Cy", "weekend_days"] == new.loc["Di", "weekend_days"] == 4
    assert fairness(whole)["weekend_days"].tolist() == [4, 4, 4, 4]  # even over the whole horizon
    assert check_fairness(whole, AGENTS, max_weekend_spread=0, max_late_spread=2) == []


def test_late_shifts_of_the_published_weeks_count_too():
    # week 1 published: Ann and Bob took every late shift (15:00), Cy and Di every early one
    rows = [(a, d, "15:00", 8) for d in range(5) for a in ("Ann", "Bob")]
    rows += [(a, d, "06:00", 8) for d in range(5) for a in ("Cy", "Di")]
    locked = locked_rows(rows)
    # weeks 2-3: two early and two late shifts every weekday (everyone works every weekday)
    new_rows = [(d, t, 8, "full") for w in (7, 14) for d in range(w, w + 5) for t in ("06:00", "15:00") * 2]
    roster, whole = replan(locked, new_rows)
    new = fairness(roster.assignments)
    assert new.loc["Cy", "late_shifts"] > new.loc["Ann", "late_shifts"] + 2  # Cy and Di make up for week 1
    assert new.loc["Di", "late_shifts"] > new.loc["Bob", "late_shifts"] + 2
    assert check_fairness(whole, AGENTS, max_weekend_spread=0, max_late_spread=2) == []
    # the same weeks rostered blind to the published ones: even on their own, uneven over the horizon
    _, blind = replan(locked, new_rows, counted=False)
    assert any(p.startswith("late shifts") for p in check_fairness(blind, AGENTS, max_weekend_spread=0,
                                                                   max_late_spread=2))


def test_the_checker_sees_an_unfair_whole_horizon():
    # the same new weeks rostered without the published ones: fair on their own, not over the whole horizon
    rows = [(a, d, "09:00", 8) for w in (0, 7) for d in (w + 5, w + 6) for a in ("Ann", "Bob")]
    rows += [(a, d, "09:00", 8) for w in (0, 7) for d in range(w, w + 5) for a in ("Cy", "Di")]
    locked = locked_rows(rows)
    _, whole = replan(locked, [(d, "09:00", 8, "full") for d in range(14, 28) for _ in range(2)], counted=False)
    problems = check_fairness(whole, AGENTS, max_weekend_spread=1, max_late_spread=2)
    assert problems and problems[0].startswith(("weekend days: Ann", "weekend days: Bob")), problems
