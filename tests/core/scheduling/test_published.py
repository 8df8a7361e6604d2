"""Publish and re-plan: locked weeks are kept exactly, nights into the next week count, the roster rests."""

import numpy as np
import pandas as pd
import pytest

from tests.core.scheduling.roster_checker import check_roster
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.compute import solve_and_roster
from wfm_desktop.core.scheduling import published
from wfm_desktop.core.scheduling.roster import Agent, RosterRules
from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings
from wfm_desktop.core.scheduling.templates import template_from_record

MONDAY = pd.Timestamp("2026-01-05")


def requirement(weeks=2, day_need=3.0, extra_week2=0.0):
    starts = pd.date_range(MONDAY, periods=weeks * 7 * 24, freq="60min")
    hour = starts.hour
    need = np.where((hour >= 8) & (hour < 20), day_need, 0.0) + np.where((hour >= 22) | (hour < 6), 1.0, 0.0)
    need = need + np.where(starts >= MONDAY + pd.Timedelta(days=7), extra_week2, 0.0) * ((hour >= 8) & (hour < 20))
    return pd.DataFrame({"start": starts, "required": need})


TEMPLATES = [
    template_from_record({"name": "Day", "start_earliest": "08:00", "start_latest": "12:00", "start_step_min": 60,
                          "paid_length_min": 480, "breaks": "lunch 60 unpaid 3:00-4:00", "weekdays": "all",
                          "contract": "full", "cost_per_hour": 20}, "test"),
    template_from_record({"name": "Night", "start_earliest": "22:00", "start_latest": "22:00", "start_step_min": 60,
                          "paid_length_min": 480, "breaks": "", "weekdays": "all", "contract": "full",
                          "cost_per_hour": 25}, "test"),
]
SETTINGS = ScheduleSettings(time_limit_s=30)
RULES = RosterRules(min_rest_h=11)


def solved(frame, locked=None, agents=20):
    return solve_and_roster(frame, TEMPLATES, SETTINGS, RULES, agents, locked=locked)


