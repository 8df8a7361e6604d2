"""Staffing of one interval, shrinkage, gross agents, FTE and the rule of thumb."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfm_desktop.core.staffing.erlang import ServiceTarget
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.calculator import (
    IntervalInputs,
    ShrinkageCategory,
    ShrinkageTable,
    calculate_interval,
    fte,
    gross_agents,
    rule_of_thumb,
)


def test_published_example_with_shrinkage_and_cap():
    r = calculate_interval(IntervalInputs(100, 30, 180, shrinkage=0.3))
    assert (r.agents_net, r.agents_gross) == (14, 20)
    assert round(r.service_level, 4) == 0.8884
    assert round(r.asa_s, 2) == 7.84
    assert r.abandon_rate is None and r.model == "Erlang C"
    capped = calculate_interval(IntervalInputs(100, 30, 180, ServiceTarget(0.8, 20, max_occupancy=0.70), 0.3))
    assert (capped.agents_net, capped.agents_gross) == (15, 22)


def test_published_1000_calls_via_the_calculator():
    r = calculate_interval(IntervalInputs(1000, 60, 120, ServiceTarget(0.8, 20, max_occupancy=0.85)))
    assert r.agents_net == 40
    assert (round(r.service_level, 4), round(r.asa_s, 2), round(r.occupancy, 4)) == (0.9372, 3.43, 0.8333)


def test_result_table_around_the_answer():
    r = calculate_interval(IntervalInputs(100, 30, 180), span=3)
    t = r.table
    assert t["agents"].tolist() == [11, 12, 13, 14, 15, 16, 17]
    assert t["meets_target"].tolist() == [False, False, False, True, True, True, True]
    assert list(t.columns) == ["agents", "p_wait", "service_level", "asa_s", "occupancy", "meets_target"]
    assert "Erlang C" in r.method_note and "14 agents" in r.method_note


def test_table_near_zero_and_unstable_rows():
    r = calculate_interval(IntervalInputs(100, 30, 180), span=6)
    row = r.table.set_index("agents").loc[10]
    assert row["service_level"] == 0.0 and math.isnan(row["asa_s"])
    zero = calculate_interval(IntervalInputs(0, 30, 180))
    assert (zero.agents_net, zero.agents_gross, zero.service_level, zero.asa_s, zero.occupancy) == (0, 0, 1.0, 0.0, 0.0)
    assert zero.table["agents"].iloc[0] == 0


def test_erlang_a_result_has_abandonment_column_and_model_name():
    r = calculate_interval(IntervalInputs(100, 30, 180, patience_s=60))
    assert r.model == "Erlang A (patience 60 s)"
    assert r.abandon_rate is not None and 0 < r.abandon_rate < 0.2
    assert "abandon_rate" in r.table.columns
    assert r.agents_net <= 14


def test_chat_uses_effective_handle_time_per_chat():
    chat = calculate_interval(IntervalInputs(300, 30, 540, concurrency=3))
    calls = calculate_interval(IntervalInputs(300, 30, 180))
    assert chat.agents_net == calls.agents_net
    assert chat.workload_erlangs == pytest.approx(30.0)
    assert chat.model == "Erlang C, chat ×3 (effective AHT per chat)"


def test_multiply_convention_is_labelled():
    r = calculate_interval(IntervalInputs(100, 30, 180, shrinkage=0.3, convention="multiply"))
    assert r.agents_gross == 19  # 14 × 1.3 = 18.2 → 19, fewer than the correct 20
    assert "multiply convention" in r.method_note


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(contacts=-1), "contacts"),
        (dict(contacts=float("nan")), "contacts"),
        (dict(aht_s=0), "AHT"),
        (dict(interval_min=0), "interval length"),
        (dict(shrinkage=30), "above 1"),
        (dict(shrinkage=1.0), "shrinkage"),
        (dict(patience_s=0), "patience"),
        (dict(concurrency=1.5), "concurrency"),
        (dict(concurrency=0), "concurrency"),
    ],
)
def test_interval_inputs_validation(kwargs, words):
    base = dict(contacts=100, interval_min=30, aht_s=180)
    base.update(kwargs)
    with pytest.raises(WfmError) as info:
        IntervalInputs(**base)
    assert words in str(info.value)


# ------------------------------------------------------------------ shrinkage, gross, FTE


def test_gross_rounding_tolerance():
    assert int(gross_agents(21, 0.3)) == 30  # 21 / 0.7 is 30 up to float noise
    assert int(gross_agents(14, 0.3)) == 20
    assert int(gross_agents(0, 0.3)) == 0
    assert gross_agents([19, 19], [0.3, 0.0]).tolist() == [28, 19]
    assert int(gross_agents(19, 0.3, "multiply")) == 25
    with pytest.raises(WfmError, match="convention"):
        gross_agents(19, 0.3, "add")


def test_shrinkage_table_scheduled_and_unscheduled_parts():
    table = ShrinkageTable((
        ShrinkageCategory("breaks", 0.10, scheduled=True),
        ShrinkageCategory("absence", 0.08),
        ShrinkageCategory("training", 0.12),
    ))
    assert table.total == pytest.approx(0.30)
    assert table.unscheduled == pytest.approx(0.20)
    assert table.scheduled == pytest.approx(0.10)
    assert int(table.gross_for_budget(14)) == 20
    assert int(table.gross_for_scheduling(14)) == 18  # 14 / 0.8 = 17.5: breaks are placed by the schedule
    back = ShrinkageTable.from_frame(table.to_frame())
    assert back == table
    assert 0 < ShrinkageTable.typical().total < 1


def test_shrinkage_table_validation():
    with pytest.raises(WfmError, match="below 100%"):
        ShrinkageTable((ShrinkageCategory("a", 0.6), ShrinkageCategory("b", 0.5)))
    with pytest.raises(WfmError, match="more than once"):
        ShrinkageTable((ShrinkageCategory("a", 0.1), ShrinkageCategory("a", 0.1)))
    with pytest.raises(WfmError, match="above 1"):
        ShrinkageCategory("holiday", 12)


def test_fte():
    assert float(fte(75, 37.5)) == 2.0
    assert fte([40, 80], 40).tolist() == [1.0, 2.0]
    with pytest.raises(WfmError, match="contracted hours"):
        fte(10, 0)


def test_rule_of_thumb_classic_example():
    r = rule_of_thumb(1200, 6, 450, 0.85, 0.30)
    assert round(r.live_agents_exact, 1) == 18.8
    assert r.live_agents == 19
    assert round(r.gross_multiply_exact, 1) == 24.7 and r.gross_multiply == 25
    assert r.gross_divide == 28 == math.ceil(19 / 0.7)
    assert "understates" in r.explanation and "28" in r.explanation and "25" in r.explanation


@settings(max_examples=100, deadline=None)
@given(net=st.integers(0, 5000), s=st.floats(0, 0.9))
def test_gross_is_at_least_net(net, s):
    g = int(gross_agents(net, s))
    assert g >= net
    assert g * (1 - s) >= net * (1 - 2e-9)  # enough paid agents, up to the rounding tolerance
    assert g == 0 or (g - 1) * (1 - s) < net  # and not one more than needed


@settings(max_examples=60, deadline=None)
@given(contacts=st.floats(0, 2000), aht=st.floats(20, 900), cap=st.floats(0.5, 1.0), s=st.floats(0, 0.6))
def test_calculator_respects_occupancy_cap_and_gross(contacts, aht, cap, s):
    r = calculate_interval(IntervalInputs(contacts, 30, aht, ServiceTarget(0.8, 20, max_occupancy=cap), s))
    assert r.occupancy <= cap + 1e-9
    assert r.agents_gross >= r.agents_net
    if r.workload_erlangs > 0:
        assert r.agents_net > r.workload_erlangs
    assert np.isfinite(r.service_level)


# ------------------------------------------------------------------ deferred work

from wfm_desktop.core.staffing.deferred import spread_deferred  # noqa: E402


def test_deferred_spreads_a_burst_over_the_response_window():
    # 8 emails of 30 min (4 agent-hours) in one half-hour, 2-hour target → 2 agents for 4 half-hours
    start = np.arange(8) * 30.0
    r = spread_deferred(start, [8, 0, 0, 0, 0, 0, 0, 0], 30, 2)
    assert r.agents_net.tolist() == [2, 2, 2, 2, 0, 0, 0, 0]
    assert r.capacity_erlangs.sum() * 30 == pytest.approx(8 * 30)  # all the work is done, none twice
    assert r.within_target.all()


def test_deferred_steady_state_needs_the_workload():
    r = spread_deferred(np.arange(48) * 30.0, np.full(48, 3.0), 30, 4)
    # after the first window fills, every interval needs exactly the workload (no Erlang margin)
    assert r.capacity_erlangs[8:] == pytest.approx(np.full(40, 3.0))
    assert (r.agents_net[8:] == 3).all()


def test_deferred_closed_hours_push_work_into_open_ones_and_flag_misses():
    start = np.arange(8) * 60.0
    open_mask = [False, False, False, True, True, True, True, True]
    r = spread_deferred(start, [2, 2, 0, 0, 0, 0, 0, 0], 60, 2.5, open_mask=open_mask)
    # hour 0's window (hours 0-2) is all closed: its work goes to hour 3, late; hour 1's window reaches hour 3
    assert r.within_target.tolist()[:2] == [False, True]
    assert r.capacity_erlangs[:3].tolist() == [0.0, 0.0, 0.0]
    assert r.capacity_erlangs.sum() == pytest.approx(4.0)


def test_deferred_windows_stay_within_a_queue_and_respect_the_cap():
    start = np.array([0.0, 30.0, 0.0, 30.0])
    r = spread_deferred(start, [2.0, 0.0, 0.0, 0.0], 30, 1, group=["a", "a", "b", "b"], max_occupancy=0.5)
    assert r.capacity_erlangs.tolist() == [1.0, 1.0, 0.0, 0.0]
    assert r.agents_net.tolist() == [2, 2, 0, 0]  # 1 Erlang of capacity at 50% productive time


def test_deferred_rejects_a_bad_target():
    with pytest.raises(WfmError, match="response target"):
        spread_deferred([0.0], [1.0], 30, 0)
