"""The simulator against exact Erlang C and Erlang A in steady state (issue 17: ≥ 40 cases, ≤ 2 misses)."""

from __future__ import annotations

from tests.core.simulation.validation_cases import CASES, ERLANG_A, ERLANG_C, run_all


def test_cases_cover_small_and_large_centres_light_and_heavy_load():
    assert len(CASES) >= 40 and len(ERLANG_C) >= 20 and len(ERLANG_A) >= 20
    agents = [c[0] for c in CASES]
    loads = [c[1] for c in CASES]
    assert min(agents) == 1 and max(agents) >= 300
    assert min(loads) <= 0.6 and max(c[1] for c in ERLANG_C) >= 0.98 and max(c[1] for c in ERLANG_A) > 1.2


def test_exact_values_inside_the_simulated_99pct_intervals():
    rows = run_all()
    outside = [r for r in rows if not r["inside"]]
    text = "\n".join(f"{r['model']} N={r['agents']} ρ={r['rho']:.2f}: " + ", ".join(
        f"{k} exact {v[0]:.4f} sim [{v[2]:.4f}, {v[3]:.4f}]" for k, v in r.items()
        if isinstance(v, tuple) and not v[4]) for r in outside)
    assert len(outside) <= 2, text
    # the intervals are informative, not wide enough to hold anything
    widths = [r["service_level"][3] - r["service_level"][2] for r in rows]
    assert sorted(widths)[len(widths) // 2] < 0.06
