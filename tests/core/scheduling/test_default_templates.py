"""Templates that follow the opening hours: per weekday, special dates, and a new plan's templates."""

import numpy as np
import pandas as pd

from wfm_desktop.core.plan.compute import follow_opening_hours
from wfm_desktop.core.plan.defaults import SCHEDULE_TEMPLATES, opening_hours_templates
from wfm_desktop.core.plan.model import Plan
from wfm_desktop.core.scheduling.default_templates import templates_for_hours
from wfm_desktop.core.scheduling.demand import prepare_requirement
from wfm_desktop.core.scheduling.templates import templates_from_frame


def week(hours_by_weekday, days=7, first="2026-01-05", closed=()):
    """15-minute requirement: 3 agents inside each weekday's (open, close) hours, 0 elsewhere."""
    starts = pd.date_range(first, periods=days * 96, freq="15min")
    minute = starts.hour * 60 + starts.minute
    need = np.zeros(len(starts))
    for i, (stamp, m) in enumerate(zip(starts, minute)):
        hours = hours_by_weekday.get(stamp.day_of_week)
        if hours and hours[0] <= m and m + 15 <= hours[1] and stamp.normalize() not in closed:
            need[i] = 3.0
    return pd.DataFrame({"start": starts, "agents_schedule": need})


def by_name(frame):
    return {t.name: t for t in templates_for_hours(prepare_requirement(frame))}


def test_seven_day_hours_give_each_group_of_weekdays_its_own_windows():
    weekdays = {d: (7 * 60, 21 * 60) for d in range(5)}
    frame = week({**weekdays, 5: (9 * 60, 17 * 60)})  # Saturday 09–17, Sunday closed
    t = by_name(frame)
    # Saturday's 8 hours hold no 8h30 full shift (with its lunch): part-time only
    assert set(t) == {"Full 8h Mon-Fri", "Part 4h Mon-Fri", "Part 4h Sat"}
    full, sat = t["Full 8h Mon-Fri"], t["Part 4h Sat"]
    assert full.weekdays == frozenset(range(5)) and sat.weekdays == frozenset({5})
    # from opening until the last start whose 8h30 span (with its lunch) ends by closing
    assert (full.start_earliest_min, full.start_latest_min) == (7 * 60, 12 * 60 + 30)
    assert full.start_latest_min + full.span_min == 21 * 60
    assert (t["Part 4h Sat"].start_earliest_min, t["Part 4h Sat"].start_latest_min) == (9 * 60, 13 * 60)
    assert all(not tpl.runs_on(6) for tpl in t.values())  # nothing on the closed Sunday


def test_a_special_date_closed_or_shorter_is_what_the_requirement_shows():
    hours = {d: (8 * 60, 20 * 60) for d in range(7)}
    # one week: Wednesday 2026-01-07 is a holiday (closed) -> no Wednesday template, the rest unchanged
    t = by_name(week(hours, closed=(pd.Timestamp("2026-01-07"),)))
    assert t["Full 8h"].weekdays == frozenset({0, 1, 3, 4, 5, 6})  # one group: names as they are
    assert not any(tpl.runs_on(2) for tpl in t.values())
    # two weeks: the other Wednesday is open, so Wednesday keeps its hours (templates are per weekday)
    t = by_name(week(hours, days=14, closed=(pd.Timestamp("2026-01-07"),)))
    assert set(t) == {"Full 8h", "Part 4h"} and t["Full 8h"].weekdays == frozenset(range(7))


def test_a_queue_open_round_the_clock_gets_starts_round_the_clock_and_nights():
    t = by_name(week({d: (0, 1440) for d in range(7)}))
    assert set(t) == {"Full 8h", "Night 8h"}
    assert (t["Full 8h"].start_earliest_min, t["Full 8h"].start_latest_min) == (0, 23 * 60 + 30)
    night = t["Night 8h"]
    assert night.start_earliest_min == 20 * 60 and night.start_latest_min + night.span_min > 24 * 60 + 6 * 60


