"""Steady-state cases for the simulator against exact Erlang C and Erlang A (issue 17).

Each case is one queue with constant arrivals and agents, simulated as one long
run per replication (10 replications, fixed seeds; longer runs near saturation,
where the queue takes hours to settle); the first tenth of each run is a warm-up
left out. The exact values (``core.staffing.erlang.evaluate``) must
lie inside the simulated 99% confidence intervals of service level and ASA (and
abandonment for Erlang A). ``python -m tests.core.simulation.validation_cases``
prints the table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.simulation.model import SimulationSettings
from wfm_desktop.core.simulation.simulate import simulate_intervals
from wfm_desktop.core.staffing.erlang import evaluate

INTERVAL_MIN = 30
REPLICATIONS = 10
LEVEL = 0.99

# (agents, load per agent ρ = A/N, AHT s, answer T s, patience s or None). Small centres by load;
# larger ones by square-root staffing N = A + β·√A (β 1.5 light … 0.1 heavy; negative: overloaded,
# with abandonment), so that waiting is frequent enough to be seen: at N = 250 and ρ = 0.5 nobody
# ever waits (P(wait) ~ 1e-20) and a simulation cannot show anything but 100%.


def _sqrt_staffed(workload: float, beta: float) -> tuple[int, float]:
    agents = max(1, int(round(workload + beta * np.sqrt(workload))))
    return agents, workload / agents


_AHT = (180.0, 240.0, 300.0)
ERLANG_C = [(n, rho, _AHT[i % 3], 20.0, None) for i, (n, rho) in
            enumerate((n, rho) for n in (1, 2, 5) for rho in (0.5, 0.8, 0.9))]
ERLANG_C += [(*_sqrt_staffed(a, beta), _AHT[i % 3], (20.0, 30.0)[i % 2], None) for i, (a, beta) in
             enumerate((a, beta) for a in (8.0, 40.0, 150.0, 300.0) for beta in (1.5, 0.8, 0.3))]
ERLANG_C += [(*_sqrt_staffed(a, 0.1), 300.0, 20.0, None) for a in (40.0, 150.0, 300.0)]
ERLANG_A = [(n, rho, 300.0, 20.0, pat) for n, pat in ((1, 120.0), (3, 60.0)) for rho in (0.6, 0.95, 1.4)]
ERLANG_A += [(*_sqrt_staffed(a, beta), 300.0, 20.0, pat) for a, pat in ((10.0, 300.0), (40.0, 120.0), (150.0, 600.0))
             for beta in (1.5, 0.5, -0.5, -1.5)]
ERLANG_A += [(*_sqrt_staffed(500.0, beta), 240.0, 15.0, 180.0) for beta in (1.0, -1.0)]
CASES = ERLANG_C + ERLANG_A


def run_case(agents: int, rho: float, aht_s: float, answer_s: float, patience_s: float | None,
             *, seed: int, contacts: int = 12_000) -> dict:
    """Simulated 99% intervals and exact values for one case."""
    workload = rho * agents
    if patience_s is None and rho > 0.95:  # near saturation the queue takes hours to reach its steady state
        contacts = int(contacts * 0.05 / (1.0 - rho))
    per_interval = workload * INTERVAL_MIN * 60.0 / aht_s
    intervals = max(20, int(np.ceil(contacts / per_interval)))
    frame = pd.DataFrame({"start": pd.date_range("2024-01-01", periods=intervals, freq=f"{INTERVAL_MIN}min"),
                          "contacts": per_interval, "aht_s": aht_s, "agents_net": agents})
    settings = SimulationSettings(replications=REPLICATIONS, seed=seed, answer_s=answer_s, patience_s=patience_s,
                                  level=LEVEL)
    result = simulate_intervals(frame, settings)
    sim = result.metrics(np.arange(intervals // 10, intervals))
    exact = evaluate(agents, workload, aht_s, answer_s, patience_s)
    checks = {"service_level": ("sim_service_level", exact["service_level"][0]),
              "asa_s": ("sim_asa_s", exact["asa_s"][0])}
    if patience_s is not None:
        checks["abandon_rate"] = ("sim_abandon_rate", exact["abandon_rate"][0])
    out = {"model": "Erlang C" if patience_s is None else "Erlang A", "agents": agents, "rho": rho,
           "patience_s": patience_s, "inside": True}
    for name, (key, value) in checks.items():
        est, lo, hi = sim[key]
        ok = bool(lo - 1e-12 <= value <= hi + 1e-12)
        out[name] = (value, est, lo, hi, ok)
        out["inside"] &= ok
    return out


def run_all() -> list[dict]:
    return [run_case(*case, seed=100 + i) for i, case in enumerate(CASES)]


if __name__ == "__main__":
    rows = run_all()
    for r in rows:
        parts = [f"{r['model']} N={r['agents']:>3} ρ={r['rho']:.2f}" + (f" θ⁻¹={r['patience_s']:g}s" if r['patience_s'] else "")]
        for name in ("service_level", "asa_s", "abandon_rate"):
            if name in r:
                v, est, lo, hi, ok = r[name]
                parts.append(f"{name} exact {v:.4f} sim {est:.4f} [{lo:.4f}, {hi:.4f}]{'' if ok else ' OUTSIDE'}")
        print(" | ".join(parts))
    print(f"{sum(r['inside'] for r in rows)} of {len(rows)} cases inside the simulated 99% intervals")
