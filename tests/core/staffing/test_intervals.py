"""One interval engine: the same rows give the same numbers through `staff` (a table) and the plan.

Where the two front ends used to disagree (two engines before #14), the tests below say which
answer was right and pin it.
"""

from __future__ import annotations

import dataclasses
import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.erlang import ServiceTarget
from wfm_desktop.core.staffing.intervals import interval_requirements, staff_intervals, staff_table
from wfm_desktop.core.staffing.queue_settings import OpenHours, PlanSettings, QueueSettings
from wfm_desktop.core.staffing.shrinkage import ShrinkageCategory, ShrinkageTable

FLAT_30 = ShrinkageTable((ShrinkageCategory("absence", 0.3),))
METRICS = ["workload_erlangs", "agents_net", "agents_gross", "service_level", "asa_s", "occupancy"]


def _forecast(contacts, *, queue="Q", start="2027-03-01 08:00", aht_s=180.0):
    starts = pd.date_range(start, periods=len(contacts), freq="30min")
    return pd.DataFrame({"queue": queue, "start": starts, "contacts": np.asarray(contacts, float), "aht_s": aht_s})


def _both(contacts, qs: QueueSettings, table_columns: dict, *, open_hours=True, **defaults):
    """The plan's and the staff table's answers for the same intervals, as two frames of METRICS.

    The quiet-gap rule (a plan's night requirement, core/staffing/quiet.py) is off here: `staff`
    staffs each row of any table on its own."""
    qs = dataclasses.replace(qs, fill_quiet_gaps=False)
    forecast = _forecast(contacts)
    plan, _ = interval_requirements(forecast, PlanSettings(default=qs), 30)
    table = forecast.assign(interval_min=30, **table_columns)
    if open_hours:
        table = table.assign(open=plan["open"].to_numpy())
    staffed, _ = staff_table(table, shrinkage=0.3, **defaults)
    plan = plan[METRICS].astype(float)
    # Convention change (issue #21, FTE from unrounded hours): the plan's agents_gross is the paid agents,
    # net ÷ (1 − shrinkage) not rounded; `staff` gives whole agents per interval. Rounded up (with the
    # engine's 1e-9 tolerance) the plan's figure is the table's.
    paid = plan["agents_gross"].to_numpy()
    np.testing.assert_allclose(paid, plan["agents_net"].to_numpy() / (1 - 0.3), rtol=1e-12)
    plan["agents_gross"] = np.ceil(paid - 1e-9 * np.maximum(1.0, paid))
    return plan, staffed[METRICS].astype(float)


@pytest.mark.parametrize("qs, columns, defaults", [
    (QueueSettings(max_occupancy=0.85, shrinkage=FLAT_30), {},
     {"target": ServiceTarget(0.8, 20, max_occupancy=0.85)}),
    (QueueSettings(sl=0.9, answer_s=30, asa_s=15, max_occupancy=None, shrinkage=FLAT_30), {},
     {"target": ServiceTarget(0.9, 30, asa_s=15)}),
    (QueueSettings(channel="chat", concurrency=3, max_occupancy=None, shrinkage=FLAT_30), {"concurrency": 3},
     {"target": ServiceTarget(0.8, 20)}),
    (QueueSettings(patience_s=90, max_occupancy=None, shrinkage=FLAT_30), {"patience_s": 90},
     {"target": ServiceTarget(0.8, 20)}),
    (QueueSettings(open_hours=OpenHours.parse("08:00-11:00"), min_staff=3, max_occupancy=None, shrinkage=FLAT_30),
     {"min_staff": 3}, {"target": ServiceTarget(0.8, 20)}),
    (QueueSettings(channel="deferred", response_target_h=2, sl=None, max_occupancy=0.8, shrinkage=FLAT_30,
                   open_hours=OpenHours.parse("08:00-11:00")), {"response_h": 2},
     {"target": ServiceTarget(None, max_occupancy=0.8)}),
])
def test_the_same_rows_give_the_same_numbers_through_the_plan_and_the_staff_table(qs, columns, defaults):
    plan, staffed = _both([40, 120, 0, 75, 10, 30, 55, 0], qs, columns, **defaults)
    pd.testing.assert_frame_equal(plan, staffed)


def test_a_quiet_open_interval_meets_its_target_in_both():
    # Before: the plan left SL/ASA blank where an open interval had no contacts, `staff` (and the
    # calculator) gave SL 100%, ASA 0. With no contact nothing misses the target; `staff` was right.
    qs = QueueSettings(open_hours=OpenHours.parse("08:00-10:00"), min_staff=2, shrinkage=FLAT_30)
    plan, staffed = _both([0, 100, 0, 0, 9], qs, {"min_staff": 2},
                          target=ServiceTarget(0.8, 20, max_occupancy=0.85))
    assert plan["service_level"].tolist()[:4:2] == [1.0, 1.0] and plan["asa_s"].iloc[0] == 0.0
    assert np.isnan(plan["service_level"].iloc[4])  # closed: not staffed, no service level
    pd.testing.assert_frame_equal(plan, staffed)


