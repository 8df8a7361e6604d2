"""core.tradeoffs: deflection, curves, agents vs target, pooling and A/B comparison."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfm_desktop.core.staffing.erlang import ServiceTarget
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.calculator import IntervalInputs, calculate_interval
from wfm_desktop.core.staffing.tradeoffs import (
    DEFAULT_SL_SWEEP,
    FIGURES,
    VIEWS,
    Scenario,
    agent_curves,
    agent_window,
    agents_vs_target,
    compare,
    compute,
    deflect,
    pooling,
    summarise,
)


def scenario(contacts=100.0, aht_s=180.0, *, sl=0.8, answer_s=20.0, cap=None, shrinkage=0.3, patience_s=None,
             concurrency=1, deflection=0.0, hourly_cost=25.0, interval_min=30.0) -> Scenario:
    target = ServiceTarget(sl=sl, answer_s=answer_s, max_occupancy=cap)
    inputs = IntervalInputs(contacts, interval_min, aht_s, target=target, shrinkage=shrinkage,
                            patience_s=patience_s, concurrency=concurrency)
    return Scenario(inputs, deflection=deflection, hourly_cost=hourly_cost)


# --------------------------------------------------------------------------- deflection and summary


def test_deflection_reduces_volume_exactly():
    s = scenario(contacts=200, deflection=0.25)
    assert s.to_agents.contacts == 150.0
    assert s.inputs.contacts == 200  # the scenario itself is unchanged
    summary = summarise(s)
    assert summary.contacts == 200.0 and summary.contacts_to_agents == 150.0
    assert summary.workload_erlangs == pytest.approx(150 * 180 / 1800)


@given(contacts=st.floats(0, 5000), deflection=st.floats(0, 0.99))
def test_deflection_is_a_plain_multiplication(contacts, deflection):
    inputs = IntervalInputs(contacts, 30, 180)
    assert deflect(inputs, deflection).contacts == contacts * (1.0 - deflection)


@pytest.mark.parametrize("bad", [-0.1, 1.0, 20, float("nan")])
def test_deflection_out_of_range_is_refused(bad):
    with pytest.raises(WfmError, match="deflection"):
        Scenario(IntervalInputs(100, 30, 180), deflection=bad)


def test_negative_hourly_cost_is_refused():
    with pytest.raises(WfmError, match="hourly cost"):
        Scenario(IntervalInputs(100, 30, 180), hourly_cost=-1)


def test_summary_matches_the_calculator_and_the_published_example():
    s = summarise(scenario(hourly_cost=20))
    calc = calculate_interval(scenario().inputs)
    assert (s.agents_net, s.agents_gross) == (14, 20) == (calc.agents_net, calc.agents_gross)
    assert round(s.service_level, 4) == 0.8884
    assert round(s.asa_s, 2) == 7.84
    assert s.occupancy == pytest.approx(10 / 14)
    assert s.abandon_rate is None
    assert s.cost_per_hour == 400.0  # 20 gross × 20 per hour
    assert s.cost_per_contact == 2.0  # 400 per hour × 0.5 h ÷ 100 contacts
    assert s.model == "Erlang C"


def test_summary_with_patience_uses_erlang_a_like_the_calculator():
    s = summarise(scenario(patience_s=60))
    calc = calculate_interval(scenario(patience_s=60).inputs)
    assert s.agents_net == calc.agents_net
    assert s.abandon_rate == pytest.approx(calc.abandon_rate)
    assert s.model.startswith("Erlang A")


def test_concurrency_divides_the_handle_time():
    chat = summarise(scenario(contacts=120, aht_s=600, concurrency=3))
    assert chat.workload_erlangs == pytest.approx(120 * 200 / 1800)


def test_zero_contacts_need_no_agents_and_have_no_cost_per_contact():
    s = summarise(scenario(contacts=0))
    assert s.agents_net == 0 and s.agents_gross == 0 and s.cost_per_hour == 0
    assert s.cost_per_contact is None
    assert s.service_level == 1.0


# --------------------------------------------------------------------------- agent curves


def test_agent_curves_surround_the_requirement_and_agree_with_the_summary():
    s = scenario(contacts=400, aht_s=240)
    curves = agent_curves(s)
    summary = summarise(s)
    assert curves.agents_net == summary.agents_net
    assert curves.agents.min() < summary.agents_net < curves.agents.max()
    at = int(np.flatnonzero(curves.agents == summary.agents_net)[0])
    assert curves.service_level[at] == pytest.approx(summary.service_level)
    assert curves.occupancy[at] == pytest.approx(summary.occupancy)
    assert np.all(np.diff(curves.service_level) >= -1e-12)  # more agents, better service
    assert np.all(np.diff(curves.occupancy) <= 1e-12)
    assert not curves.erlang_a and np.isnan(curves.abandon_rate).all()


def test_agent_curves_with_patience_have_abandonment_falling_with_agents():
    curves = agent_curves(scenario(patience_s=45))
    assert curves.erlang_a
    assert np.all(np.diff(curves.abandon_rate) <= 1e-12)
    assert curves.agents.min() == 1  # Erlang A may staff below the workload: show it


def test_agent_window_grows_with_the_square_root_of_the_workload():
    assert agent_window(10.0, 14) == (9, 24)
    low, high = agent_window(10_000.0, 10_100)
    assert (low, high) == (9_999, 10_400)


# --------------------------------------------------------------------------- agents vs target


def test_agents_vs_target_is_monotone_and_matches_single_answers():
    s = scenario(contacts=300, aht_s=200)
    curve = agents_vs_target(s)
    assert np.array_equal(curve.sl_target, DEFAULT_SL_SWEEP)
    assert np.all(np.diff(curve.agents_net) >= 0) and np.all(np.diff(curve.agents_gross) >= 0)
    assert np.all(curve.agents_gross >= curve.agents_net)
    assert np.array_equal(curve.cost_per_hour, curve.agents_gross * 25.0)
    i = int(np.flatnonzero(np.isclose(curve.sl_target, 0.8))[0])
    assert curve.agents_net[i] == summarise(s).agents_net
    assert curve.current_sl == 0.8


@settings(max_examples=25, deadline=None)
@given(contacts=st.floats(1, 1500), aht_s=st.floats(30, 900), patience=st.one_of(st.none(), st.floats(10, 300)))
def test_agents_vs_target_never_decreases(contacts, aht_s, patience):
    curve = agents_vs_target(scenario(contacts, aht_s, patience_s=patience), [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99])
    assert np.all(np.diff(curve.agents_net) >= 0)


def test_an_occupancy_cap_puts_a_floor_under_the_curve():
    capped = agents_vs_target(scenario(contacts=400, aht_s=240, cap=0.8))
    assert capped.agents_net.min() >= math.ceil(400 * 240 / 1800 / 0.8)


def test_agents_vs_target_refuses_targets_outside_0_1():
    with pytest.raises(WfmError, match="fraction"):
        agents_vs_target(scenario(), [0.8, 80])


# --------------------------------------------------------------------------- pooling


def test_pooling_published_example():
    result = pooling(scenario(), 4)
    assert list(result.pools) == [1, 2, 3, 4, 5, 6]
    assert result.agents_net[0] == 14
    assert result.agents_net[1] == 2 * summarise(scenario(contacts=50)).agents_net
    assert result.agents_net[3] == 4 * summarise(scenario(contacts=25)).agents_net
    assert result.extra_agents() == result.agents_net[3] - 14 > 0
    assert result.occupancy[0] == pytest.approx(10 / 14)


@settings(max_examples=30, deadline=None)
@given(contacts=st.floats(1, 2000), aht_s=st.floats(30, 900), k=st.integers(2, 12),
       sl=st.floats(0.5, 0.99), cap=st.one_of(st.none(), st.floats(0.6, 0.95)))
def test_one_pool_never_needs_more_agents_than_k_pools(contacts, aht_s, k, sl, cap):
    result = pooling(scenario(contacts, aht_s, sl=sl, cap=cap), k)
    assert result.agents_net[0] <= result.agents_net[k - 1]
    assert result.agents_gross[0] <= result.agents_gross[k - 1]


@settings(max_examples=30, deadline=None)
@given(contacts=st.floats(1, 2000), aht_s=st.floats(30, 900), k=st.integers(2, 12), patience=st.floats(10, 300))
def test_one_pool_never_needs_more_agents_than_k_pools_with_abandonment(contacts, aht_s, k, patience):
    result = pooling(scenario(contacts, aht_s, patience_s=patience), k)
    assert result.agents_net[0] <= result.agents_net[k - 1]


def test_with_abandonment_an_occupancy_cap_can_favour_small_pools():
    """Erlang A counts only answered work in occupancy, and small pools lose more callers.

    With a very short patience the cap, not the service level, sets the staff, so two
    pools can need fewer agents than one (documented in docs/tradeoffs.md).
    """
    result = pooling(scenario(53, 185, patience_s=10, cap=0.625), 2)
    assert result.agents_net[1] < result.agents_net[0]


@pytest.mark.parametrize("bad", [0, 13, 2.5])
def test_pooling_refuses_bad_pool_counts(bad):
    with pytest.raises(WfmError, match="pools"):
        pooling(scenario(), bad)


# --------------------------------------------------------------------------- A/B and compute


def test_compare_lists_every_figure_with_b_minus_a():
    a = summarise(scenario())
    b = summarise(scenario(deflection=0.2, patience_s=60))
    table = compare(a, b)
    assert list(table["figure"]) == list(FIGURES)
    row = table.set_index("figure").loc["agents_net"]
    assert row["a"] == 14 and row["difference"] == row["b"] - 14
    contacts = table.set_index("figure").loc["contacts_to_agents"]
    assert contacts["difference"] == pytest.approx(-20.0)
    assert math.isnan(table.set_index("figure").loc["abandon_rate", "difference"])  # A has no abandonment


def test_compute_returns_only_the_charts_asked_for():
    only = compute(scenario(), 3, ("pooling",))
    assert only.pooling is not None and only.curves is None and only.target_curve is None
    everything = compute(scenario(), 3)
    assert all(getattr(everything, name) is not None for name in ("curves", "target_curve", "pooling"))
    assert everything.summary.agents_net == 14 and set(VIEWS) == {"curves", "target", "pooling"}
    with pytest.raises(WfmError, match="unknown"):
        compute(scenario(), 3, ("bogus",))
