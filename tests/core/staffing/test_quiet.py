"""Sensible nights: automatic minimum staff for queues open around the clock, and the quiet-gap rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.intervals import interval_requirements
from wfm_desktop.core.staffing.queue_settings import (
    OpenHours, PlanSettings, QueueSettings, queue_settings_from_dict, queue_settings_to_dict,
)
from wfm_desktop.core.staffing.quiet import min_staff_for, open_around_the_clock, quiet_gaps
from wfm_desktop.core.staffing.shrinkage import ShrinkageCategory, ShrinkageTable

FLAT_35 = ShrinkageTable((ShrinkageCategory("absence", 0.35),))
ALL_DAY = OpenHours.parse("00:00-24:00", saturday="00:00-24:00", sunday="00:00-24:00")


def night(contacts, *, start="2027-03-01 22:00", step="30min") -> pd.DataFrame:
    starts = pd.date_range(start, periods=len(contacts), freq=step)
    return pd.DataFrame({"queue": "Night", "start": starts, "contacts": np.asarray(contacts, float), "aht_s": 240.0})


# A bank's night: 0.2–0.6 contacts per half hour, with exact zeros where the history had none.
NIGHT = [0.4, 0.0, 0.3, 0.0, 0.0, 0.5, 0.0, 0.2, 0.6, 0.0, 0.3, 0.0]


def test_the_gap_rule_on_arrays():
    contacts = np.array([0, 0.3, 0, 0.4, 0, 0, 0.5, 0, 0, 0, 0, 0.2])
    net = (contacts > 0).astype(int)
    start = np.arange(12) * 30.0
    assert quiet_gaps(net, contacts, np.ones(12, bool), start, 30).astype(int).tolist() == \
        [0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0]  # runs of 30 and 60 min filled; 120 min and the edge not
    # 15-minute intervals: a run of four (an hour) is filled, five is not
    c15 = np.array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], float)
    assert quiet_gaps((c15 > 0).astype(int), c15, np.ones(12, bool), np.arange(12) * 15.0, 15).astype(int).tolist() \
        == [0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    closed = np.ones(12, bool)
    closed[2] = False  # closed by the opening hours: never filled
    assert not quiet_gaps(net, contacts, closed, start, 30)[2]


def test_without_the_rule_a_night_flickers_between_0_and_2_and_with_it_it_does_not():
    qs = QueueSettings(open_hours=None, shrinkage=FLAT_35, fill_quiet_gaps=False, min_staff=0)
    before, _ = interval_requirements(night(NIGHT), PlanSettings(default=qs), 30)
    assert before["agents_schedule"].tolist() == [2, 0, 2, 0, 0, 2, 0, 2, 2, 0, 2, 0]
    after, notes = interval_requirements(night(NIGHT), PlanSettings(default=QueueSettings(shrinkage=FLAT_35)), 30)
    # every empty run between staffed intervals is at most an hour: all filled; the last is an edge
    assert after["agents_net"].tolist() == [1] * 11 + [0]
    assert after["agents_schedule"].tolist() == [2] * 11 + [0]
    filled = (before["agents_net"] == 0) & (after["agents_net"] == 1)
    assert after.loc[filled, "service_level"].eq(1.0).all() and after.loc[filled, "asa_s"].eq(0.0).all()
    assert after.loc[filled, "open"].all() and after.loc[filled, "occupancy"].eq(0.0).all()
    assert any("5 quiet interval(s)" in n for n in notes)
    # never lower: where the rule does nothing the numbers are the same
    same = ~filled
    pd.testing.assert_frame_equal(after[same].reset_index(drop=True), before[same].reset_index(drop=True))


def test_a_long_quiet_stretch_and_the_edges_stay_empty():
    day = [0.0] * 4 + [5, 8, 0, 0, 0, 9] + [0.0] * 4  # 06:00 … 12:30: a 90-minute gap is real
    req, _ = interval_requirements(night(day, start="2027-03-01 06:00"), PlanSettings(default=QueueSettings()), 30)
    assert req["agents_net"].tolist()[:4] == [0, 0, 0, 0] and req["agents_net"].tolist()[-4:] == [0, 0, 0, 0]
    assert req["agents_net"].tolist()[6:9] == [0, 0, 0]


def test_a_queue_open_around_the_clock_has_one_agent_in_every_interval_by_default():
    assert open_around_the_clock(ALL_DAY) and not open_around_the_clock(OpenHours.parse("08:00-20:00"))
    assert not open_around_the_clock(None)
    assert min_staff_for(None, ALL_DAY) == 1 and min_staff_for(None, OpenHours.parse("08:00-20:00")) == 0
    assert min_staff_for(0, ALL_DAY) == 0 and min_staff_for(3, None) == 3
    quiet = [0.0] * 6 + [0.3] + [0.0] * 6  # long empty stretches: the gap rule alone leaves them at 0
    auto, _ = interval_requirements(night(quiet), PlanSettings(default=QueueSettings(open_hours=ALL_DAY)), 30)
    assert auto["agents_net"].tolist() == [1] * 13
    chosen, _ = interval_requirements(night(quiet), PlanSettings(default=QueueSettings(open_hours=ALL_DAY,
                                                                                       min_staff=0)), 30)
    assert chosen["agents_net"].tolist() == [0] * 6 + [1] + [0] * 6
    daytime, _ = interval_requirements(night(quiet, start="2027-03-01 08:00"),
                                       PlanSettings(default=QueueSettings(open_hours=OpenHours.parse("08:00-20:00"))), 30)
    assert daytime["agents_net"].tolist() == [0] * 6 + [1] + [0] * 6


def test_settings_save_and_old_plans_keep_their_values():
    new = QueueSettings()
    assert new.min_staff is None and new.fill_quiet_gaps
    data = queue_settings_to_dict(new)
    assert data["min_staff"] is None and data["fill_quiet_gaps"] is True
    assert queue_settings_from_dict(data) == new
    old = {k: v for k, v in data.items() if k not in ("min_staff", "fill_quiet_gaps")}
    kept = queue_settings_from_dict(old)  # a file written before these settings
    assert kept.min_staff == 0 and kept.fill_quiet_gaps is False
    assert queue_settings_from_dict({**old, "min_staff": 0}).min_staff == 0
    with pytest.raises(WfmError, match="minimum staff"):
        QueueSettings(min_staff=-1)


def test_the_old_release_plan_opens_with_its_minimum_staff_and_no_gap_rule():
    from pathlib import Path

    from wfm_desktop.core.plan.file_format import SCHEMA_VERSION
    from wfm_desktop.core.plan.migrations import migrate_v4_to_v5
    from wfm_desktop.core.plan.saved import open_plan

    from wfm_desktop.core.staffing.queue_settings import plan_settings_from_dict

    plan = open_plan(Path(__file__).parents[2] / "data" / "old_release" / "release_1.wfmplan")
    staffing = plan_settings_from_dict(plan.input("staffing/settings"))  # it never edited them
    assert staffing.quiet_defaults is False
    for queue in ("Sales", "Chat support"):
        qs = staffing.for_queue(queue)
        assert qs.min_staff == 0 and qs.fill_quiet_gaps is False
    assert SCHEMA_VERSION >= 5
    v4_plan = {"schema_version": 4, "settings": {"inputs": {"staffing/settings": {
        "default": {"channel": "voice", "min_staff": 2},
        "queues": {"A": {"channel": "voice"}, "B": {"channel": "voice", "min_staff": 0}}}}}}
    v4 = migrate_v4_to_v5(v4_plan)["settings"]["inputs"]["staffing/settings"]
    assert v4["quiet_defaults"] is False
    assert v4["default"] == {"channel": "voice", "min_staff": 2, "fill_quiet_gaps": False}
    assert v4["queues"]["A"] == {"channel": "voice", "min_staff": 0, "fill_quiet_gaps": False}
    assert v4["queues"]["B"]["min_staff"] == 0
