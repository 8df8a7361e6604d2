"""Rolling-origin backtest, the Auto choice, and prediction intervals from backtest errors.

Backtest: fold *i* (1 … folds) cuts the history at ``end − i × L`` days, where
L is the fold length (the horizon, capped at 4 weeks). Each method is fitted on
the days up to the cut and forecasts the next L days; the days scored are the
open, normal days (special and missing days are left out — they are modelled,
not forecast by the method). A fold runs only when at least two weeks of
history precede its cut.

* WAPE = Σ|forecast − actual| / Σ actual over every scored day of every fold;
* bias = Σ(forecast − actual) / Σ actual (positive = over-forecast).

Auto picks, per queue, the method with the lowest WAPE among those that ran on
every fold, the combination of the best two (:mod:`.combine`) included; ties go
to the simpler method, and the combination counts as the least simple.

Prediction intervals are empirical: the log ratios log(actual / forecast) of
the chosen method's backtest days give the quantiles (1 − level)/2 and
(1 + level)/2; the forecast is multiplied by exp(quantile). Beyond the fold
length the log quantiles are widened by √(lead / L). With fewer than 10
backtest days the ratios of one-week-ahead seasonal naive forecasts over the
last 13 weeks are used instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wfm_desktop.core.forecast.methods import MethodNotApplicable, forecast_method, is_applicable
from wfm_desktop.core.forecast.settings import COMBO, METHODS
from wfm_desktop.core.forecast.series import QueueSeries, open_dates
from wfm_desktop.core.progress import CancelFn, check_cancel

MIN_TRAIN_WEEKS = 2
MIN_INTERVAL_SAMPLES = 10
CANDIDATES = METHODS + (COMBO,)
"""What Auto compares, in order of simplicity (a tie goes to the earlier)."""


@dataclass
class MethodScore:
    """Backtest outcome of one method on one queue."""

    method: str
    actual: list[float] = field(default_factory=list)
    forecast: list[float] = field(default_factory=list)
    lead_days: list[int] = field(default_factory=list)
    folds: int = 0
    members: tuple[str, ...] = ()
    """For the combination: the single methods averaged; empty for a single method."""

    @property
    def wape(self) -> float:
        return wape(np.asarray(self.actual), np.asarray(self.forecast))

    @property
    def bias(self) -> float:
        return bias(np.asarray(self.actual), np.asarray(self.forecast))


def wape(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Weighted absolute percentage error as a fraction: Σ|f − a| / Σa (NaN when Σa = 0)."""
    total = float(np.sum(actual))
    return float(np.sum(np.abs(forecast - actual)) / total) if total > 0 else float("nan")


def bias(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Σ(f − a) / Σa: positive when the forecast is too high."""
    total = float(np.sum(actual))
    return float(np.sum(forecast - actual) / total) if total > 0 else float("nan")


def run_backtest(
    series: QueueSeries,
    methods: tuple[str, ...],
    *,
    folds: int,
    fold_days: int,
    weeks: int,
    cancel: CancelFn = None,
) -> tuple[dict[str, MethodScore], int]:
    """Score `methods` on `folds` rolling origins; returns the scores and the folds that ran."""
    scores = {m: MethodScore(m) for m in methods}
    folds_run = 0
    for fold in range(1, folds + 1):
        check_cancel(cancel)
        cutoff = series.end - pd.Timedelta(days=fold * fold_days)
        train = series.truncated(cutoff)
        if train.observed_days < MIN_TRAIN_WEEKS * max(series.k, 1):
            break
        window = open_dates(cutoff + pd.Timedelta(days=1), cutoff + pd.Timedelta(days=fold_days), series.open_weekdays)
        actual = series.raw.reindex(window)
        scored = window[actual.notna().to_numpy()]
        if len(scored) == 0:
            continue
        folds_run += 1
        for method in methods:
            if not is_applicable(method, train):
                continue
            try:
                predicted = forecast_method(method, train, scored, weeks=weeks)
            except MethodNotApplicable:
                continue
            score = scores[method]
            score.actual.extend(actual[scored].tolist())
            score.forecast.extend(predicted.tolist())
            score.lead_days.extend(int(v) for v in (scored - cutoff).days)
            score.folds += 1
    return scores, folds_run


def choose_method(scores: dict[str, MethodScore], folds_run: int) -> str | None:
    """Lowest WAPE among methods (and the combination) scored on every fold; None when nothing was scored."""
    best, best_wape = None, np.inf
    for method in CANDIDATES:
        score = scores.get(method)
        if score is None or score.folds < folds_run or folds_run == 0:
            continue
        value = score.wape
        if np.isfinite(value) and value < best_wape - 1e-12:
            best, best_wape = method, value
    return best


def log_errors(score: MethodScore | None, series: QueueSeries) -> tuple[np.ndarray, np.ndarray, str]:
    """Log ratios actual/forecast with their lead in days, and where they came from."""
    if score is not None:
        a = np.asarray(score.actual)
        f = np.asarray(score.forecast)
        lead = np.asarray(score.lead_days)
        ok = (a > 0) & (f > 0)
        if ok.sum() >= MIN_INTERVAL_SAMPLES:
            return np.log(a[ok] / f[ok]), lead[ok], "backtest"
    recent = series.raw[series.raw.index > series.end - pd.Timedelta(days=7 * 13)]
    week_ago = series.raw.reindex(recent.index - pd.Timedelta(days=7)).to_numpy()
    ratios = recent.to_numpy() / week_ago
    ratios = ratios[np.isfinite(ratios) & (ratios > 0)]
    return np.log(ratios), np.full(len(ratios), 7), "one-week seasonal naive errors"


def interval_multipliers(
    errors: np.ndarray,
    leads: np.ndarray,
    future_leads: np.ndarray,
    *,
    level: float,
    percentile: float | None,
    fold_days: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Multipliers (lower, upper, percentile) of the point forecast for each future lead."""
    n = len(future_leads)
    if len(errors) == 0:
        ones = np.ones(n)
        return ones, ones.copy(), (ones.copy() if percentile is not None else None)
    reference = max(int(leads.max()) if len(leads) else fold_days, 1)
    widen = np.sqrt(np.maximum(1.0, future_leads / reference))
    q_lo, q_hi = np.quantile(errors, [(1 - level) / 2, (1 + level) / 2])
    lower = np.exp(min(q_lo, 0.0) * widen)
    upper = np.exp(max(q_hi, 0.0) * widen)
    pct = None
    if percentile is not None:
        pct = np.exp(float(np.quantile(errors, percentile)) * widen)
    return lower, upper, pct


def backtest_rows(queue: str, scores: dict[str, MethodScore], chosen: str | None) -> list[dict]:
    """Rows of the backtest table for one queue (methods that were scored at least once)."""
    rows = []
    for method in CANDIDATES:
        score = scores.get(method)
        if score is None or score.folds == 0:
            continue
        rows.append(
            {
                "queue": queue,
                "method": score.method,
                "wape": score.wape,
                "bias": score.bias,
                "folds": score.folds,
                "days": len(score.actual),
                "chosen": method == chosen,
            }
        )
    return rows


def applicable_methods(series: QueueSeries) -> tuple[str, ...]:
    return tuple(m for m in METHODS if is_applicable(m, series))
