"""Benchmark: whole-plan scenarios on the bundled sample (3 queues, 15-minute intervals, 13 weeks).

    python benchmarks/scenarios_speed.py PLAN.wfmplan [--repeat 3]

PLAN.wfmplan: a saved plan, e.g. ``wfm-desktop plan --sample -o x.xlsx --save sample.wfmplan``.
A scenario is the plan's staffing and budget computed once more with other inputs, so its cost is
anchored on the plan's own staffing + budget stages, measured in the same run: the scenarios stage
with the base plan and N scenarios should take about (N + 1) × that anchor. Runs alternate (anchor,
then scenarios) and the medians are printed, with the load average beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SCENARIOS = ("Busy:volume=+10%,aht=-5,sl=0.85", "Bot:deflection=5%>10%>15%,licence=2000,implementation=30000")


def main(argv=None) -> int:
    from wfm_desktop.core.plan.saved import open_plan
    from wfm_desktop.core.plan.scenario_spec import parse_scenario
    from wfm_desktop.core.plan.scenarios import scenario_to_dict

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    plan = open_plan(args.plan)
    plan.inputs.set("budget", {**plan.resolved("budget"), "source": "plan"}, "Price the plan")  # as scenarios do
    plan.refresh()
    specs = [scenario_to_dict(parse_scenario(s)) for s in SCENARIOS]
    anchor, scenarios = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        plan.run("staffing")
        plan.run("budget")
        anchor.append(time.perf_counter() - t)
        plan.inputs.set("scenarios", specs, "Scenarios")
        t = time.perf_counter()
        plan.run("scenarios")
        scenarios.append(time.perf_counter() - t)
        plan.inputs.set("scenarios", [], "None")
    a, s = statistics.median(anchor), statistics.median(scenarios)
    n = len(SCENARIOS) + 1
    print(f"staffing + budget stages (anchor): median {a:.2f} s of {args.repeat}")
    print(f"scenarios stage, base + {len(SCENARIOS)} scenarios: median {s:.2f} s "
          f"= {s / a:.2f} × the anchor (expected ≈ {n}); per plan {s / n:.2f} s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
