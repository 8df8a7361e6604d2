"""Forecast accuracy on the real bank data: the last 4 weeks held out.

For each single method, the combination (``combo``) and Auto prints the daily WAPE, the 30-minute interval WAPE
and the daily bias over the held-out days, plus Auto's backtest table.

    python benchmarks/forecast_accuracy.py [path/to/shared/data]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.core.forecast.bank import HOLDOUT_DAYS, bank_history, holdout_scores  # noqa: E402
from wfm_desktop.core.forecast import ForecastSettings, run_forecast  # noqa: E402


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data"
    history = bank_history(shared)
    started = time.perf_counter()
    scores = holdout_scores(history, ["auto", "seasonal_naive", "weekday_avg", "ets", "combo"])
    elapsed = time.perf_counter() - started
    print(f"Bank calls 2003, last {HOLDOUT_DAYS} days held out ({int(scores['days'].iloc[0])} days with data)")
    print(f"{'method':<16} {'used':<34} {'daily WAPE':>10} {'30-min WAPE':>11} {'bias':>7} {'in 80% band':>11}")
    for row in scores.itertuples(index=False):
        print(f"{row.method:<16} {row.used:<34} {row.daily_wape:>10.2%} {row.interval_wape:>11.2%} {row.bias:>+7.2%} {row.coverage:>11.0%}")
    singles = scores[~scores["method"].isin(["auto", "combo"])]
    best = singles.loc[singles["daily_wape"].idxmin()]
    auto = scores.loc[scores["method"] == "auto"].iloc[0]
    print(
        f"Auto vs best single ({best['method']}): {auto['daily_wape'] - best['daily_wape']:+.2%} points, "
        f"ratio {auto['daily_wape'] / best['daily_wape']:.3f} (Must show: ratio <= 1.05)"
    )
    print("mstl: not applicable (needs two years of history; the data set has 8 months)")
    last_day = history.frame["start"].max().normalize()
    start = (last_day - __import__("pandas").Timedelta(days=HOLDOUT_DAYS - 1)).date()
    result = run_forecast(history, ForecastSettings(horizon_days=HOLDOUT_DAYS, start=start))
    print("\nAuto's backtest on the weeks before the hold-out:")
    print(result.backtest.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    print(f"\n(all forecasts: {elapsed:.1f} s)")


if __name__ == "__main__":
    main()