def test_a_resolve_keeps_the_locked_week_and_schedules_the_rest():
    result, roster, error = solved(requirement())
    assert error is None
    locked = published.lock_weeks(result, roster, 1)
    assert (pd.to_datetime(locked["day"]) < MONDAY + pd.Timedelta(days=7)).all() and len(locked) > 0
    assert (locked["agent"] != "").all()
    # demand rises in week 2; week 1 is published and must not move
    again, roster2, error2 = solved(requirement(extra_week2=2.0), locked=locked)
    assert error2 is None
    kept = again.shifts.iloc[:len(locked)]
    for col in ("day", "start", "end", "template"):
        assert list(pd.to_datetime(kept[col]) if col != "template" else kept[col]) == \
               list(pd.to_datetime(locked[col]) if col != "template" else locked[col])
    week1 = again.coverage[again.coverage["start"] < MONDAY + pd.Timedelta(days=7)]
    old1 = result.coverage[result.coverage["start"] < MONDAY + pd.Timedelta(days=7)]
    # the cyclic rule: day 1's early hours hold what the horizon's last night runs past its end, and the
    # last night is re-planned; everything else in the published week is exactly as published
    def spill(res):
        end = MONDAY + pd.Timedelta(days=14)
        g = 60
        out = np.zeros(len(week1))
        for row in res.shifts.itertuples(index=False):
            over = (pd.Timestamp(row.end) - max(pd.Timestamp(row.start), end)) / pd.Timedelta(minutes=1)
            for k in range(int(max(over, 0) // g)):
                out[k] += 1.0
        return out
    carried = spill(result) > 0
    assert np.allclose(week1["scheduled"].to_numpy() - spill(again), old1["scheduled"].to_numpy() - spill(result))
    assert carried.any()  # the check above covers a night carried in, not only day hours
    # week 2 covers the higher demand
    week2 = again.coverage[again.coverage["start"] >= MONDAY + pd.Timedelta(days=7)]
    # (the last night, 22:00-24:00 of the horizon's last day, costs as much covered as not: left out)
    assert week2["under"].iloc[:-2].sum() == 0 and week2["required"].max() == 5.0
    # the locked assignments are the published ones
    by_shift = roster2.assignments.set_index("shift_id")["agent"]
    assert [by_shift[i] for i in locked["shift_id"]] == list(locked["agent"])
    # every rule holds on the whole horizon, the rest across the locked edge included
    agents = [Agent(n) for n in roster2.agents["agent"]]
    shifts = again.shifts
    assert check_roster(roster2.assignments, shifts, agents, RULES, repeating=False) == []


def test_the_night_from_the_last_locked_day_covers_the_first_new_morning():
    result, roster, _ = solved(requirement())
    locked = published.lock_weeks(result, roster, 1)
    sunday_night = locked[(pd.to_datetime(locked["day"]) == MONDAY + pd.Timedelta(days=6))
                          & (pd.to_datetime(locked["start"]).dt.hour == 22)]
    assert len(sunday_night) == 1
    full, rest = published.replan_requirement(requirement(), locked)
    # Monday of week 2, 00:00-06:00: 1 required, the locked night covers it: nothing left to schedule
    early = rest.frame[rest.frame["start"] < MONDAY + pd.Timedelta(days=7, hours=6)]
    assert len(early) == 6 and (early["required"] == 0).all()
    assert rest.days[0] == MONDAY + pd.Timedelta(days=7)
    again, _, _ = solved(requirement(), locked=locked)
    night_cover = again.coverage[(again.coverage["start"] >= MONDAY + pd.Timedelta(days=7))
                                 & (again.coverage["start"] < MONDAY + pd.Timedelta(days=7, hours=6))]
    assert (night_cover["scheduled"] == 1.0).all() and (night_cover["difference"] == 0).all()
    # and the new week does not put a second night agent there
    new_mon = again.shifts[(pd.to_datetime(again.shifts["start"]) < MONDAY + pd.Timedelta(days=7, hours=6))
                           & (pd.to_datetime(again.shifts["end"]) > MONDAY + pd.Timedelta(days=7))]
    assert len(new_mon) == 1


def test_locked_coverage_takes_breaks_off():
    locked = published.locked_frame(pd.DataFrame({
        "day": [MONDAY], "start": [MONDAY + pd.Timedelta(hours=8)], "end": [MONDAY + pd.Timedelta(hours=17)],
        "paid_h": [8.0], "breaks_min": ["180+60"], "agent": ["Ann"]}))
    cover = published.locked_coverage(locked, MONDAY, 30, 48)
    assert cover.sum() * 0.5 == 8.0
    assert list(cover[16:34]) == [1.0] * 6 + [0.0] * 2 + [1.0] * 10


def test_locking_more_weeks_than_the_schedule_has_is_refused():
    result, roster, _ = solved(requirement(weeks=1))
    with pytest.raises(WfmError, match="fewer than 2 whole week"):
        published.lock_weeks(result, roster, 2)
    locked = published.lock_weeks(result, roster, 1)
    with pytest.raises(WfmError, match="nothing is left to schedule"):
        published.replan_requirement(requirement(weeks=1), locked)


def test_the_plan_file_keeps_agents_and_locked_weeks(tmp_path):
    from wfm_desktop.core.plan.defaults import SCHEDULE_AGENTS, SCHEDULE_LOCKED
    from wfm_desktop.core.plan.file_format import SCHEMA_VERSION
    from wfm_desktop.core.plan.model import Plan
    from wfm_desktop.core.plan.saved import open_plan, save
    from wfm_desktop.core.scheduling.roster_agents import agents_from_frame, agents_to_frame

    result, roster, _ = solved(requirement())
    locked = published.lock_weeks(result, roster, 1)
    agents = agents_to_frame([Agent("Ann", "part", 10, 20, (MONDAY,), ((5, 0, 1440),), (420, 540), (6,))])
    plan = Plan({SCHEDULE_AGENTS: agents, SCHEDULE_LOCKED: locked})
    fp_before = plan.fingerprint("schedule")
    save(plan, tmp_path / "p.wfmplan")
    again = open_plan(tmp_path / "p.wfmplan")
    assert SCHEMA_VERSION >= 7
    assert agents_from_frame(again.input(SCHEDULE_AGENTS)) == agents_from_frame(agents)
    back = published.locked_frame(again.input(SCHEDULE_LOCKED))
    assert list(back["agent"]) == list(locked["agent"]) and list(back["breaks_min"]) == list(locked["breaks_min"])
    assert list(pd.to_datetime(back["start"])) == list(pd.to_datetime(locked["start"]))
    assert again.fingerprint("schedule") == fp_before
