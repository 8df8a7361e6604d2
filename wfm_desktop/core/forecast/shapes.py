"""Intraday shape: each weekday's share of the day per interval, its recipe chosen by backtest.

The simplest profile — each interval's share of the same weekday over the last few weeks — is
noisy when volumes are low and stale when the shape drifts. Four remedies, each standard, each
with a cost; which help depends on the queue, so the recipe is chosen per queue by backtest:

* **weeks**: how many recent weeks are averaged (:data:`WEEKS`, up to ``profile_weeks``);
* **recency**: weights halving every *h* weeks (:data:`HALF_LIVES`; None = equal weights);
* **pooling**: a weekday's profile blended with the mean profile of the weekdays that open
  and close at the same times (:data:`OWN_WEIGHTS`: the weight of the weekday's own profile);
* **smoothing**: each share blended with its open neighbours, a 3-point kernel
  (a, 1 − 2a, a) with a in :data:`SMOOTHING` (closed intervals stay closed).

Backtest: the last :data:`FOLDS` blocks of 4 weeks; each recipe's profiles are built from the
days before a block and scored on its normal days by the shape WAPE, Σ_days Σ_intervals
|share − actual share| × day volume / Σ day volume. The recipe with the lowest total wins
(ties go to the simpler: fewer weeks, no recency, no pooling, no smoothing). Without enough
history for one block, the plain profile over ``profile_weeks`` is used.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

WEEKS = (4, 8, 12, 26)
HALF_LIVES = (None, 4.0, 2.0)
OWN_WEIGHTS = (1.0, 0.7, 0.4)
SMOOTHING = (0.0, 0.1, 0.2)
FOLDS = 4
FOLD_DAYS = 28


@dataclass(frozen=True)
class Recipe:
    weeks: int
    half_life: float | None = None
    own_weight: float = 1.0
    smoothing: float = 0.0

    def describe(self) -> str:
        parts = [f"last {self.weeks} weeks"]
        if self.half_life:
            parts.append(f"weights halving every {self.half_life:g} weeks")
        if self.own_weight < 1:
            parts.append(f"{1 - self.own_weight:.0%} from weekdays with the same hours")
        if self.smoothing:
            parts.append(f"smoothed across neighbouring intervals ({self.smoothing:g})")
        return ", ".join(parts)


@dataclass(frozen=True)
class DayMatrix:
    """Normal days of one queue as rows: date, weekday, volume, and shares over `slots`."""

    dates: np.ndarray  # datetime64[D]
    weekdays: np.ndarray
    volumes: np.ndarray
    shares: np.ndarray  # days × slots
    slots: np.ndarray  # slot_min


def day_matrix(recent: pd.DataFrame) -> DayMatrix:
    """From interval rows with ``date, slot_min, offered`` (days with volume only)."""
    table = recent.pivot_table(index="date", columns="slot_min", values="offered", aggfunc="sum", fill_value=0.0)
    volumes = table.sum(axis=1).to_numpy(dtype=float)
    shares = table.to_numpy(dtype=float) / volumes[:, None]
    dates = table.index.to_numpy().astype("datetime64[D]")
    return DayMatrix(dates, pd.DatetimeIndex(table.index).day_of_week.to_numpy(), volumes, shares,
                     table.columns.to_numpy(dtype=int))


def recipes(max_weeks: int) -> list[Recipe]:
    """Every candidate recipe, simplest first, with at most `max_weeks` weeks."""
    weeks = sorted({w for w in WEEKS if w <= max_weeks} | {min(max_weeks, WEEKS[-1])})
    out = [Recipe(w, h, own, a) for w, h, own, a in itertools.product(weeks, HALF_LIVES, OWN_WEIGHTS, SMOOTHING)]
    return out


def profiles_at(days: DayMatrix, origin: np.datetime64, recipe: Recipe) -> dict[int, np.ndarray]:
    """Share vectors per weekday, built from the days up to `origin` (inclusive) with `recipe`."""
    age_days = (origin - days.dates).astype(float)
    window = (age_days >= 0) & (age_days < 7 * recipe.weeks)
    own = {}
    for weekday in np.unique(days.weekdays[window]):
        rows = window & (days.weekdays == weekday)
        weights = np.ones(rows.sum()) if recipe.half_life is None else 0.5 ** (age_days[rows] / 7 / recipe.half_life)
        profile = weights @ days.shares[rows] / weights.sum()
        own[int(weekday)] = profile
    if recipe.own_weight < 1.0 and len(own) > 1:
        groups: dict[tuple, list[int]] = {}
        for weekday, profile in own.items():
            groups.setdefault(_hours(profile), []).append(weekday)
        pooled = {}
        for members in groups.values():
            mean = np.mean([own[w] for w in members], axis=0)
            for weekday in members:
                pooled[weekday] = recipe.own_weight * own[weekday] + (1 - recipe.own_weight) * mean
        own = pooled
    if recipe.smoothing:
        own = {w: _smooth(p, recipe.smoothing) for w, p in own.items()}
    return own


def _hours(profile: np.ndarray) -> tuple[int, int]:
    open_slots = np.flatnonzero(profile > 0)
    return (int(open_slots[0]), int(open_slots[-1])) if len(open_slots) else (-1, -1)


def _smooth(profile: np.ndarray, a: float) -> np.ndarray:
    """(a, 1 − 2a, a) across open neighbours; a closed or missing neighbour counts as the interval itself."""
    is_open = profile > 0
    left = np.concatenate([[profile[0]], profile[:-1]])
    right = np.concatenate([profile[1:], [profile[-1]]])
    left_open = np.concatenate([[False], is_open[:-1]])
    right_open = np.concatenate([is_open[1:], [False]])
    left = np.where(left_open, left, profile)
    right = np.where(right_open, right, profile)
    smoothed = np.where(is_open, (1 - 2 * a) * profile + a * left + a * right, 0.0)
    total = smoothed.sum()
    return smoothed / total if total > 0 else profile


def shape_error(days: DayMatrix, profiles: dict[int, np.ndarray], scored: np.ndarray) -> float:
    """Σ over the `scored` days of Σ |profile share − actual share| × day volume."""
    total = 0.0
    for i in np.flatnonzero(scored):
        profile = profiles.get(int(days.weekdays[i]))
        if profile is None:
            total += 2 * days.volumes[i]  # no profile for that weekday: the worst case
            continue
        total += float(np.abs(profile - days.shares[i]).sum() * days.volumes[i])
    return total


def choose_recipe(days: DayMatrix, end: pd.Timestamp, max_weeks: int) -> tuple[Recipe, int]:
    """The recipe with the lowest shape error over the backtest folds, and the folds scored."""
    end_day = np.datetime64(pd.Timestamp(end).date(), "D")
    first_day = days.dates.min() if len(days.dates) else end_day
    candidates = recipes(max_weeks)
    totals = np.zeros(len(candidates))
    folds = 0
    for fold in range(1, FOLDS + 1):
        origin = end_day - np.timedelta64(fold * FOLD_DAYS, "D")
        # at least the shortest window of history before the origin
        if (origin - first_day).astype(int) < 7 * min(r.weeks for r in candidates) - 1:
            break
        scored = (days.dates > origin) & (days.dates <= origin + np.timedelta64(FOLD_DAYS, "D"))
        if not scored.any():
            continue
        folds += 1
        for number, recipe in enumerate(candidates):
            totals[number] += shape_error(days, profiles_at(days, origin, recipe), scored)
    if folds == 0:
        return Recipe(max_weeks), 0
    return candidates[int(np.argmin(totals))], folds
