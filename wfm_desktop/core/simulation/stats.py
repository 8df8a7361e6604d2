"""Confidence intervals across replications for ratios (service level, ASA, abandonment, occupancy).

Each replication r gives a numerator y_r and a denominator x_r (e.g. contacts
answered within T and contacts offered in an interval). The estimate is the
ratio of the totals, R = Σy / Σx (every contact counts once, so an interval
with few contacts in one replication does not get the weight of a busy one),
and its standard error the usual linearisation over independent replications:

    se(R) = sqrt( Σ (y_r − R·x_r)² / (n − 1) / n ) / x̄,

with a Student t quantile on n − 1 degrees of freedom. With a fixed
denominator (occupancy: staffed time) this is the plain t interval of the
per-replication values. Fewer than two replications give no interval (NaN).
"""

from __future__ import annotations

import numpy as np


def t_quantile(level: float, replications: int) -> float:
    """Two-sided Student t quantile for a ``level`` interval from ``replications`` values."""
    from scipy.special import stdtrit

    return float(stdtrit(replications - 1, 0.5 + level / 2.0))


def ratio_interval(numerator: np.ndarray, denominator: np.ndarray, level: float = 0.95):
    """(estimate, low, high) over axis 0 (replications) of ``numerator / denominator``.

    NaN where the total denominator is 0; low/high NaN with fewer than two replications.
    """
    y = np.asarray(numerator, dtype=float)
    x = np.asarray(denominator, dtype=float)
    n = y.shape[0]
    total_x = x.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        est = np.where(total_x > 0, y.sum(axis=0) / np.where(total_x > 0, total_x, 1.0), np.nan)
        if n < 2:
            nan = np.full(est.shape, np.nan)
            return est, nan, nan
        resid = y - np.nan_to_num(est)[None, ...] * x
        se = np.sqrt((resid**2).sum(axis=0) / (n - 1) / n) / (total_x / n)
    half = t_quantile(level, n) * se
    return est, est - half, est + half
