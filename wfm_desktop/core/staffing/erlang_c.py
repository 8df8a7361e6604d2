"""Erlang B, Erlang C and the required-agents search, vectorised over intervals.

Every function takes numpy arrays (or scalars) of intervals and returns arrays,
so a year of 15-minute intervals (35,040) is solved in one call.

The maths, in the planner's vocabulary (``A`` workload in Erlangs, ``N`` agents,
``T`` target answer time, ``AHT`` average handle time):

* Erlang B by the recursion ``B0 = 1, Bn = A·Bn-1 / (n + A·Bn-1)`` — never
  factorials, so it holds from 0 to well beyond 10,000 Erlangs without
  overflow or NaN (every step stays in (0, 1]).
* Erlang C (probability of waiting) ``C = N·B / (N − A·(1 − B))`` for N > A.
* Service level ``SL = 1 − C·exp(−(N − A)·T / AHT)``, ASA ``= C·AHT / (N − A)``,
  occupancy ``= A / N``. At N ≤ A the queue grows without bound: P(wait) 1,
  SL 0, ASA undefined (NaN), occupancy 1.
* Required agents (net): the smallest integer N that meets every target that
  is set (SL ≥ target, ASA ≤ ceiling, occupancy ≤ cap). The search starts at
  ``floor(A) + 1`` — the first stable N — or higher only when the occupancy cap
  alone rules the lower values out; it never skips a candidate. Comparisons
  allow ``TOLERANCE`` (1e-9) so floating-point noise never adds an agent.
  Zero contacts need zero agents.

Erlang A (abandonment) lives in :mod:`wfm_desktop.core.staffing.erlang_a`;
:mod:`wfm_desktop.core.staffing.erlang` dispatches per interval between the two.

Example (a published case): 100 calls in 30 min, AHT 180 s → A = 10 Erlangs;
at 14 agents P(wait) 0.1741, SL(20 s) 0.8884, ASA 7.84 s; 80/20 needs 14.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wfm_desktop.core.errors import WfmError

TOLERANCE = 1e-9
"""Slack on every target comparison, so floating-point noise never adds an agent."""


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class ServiceTarget:
    """The service targets of a queue; ``None`` means "no such target".

    ``sl`` is a fraction (0.8) answered within ``answer_s`` seconds; ``asa_s``
    an ASA ceiling in seconds; ``max_occupancy`` an occupancy cap in (0, 1].
    """

    sl: float | None = 0.8
    answer_s: float = 20.0
    asa_s: float | None = None
    max_occupancy: float | None = None

    def __post_init__(self) -> None:
        if self.sl is not None:
            check_fraction("service level target", self.sl, open_high=True)
        check_number("target answer time (s)", self.answer_s, minimum=0.0)
        if self.asa_s is not None:
            check_number("ASA target (s)", self.asa_s, minimum=0.0, strict=True)
        if self.max_occupancy is not None:
            check_fraction("occupancy cap", self.max_occupancy, open_high=False)
        if self.sl is None and self.asa_s is None and self.max_occupancy is None:
            raise WfmError("service target: set at least one of service level, ASA or occupancy cap")

    @classmethod
    def parse_sl(cls, text: str) -> tuple[float, float]:
        """Parse the ``80/20`` shorthand into (0.8, 20.0) — percent / seconds."""
        parts = str(text).replace(" ", "").split("/")
        try:
            if len(parts) != 2:
                raise ValueError
            pct, secs = float(parts[0]), float(parts[1])
        except ValueError:
            raise WfmError(
                f"service level target {text!r}: write it as PERCENT/SECONDS, e.g. 80/20"
            ) from None
        if pct >= 100 and math.isfinite(pct):
            raise WfmError(f"service level target {text!r}: 100% can never be reached (with Erlang C some contact "
                           "always waits); choose a percentage below 100, e.g. 95")
        if not (0 < pct < 100):
            raise WfmError(f"service level target {text!r}: the percentage must be between 0 and 100")
        if not (secs >= 0 and math.isfinite(secs)):
            raise WfmError(f"service level target {text!r}: the seconds must be 0 or more")
        return pct / 100.0, secs


# --------------------------------------------------------------------------- validation


def show_value(value) -> str:
    """A value as a planner reads it in a message: 80 not np.float64(80.0), text in quotes."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"{float(value):g}"
    return repr(value)


