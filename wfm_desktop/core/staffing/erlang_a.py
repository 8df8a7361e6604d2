"""Erlang A (M/M/N+M): Erlang C with callers who abandon after an exponential patience.

Notation: arrival rate λ, handling rate μ = 1/AHT, abandonment rate θ = 1/patience,
N agents, workload a = λ/μ, and the two scaled quantities ``x = Nμ/θ`` and
``y = λ/θ``. With Erlang B ``B = B(N, a)`` and

    A(x, y) = Σ_{j≥0} y^j / Π_{k=1..j} (x + k)   (= x·e^y·y^(−x)·γ(x, y)),

the steady state of the birth–death chain gives

* P(wait) = A·B / (1 + (A − 1)·B)
* P(answered | wait) = x/(x+1) · A(x+1, y) / A(x, y); P(abandon) = P(wait)·(1 − that)
* P(answered within T | wait)
  = x/(x+1) · [A(x+1, y) − e^{−(x+1)θT + y(1 − e^{−θT})}·A(x+1, y·e^{−θT})] / A(x, y)
* **Service level** = answered within T out of all offered (abandons are
  failures) = (1 − P(wait)) + P(wait)·P(answered within T | wait).
* **ASA** = mean wait of the *answered* contacts (those answered at once count
  with 0 s) = E[V·1{V < τ}] / P(answered), with V the virtual wait and τ the
  patience. With s = θ·v, E[V·1{V<τ} | wait] = (1/θ)·x/A(x,y)·∫ s·e^{φ(s)} ds,
  φ(s) = y(1 − e^{−s}) − (x+1)s, evaluated by Gauss–Legendre quadrature on the
  window where e^φ is not negligible (φ is concave, so the window is known).
* Occupancy = a·(1 − P(abandon)) / N (only answered contacts are worked).

Everything is computed in log space: log A(x, y) from the regularised incomplete
gamma function where it is accurate and from its series (ratio y/(x+j)) where
``y`` is well below ``x`` and the gamma function underflows; ``1/B − 1`` likewise
from the regularised upper gamma or its finite series. Ratios, never raw
values, so 0 to ≥ 10,000 Erlangs give no overflow or NaN.

Required agents use a vectorised search over all intervals at once: start at
the Erlang C answer, gallop down (or up) and bisect. With abandonment N may be
below the workload.
"""

from __future__ import annotations

import functools

import numpy as np

from wfm_desktop.core.staffing.erlang_c import TOLERANCE, meets_targets, repeated_workloads, required_agents_c, target_arrays

_SERIES_RATIO = 0.8
_TINY = 1e-250  # below this a regularised gamma value has lost its relative accuracy (or underflowed)


@functools.cache
def _gauss_legendre() -> tuple[np.ndarray, np.ndarray]:
    """32-point Gauss–Legendre nodes and weights (computed on first use: numpy.polynomial is not
    imported at start-up)."""
    return np.polynomial.legendre.leggauss(32)


_WINDOW_DROP = 46.0  # e^-46 ≈ 1e-20: the integrand is negligible beyond the window


def _log_series(first: np.ndarray, ratio) -> np.ndarray:
    """log Σ_j t_j with t_0 = 1 and t_j = t_{j-1}·ratio(j) (ratios ≤ 0.8, so it converges fast)."""
    total = np.ones(first.shape)
    term = np.ones(first.shape)
    idx = np.arange(first.size)
    j = 0
    while idx.size:
        j += 1
        term[idx] *= ratio(idx, j)
        total[idx] += term[idx]
        idx = idx[term[idx] > 1e-18 * total[idx]]
    return np.log(total)


