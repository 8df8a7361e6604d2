"""Rolling-origin backtest, the Auto choice, and calibrated prediction intervals from backtest errors.

Backtest: fold *i* (1 … folds) cuts the history at ``end − i × L`` days, where
L is the fold length (the horizon, capped at 4 weeks). Each method is fitted on
the days up to the cut and forecasts the days after it up to the planning
horizon (or the end of the history, whichever comes first): the latest fold is
scored on its L days, older folds on up to the horizon's length. So the backtest
judges each method on the leads the plan will use (a 13-week plan is judged on
13-week-ahead forecasts, not only on the next 4 weeks), with no more fits than
folds. The days scored are the open, normal days (special, abnormal and missing
days are left out — they are modelled, not forecast by the method). A fold runs
only when at least two weeks of history precede its cut.

* WAPE = Σ|forecast − actual| / Σ actual over the scored days of a fold, averaged
  over the folds (each fold counts the same: older folds score more days, and
  they are the ones fitted on the least history);
* bias = Σ(forecast − actual) / Σ actual (positive = over-forecast), averaged the same way.

Auto picks, per queue, the method with the lowest WAPE among those compared,
the combination of the best two (:mod:`.combine`) included; ties go to the
simpler method, and the combination counts as the least simple. Methods that
need long history (``mstl`` two years, ``harmonic`` 15 months) may run on the
recent folds only: the comparison then keeps the folds every compared method
ran on, if at least two (and half of them) remain; otherwise the method with the fewest folds is
left out (:func:`comparable`).

Prediction intervals are calibrated per horizon step from the chosen method's
backtest: for a forecast day *d* days ahead, the log ratios log(actual /
forecast) of the backtest days in the same lead week (widened to the weeks
either side until at least :data:`MIN_LEAD_SAMPLES` are pooled) give the
quantiles (1 − level)/2 and (1 + level)/2, taken at the conformal rank
⌈(n + 1)·p⌉ of the n ratios so that few samples do not make the interval too
narrow; the forecast is multiplied by exp(quantile). Widths never shrink with
the lead; beyond the longest backtested lead they grow with √(lead / longest).
With fewer than 10 backtest days the ratios of one-week-ahead seasonal naive
forecasts over the last 13 weeks are used instead.
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
MIN_LEAD_SAMPLES = 30
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
    fold_of: list[int] = field(default_factory=list)
    """The fold of each scored day; empty = one pool."""

    @property
    def wape(self) -> float:
        return self._per_fold(wape)

    @property
    def bias(self) -> float:
        return self._per_fold(bias)

    def fold_wapes(self) -> dict[int, float]:
        """WAPE of each fold (fold number → WAPE); one pool is fold 0."""
        actual, forecast = np.asarray(self.actual, dtype=float), np.asarray(self.forecast, dtype=float)
        if not self.fold_of:
            return {0: wape(actual, forecast)}
        fold_of = np.asarray(self.fold_of)
        return {int(f): wape(actual[fold_of == f], forecast[fold_of == f]) for f in np.unique(fold_of)}

    def _per_fold(self, measure) -> float:
        """`measure` of each fold, averaged: every fold counts the same, however many days it scored."""
        actual, forecast = np.asarray(self.actual, dtype=float), np.asarray(self.forecast, dtype=float)
        if not self.fold_of:
            return measure(actual, forecast)
        fold_of = np.asarray(self.fold_of)
        values = [measure(actual[fold_of == f], forecast[fold_of == f]) for f in np.unique(fold_of)]
        values = [v for v in values if np.isfinite(v)]
        return float(np.mean(values)) if values else float("nan")


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
    horizon_days: int | None = None,
    cancel: CancelFn = None,
) -> tuple[dict[str, MethodScore], int]:
    """Score `methods` on `folds` rolling origins; returns the scores and the folds that ran.

    Each fold is scored on up to `horizon_days` days after its cut (default: `fold_days`).
    """
    scored_days = max(int(horizon_days or fold_days), fold_days)
    scores = {m: MethodScore(m) for m in methods}
    folds_run = 0
    for fold in range(1, folds + 1):
        check_cancel(cancel)
        cutoff = series.end - pd.Timedelta(days=fold * fold_days)
        train = series.truncated(cutoff)
        if train.observed_days < MIN_TRAIN_WEEKS * max(series.k, 1):
            break
        last = min(cutoff + pd.Timedelta(days=scored_days), series.end)
        window = open_dates(cutoff + pd.Timedelta(days=1), last, series.open_weekdays)
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
            score.fold_of.extend([fold] * len(scored))
            score.folds += 1
    return scores, folds_run


def comparable(scores: dict[str, MethodScore], folds_run: int) -> tuple[dict[str, MethodScore], int]:
    """The scores Auto compares, restricted to the folds every compared method ran on, and their count.

    A method that needs long history (``mstl``, ``harmonic``) may run on the recent folds only. Rather
    than leave it out of the comparison, the comparison keeps the folds all candidates ran on, as long
    as at least two and at least half of them remain (or all, with fewer folds); otherwise the method with the fewest folds is
    left out and the rest compared again. Methods left out keep their own rows in the table.
    """
    ran = {m: set(s.fold_of) for m, s in scores.items() if s.folds > 0 and s.fold_of}
    if folds_run == 0 or not ran:
        return dict(scores), folds_run
    needed = max(min(2, folds_run), (folds_run + 1) // 2)
    candidates = sorted(ran, key=lambda m: -len(ran[m]))
    while candidates:
        common = set.intersection(*(ran[m] for m in candidates))
        if len(common) >= needed:
            break
        candidates.pop()
    if not candidates or len(common) == folds_run:
        return dict(scores), folds_run
    out = dict(scores)
    for method in candidates:
        out[method] = _restricted(scores[method], common)
    return out, len(common)


def _restricted(score: MethodScore, folds: set[int]) -> MethodScore:
    keep = [i for i, fold in enumerate(score.fold_of) if fold in folds]
    return MethodScore(
        method=score.method,
        actual=[score.actual[i] for i in keep],
        forecast=[score.forecast[i] for i in keep],
        lead_days=[score.lead_days[i] for i in keep],
        folds=len(folds),
        members=score.members,
        fold_of=[score.fold_of[i] for i in keep],
    )


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


def clearly_better(challenger: MethodScore, incumbent: MethodScore) -> bool:
    """The challenger's WAPE is lower by more than one standard error of the paired per-fold differences
    (the one-standard-error rule); with fewer than two folds in common nothing is clear."""
    mine, theirs = challenger.fold_wapes(), incumbent.fold_wapes()
    diff = np.array([mine[f] - theirs[f] for f in sorted(set(mine) & set(theirs))], dtype=float)
    diff = diff[np.isfinite(diff)]
    if len(diff) < 2:
        return False
    return bool(diff.mean() < -float(np.std(diff, ddof=1) / np.sqrt(len(diff))))


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
    """Multipliers (lower, upper, percentile) of the point forecast for each future lead (days)."""
    n = len(future_leads)
    if len(errors) == 0:
        ones = np.ones(n)
        return ones, ones.copy(), (ones.copy() if percentile is not None else None)
    probabilities = [(1 - level) / 2, (1 + level) / 2] + ([percentile] if percentile is not None else [])
    error_weeks = (np.asarray(leads) - 1) // 7
    longest_week = int(error_weeks.max()) if len(error_weeks) else 0
    table = np.array([_lead_week_quantiles(errors, error_weeks, week, probabilities) for week in range(longest_week + 1)])
    # widths never shrink with the lead
    table[:, 0] = np.minimum.accumulate(np.minimum(table[:, 0], 0.0))
    table[:, 1] = np.maximum.accumulate(np.maximum(table[:, 1], 0.0))
    future_weeks = np.clip((np.asarray(future_leads) - 1) // 7, 0, None)
    rows = table[np.minimum(future_weeks, longest_week)]
    longest = max(int(np.max(leads)) if len(leads) else fold_days, 1)
    widen = np.sqrt(np.maximum(1.0, np.asarray(future_leads) / longest))
    lower = np.exp(rows[:, 0] * widen)
    upper = np.exp(rows[:, 1] * widen)
    pct = np.exp(rows[:, 2] * widen) if percentile is not None else None
    return lower, upper, pct


def _lead_week_quantiles(errors: np.ndarray, weeks: np.ndarray, week: int, probabilities: list[float]) -> list[float]:
    """Quantiles of the errors of lead week `week`, pooling neighbouring weeks until enough are seen."""
    spread = 0
    while True:
        chosen = errors[np.abs(weeks - week) <= spread]
        if len(chosen) >= MIN_LEAD_SAMPLES or spread > weeks.max() + week:
            break
        spread += 1
    if len(chosen) == 0:
        chosen = errors
    return [_conformal_quantile(chosen, p) for p in probabilities]


def _conformal_quantile(values: np.ndarray, p: float) -> float:
    """The ⌈(n + 1)p⌉-th smallest of n values (the lower tail mirrored): a finite-sample-safe quantile."""
    ordered = np.sort(values)
    n = len(ordered)
    if p >= 0.5:
        rank = min(int(np.ceil((n + 1) * p)), n)
        return float(ordered[rank - 1])
    rank = max(n + 1 - int(np.ceil((n + 1) * (1 - p))), 1)
    return float(ordered[rank - 1])


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
