"""Time the budget stage's hot paths and print the figures.

    PYTHONPATH=. python benchmarks/budget_bench.py   (from the repository root)

* building the period table from interval requirements (26 weeks × 10 queues
  at 15 minutes ≈ 175,000 rows);
* the capacity plan with hiring suggestions over 104 weeks (the greedy search
  re-projects the plan once per period: O(n³) small numpy work);
* the monthly budget with five sites.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from wfm_desktop.core.budget.monthly import build_budget
from wfm_desktop.core.budget.capacity import CapacitySettings, capacity_plan
from wfm_desktop.core.budget.inputs import BudgetInputs, Site
from wfm_desktop.core.budget.periods import from_requirements, from_table


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    rng = np.random.default_rng(0)
    starts = pd.date_range("2027-01-04", periods=26 * 7 * 96, freq="15min")
    req = pd.concat(
        [pd.DataFrame({"queue": f"Q{q}", "start": starts, "agents_gross": rng.integers(0, 40, len(starts)).astype(float),
                       "contacts": rng.integers(0, 100, len(starts)).astype(float), "aht_s": 300.0})
         for q in range(10)],
        ignore_index=True,
    )
    t, periods = best_of(lambda: from_requirements(req, 15, kind="week"))
    print(f"from_requirements: {len(req):,} interval rows -> {len(periods.frame)} weeks in {t * 1000:.0f} ms")

    weeks = from_table(pd.DataFrame({"week": pd.date_range("2027-01-04", periods=104, freq="7D"),
                                     "required_fte": 200 + 40 * np.sin(np.arange(104) / 8)}))
    settings = CapacitySettings(starting_headcount=180, attrition_month=0.04)
    t, plan = best_of(lambda: capacity_plan(weeks, settings))
    print(f"capacity_plan: 104 weeks, {len(plan.suggestions)} suggested classes in {t * 1000:.0f} ms")

    sites = tuple(Site(f"S{i}", 0.2, "in-house" if i < 3 else "outsourced", rate=15.0) for i in range(5))
    inputs = BudgetInputs(sites=sites)
    t, budget = best_of(lambda: build_budget(periods, inputs, capacity=capacity_plan(periods, inputs.capacity)))
    print(f"build_budget (with its capacity plan): {len(budget.frame)} months, 5 sites in {t * 1000:.0f} ms")


if __name__ == "__main__":
    main()
