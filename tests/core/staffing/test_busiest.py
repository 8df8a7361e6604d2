"""The plan's busiest interval (where the Calculator and Trade-offs pages start), worked out by hand."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from wfm_desktop.core.staffing.busiest import busiest_interval
from wfm_desktop.core.staffing.queue_settings import PlanSettings, QueueSettings


def _plan(workloads: dict[str, list[float]]):
    starts = pd.date_range("2027-03-01 08:00", periods=4, freq="30min")
    rows = [pd.DataFrame({"queue": q, "start": starts, "contacts": [w * 10 for w in ws], "aht_s": 180.0,
                          "workload_erlangs": ws}) for q, ws in workloads.items()]
    settings = PlanSettings(queues={"Sales": QueueSettings(sl=0.9, answer_s=15), "Care": QueueSettings(sl=0.8)})
    return SimpleNamespace(requirements=pd.concat(rows, ignore_index=True), settings=settings, interval_min=30)


def test_the_busiest_queue_by_total_workload_and_its_busiest_interval():
    # Care has the single biggest interval (9) but Sales the larger total (4+5+6+7 = 22 > 1+9+1+1 = 12).
    plan = _plan({"Sales": [4, 5, 6, 7], "Care": [1, 9, 1, 1]})
    answer = busiest_interval(plan)
    assert answer.queue == "Sales" and answer.start == pd.Timestamp("2027-03-01 09:30")
    assert answer.contacts == 70 and answer.sl == 0.9 and answer.answer_s == 15 and answer.interval_min == 30


def test_the_answer_is_kept_for_the_same_result_and_worked_out_again_for_a_new_one():
    first = _plan({"Sales": [4, 5, 6, 7], "Care": [1, 9, 1, 1]})
    assert busiest_interval(first) is busiest_interval(first)  # the same result: the same answer
    second = _plan({"Sales": [1, 1, 1, 1], "Care": [1, 9, 1, 1]})  # a new result, now Care is busiest
    answer = busiest_interval(second)
    assert answer.queue == "Care" and answer.start == pd.Timestamp("2027-03-01 08:30")
    assert busiest_interval(first).queue == "Sales"


def test_no_contacts_no_busiest_interval():
    assert busiest_interval(_plan({"Sales": [0, 0, 0, 0]})) is None
    assert busiest_interval(None) is None