def log_a(x, y) -> np.ndarray:
    """log A(x, y) for x > 0, y ≥ 0 (arrays)."""
    from scipy import special as sc  # loaded on first use: Erlang C callers never pay for it

    x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    x, y = x.ravel(), y.ravel()
    out = np.zeros(x.size)
    series = y < _SERIES_RATIO * (x + 1.0)
    closed = np.flatnonzero(~series)
    if closed.size:
        xc, yc = x[closed], y[closed]
        p = sc.gammainc(xc, yc)
        ok = p > _TINY  # P(x, y) underflows for huge x even at y near x: use the series there
        out[closed[ok]] = (np.log(xc) + yc - xc * np.log(yc) + sc.gammaln(xc) + np.log(np.where(ok, p, 1.0)))[ok]
        series[closed[~ok]] = True
    if series.any():
        xs, ys = x[series], y[series]
        out[series] = _log_series(xs, lambda i, j: ys[i] / (xs[i] + j))
    return out


def log_inv_b_minus_1(n, a) -> np.ndarray:
    """log(1/B(n, a) − 1) for integers n ≥ 1 and a > 0 (arrays)."""
    from scipy import special as sc  # loaded on first use: Erlang C callers never pay for it

    n, a = np.broadcast_arrays(np.asarray(n, dtype=float), np.asarray(a, dtype=float))
    n, a = n.ravel(), a.ravel()
    out = np.zeros(n.size)
    series = n <= _SERIES_RATIO * a
    closed = np.flatnonzero(~series)
    if closed.size:
        nc, ac = n[closed], a[closed]
        q = sc.gammaincc(nc + 1.0, ac)
        ok = q > _TINY  # Q underflows for huge workloads: use the series there
        log_inv_b = ac - nc * np.log(ac) + sc.gammaln(nc + 1.0) + np.log(np.where(ok, q, 1.0))
        with np.errstate(divide="ignore"):
            value = log_inv_b + np.log(-np.expm1(-log_inv_b))
        out[closed[ok]] = value[ok]
        series[closed[~ok]] = True
    if series.any():
        ns, as_ = n[series], a[series]
        # 1/B − 1 = Σ_{k=1..n} Π_{i<k} (n − i)/a = (n/a)·Σ_{j≥0} Π_{i=1..j} (n − i)/a
        out[series] = np.log(ns / as_) + _log_series(ns, lambda i, j: np.maximum(ns[i] - j, 0.0) / as_[i])
    return out


def _wait_integral(x: np.ndarray, y: np.ndarray, log_a0: np.ndarray, power: int = 1) -> np.ndarray:
    """x/A(x,y)·∫_0^∞ s^power·e^{φ(s)} ds, φ(s) = y(1 − e^{−s}) − (x+1)s, by Gauss–Legendre.

    power 1 gives θ·E[V·1{V<τ} | wait]; power 0 gives P(answered | wait) (used to test the window).
    φ is concave with its peak at s* = max(0, ln(y/(x+1))); with φ'(s*) = 0 the drop at
    distance d is ≥ (x+1)(d − 1 + e^{−d}) on the right and ≥ (x+1)(e^d − 1 − d) on the left,
    so the window where e^φ exceeds e^{−46} of its peak is known; one panel each side of the peak.
    """
    x1 = x + 1.0
    with np.errstate(divide="ignore"):
        peak = np.maximum(0.0, np.log(y / x1))
    c = _WINDOW_DROP / x1
    right = np.maximum(np.sqrt(2 * c), c + 1.0)
    for _ in range(30):  # Newton on d − 1 + e^{−d} = c, from the right: monotone
        right = right - (right - 1.0 + np.exp(-right) - c) / (1.0 - np.exp(-right))
    slope = x1 - y  # with the peak at 0 the drop is also ≥ (x+1−y)·d
    with np.errstate(divide="ignore"):
        linear = np.where(slope > 0, _WINDOW_DROP / np.where(slope > 0, slope, 1.0), np.inf)
    right = np.where(peak > 0, right, np.minimum(right, linear))
    left = np.sqrt(2 * c)
    for _ in range(30):  # Newton on e^d − 1 − d = c, from the right: monotone
        left = left - (np.expm1(left) - left - c) / np.expm1(left)
    left = np.minimum(peak, left)
    log_scale = np.log(x) - log_a0
    total = np.zeros(x.shape)
    nodes, weights = _gauss_legendre()
    for lo, hi in ((peak - left, peak), (peak, peak + right)):
        half = (hi - lo) / 2.0
        s = lo[:, None] + half[:, None] * (nodes[None, :] + 1.0)
        phi = y[:, None] * -np.expm1(-s) - x1[:, None] * s
        total += half * ((s**power * np.exp(phi + log_scale[:, None])) @ weights)
    return total


