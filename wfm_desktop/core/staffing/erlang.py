"""Service metrics and required agents per interval: Erlang A where a patience is set, else Erlang C.

The maths of each model lives in :mod:`wfm_desktop.core.staffing.erlang_c` (Erlang B and C,
targets, the required-agents search) and :mod:`wfm_desktop.core.staffing.erlang_a` (callers who
abandon); :func:`evaluate` and :func:`required_agents` choose per interval. The Erlang C names
are importable from here too, so callers need one module.

Example (a published case): 100 calls in 30 min, AHT 180 s → A = 10 Erlangs;
at 14 agents P(wait) 0.1741, SL(20 s) 0.8884, ASA 7.84 s; 80/20 needs 14.
"""

from __future__ import annotations

import numpy as np

from wfm_desktop.core.errors import WfmError

from wfm_desktop.core.staffing.erlang_a import erlang_a_metrics, required_agents_a
from wfm_desktop.core.staffing.erlang_c import (  # noqa: F401 - re-exported: one module for callers
    ServiceTarget,
    TOLERANCE,
    check_array,
    check_fraction,
    check_number,
    erlang_b,
    erlang_c_metrics,
    meets_targets,
    repeated_workloads,
    required_agents_c,
    show_value,
    target_arrays,
    workload_erlangs,
)


def _patience_array(patience_s, size: int) -> np.ndarray:
    if patience_s is None:
        return np.full(size, np.nan)
    pat = np.broadcast_to(np.asarray(patience_s, dtype=float), (size,)).copy()
    bad = ~np.isnan(pat) & ~(pat > 0)
    if bad.any():
        raise WfmError(f"patience (s): {show_value(pat[bad][0])} must be greater than 0 (leave it blank for Erlang C)")
    return pat


def evaluate(agents, workload, aht_s, answer_s=20.0, patience_s=None, *, with_asa: bool = True) -> dict[str, np.ndarray]:
    """Metrics at N agents for arrays of intervals; Erlang A where `patience_s` is set (not NaN).

    Keys: p_wait, service_level, asa_s, occupancy, abandon_rate (NaN for Erlang C items).
    """
    n, a, aht, t = (
        v.ravel()
        for v in np.broadcast_arrays(
            np.atleast_1d(np.asarray(agents, dtype=np.int64)), np.asarray(workload, dtype=float),
            np.asarray(aht_s, dtype=float), np.asarray(answer_s, dtype=float),
        )
    )
    pat = _patience_array(patience_s, n.size)
    out = {k: np.full(n.size, np.nan) for k in ("p_wait", "service_level", "asa_s", "occupancy", "abandon_rate")}
    c_rows = np.flatnonzero(np.isnan(pat))
    if c_rows.size:
        for key, value in erlang_c_metrics(n[c_rows], a[c_rows], aht[c_rows], t[c_rows]).items():
            out[key][c_rows] = value
    a_rows = np.flatnonzero(~np.isnan(pat))
    if a_rows.size:
        m = erlang_a_metrics(n[a_rows], a[a_rows], aht[a_rows], t[a_rows], pat[a_rows], with_asa=with_asa)
        for key, value in m.items():
            out[key][a_rows] = value
    return out


def required_agents(
    workload, aht_s, *, sl=0.8, answer_s=20.0, asa_s=None, max_occupancy=None, patience_s=None
) -> np.ndarray:
    """Required net agents for arrays of intervals: Erlang A where `patience_s` is set, else Erlang C.

    Targets may be scalars or per-interval arrays; ``None``/NaN means "not set".
    """
    a = np.atleast_1d(np.asarray(workload, dtype=float)).ravel()
    size = a.size
    aht = np.broadcast_to(np.asarray(aht_s, dtype=float), (size,)).ravel()
    sl_a, t_a, asa_a, occ_a = target_arrays(size, sl, answer_s, asa_s, max_occupancy)
    pat = _patience_array(patience_s, size)
    out = np.zeros(size, dtype=np.int64)
    c_rows = np.flatnonzero(np.isnan(pat))
    if c_rows.size:
        out[c_rows] = required_agents_c(a[c_rows], aht[c_rows], sl=sl_a[c_rows], answer_s=t_a[c_rows],
                                        asa_s=asa_a[c_rows], max_occupancy=occ_a[c_rows])
    a_rows = np.flatnonzero(~np.isnan(pat))
    if a_rows.size:
        out[a_rows] = required_agents_a(a[a_rows], aht[a_rows], pat[a_rows], sl=sl_a[a_rows], answer_s=t_a[a_rows],
                                        asa_s=asa_a[a_rows], max_occupancy=occ_a[a_rows])
    return out.reshape(np.shape(workload))