def test_a_new_plan_takes_the_opening_hours_and_a_saved_plan_keeps_its_templates():
    frame = week({d: (0, 1440) for d in range(7)})
    plan = Plan({"schedule/requirement": frame})
    assert follow_opening_hours(plan) is True
    names = [t.name for t in templates_from_frame(plan.input(SCHEDULE_TEMPLATES), "plan")]
    assert names == ["Full 8h", "Night 8h"]
    assert not plan.inputs.can_undo and not plan.inputs.is_modified  # a default made explicit, not an edit
    assert follow_opening_hours(plan) is False  # once only
    kept = opening_hours_templates(week({d: (9 * 60, 17 * 60) for d in range(7)}))
    saved = Plan({"schedule/requirement": frame, SCHEDULE_TEMPLATES: kept})
    assert follow_opening_hours(saved) is False
    assert saved.input(SCHEDULE_TEMPLATES) is kept
    assert follow_opening_hours(Plan()) is False  # nothing to follow yet: the plan still means the examples
    assert Plan().input(SCHEDULE_TEMPLATES) is None


def test_the_cli_auto_and_the_plan_default_are_one_function():
    from wfm_desktop.cli.schedule_cmd import auto_templates
    from wfm_desktop.core.scheduling.templates import templates_to_frame

    frame = week({d: (6 * 60, 22 * 60) for d in range(6)})
    pd.testing.assert_frame_equal(templates_to_frame(auto_templates(frame)), opening_hours_templates(frame))


def test_a_plan_saved_before_it_has_a_requirement_still_follows_the_opening_hours(tmp_path):
    from wfm_desktop.core.plan.saved import open_plan, save

    plan = Plan({"schedule/options": {"time_limit_s": 12}})  # edited, saved (or autosaved) before Staffing ran
    path = save(plan, tmp_path / "early.wfmplan")
    assert plan.input(SCHEDULE_TEMPLATES) is None and plan.input("schedule/options")["time_limit_s"] == 12
    opened = open_plan(path)
    assert opened.input(SCHEDULE_TEMPLATES) is None
    opened.inputs.set("schedule/requirement", week({d: (0, 1440) for d in range(7)}), "load")
    assert follow_opening_hours(opened)
    assert "Night 8h" in list(opened.input(SCHEDULE_TEMPLATES)["name"])
    # with a requirement, saving keeps what the plan computes with (here: its opening hours' templates)
    again = open_plan(save(opened, tmp_path / "later.wfmplan"))
    assert list(again.input(SCHEDULE_TEMPLATES)["name"]) == ["Full 8h", "Night 8h"]


def test_the_2003_bank_weekday_queue_gets_weekday_templates_from_opening(shared_data):
    # real calls: weekdays only, 07:00-21:00 in 5-minute intervals (the last starts at 21:00); one week of
    # them, rolled up to 15 minutes, as the shape of a requirement (an agent wherever calls arrive)
    calls = pd.read_csv(shared_data / "bank_calls_2003" / "bank_calls_2003_5min.csv", parse_dates=["interval_start"])
    week_calls = calls[(calls["interval_start"] >= "2003-10-13") & (calls["interval_start"] < "2003-10-20")]
    quarter = week_calls.groupby(week_calls["interval_start"].dt.floor("15min"))["calls"].sum()
    frame = pd.DataFrame({"start": quarter.index, "agents_schedule": np.ceil(quarter.to_numpy() / 20.0)})
    t = by_name(frame)
    # Tuesday 14 October 2003 is absent from the data (a holiday): its weekday has no other date this
    # week, so Tuesday gets no template; the other weekdays open 07:00 and close 21:15 (the 21:00 interval)
    assert set(t) == {"Full 8h", "Part 4h"}
    assert t["Full 8h"].weekdays == frozenset({0, 2, 3, 4})
    assert (t["Full 8h"].start_earliest_min, t["Full 8h"].start_latest_min) == (7 * 60, 12 * 60 + 30)
    assert (t["Part 4h"].start_earliest_min, t["Part 4h"].start_latest_min) == (7 * 60, 17 * 60)
