"""Erlang B/C and the required-agents search: published examples, edge cases, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfm_desktop.core.staffing.erlang import (
    ServiceTarget,
    erlang_b,
    erlang_c_metrics,
    evaluate,
    required_agents,
    required_agents_c,
    workload_erlangs,
)
from wfm_desktop.core.errors import WfmError


# ------------------------------------------------------------------ published examples


def test_published_100_calls_30_min_table():
    """100 calls / 30 min, AHT 180 s, T = 20 s at 11..14 agents (the classic worked example)."""
    a = workload_erlangs(100, 180, 30)
    assert a == pytest.approx(10.0)
    m = erlang_c_metrics([11, 12, 13, 14], a, 180, 20)
    assert np.round(m["p_wait"], 4).tolist() == [0.6821, 0.4494, 0.2853, 0.1741]
    assert np.round(m["service_level"], 4).tolist() == [0.3896, 0.6402, 0.7956, 0.8884]
    assert round(float(m["asa_s"][3]), 2) == 7.84


def test_published_100_calls_required_agents_with_and_without_cap():
    assert int(required_agents_c(10.0, 180)) == 14
    assert int(required_agents_c(10.0, 180, max_occupancy=0.70)) == 15


def test_published_1000_calls_an_hour():
    a = workload_erlangs(1000, 120, 60)
    n = int(required_agents_c(a, 120))
    m = erlang_c_metrics(n, a, 120, 20)
    assert n == 38
    assert round(float(m["service_level"]), 4) == 0.8468
    assert round(float(m["asa_s"]), 2) == 8.57
    n = int(required_agents_c(a, 120, max_occupancy=0.85))
    m = erlang_c_metrics(n, a, 120, 20)
    assert n == 40
    assert round(float(m["service_level"]), 4) == 0.9372
    assert round(float(m["asa_s"]), 2) == 3.43
    assert round(float(m["occupancy"]), 4) == 0.8333


# ------------------------------------------------------------------ the search


def test_tolerance_never_adds_an_agent():
    # 5.1 / 6 is 0.85 up to float noise: 6 agents, not 7
    assert int(required_agents_c(5.1, 100, sl=None, max_occupancy=0.85)) == 6


def test_search_does_not_skip_floor_a_plus_one():
    # A long answer target relative to AHT: floor(A)+1 already meets 80%; round(A+1) would over-staff.
    a = 10.6
    n = int(required_agents_c(a, 30, sl=0.8, answer_s=120))
    assert n == 11
    assert float(erlang_c_metrics(11, a, 30, 120)["service_level"]) >= 0.8


def test_zero_contacts_need_zero_agents_and_report_perfect_service():
    assert required_agents_c([0.0, 0.0], 180).tolist() == [0, 0]
    m = erlang_c_metrics(0, 0.0, 180, 20)
    assert (float(m["service_level"]), float(m["asa_s"]), float(m["occupancy"])) == (1.0, 0.0, 0.0)


def test_at_or_below_workload_erlang_c_is_unstable():
    m = erlang_c_metrics([9, 10], 10.0, 180, 20)
    assert m["service_level"].tolist() == [0.0, 0.0]
    assert np.isnan(m["asa_s"]).all()
    assert m["p_wait"].tolist() == [1.0, 1.0]


def test_asa_target_and_combined_targets():
    # ASA ≤ 10 s alone: 14 agents (ASA 7.84) and 13 is not enough (17.1)
    assert int(required_agents_c(10.0, 180, sl=None, asa_s=10)) == 14
    # every target must be met: SL 80/20 → 14, occupancy 0.70 → 15
    assert int(required_agents_c(10.0, 180, sl=0.8, asa_s=10, max_occupancy=0.7)) == 15


def test_per_interval_targets_as_arrays():
    n = required_agents_c([10.0, 10.0, 10.0], 180, sl=[0.8, np.nan, 0.8], asa_s=[np.nan, 10, np.nan],
                          max_occupancy=[np.nan, np.nan, 0.7])
    assert n.tolist() == [14, 14, 15]


def test_erlang_b_recursion_matches_the_formula_for_small_cases():
    a, n = 3.0, 5
    formula = (a**n / math.factorial(n)) / sum(a**k / math.factorial(k) for k in range(n + 1))
    assert float(erlang_b(n, a)) == pytest.approx(formula, rel=1e-13)
    assert float(erlang_b(0, 7.0)) == 1.0


@pytest.mark.parametrize("a", [1000.0, 5000.0, 10_000.0, 12_345.6])
def test_stable_at_huge_workloads(a):
    n = int(required_agents_c(a, 180))
    assert n > a
    m = erlang_c_metrics([n - 1, n, n + 1], a, 180, 20)
    for values in m.values():
        assert np.isfinite(values).all()
    assert m["service_level"][1] >= 0.8 > m["service_level"][0]


def test_vectorised_equals_one_by_one():
    rng = np.random.default_rng(7)
    a = np.concatenate([[0.0, 0.01, 150.0], rng.uniform(0, 60, 200)])
    together = required_agents_c(a, 240)
    alone = [int(required_agents_c(float(v), 240)) for v in a]
    assert together.tolist() == alone


def test_mixed_models_dispatch_per_interval():
    pat = np.array([np.nan, 60.0])
    n = required_agents([10.0, 10.0], 180, patience_s=pat)
    assert n.tolist() == [14, 12]
    m = evaluate([14, 12], [10.0, 10.0], 180, 20, pat)
    assert np.isnan(m["abandon_rate"][0]) and m["abandon_rate"][1] > 0


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(sl=80), "above 1"),
        (dict(sl=1.0), "(0, 1)"),
        (dict(sl=0.0), "(0, 1)"),
        (dict(max_occupancy=0.0), "occupancy cap"),
        (dict(max_occupancy=1.5), "above 1"),
        (dict(asa_s=-3), "ASA target"),
        (dict(answer_s=float("nan")), "target answer time"),
        (dict(sl=None), "at least one"),
    ],
)
def test_service_target_validation_names_field_and_value(kwargs, words):
    with pytest.raises(WfmError, match=None) as info:
        ServiceTarget(**kwargs)
    assert words in str(info.value)


@pytest.mark.parametrize(
    "args, field",
    [
        ((-1, 180, 30), "contacts"),
        ((float("nan"), 180, 30), "contacts"),
        ((10, 0, 30), "AHT"),
        ((10, 180, 0), "interval length"),
        ((10, 180, -15), "interval length"),
    ],
)
def test_workload_validation(args, field):
    with pytest.raises(WfmError) as info:
        workload_erlangs(*args)
    assert field in str(info.value)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(sl=[0.8, 80]), "above 1"),
        (dict(max_occupancy=0.0), "occupancy cap"),
        (dict(asa_s=0), "ASA target"),
        (dict(answer_s=-1), "target answer time"),
    ],
)
def test_vectorised_search_validates_targets(kwargs, words):
    with pytest.raises(WfmError) as info:
        required_agents_c([10.0, 12.0], 180, **kwargs)
    assert words in str(info.value)


def test_vectorised_search_validates_workload_and_aht():
    with pytest.raises(WfmError, match="workload"):
        required_agents_c([10.0, -1.0], 180)
    with pytest.raises(WfmError, match="AHT"):
        required_agents_c([10.0], [0.0])
    with pytest.raises(WfmError, match="workload"):
        required_agents([np.nan], 180)


def test_sl_shorthand():
    assert ServiceTarget.parse_sl("80/20") == (0.8, 20.0)
    with pytest.raises(WfmError, match="PERCENT/SECONDS"):
        ServiceTarget.parse_sl("80")
    with pytest.raises(WfmError, match="between 0 and 100"):
        ServiceTarget.parse_sl("120/20")


# ------------------------------------------------------------------ properties

workloads = st.floats(min_value=0.01, max_value=400, allow_nan=False)
ahts = st.floats(min_value=10, max_value=1200, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(a=workloads, aht=ahts, t=st.floats(0, 120), extra=st.integers(1, 40))
def test_sl_rises_and_asa_falls_with_agents(a, aht, t, extra):
    n0 = math.floor(a) + 1
    n = np.arange(n0, n0 + extra + 1)
    m = erlang_c_metrics(n, a, aht, t)
    assert np.all(np.diff(m["service_level"]) >= -1e-12)
    assert np.all(np.diff(m["asa_s"]) <= 1e-12)


@settings(max_examples=150, deadline=None)
@given(a=workloads, aht=ahts, sl=st.floats(0.05, 0.99), t=st.floats(0, 120), cap=st.floats(0.3, 1.0))
def test_required_agents_is_minimal_and_meets_every_target(a, aht, sl, t, cap):
    n = int(required_agents_c(a, aht, sl=sl, answer_s=t, max_occupancy=cap))
    assert n > a
    m = erlang_c_metrics([n - 1, n], a, aht, t)
    assert m["service_level"][1] >= sl - 1e-9
    assert m["occupancy"][1] <= cap + 1e-9
    below_ok = (n - 1 > a) and m["service_level"][0] >= sl - 1e-9 and m["occupancy"][0] <= cap + 1e-9
    assert not below_ok


def test_repeated_workloads_are_solved_once_with_the_same_answers():
    from wfm_desktop.core.staffing.erlang import repeated_workloads
    from wfm_desktop.core.staffing.erlang_a import required_agents_a

    rng = np.random.default_rng(3)
    volumes = rng.integers(0, 60, 3000).astype(float)
    a = volumes * 300 / 900
    assert repeated_workloads(a, np.full(a.size, 300.0)) is not None
    values = np.unique(a)
    expected_c = dict(zip(values, required_agents_c(values, 300)))
    assert required_agents_c(a, 300).tolist() == [expected_c[v] for v in a]
    expected_a = dict(zip(values, required_agents_a(values, 300, 90.0)))
    assert required_agents_a(a, 300, 90.0).tolist() == [expected_a[v] for v in a]
    # different AHT per interval: no shortcut
    assert repeated_workloads(a, rng.uniform(100, 400, a.size)) is None