def erlang_a_metrics(agents, workload, aht_s, answer_s, patience_s, *, with_asa: bool = True) -> dict[str, np.ndarray]:
    """P(wait), SL, ASA (answered contacts), abandonment and occupancy at N agents (Erlang A).

    Zero workload: P(wait) 0, SL 1, ASA 0, abandonment 0, occupancy 0.
    N = 0 with work: nobody is answered — SL 0, abandonment 1, ASA NaN, occupancy NaN.
    """
    from scipy import special as sc  # loaded on first use: Erlang C callers never pay for it

    n, a, aht, t, pat = (
        arr.ravel().copy()
        for arr in np.broadcast_arrays(
            np.asarray(agents, dtype=float), np.asarray(workload, dtype=float),
            np.asarray(aht_s, dtype=float), np.asarray(answer_s, dtype=float),
            np.asarray(patience_s, dtype=float),
        )
    )
    shape = np.broadcast_shapes(*(np.shape(v) for v in (agents, workload, aht_s, answer_s, patience_s)))
    size = n.size
    p_wait = np.where(a > 0, 1.0, 0.0)
    sl = np.where(a > 0, 0.0, 1.0)
    p_ab = np.where(a > 0, 1.0, 0.0)
    asa = np.where(a > 0, np.nan, 0.0)
    occ = np.where(a > 0, np.nan, 0.0)
    live = np.flatnonzero((a > 0) & (n > 0))
    if live.size:
        nl, al, ahtl, tl, patl = n[live], a[live], aht[live], t[live], pat[live]
        x = nl * patl / ahtl
        y = al * patl / ahtl
        la0 = log_a(x, y)
        la1 = log_a(x + 1.0, y)
        pw = sc.expit(la0 - log_inv_b_minus_1(nl, al))
        served_if_wait = x / (x + 1.0) * np.exp(la1 - la0)
        decay = tl / patl
        y_t = y * np.exp(-decay)
        la1_t = log_a(x + 1.0, y_t)
        late = x / (x + 1.0) * np.exp(-(x + 1.0) * decay + (y - y_t) + la1_t - la0)
        within_if_wait = np.clip(served_if_wait - late, 0.0, 1.0)
        served_if_wait = np.clip(served_if_wait, 0.0, 1.0)
        p_wait[live] = pw
        p_ab[live] = pw * (1.0 - served_if_wait)
        sl[live] = np.clip((1.0 - pw) + pw * within_if_wait, 0.0, 1.0)
        occ[live] = np.minimum(al * (1.0 - p_ab[live]) / nl, 1.0)
        if with_asa:
            answered = 1.0 - p_ab[live]
            wait_answered = pw * patl * _wait_integral(x, y, la0)
            with np.errstate(divide="ignore", invalid="ignore"):
                asa[live] = np.where(answered > 0, wait_answered / answered, np.nan)
    return {
        "p_wait": p_wait.reshape(shape),
        "service_level": sl.reshape(shape),
        "asa_s": asa.reshape(shape),
        "occupancy": occ.reshape(shape),
        "abandon_rate": p_ab.reshape(shape),
    }


