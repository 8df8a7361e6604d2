"""Erlang A (M/M/N+M): exact Markov-chain reference, a discrete-event simulation, regimes, properties."""

from __future__ import annotations

import heapq
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wfm_desktop.core.staffing.erlang import erlang_b, erlang_c_metrics, required_agents_c
from wfm_desktop.core.staffing.erlang_a import (
    erlang_a_metrics,
    log_a,
    log_inv_b_minus_1,
    required_agents_a,
    smallest_meeting,
)


# ------------------------------------------------------------------ references written for the tests


def chain_reference(n: int, lam: float, aht: float, patience: float) -> dict[str, float]:
    """Exact figures from the truncated birth–death chain (PASTA), independent of the closed forms.

    A customer who finds q others waiting moves up the queue at rate Nμ + qθ and
    abandons at rate θ, so P(answered | q) and E[wait | answered, q] are sums of
    independent exponential stages.
    """
    mu, theta = 1.0 / aht, 1.0 / patience
    size = int(n + 60 + 20 * lam / mu + 20 * lam * patience)
    j = np.arange(1, size + 1)
    death = np.minimum(j, n) * mu + np.maximum(j - n, 0) * theta
    logp = np.concatenate([[0.0], np.cumsum(np.log(lam) - np.log(death))])
    p = np.exp(logp - logp.max())
    p /= p.sum()
    q = np.arange(size + 1 - n)
    rate = n * mu + (q + 1) * theta
    p_served = np.cumprod((n * mu + q * theta) / rate)
    mean_wait = np.cumsum(1.0 / rate)
    p_ab = float((p[n:] * (1 - p_served)).sum())
    return {
        "p_wait": float(p[n:].sum()),
        "abandon_rate": p_ab,
        "asa_s": float((p[n:] * p_served * mean_wait).sum() / (1 - p_ab)),
        "occupancy": float((p * np.minimum(np.arange(size + 1), n)).sum() / n),
    }


def simulate(n: int, lam: float, aht: float, patience: float, answer_s: float, *, customers: int, seed: int):
    """Discrete-event simulation of M/M/N+M, first come first served, with batch-mean standard errors.

    Servers are a heap of next-free times. A caller who finds a server free is
    answered at once; otherwise the first server frees at f, and the caller
    is answered then unless its exponential patience runs out first (an
    abandoning caller never takes a server). Returns {metric: (estimate, standard error)}.
    """
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1.0 / lam, customers))
    service = rng.exponential(aht, customers)
    patience_draw = rng.exponential(patience, customers)
    free = [0.0] * n
    wait = np.zeros(customers)
    answered = np.zeros(customers, dtype=bool)
    for i in range(customers):
        t = arrivals[i]
        first = free[0]
        if first <= t:
            heapq.heapreplace(free, t + service[i])
            answered[i] = True
        else:
            v = first - t
            wait[i] = v
            if patience_draw[i] > v:
                heapq.heapreplace(free, first + service[i])
                answered[i] = True
    warm = customers // 10
    wait, answered, arrivals, service = wait[warm:], answered[warm:], arrivals[warm:], service[warm:]
    batches = 20
    per = wait.size // batches
    stats = {"p_wait": [], "service_level": [], "asa_s": [], "abandon_rate": [], "occupancy": []}
    for b in range(batches):
        sl = slice(b * per, (b + 1) * per)
        w, ans = wait[sl], answered[sl]
        span = arrivals[sl][-1] - arrivals[sl][0]
        stats["p_wait"].append(np.mean(w > 0))
        stats["service_level"].append(np.mean(ans & (w <= answer_s)))
        stats["asa_s"].append(w[ans].mean())
        stats["abandon_rate"].append(1 - ans.mean())
        stats["occupancy"].append(service[sl][ans].sum() / (n * span))
    return {k: (float(np.mean(v)), float(np.std(v, ddof=1) / math.sqrt(batches))) for k, v in stats.items()}