def check_number(field: str, value, *, minimum: float | None = None, strict: bool = False) -> float:
    """Return `value` as a finite float, or raise WfmError naming `field` and the value."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise WfmError(f"{field}: {show_value(value)} is not a number") from None
    if not math.isfinite(number):
        raise WfmError(f"{field}: {show_value(value)} is not a finite number")
    if minimum is not None:
        if strict and number <= minimum:
            raise WfmError(f"{field}: {show_value(value)} must be greater than {minimum:g}")
        if not strict and number < minimum:
            raise WfmError(f"{field}: {show_value(value)} must be {minimum:g} or more")
    return number


def check_fraction(field: str, value, *, open_high: bool) -> float:
    """A rate as a fraction: in (0, 1) (`open_high`) or (0, 1]; 80 instead of 0.8 is named."""
    number = check_number(field, value)
    if number > 1:
        raise WfmError(
            f"{field}: {show_value(value)} is above 1 — rates are fractions (write 0.8 for 80%)"
        )
    if number <= 0 or (open_high and number >= 1):
        interval = "(0, 1)" if open_high else "(0, 1]"
        raise WfmError(f"{field}: {show_value(value)} must be a fraction in {interval}")
    return number


def check_array(field: str, values, *, minimum: float = 0.0, strict: bool = False) -> np.ndarray:
    """Validate an array of numbers (no NaN, ≥ or > `minimum`); the message names the first bad one."""
    arr = np.asarray(values, dtype=float)
    bad = ~np.isfinite(arr) | ((arr <= minimum) if strict else (arr < minimum))
    if bad.any():
        where = np.flatnonzero(bad.ravel())[0]
        value = float(arr.ravel()[where])
        rule = f"greater than {minimum:g}" if strict else f"{minimum:g} or more"
        position = f" (item {where + 1})" if arr.ndim else ""
        raise WfmError(f"{field}: {value:g}{position} must be a number {rule}")
    return arr


def workload_erlangs(contacts, aht_s, interval_min) -> np.ndarray:
    """Workload A = contacts × AHT ÷ interval length (Erlangs), validated."""
    contacts = check_array("contacts", contacts, minimum=0.0)
    aht = check_array("AHT (s)", aht_s, minimum=0.0, strict=True)
    interval = check_array("interval length (min)", interval_min, minimum=0.0, strict=True)
    return contacts * aht / (interval * 60.0)


# --------------------------------------------------------------------------- Erlang B / C


def erlang_b(agents, workload) -> np.ndarray:
    """Erlang B blocking probability B(N, A) by the recursion, for arrays of N and A.

    The recursion runs once up to max(N); at step k only the intervals with
    N ≥ k are updated (they are sorted so that set is a prefix), so mixed
    sizes cost no more than the largest one.
    """
    n, a = np.broadcast_arrays(np.asarray(agents, dtype=np.int64), np.asarray(workload, dtype=float))
    shape = n.shape
    n, a = n.ravel(), a.ravel()
    if (n < 0).any():
        raise WfmError(f"agents: {int(n.min())} must be 0 or more")
    key = -n.astype(np.int16) if n.size and n.max() < 32767 else -n  # int16 sorts by radix, O(size)
    order = np.argsort(key, kind="stable")
    n_sorted, a_sorted = n[order], a[order]
    b = np.ones(n.size)
    top = int(n_sorted[0]) if n.size else 0
    if top > 0:
        active = np.searchsorted(-n_sorted, -np.arange(1, top + 1), side="right")
        for k in range(1, top + 1):
            m = active[k - 1]
            ab = a_sorted[:m] * b[:m]
            b[:m] = ab / (k + ab)
    out = np.empty(n.size)
    out[order] = b
    return out.reshape(shape)


def _c_from_b(n: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Erlang C from Erlang B; 1 where N ≤ A (unstable queue)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        c = n * b / (n - a * (1.0 - b))
    return np.where(n > a, np.clip(c, 0.0, 1.0), 1.0)


def erlang_c_metrics(agents, workload, aht_s, answer_s) -> dict[str, np.ndarray]:
    """P(wait), SL within `answer_s`, ASA (s) and occupancy at N agents (Erlang C).

    Zero workload: P(wait) 0, SL 1, ASA 0, occupancy 0 (N = 0 included).
    N ≤ A > 0: P(wait) 1, SL 0, ASA NaN (undefined), occupancy 1 (NaN at N = 0).
    """
    n, a, aht, t = np.broadcast_arrays(
        np.asarray(agents, dtype=np.int64), np.asarray(workload, dtype=float),
        np.asarray(aht_s, dtype=float), np.asarray(answer_s, dtype=float),
    )
    b = erlang_b(n, a)
    return _c_metrics(n.astype(float), a, b, aht, t)


def _c_metrics(n, a, b, aht, t) -> dict[str, np.ndarray]:
    c = _c_from_b(n, a, b)
    stable = n > a
    gap = np.where(stable, n - a, 1.0)
    sl = np.where(stable, 1.0 - c * np.exp(-gap * t / aht), 0.0)
    asa = np.where(stable, c * aht / gap, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(stable, a / np.where(n > 0, n, 1.0), np.where(n > 0, 1.0, np.nan))
    zero = a == 0
    return {
        "p_wait": np.where(zero, 0.0, c),
        "service_level": np.where(zero, 1.0, np.clip(sl, 0.0, 1.0)),
        "asa_s": np.where(zero, 0.0, asa),
        "occupancy": np.where(zero, 0.0, occ),
    }


# --------------------------------------------------------------------------- targets as arrays


def target_arrays(size: int, sl=0.8, answer_s=20.0, asa_s=None, max_occupancy=None):
    """Broadcast targets to arrays of `size`; ``None``/NaN means "not set"."""

    def arr(value, default=np.nan):
        if value is None:
            return np.full(size, default)
        return np.broadcast_to(np.asarray(value, dtype=float), (size,)).copy()

    sl_a, t_a, asa_a, occ_a = arr(sl), arr(answer_s, 20.0), arr(asa_s), arr(max_occupancy)
    with np.errstate(invalid="ignore"):
        for field, values, bad, rule in (
            ("service level target", sl_a, ~np.isnan(sl_a) & ~((sl_a > 0) & (sl_a < 1)), "a fraction in (0, 1)"),
            ("target answer time (s)", t_a, ~np.isnan(t_a) & ~((t_a >= 0) & np.isfinite(t_a)), "0 or more"),
            ("ASA target (s)", asa_a, ~np.isnan(asa_a) & ~((asa_a > 0) & np.isfinite(asa_a)), "greater than 0"),
            ("occupancy cap", occ_a, ~np.isnan(occ_a) & ~((occ_a > 0) & (occ_a <= 1)), "a fraction in (0, 1]"),
        ):
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                if "fraction" in rule and values[i] > 1:
                    raise WfmError(f"{field}: {float(values[i]):g} (item {i + 1}) is above 1 — "
                                   "rates are fractions (write 0.8 for 80%)")
                raise WfmError(f"{field}: {float(values[i]):g} (item {i + 1}) must be {rule}")
    none_set = np.isnan(sl_a) & np.isnan(asa_a) & np.isnan(occ_a)
    if none_set.any():
        raise WfmError(
            f"service target (item {np.flatnonzero(none_set)[0] + 1}): "
            "set at least one of service level, ASA or occupancy cap"
        )
    return sl_a, np.nan_to_num(t_a, nan=20.0), asa_a, occ_a


def meets_targets(metrics: dict[str, np.ndarray], sl, asa_s, max_occupancy) -> np.ndarray:
    """True where every target that is set (non-NaN) is met, with TOLERANCE."""
    ok = np.ones(np.shape(metrics["service_level"]), dtype=bool)
    ok &= np.isnan(sl) | (metrics["service_level"] >= sl - TOLERANCE)
    asa = metrics["asa_s"]
    ok &= np.isnan(asa_s) | (~np.isnan(asa) & (asa <= asa_s * (1 + TOLERANCE) + TOLERANCE))
    occ = metrics["occupancy"]
    ok &= np.isnan(max_occupancy) | (~np.isnan(occ) & (occ <= max_occupancy + TOLERANCE))
    return ok


def repeated_workloads(a: np.ndarray, *others: np.ndarray):
    """(first index of each distinct workload, inverse) when many intervals repeat, else None.

    Real volumes are whole contacts and one queue has one AHT and one target, so
    a year of intervals holds only a few hundred distinct problems: solve each
    once. Applies only when every other input is the same for all intervals.
    """
    if a.size < 256:
        return None
    for arr in others:
        if not (np.all(arr == arr[0]) or np.all(np.isnan(arr))):
            return None
    busy = a[a > 0]  # zero intervals are answered without a search anyway
    sample = busy[:: max(1, busy.size // 512)]
    if np.unique(sample).size > 0.75 * sample.size:  # a cheap look first: forecasts rarely repeat
        return None
    uniq, first, inverse = np.unique(a, return_index=True, return_inverse=True)
    if uniq.size > a.size // 4:
        return None
    return first, inverse.ravel()


def _occupancy_floor(a: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Smallest N with A/N ≤ cap (+ tolerance); 0 where no cap is set."""
    if np.isnan(cap).all():
        return np.zeros(a.shape, dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.ceil(a / cap)
        n = np.where(np.isnan(n), 0.0, n)
        lower = np.maximum(n - 1, 1)
        n = np.where((n > 1) & (a / lower <= cap + TOLERANCE), lower, n)
    return n.astype(np.int64)


# --------------------------------------------------------------------------- required agents


def required_agents_c(workload, aht_s, *, sl=0.8, answer_s=20.0, asa_s=None, max_occupancy=None) -> np.ndarray:
    """Smallest N meeting every target that is set (Erlang C), for arrays of intervals.

    All intervals step together: start at max(floor(A) + 1, occupancy floor),
    compute B there by the recursion, then raise N by one (updating B by one
    recursion step) for the intervals that still miss a target, freezing those
    that are done.
    """
    a = check_array("workload (Erlangs)", np.atleast_1d(np.asarray(workload, dtype=float)))
    shape = np.shape(workload)
    a = a.ravel()
    aht = check_array("AHT (s)", np.broadcast_to(np.asarray(aht_s, dtype=float), a.shape).ravel(), strict=True)
    sl_a, t_a, asa_a, occ_a = target_arrays(a.size, sl, answer_s, asa_s, max_occupancy)
    repeats = repeated_workloads(a, aht, sl_a, t_a, asa_a, occ_a)
    if repeats is not None:
        first, inverse = repeats
        found = required_agents_c(a[first], aht[first], sl=sl_a[first], answer_s=t_a[first],
                                  asa_s=asa_a[first], max_occupancy=occ_a[first])
        return found[inverse].reshape(shape) if shape else found[inverse][:1].reshape(())
    result = np.zeros(a.size, dtype=np.int64)
    todo = np.flatnonzero(a > 0)
    if todo.size:
        # Working arrays for the intervals still searching; compacted as intervals finish.
        pos = todo
        aa, ah, tt = a[todo], aht[todo], t_a[todo]
        sl_t, asa_t, occ_t = sl_a[todo], asa_a[todo], occ_a[todo]
        n = np.maximum(np.floor(aa).astype(np.int64) + 1, _occupancy_floor(aa, occ_t))
        b = erlang_b(n, aa)
        while pos.size:
            nf = n.astype(float)
            gap = nf - aa  # > 0: the search starts above A
            c = np.clip(nf * b / (nf - aa * (1.0 - b)), 0.0, 1.0)
            ok = np.ones(pos.size, dtype=bool)
            has_sl = ~np.isnan(sl_t)
            if has_sl.any():
                ok &= ~has_sl | (1.0 - c * np.exp(-gap * tt / ah) >= sl_t - TOLERANCE)
            has_asa = ~np.isnan(asa_t)
            if has_asa.any():
                ok &= ~has_asa | (c * ah / gap <= asa_t * (1 + TOLERANCE) + TOLERANCE)
            has_occ = ~np.isnan(occ_t)
            if has_occ.any():
                ok &= ~has_occ | (aa / nf <= occ_t + TOLERANCE)
            result[pos[ok]] = n[ok]  # frozen intervals rewrite the same value
            if ok.all():
                break
            if ok.sum() * 8 > ok.size:  # compact only when enough intervals finished to pay for it
                keep = ~ok
                pos, aa, ah, tt, sl_t, asa_t, occ_t, n, b = (
                    v[keep] for v in (pos, aa, ah, tt, sl_t, asa_t, occ_t, n, b)
                )
                n = n + 1
                ab = aa * b
                b = ab / (n + ab)
            else:  # step only the unfinished ones; finished ones stay frozen
                step = ~ok
                n = n + step
                ab = aa * b
                b = np.where(step, ab / (n + ab), b)
    return result.reshape(shape) if shape else result[:1].reshape(())


# --------------------------------------------------------------------------- both models
