"""The ``combo`` method: an equal-weight combination of the best single methods.

Forecast combination — averaging the forecasts of a few methods — is one of
the most reliable ways to lower forecast error: the errors of different methods
partly cancel, and the average is rarely far from the best member while nobody
knows in advance which member will be best. In the M4 competition the
equal-weight combination of three exponential-smoothing methods beat every
single one of them (Makridakis, Spiliotis & Assimakopoulos 2020, *Int. J.
Forecasting* 36(1)); pooling only the forecasts that did best in validation
is Kourentzes, Barrow & Petropoulos 2019 (*Int. J. Production Economics* 209).

Here ``combo`` is the mean of the point forecasts of the :data:`COMBO_SIZE`
single methods with the lowest backtest WAPE among those scored on every
fold. Its backtest comes from the members' backtest forecasts (the mean of
their fold forecasts, on the same days), so it costs no extra model fits, and
its prediction intervals come from those errors like any method's. Its name in
the outputs lists the members: ``combo(seasonal_naive+weekday_avg)``.

The members are ranked on the same folds the combination is then scored on,
which flatters ``combo`` a little in Auto's comparison (as it flatters the
single method Auto picks).
"""

from __future__ import annotations

import numpy as np

from wfm_desktop.core.forecast.backtest import MethodScore, clearly_better
from wfm_desktop.core.forecast.settings import COMBO, METHODS

COMBO_SIZE = 2
"""Single methods averaged by ``combo``: the best two of the backtest."""


def combo_label(members: tuple[str, ...]) -> str:
    """The name shown in outputs: ``combo(a+b)``, members in the order of :data:`METHODS`."""
    return f"{COMBO}({'+'.join(members)})"


def is_combo(method: str) -> bool:
    """Whether `method` (a setting or an output label) is the combination."""
    return method == COMBO or method.startswith(COMBO + "(")


def combo_members(scores: dict[str, MethodScore], folds_run: int, size: int = COMBO_SIZE, *,
                  close_only: bool = False) -> tuple[str, ...]:
    """The `size` single methods with the lowest backtest WAPE (scored on every fold).

    Returned in the order of :data:`METHODS`; empty when fewer than two methods qualify
    (a "combination" of one method is that method). Ties in WAPE go to the simpler method.
    `close_only` (Auto): a method joins only if the best one is not clearly better than it (by more
    than one standard error of their paired per-fold WAPE differences): pooling only the forecasts
    that validation cannot tell apart from the best.
    """
    if folds_run == 0:
        return ()
    ranked = []
    for order, method in enumerate(METHODS):
        score = scores.get(method)
        if score is None or score.folds < folds_run:
            continue
        value = score.wape
        if np.isfinite(value):
            ranked.append((value, order, method))
    ranked.sort()
    chosen = [method for _, _, method in ranked[:size]]
    if close_only and chosen:
        best = scores[chosen[0]]
        chosen = [chosen[0]] + [m for m in chosen[1:] if not clearly_better(best, scores[m])]
    if len(chosen) < 2:
        return ()
    return tuple(m for m in METHODS if m in chosen)


def combo_score(scores: dict[str, MethodScore], members: tuple[str, ...]) -> MethodScore:
    """Backtest of the mean of `members`' forecasts, on the days they were all scored.

    Members scored on every fold were scored on exactly the same days (same folds,
    same open days with data), so their lists line up; this is checked.
    """
    first = scores[members[0]]
    for method in members[1:]:
        other = scores[method]
        if other.lead_days != first.lead_days or other.actual != first.actual:
            raise ValueError(f"backtests of {members[0]} and {method} are not on the same days")
    forecast = np.mean([np.asarray(scores[m].forecast, dtype=float) for m in members], axis=0)
    return MethodScore(
        method=combo_label(members),
        actual=list(first.actual),
        forecast=forecast.tolist(),
        lead_days=list(first.lead_days),
        folds=first.folds,
        members=tuple(members),
        fold_of=list(first.fold_of),
    )


def with_combo(scores: dict[str, MethodScore], folds_run: int, *, close_only: bool = False
               ) -> dict[str, MethodScore]:
    """`scores` plus the combination's score under the key ``"combo"`` when two methods qualify."""
    members = combo_members(scores, folds_run, close_only=close_only)
    if not members:
        return dict(scores)
    return {**scores, COMBO: combo_score(scores, members)}