# ------------------------------------------------------------------ closed forms against the chain

CASES = [
    # n, calls per second, AHT s, patience s — light load, ρ ≈ 1, overload, short and long patience
    (14, 100 / 1800, 180, 60),
    (8, 100 / 1800, 180, 60),
    (20, 1 / 30, 300, 120),
    (3, 0.05, 180, 30),
    (1, 0.01, 300, 20),
    (120, 0.5, 200, 100),
    (50, 1.0, 100, 1000),
    (200, 0.5, 300, 5),
]


@pytest.mark.parametrize("n, lam, aht, patience", CASES)
def test_closed_forms_match_the_exact_chain(n, lam, aht, patience):
    got = erlang_a_metrics(n, lam * aht, aht, 20, patience)
    ref = chain_reference(n, lam, aht, patience)
    for key, value in ref.items():
        assert float(got[key]) == pytest.approx(value, rel=1e-8, abs=1e-12), key


# ------------------------------------------------------------------ against a discrete-event simulation

SIM_CASES = [
    # n, calls/s, AHT, patience, T, seed
    (12, 100 / 1800, 180, 60, 20, 1),   # the published interval, moderate load
    (10, 100 / 1800, 180, 60, 20, 2),   # ρ = 1
    (7, 100 / 1800, 180, 120, 30, 3),   # overload: N < A
    (5, 0.02, 180, 15, 10, 4),          # patience shorter than T-ish, light load
    (40, 0.2, 180, 300, 20, 5),         # larger group near 90% occupancy
]


@pytest.mark.parametrize("n, lam, aht, patience, answer_s, seed", SIM_CASES)
def test_agrees_with_discrete_event_simulation(n, lam, aht, patience, answer_s, seed):
    sim = simulate(n, lam, aht, patience, answer_s, customers=100_000, seed=seed)
    got = erlang_a_metrics(n, lam * aht, aht, answer_s, patience)
    for key, (estimate, se) in sim.items():
        theory = float(got[key])
        # 4.5 batch-means standard errors, plus a small floor for the warm-up bias
        assert abs(estimate - theory) <= 4.5 * se + 0.002 * max(1.0, abs(theory)), (key, estimate, se, theory)


# ------------------------------------------------------------------ numerics in every regime


@pytest.mark.parametrize("x, y", [(10, 7.9), (10, 8.9), (2000, 1000), (2000, 1700), (0.3, 0.5), (0.3, 1.5),
                                  (50, 500), (1e4, 9.9e3), (1e4, 2e4)])
def test_log_a_matches_its_series(x, y):
    term, total = 1.0, 1.0
    for j in range(1, 2_000_000):
        term *= y / (x + j)
        total += term
        if term < 1e-20 * total:
            break
    if math.isfinite(total):
        assert float(log_a(x, y)[0]) == pytest.approx(math.log(total), rel=1e-10)


@pytest.mark.parametrize("n, a", [(5, 100.0), (80, 100.0), (81, 100.0), (120, 100.0), (3, 2.0), (9000, 10000.0),
                                  (45_000, 50_000.0)])
def test_inverse_b_matches_the_recursion(n, a):
    b = float(erlang_b(n, a))
    assert float(log_inv_b_minus_1(n, a)[0]) == pytest.approx(math.log(1 / b - 1), rel=1e-10)


@pytest.mark.parametrize(
    "n, a, patience",
    [(2000, 1000.0, 600.0), (1, 0.001, 60.0), (10, 10.0, 1e6), (50, 500.0, 30.0), (10_050, 10_000.0, 120.0),
     (9_000, 10_000.0, 120.0), (1, 500.0, 1.0), (40_000, 34_000.0, 600.0), (45_000, 50_000.0, 300.0)],
)
def test_every_regime_is_finite_and_consistent(n, a, patience):
    m = erlang_a_metrics(n, a, 180, 20, patience)
    for key, value in m.items():
        assert np.isfinite(value), key
    assert 0 <= float(m["abandon_rate"]) <= float(m["p_wait"]) <= 1
    assert 0 <= float(m["service_level"]) <= 1 - float(m["abandon_rate"]) + 1e-12
    assert 0 <= float(m["occupancy"]) <= 1 + 1e-12


