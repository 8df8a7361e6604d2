"""The single forecasting methods, each a function of a :class:`QueueSeries`.

Every method forecasts the *open-day* series (see :mod:`.series`) for given
future open dates and returns one non-negative value per date:

* ``seasonal_naive`` — the last observed value of the same weekday;
* ``weekday_avg`` — the mean of the same weekday over the last ``weeks`` weeks;
* ``weekday_level`` — the weekday pattern times an exponentially smoothed level, in
  logs: each weekday's effect is the median, over the last :data:`LEVEL_MAX_WEEKS`
  weeks, of the day's log volume minus the mean of its centred week; the level is
  simple exponential smoothing of the weekday-adjusted series (weight chosen from
  :data:`SMOOTHING_GRID` by one-step error), carried forward flat. A robust,
  trend-free cousin of ``ets`` (ETS(A,N,A) on log volume with a median weekday
  profile): where ``weekday_avg`` weighs its weeks equally and seasonal naive keeps
  only the last week, this follows a level shift at the speed the series itself
  supports. Needs 4 weeks.
* ``ets`` — Holt-Winters exponential smoothing with a damped additive trend and
  multiplicative weekly seasonality (additive if the series has zeros), fitted
  on the last 52 weeks;
* ``mstl`` — MSTL decomposition (weekly and yearly seasonality) of log volume,
  the seasonally adjusted part forecast with a damped trend and the seasonal
  parts carried forward (weekly from the last week, yearly from a year ago);
  the damped trend is fitted on the last 26 weeks, and the yearly part is smoothed
  over 3 weeks (with two years of data it otherwise carries each day's noise forward).
  The decomposition runs one outer pass with two inner STL passes: a single inner
  pass (as before #16) left part of the level in the yearly component and
  under-forecast by 9% on average (up to 15% with just two years) on the generated
  3-year series; two inner passes cut that to 4% (MSTL's default of two outer
  passes to 1%, at three times the cost, too slow for the Auto backtest). Needs two
  years of history.
* ``harmonic`` — a regression of log volume on the open weekdays, a straight-line
  trend and yearly Fourier terms (:data:`HARMONIC_TERMS` sine/cosine pairs; the
  "dynamic harmonic regression" of Hyndman & Athanasopoulos, *Forecasting:
  Principles and Practice*, ch. 12.1), fitted on the last three years; the recent
  level is the exponentially smoothed regression residual (smoothing weight
  chosen from a grid by one-step error). Least squares only: no optimiser, no
  statsmodels. Needs a year and a quarter of history: one full yearly cycle and a
  second look at the coming season.

statsmodels is imported inside the functions that use it: it costs more than
a second at start-up.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from wfm_desktop.core.forecast.series import QueueSeries, open_dates

ETS_MAX_WEEKS = 52
ETS_MIN_WEEKS = 5
MSTL_MIN_DAYS = 2 * 365
MSTL_MAX_YEARS = 3
MSTL_TREND_WEEKS = 26
HARMONIC_TERMS = 4
HARMONIC_MIN_DAYS = 365 + 91
HARMONIC_MAX_DAYS = 3 * 365
LEVEL_MIN_WEEKS = 4
LEVEL_MAX_WEEKS = 26
SMOOTHING_GRID = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)


class MethodNotApplicable(Exception):
    """The history is too short (or too odd) for this method; the caller skips it."""


def is_applicable(method: str, series: QueueSeries) -> bool:
    """Whether `series` has enough history for `method`."""
    if series.observed_days < 1:
        return False
    if method in ("seasonal_naive", "weekday_avg"):
        return series.observed_days >= series.k
    if method == "weekday_level":
        return series.observed_days >= LEVEL_MIN_WEEKS * series.k and len(series.filled) >= LEVEL_MIN_WEEKS * series.k
    if method == "ets":
        return len(series.filled) >= max(ETS_MIN_WEEKS * series.k, 10)
    if method == "harmonic":
        span_days = (series.end - series.raw.index.min()).days + 1
        return span_days >= HARMONIC_MIN_DAYS and series.observed_days >= 20 * series.k
    if method == "mstl":
        span_days = (series.end - series.raw.index.min()).days + 1
        return span_days >= MSTL_MIN_DAYS and len(series.filled) >= 2 * _year_period(series.k) + series.k
    raise ValueError(f"unknown method {method}")


def forecast_method(method: str, series: QueueSeries, future: pd.DatetimeIndex, *, weeks: int = 6) -> np.ndarray:
    """Forecast `series` for the open dates `future` (all after ``series.end``) with `method`."""
    if len(future) == 0:
        return np.zeros(0)
    if not is_applicable(method, series):
        raise MethodNotApplicable(method)
    if method == "seasonal_naive":
        values = _seasonal_naive(series, future)
    elif method == "weekday_avg":
        values = _weekday_avg(series, future, weeks)
    elif method == "weekday_level":
        values = _weekday_level(series, future)
    elif method == "ets":
        values = _ets(series, future)
    elif method == "harmonic":
        values = _harmonic(series, future)
    else:
        values = _mstl(series, future)
    values = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(values)):
        raise MethodNotApplicable(f"{method} gave non-finite values")
    return np.clip(values, 0.0, None)


def _by_weekday(future: pd.DatetimeIndex, per_weekday: dict[int, float], fallback: pd.Series) -> np.ndarray:
    out = np.empty(len(future))
    for i, day in enumerate(future):
        value = per_weekday.get(day.weekday())
        if value is None or np.isnan(value):
            value = float(fallback[fallback.index.day_of_week == day.weekday()].iloc[-1])
        out[i] = value
    return out


def _seasonal_naive(series: QueueSeries, future: pd.DatetimeIndex) -> np.ndarray:
    observed = series.raw.dropna()
    last = observed.groupby(observed.index.day_of_week).last()
    return _by_weekday(future, last.to_dict(), series.filled)


def _weekday_avg(series: QueueSeries, future: pd.DatetimeIndex, weeks: int) -> np.ndarray:
    recent = series.raw[series.raw.index > series.end - pd.Timedelta(days=7 * weeks)].dropna()
    means = recent.groupby(recent.index.day_of_week).mean()
    return _by_weekday(future, means.to_dict(), series.filled)


def _weekday_level(series: QueueSeries, future: pd.DatetimeIndex) -> np.ndarray:
    """Weekday pattern × exponentially smoothed level, in logs (see the module docstring).

    Over the last :data:`LEVEL_MAX_WEEKS` weeks: the weekday effect is the median of each day's log
    volume minus the mean of the k open days around it (a centred week), so a trend or a step in the
    level does not leak into it and one odd day does not move it; the seasonally adjusted series is
    smoothed (weight chosen from :data:`SMOOTHING_GRID` by one-step error) and its last level carried
    forward flat.
    """
    k = series.k
    recent = series.filled.iloc[-LEVEL_MAX_WEEKS * k :]
    values = recent.to_numpy(dtype=float)
    positive = values.min() > 0
    y = np.log(values) if positive else np.log1p(values)
    weekdays = recent.index.day_of_week.to_numpy()
    week_mean = pd.Series(y).rolling(k, center=True, min_periods=k).mean().to_numpy()
    inside = np.isfinite(week_mean)
    effect = {int(w): float(np.median((y - week_mean)[inside & (weekdays == w)])) for w in series.open_weekdays
              if (inside & (weekdays == w)).any()}
    centre = float(np.mean(list(effect.values()))) if effect else 0.0
    effect = {w: v - centre for w, v in effect.items()}
    adjusted = y - np.array([effect.get(int(w), 0.0) for w in weekdays])
    mean = float(adjusted.mean())
    level = mean + smoothed_level(adjusted - mean)
    path = level + np.array([effect.get(int(w), 0.0) for w in future.day_of_week])
    return np.exp(path) if positive else np.expm1(path)


def _steps(series: QueueSeries, future: pd.DatetimeIndex) -> np.ndarray:
    """1-based positions of `future` in the open-day calendar after the history."""
    calendar = open_dates(series.end + pd.Timedelta(days=1), future.max(), series.open_weekdays)
    return np.searchsorted(calendar, future) + 1


def _year_period(k: int) -> int:
    return int(round(k * 365.25 / 7))


def _ets(series: QueueSeries, future: pd.DatetimeIndex) -> np.ndarray:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    k = series.k
    y = series.filled.to_numpy()[-ETS_MAX_WEEKS * k :]
    steps = _steps(series, future)
    seasonal = None if k < 2 else ("mul" if y.min() > 0 else "add")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ExponentialSmoothing(
            y,
            trend="add",
            damped_trend=True,
            seasonal=seasonal,
            seasonal_periods=k if seasonal else None,
            # heuristic start values (from the first cycles) leave 4 parameters to optimise, not 4 + 2 + k
            initialization_method="heuristic" if len(y) >= 4 * k + 10 else "estimated",
        )
        try:
            fitted = model.fit(use_brute=False)
        except (ValueError, np.linalg.LinAlgError) as exc:
            raise MethodNotApplicable(f"ets: {exc}") from exc
        path = np.asarray(fitted.forecast(int(steps.max())))
    return path[steps - 1]


def _mstl(series: QueueSeries, future: pd.DatetimeIndex) -> np.ndarray:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing
    from statsmodels.tsa.seasonal import MSTL

    k = series.k
    year = _year_period(k)
    y = np.log1p(series.filled.to_numpy()[-MSTL_MAX_YEARS * year :])
    n = len(y)
    periods = (k, year) if k > 1 else (year,)
    steps = _steps(series, future)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            decomposition = MSTL(y, periods=periods, iterate=1, stl_kwargs={"inner_iter": 2}).fit()
        except (ValueError, np.linalg.LinAlgError) as exc:
            raise MethodNotApplicable(f"mstl: {exc}") from exc
        seasonal = np.asarray(decomposition.seasonal).reshape(n, -1)
        adjusted = y - seasonal.sum(axis=1)
        recent = adjusted[-MSTL_TREND_WEEKS * k :]
        trend_model = ExponentialSmoothing(
            recent, trend="add", damped_trend=True, initialization_method="heuristic"
        ).fit(use_brute=False)
        level = np.asarray(trend_model.forecast(int(steps.max())))[steps - 1]
    total = level.copy()
    for column, period in enumerate(periods):
        component = seasonal[:, column]
        if period > k:
            # with two or three years, the yearly component of a day is mostly that day's noise;
            # the yearly pattern is smooth, so carry forward its 3-week moving average
            component = pd.Series(component).rolling(3 * k, center=True, min_periods=1).mean().to_numpy()
        # the value one full period before each future step (steps beyond one period repeat)
        offsets = (steps - 1) % period
        total += component[n - period + offsets]
    return np.expm1(total)


def _harmonic_design(dates: pd.DatetimeIndex, origin: pd.Timestamp, open_weekdays: frozenset[int]) -> np.ndarray:
    t_years = (dates - origin).days.to_numpy() / 365.25
    columns = [np.ones(len(dates)), t_years]
    for weekday in sorted(open_weekdays)[1:]:
        columns.append((dates.day_of_week == weekday).astype(float))
    angle = 2 * np.pi * (dates.day_of_year.to_numpy() - 1) / 365.25
    for term in range(1, HARMONIC_TERMS + 1):
        columns += [np.sin(term * angle), np.cos(term * angle)]
    return np.column_stack(columns)


def _harmonic(series: QueueSeries, future: pd.DatetimeIndex) -> np.ndarray:
    filled = series.filled[series.filled.index > series.end - pd.Timedelta(days=HARMONIC_MAX_DAYS)]
    values = filled.to_numpy(dtype=float)
    y = np.log(values) if values.min() > 0 else np.log1p(values)
    origin = filled.index[0]
    design = _harmonic_design(filled.index, origin, series.open_weekdays)
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    level = smoothed_level(y - design @ beta)
    path = _harmonic_design(future, origin, series.open_weekdays) @ beta + level
    return np.exp(path) if values.min() > 0 else np.expm1(path)


def smoothed_level(residual: np.ndarray) -> float:
    """Last level of simple exponential smoothing, the weight chosen from :data:`SMOOTHING_GRID`.

    All weights run at once; the one with the least squared one-step error wins.
    """
    alphas = np.asarray(SMOOTHING_GRID)
    level = np.zeros(len(alphas))
    sse = np.zeros(len(alphas))
    for value in residual:
        error = value - level
        sse += error * error
        level = level + alphas * error
    return float(level[np.argmin(sse)])