def required_agents_a(
    workload, aht_s, patience_s, *, sl=0.8, answer_s=20.0, asa_s=None, max_occupancy=None
) -> np.ndarray:
    """Smallest N ≥ 1 meeting every target that is set, with abandonment (Erlang A); 0 for no work.

    Starts at the Erlang C answer for the same targets, then for all intervals
    together gallops down (or up) and bisects. Service level, ASA and
    occupancy all improve with N, so the first N that meets the targets is found.
    """
    shape = np.shape(workload)
    a = np.atleast_1d(np.asarray(workload, dtype=float)).ravel()
    size = a.size
    aht = np.broadcast_to(np.asarray(aht_s, dtype=float), (size,)).ravel()
    pat = np.broadcast_to(np.asarray(patience_s, dtype=float), (size,)).ravel()
    sl_a, t_a, asa_a, occ_a = target_arrays(size, sl, answer_s, asa_s, max_occupancy)
    repeats = repeated_workloads(a, aht, pat, sl_a, t_a, asa_a, occ_a)
    if repeats is not None:
        first, inverse = repeats
        found = required_agents_a(a[first], aht[first], pat[first], sl=sl_a[first], answer_s=t_a[first],
                                  asa_s=asa_a[first], max_occupancy=occ_a[first])
        return found[inverse].reshape(shape) if shape else found[inverse][:1].reshape(())
    result = np.zeros(size, dtype=np.int64)
    work = np.flatnonzero(a > 0)
    if work.size:
        guess = required_agents_c(a[work], aht[work], sl=sl_a[work], answer_s=t_a[work],
                                  asa_s=asa_a[work], max_occupancy=occ_a[work])

        def ok_at(idx: np.ndarray, n: np.ndarray) -> np.ndarray:
            rows = work[idx]
            need_asa = bool((~np.isnan(asa_a[rows])).any())
            m = erlang_a_metrics(n, a[rows], aht[rows], t_a[rows], pat[rows], with_asa=need_asa)
            return meets_targets(m, sl_a[rows], asa_a[rows], occ_a[rows])

        result[work] = smallest_meeting(ok_at, guess)
    return result.reshape(shape) if shape else result[:1].reshape(())


def smallest_meeting(ok_at, guess: np.ndarray, floor: int = 0) -> np.ndarray:
    """Smallest integer N > `floor` with ``ok_at(idx, N)`` true, for a predicate monotone in N.

    ``ok_at(idx, n)`` evaluates the items ``idx`` at agent counts ``n``. From the
    guess it gallops (steps 1, 2, 4, ...) down while the predicate holds or up
    while it fails, then bisects; every item moves at once.
    """
    guess = np.maximum(np.asarray(guess, dtype=np.int64), floor + 1)
    size = guess.size
    everything = np.arange(size)
    ok = ok_at(everything, guess)
    hi = np.where(ok, guess, -1)
    lo = np.where(ok, floor, guess)
    step = np.ones(size, dtype=np.int64)
    idx = everything[ok & (guess - 1 > floor)]
    while idx.size:  # gallop down
        probe = np.maximum(hi[idx] - step[idx], lo[idx] + 1)
        r = ok_at(idx, probe)
        hi[idx[r]] = probe[r]
        lo[idx[~r]] = probe[~r]
        step[idx] *= 2
        idx = idx[r]
        idx = idx[hi[idx] - 1 > lo[idx]]
    idx = everything[~ok]
    while idx.size:  # gallop up
        probe = lo[idx] + step[idx]
        r = ok_at(idx, probe)
        hi[idx[r]] = probe[r]
        lo[idx[~r]] = probe[~r]
        step[idx] *= 2
        idx = idx[~r]
    idx = everything[hi - lo > 1]
    while idx.size:  # bisect
        mid = (hi[idx] + lo[idx]) // 2
        r = ok_at(idx, mid)
        hi[idx[r]] = mid[r]
        lo[idx[~r]] = mid[~r]
        idx = idx[hi[idx] - lo[idx] > 1]
    return hi


__all__ = ["erlang_a_metrics", "required_agents_a", "log_a", "log_inv_b_minus_1", "smallest_meeting", "TOLERANCE"]