@pytest.mark.parametrize("seed", [3, 4])
def test_quadrature_window_reproduces_the_answered_probability(seed):
    """The ASA quadrature, run on s⁰ instead of s¹, must give the closed-form P(answered | wait)."""
    from wfm_desktop.core.staffing import erlang_a as ea

    rng = np.random.default_rng(seed)
    x = np.exp(rng.uniform(np.log(0.05), np.log(5000), 400))
    y = x * np.exp(rng.uniform(-3, 3, 400))
    la0, la1 = ea.log_a(x, y), ea.log_a(x + 1, y)
    closed = x / (x + 1) * np.exp(la1 - la0)
    assert np.allclose(ea._wait_integral(x, y, la0, power=0), closed, rtol=1e-9, atol=1e-14)


def test_random_regimes_never_give_nan():
    rng = np.random.default_rng(5)
    n = np.round(np.exp(rng.uniform(0, np.log(1e5), 3000))) + 1
    a = n * np.exp(rng.uniform(-3, 3, n.size))
    with np.errstate(over="raise", invalid="raise"):  # underflow to 0 is fine; inf and NaN are not
        m = erlang_a_metrics(n, a, 180, 20, np.exp(rng.uniform(0, 7, n.size)))
    for key, value in m.items():
        assert np.isfinite(value).all(), key


def test_huge_patience_tends_to_erlang_c():
    a = erlang_a_metrics(14, 10.0, 180, 20, 1e9)
    c = erlang_c_metrics(14, 10.0, 180, 20)
    for key in ("p_wait", "service_level", "asa_s", "occupancy"):
        assert float(a[key]) == pytest.approx(float(c[key]), rel=1e-5)


def test_zero_work_and_zero_agents():
    m = erlang_a_metrics([0, 5], [0.0, 0.0], 180, 20, 60)
    assert m["service_level"].tolist() == [1.0, 1.0] and m["abandon_rate"].tolist() == [0.0, 0.0]
    m = erlang_a_metrics(0, 5.0, 180, 20, 60)
    assert float(m["service_level"]) == 0.0 and float(m["abandon_rate"]) == 1.0 and np.isnan(m["asa_s"])


# ------------------------------------------------------------------ required agents


def test_required_agents_published_interval_with_patience():
    n = int(required_agents_a(10.0, 180, 60))
    m = erlang_a_metrics([n - 1, n], 10.0, 180, 20, 60)
    assert n == 12
    assert m["service_level"][1] >= 0.8 > m["service_level"][0]


def test_required_agents_may_be_below_the_workload():
    # heavy load, very impatient callers, a modest target: N < A meets it
    n = int(required_agents_a(50.0, 300, 10, sl=0.5, answer_s=20))
    assert n < 50
    m = erlang_a_metrics(n, 50.0, 300, 20, 10)
    assert float(m["occupancy"]) == pytest.approx(50.0 * (1 - float(m["abandon_rate"])) / n)


def test_required_agents_with_asa_and_occupancy_targets():
    n = int(required_agents_a(10.0, 180, 60, sl=None, asa_s=5))
    m = erlang_a_metrics([n - 1, n], 10.0, 180, 20, 60)
    assert m["asa_s"][1] <= 5 < m["asa_s"][0]
    n = int(required_agents_a(10.0, 180, 60, sl=None, max_occupancy=0.7))
    m = erlang_a_metrics([n - 1, n], 10.0, 180, 20, 60)
    assert m["occupancy"][1] <= 0.7 < m["occupancy"][0]