def test_deferred_work_has_no_service_level_and_late_items_are_a_note():
    # Before: `staff` wrote service_level 1/0 for deferred rows (done within the response target or
    # not), the plan left it blank. A deferred row has no queue and no answer time: the plan was right;
    # late items are reported in words by both.
    qs = QueueSettings(channel="deferred", response_target_h=0.5, sl=None, max_occupancy=None,
                       open_hours=OpenHours.parse("08:00-09:00"), shrinkage=FLAT_30)
    forecast = _forecast([12, 0, 0], start="2027-03-01 07:30", aht_s=150)
    plan, plan_notes = interval_requirements(forecast, PlanSettings(default=qs), 30)
    table = forecast.assign(interval_min=30, response_h=0.5, open=plan["open"].to_numpy())
    staffed, staff_notes = staff_table(table, target=ServiceTarget(None, max_occupancy=1.0), shrinkage=0.3)
    assert staffed["agents_net"].tolist() == plan["agents_net"].tolist() == [0, 1, 0]
    assert staffed["service_level"].isna().all() and plan["service_level"].isna().all()
    assert list(staff_notes) == list(plan_notes)
    assert "cannot be done within the 0.5-hour response target" in staff_notes[1]


def test_a_closed_interval_gets_no_agents_whatever_its_channel():
    # Before: the staff table's `open` column only closed deferred rows; a voice row marked closed
    # was still staffed. The plan staffs no closed interval: it was right.
    table = pd.DataFrame({"contacts": [100, 100], "aht_s": 180, "interval_min": 30, "open": ["yes", "closed"]})
    staffed, notes = staff_table(table)
    assert staffed["agents_net"].tolist() == [14, 0]
    assert notes == ("table: 100 contacts forecast outside the opening hours are not staffed.",)


def test_the_answer_time_column_is_answer_s_and_the_old_name_still_reads():
    table = pd.DataFrame({"contacts": [100], "aht_s": [180], "interval_min": [30]})
    new, _ = staff_table(table.assign(answer_s=60))
    old, _ = staff_table(table.assign(target_answer_s=60))
    assert new["agents_net"].iloc[0] == old["agents_net"].iloc[0] < staff_table(table)[0]["agents_net"].iloc[0]
    with pytest.raises(WfmError, match="same thing"):
        staff_table(table.assign(answer_s=60, target_answer_s=20))


def test_the_engine_on_arrays():
    # 100 calls in 30 min at 180 s: 14 agents for 80/20, SL 0.8884, ASA 7.84 s
    r = staff_intervals([100.0, 0.0], 180.0, 30.0, sl=0.8, answer_s=20.0, asa_s=np.nan, max_occupancy=np.nan)
    assert r.agents_net.tolist() == [14, 0]
    assert r.service_level[0] == pytest.approx(0.8884, abs=1e-4) and r.asa_s[0] == pytest.approx(7.84, abs=0.01)
    assert not r.with_abandonment and not r.late.any()


def test_a_history_without_handle_times_is_planned_with_the_queues_aht():
    """The 2003 bank data has calls but no AHT: the planner gives one, and it is used only where the
    forecast has none (a forecast with AHT keeps its own)."""
    no_aht = _forecast([10.0, 40.0, 0.0], aht_s=np.nan)
    with pytest.raises(WfmError, match="no handle time"):
        interval_requirements(no_aht, PlanSettings(default=QueueSettings()), 30)
    given = interval_requirements(no_aht, PlanSettings(default=QueueSettings(aht_s=300.0)), 30)[0]
    same = interval_requirements(_forecast([10.0, 40.0, 0.0], aht_s=300.0), PlanSettings(default=QueueSettings()), 30)[0]
    assert given["aht_s"].tolist()[:2] == [300.0, 300.0]
    assert given["agents_net"].tolist() == same["agents_net"].tolist()
    # 40 calls of 300 s in 30 min = 6.667 Erlangs; 80/20 needs 10 agents (Erlang C, checked by hand)
    assert given["workload_erlangs"].iloc[1] == pytest.approx(40 * 300 / 1800)
    kept = interval_requirements(_forecast([10.0], aht_s=120.0), PlanSettings(default=QueueSettings(aht_s=300.0)), 30)[0]
    assert kept["aht_s"].tolist() == [120.0]
