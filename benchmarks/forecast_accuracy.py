"""Forecast accuracy on the real bank data: the last 4 weeks held out, then 10 weekly 4-week hold-outs.

For each single method, the combination (``combo``) and Auto prints the daily WAPE, the 30-minute interval WAPE
and the daily bias over the held-out days, plus Auto's backtest table. Then the daily WAPE of Auto and of
each single method on the last 10 weekly 4-week hold-outs (the last one first), with the means.

    python benchmarks/forecast_accuracy.py [path/to/shared/data]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.core.forecast.bank import (  # noqa: E402
    HOLDOUT_DAYS,
    SINGLE_METHODS,
    bank_history,
    holdout_scores,
    last_holdout_start,
    rolling_holdouts,
)
from wfm_desktop.core.forecast import ForecastSettings, run_forecast  # noqa: E402


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data"
    history = bank_history(shared)
    started = time.perf_counter()
    scores = holdout_scores(history, ["auto", *SINGLE_METHODS, "combo"])
    elapsed = time.perf_counter() - started
    print(f"Bank calls 2003, last {HOLDOUT_DAYS} days held out ({int(scores['days'].iloc[0])} days with data)")
    print(f"{'method':<16} {'used':<34} {'daily WAPE':>10} {'30-min WAPE':>11} {'bias':>7} {'in 80% band':>11}")
    for row in scores.itertuples(index=False):
        print(f"{row.method:<16} {row.used:<34} {row.daily_wape:>10.2%} {row.interval_wape:>11.2%} {row.bias:>+7.2%} {row.coverage:>11.0%}")
    singles = scores[scores["method"].isin(SINGLE_METHODS)]
    best = singles.loc[singles["daily_wape"].idxmin()]
    auto = scores.loc[scores["method"] == "auto"].iloc[0]
    print(
        f"Auto vs best single ({best['method']}): {auto['daily_wape'] - best['daily_wape']:+.2%} points, "
        f"ratio {auto['daily_wape'] / best['daily_wape']:.3f} (Must show: ratio <= 1.05)"
    )
    print("mstl: not applicable (needs two years of history; the data set has 8 months)")
    result = run_forecast(history, ForecastSettings(horizon_days=HOLDOUT_DAYS, start=last_holdout_start(history)))
    print("\nAuto's backtest on the weeks before the hold-out:")
    print(result.backtest.to_string(index=False, float_format=lambda v: f"{v:.4f}"))

    started_rolling = time.perf_counter()
    rolling = rolling_holdouts(history, ["auto", *SINGLE_METHODS])
    elapsed += time.perf_counter() - started_rolling
    table = rolling.pivot(index="start", columns="method", values="daily_wape").sort_index(ascending=False)
    used = rolling[rolling["method"] == "auto"].set_index("start")["used"]
    print(f"\nDaily WAPE on {len(table)} weekly {HOLDOUT_DAYS}-day hold-outs (first hold-out day; Auto's choice):")
    print(f"{'start':<11} {'auto':>7} " + " ".join(f"{m:>14}" for m in SINGLE_METHODS) + "  auto used")
    for start, row in table.iterrows():
        print(f"{start!s:<11} {row['auto']:>7.2%} " + " ".join(f"{row[m]:>14.2%}" for m in SINGLE_METHODS) + f"  {used[start]}")
    mean = table.mean()
    oracle = table[list(SINGLE_METHODS)].min(axis=1).mean()
    print(f"{'mean':<11} {mean['auto']:>7.2%} " + " ".join(f"{mean[m]:>14.2%}" for m in SINGLE_METHODS))
    best_mean = mean[list(SINGLE_METHODS)].idxmin()
    print(
        f"Auto's mean vs the best single method's mean ({best_mean}): ratio {mean['auto'] / mean[best_mean]:.3f}; "
        f"vs the best single method of each hold-out (known only afterwards, mean {oracle:.2%}): "
        f"ratio {mean['auto'] / oracle:.3f}"
    )
    print(f"\n(all forecasts: {elapsed:.1f} s)")


if __name__ == "__main__":
    main()