def test_required_agents_vectorised_equals_one_by_one_and_zero_is_zero():
    rng = np.random.default_rng(11)
    a = np.concatenate([[0.0], rng.uniform(0.01, 80, 60)])
    pat = rng.uniform(5, 600, a.size)
    together = required_agents_a(a, 240, pat)
    alone = [int(required_agents_a(float(v), 240, float(p))) for v, p in zip(a, pat)]
    assert together.tolist() == alone
    assert together[0] == 0


def test_stable_at_ten_thousand_erlangs():
    n = int(required_agents_a(10_000.0, 180, 120))
    m = erlang_a_metrics([n - 1, n], 10_000.0, 180, 20, 120)
    assert m["service_level"][1] >= 0.8 > m["service_level"][0]
    assert all(np.isfinite(v).all() for v in m.values())


def test_smallest_meeting_search():
    threshold = np.array([1, 5, 17, 100, 3])
    guess = np.array([40, 5, 2, 1, 3])
    found = smallest_meeting(lambda idx, n: n >= threshold[idx], guess)
    assert found.tolist() == threshold.tolist()


def test_long_answer_time_with_short_patience_can_need_more_than_erlang_c():
    """Documented limit of "Erlang A never needs more than Erlang C": abandons count as SL failures.

    With 2-second patience and a 100-second target almost every caller who waits
    abandons, while Erlang C's waiting callers are nearly all answered within 100 s.
    """
    c = int(required_agents_c(10.0, 180, sl=0.95, answer_s=100))
    a = int(required_agents_a(10.0, 180, 2, sl=0.95, answer_s=100))
    assert a > c


# ------------------------------------------------------------------ properties

loads = st.floats(min_value=0.05, max_value=300)
ahts = st.floats(min_value=20, max_value=900)
patiences = st.floats(min_value=5, max_value=3000)


@settings(max_examples=80, deadline=None)
@given(a=loads, aht=ahts, pat=patiences, t=st.floats(0, 120), lo=st.integers(1, 400), extra=st.integers(1, 30))
def test_sl_rises_asa_and_abandonment_fall_with_agents(a, aht, pat, t, lo, extra):
    n = np.arange(lo, lo + extra + 1)
    m = erlang_a_metrics(n, a, aht, t, pat)
    assert np.all(np.diff(m["service_level"]) >= -1e-9)
    assert np.all(np.diff(m["asa_s"]) <= 1e-9 * np.maximum(1, m["asa_s"][:-1]))
    assert np.all(np.diff(m["abandon_rate"]) <= 1e-9)
    assert np.all(np.diff(m["occupancy"]) <= 1e-9)


@settings(max_examples=80, deadline=None)
@given(a=loads, aht=ahts, pat=patiences, sl=st.floats(0.05, 0.95), t=st.floats(0, 60),
       asa=st.none() | st.floats(1, 120), cap=st.none() | st.floats(0.4, 1.0))
def test_erlang_a_never_needs_more_than_erlang_c(a, aht, pat, sl, t, asa, cap):
    """Holds whenever the answer time is not long next to the patience (see the test above for the limit)."""
    assume(t <= pat / 4)
    c = int(required_agents_c(a, aht, sl=sl, answer_s=t, asa_s=asa, max_occupancy=cap))
    n = int(required_agents_a(a, aht, pat, sl=sl, answer_s=t, asa_s=asa, max_occupancy=cap))
    assert n <= c
    m = erlang_a_metrics([n - 1, n], a, aht, t, pat)
    assert m["service_level"][1] >= sl - 1e-9
    if cap is not None:
        assert m["occupancy"][1] <= cap + 1e-9


@settings(max_examples=60, deadline=None)
@given(a=loads, aht=ahts, pat=patiences, asa=st.floats(1, 120), cap=st.floats(0.4, 1.0))
def test_asa_and_occupancy_targets_never_need_more_than_erlang_c(a, aht, pat, asa, cap):
    c = int(required_agents_c(a, aht, sl=None, asa_s=asa, max_occupancy=cap))
    assert int(required_agents_a(a, aht, pat, sl=None, asa_s=asa, max_occupancy=cap)) <= c
