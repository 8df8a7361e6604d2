"""Forecast accuracy on rolling origins: Auto, every single method and two baselines, on three data sets.

Data sets (8-week horizons, weekly origins, the latest ending with the history):

* the 2003 bank calls in ../shared/data (33 weeks of weekdays, 5-minute intervals scored at 30 minutes;
  no yearly cycle): 8 origins. The forecast's own backtest runs its default 4 folds of 28 days where
  the history allows, fewer before the earliest origins (the table's ``folds`` say how many);
* the bundled sample (3 queues, 2 years, 15-minute): 8 origins;
* the generated 3-year daily series (tests/core/forecast/generated.py; weekly and yearly season,
  trend, noise, a festival week and an outage): 12 origins.

For each: the mean over origins of the daily WAPE, the pooled bias, and for Auto the share of days
inside its 80% and 95% intervals (pooled over origins and days) and the intraday shape WAPE of its
profile against the same-weekday profile of the last 4 weeks. Goals (issue #16): Auto ≤ 1.03 × the
best single method and ≤ 0.9 × seasonal naive; 80% coverage 75–85%; shape ≤ 0.95 × the 4-week profile.

    python benchmarks/forecast_accuracy.py [--code PATH] [--data DIR] [--quick] [--only bank,...]
                                           [--horizon-days 56] [--origins N]

``--code PATH`` scores the package in another checkout (e.g. the code before a change) with this
script's harness; ``--quick`` uses 4 origins per data set.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, help="checkout whose wfm_desktop package is scored (default: this one)")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", help="comma-separated data set names: bank, sample, generated")
    parser.add_argument("--horizon-days", type=int, default=56,
                        help="days forecast from each origin (default 56; another horizon is a check the goals were "
                             "not set on)")
    parser.add_argument("--origins", type=int, help="weekly origins per data set (default: bank 8, sample 8, "
                        "generated 12)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve() if args.code else REPO))
    import wfm_desktop
    from wfm_desktop.core.forecast import METHODS
    from wfm_desktop.core.history.sample import sample_history_path
    from wfm_desktop.core.importers import import_history

    # the harness and the data builders come from this checkout, whatever package is scored
    holdouts = _load("_holdouts", REPO / "tests" / "core" / "forecast" / "holdouts.py")
    generated = _load("_generated", REPO / "tests" / "core" / "forecast" / "generated.py")
    bank = _load("_bank", REPO / "tests" / "core" / "forecast" / "bank.py")

    print(f"package: {Path(wfm_desktop.__file__).parent}; load average {os.getloadavg()[0]:.2f}")
    data_sets = {
        "bank": (lambda: bank.bank_history(args.data), 8, 30),
        "sample": (lambda: import_history(sample_history_path()).history, 8, None),
        "generated": (generated.three_year_daily, 12, None),
    }
    if args.only:
        data_sets = {k: v for k, v in data_sets.items() if k in args.only.split(",")}
    methods = ["auto", *METHODS, "combo", holdouts.SAME_WEEKDAY_4W]
    goals_met = []
    for name, (build, origins, interval_min) in data_sets.items():
        history = build()
        origins = 4 if args.quick else (args.origins or origins)
        horizon_days = args.horizon_days
        started = time.perf_counter()
        candidates = weekly = holdouts.weekly_origins(history, origins, horizon_days)
        usable = [m for m in methods if _applicable(holdouts, history, m, weekly[0], interval_min)]
        scores = holdouts.score_origins(history, candidates, usable, horizon_days=horizon_days, interval_min=interval_min,
                                        country="US")
        table = holdouts.pooled(scores)
        elapsed = time.perf_counter() - started
        print(f"\n{name}: {origins} weekly origins {weekly[0]} .. {weekly[-1]}, {horizon_days}-day horizon "
              f"({elapsed:.0f} s, load {os.getloadavg()[0]:.2f})")
        print(f"{'method':<16} {'mean WAPE':>9} {'bias':>7}")
        for method, row in table.iterrows():
            print(f"{method:<16} {row['mean_wape']:>9.2%} {row['bias']:>+7.2%}")
        singles = table.loc[[m for m in METHODS if m in table.index], "mean_wape"]
        auto = table.loc["auto"]
        ratio_best = auto["mean_wape"] / singles.min()
        ratio_naive = auto["mean_wape"] / table.loc["seasonal_naive", "mean_wape"]
        coverage = auto.get("coverage_0.8", float("nan"))
        print(f"Auto / best single ({singles.idxmin()}): {ratio_best:.3f} (goal <= 1.03); "
              f"Auto / seasonal naive: {ratio_naive:.3f} (goal <= 0.9)")
        print(f"Auto's 80% interval held {coverage:.1%} of days (goal 75-85%); 95% interval "
              f"{auto.get('coverage_0.95', float('nan')):.1%}")
        goals = [ratio_best <= 1.03, ratio_naive <= 0.9, 0.75 <= coverage <= 0.85]
        if "shape_wape" in table.columns:
            shape, base = auto["shape_wape"], auto["shape_wape_4w"]
            print(f"Intraday shape WAPE: Auto's profile {shape:.2%}, same weekday last 4 weeks {base:.2%}, "
                  f"ratio {shape / base:.3f} (goal <= 0.95)")
            goals.append(shape <= 0.95 * base)
        used = scores[scores["method"] == "auto"]["used"].value_counts().to_dict()
        print(f"Auto used: {used}")
        goals_met.append((name, all(goals)))
    print("\nGoals met: " + ", ".join(f"{n} {'yes' if ok else 'NO'}" for n, ok in goals_met))


def _applicable(holdouts, history, method: str, origin, interval_min) -> bool:
    """Whether `method` can forecast from the history before the earliest origin (mstl needs two years)."""
    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.core.forecast import run_forecast

    if method in ("auto", "combo"):
        return True
    try:
        run_forecast(history, holdouts._settings(method, origin, 7, folds=0, interval_min=interval_min)
                     if method != holdouts.SAME_WEEKDAY_4W else holdouts._settings(method, origin, 7))
    except WfmError:
        return False
    return True


if __name__ == "__main__":
    main()
