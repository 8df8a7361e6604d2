"""The ``weekday_level`` method (weekday pattern × exponentially smoothed level) and the 26-week
shape window, both added for issue #16's unmet goals on the bank data."""

import numpy as np
import pandas as pd
import pytest

from tests.core.forecast.builders import WEEKDAY_FACTORS, daily_history
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast import ForecastSettings, run_forecast
from wfm_desktop.core.forecast.methods import SMOOTHING_GRID, forecast_method
from wfm_desktop.core.forecast.series import build_queue_series
from wfm_desktop.core.forecast.shapes import Recipe, choose_recipe, day_matrix, recipes


def _series(values: pd.Series):
    return build_queue_series("Q", values, values.index.max(), set())


def _history(offered: np.ndarray, first: str = "2024-01-01") -> pd.Series:
    dates = pd.date_range(first, periods=len(offered), freq="D")
    return pd.Series(offered, index=dates)


def test_a_steady_pattern_is_forecast_exactly():
    # level × weekday factor with no noise: every weekday effect is exact and the level constant
    history = daily_history("2024-01-01", 7 * 12, level=800.0)
    result = run_forecast(history, ForecastSettings(method="weekday_level", horizon_days=14, folds=0))
    expected = [800.0 * WEEKDAY_FACTORS[d.weekday()] for d in result.daily["date"]]
    np.testing.assert_allclose(result.daily["contacts"], expected, rtol=1e-9)
    assert set(result.daily["method"]) == {"weekday_level"}


def test_the_level_follows_a_step_and_the_weekday_pattern_is_kept():
    # the level doubles six weeks before the end: the one-step error picks the fastest weight of the
    # grid, whose level after 30 open days is within 0.5 ** 30 of the new level (in logs)
    factors = np.array(WEEKDAY_FACTORS)
    dates = pd.date_range("2024-01-01", periods=7 * 20, freq="D")
    level = np.where(dates < dates[-1] - pd.Timedelta(days=41), 500.0, 1000.0)
    offered = _history(level * factors[dates.day_of_week])
    offered = offered[offered > 0]
    series = _series(offered)
    future = pd.date_range(dates[-1] + pd.Timedelta(days=1), periods=7, freq="D")
    future = future[future.day_of_week < 5]
    values = forecast_method("weekday_level", series, future)
    # the weekday effect is the median over 20 weeks of log(day) − log(mean of its centred week): the
    # week that straddles the step shifts a few days' effects, the median does not move
    assert max(SMOOTHING_GRID) == 0.5
    np.testing.assert_allclose(values, 1000.0 * factors[future.day_of_week], rtol=1e-6)


def test_one_odd_day_does_not_move_the_weekday_pattern():
    factors = np.array(WEEKDAY_FACTORS)
    dates = pd.date_range("2024-01-01", periods=7 * 12, freq="D")
    offered = _history(1000.0 * factors[dates.day_of_week])
    offered = offered[offered > 0]
    odd = offered.copy()
    odd.iloc[10] *= 3.0  # one Monday, ten weeks before the end, three times its usual volume
    future = pd.date_range(dates[-1] + pd.Timedelta(days=1), periods=7, freq="D")
    future = future[future.day_of_week < 5]
    steady = forecast_method("weekday_level", _series(offered), future)
    shaken = forecast_method("weekday_level", _series(odd), future)
    # ratios between weekdays (the pattern) are untouched; only the level may move
    np.testing.assert_allclose(shaken / shaken[0], steady / steady[0], rtol=1e-12)


def test_auto_backtests_weekday_level_with_the_other_methods():
    history = daily_history("2024-01-01", 7 * 24, noise=0.05)
    result = run_forecast(history, ForecastSettings(method="auto", horizon_days=28, folds=4))
    row = result.backtest[result.backtest["method"] == "weekday_level"]
    assert len(row) == 1 and int(row["folds"].iloc[0]) == 4


def test_weekday_level_needs_four_weeks():
    history = daily_history("2024-01-01", 7 * 3)
    with pytest.raises(WfmError, match="weekday_level needs more history"):
        run_forecast(history, ForecastSettings(method="weekday_level", horizon_days=7, folds=0))


def _stable_shape_days(weeks: int, seed: int = 1) -> tuple[pd.DataFrame, pd.Timestamp]:
    """Interval rows (date, slot_min, offered) of Monday–Friday days with one fixed true shape and Poisson
    noise (about 400 contacts a day over 20 intervals): only the noise differs from day to day."""
    rng = np.random.default_rng(seed)
    slots = np.arange(8 * 60, 18 * 60, 30)
    shape = 1.0 + np.sin(np.linspace(0, np.pi, len(slots)))
    shape = shape / shape.sum()
    dates = pd.date_range("2024-01-01", periods=7 * weeks, freq="D")
    dates = dates[dates.day_of_week < 5]
    rows = [(day, int(slot), float(count)) for day in dates
            for slot, count in zip(slots, rng.poisson(400 * shape))]
    return pd.DataFrame(rows, columns=["date", "slot_min", "offered"]), dates[-1]


def test_a_stable_noisy_shape_is_built_from_the_longest_window():
    # with one true shape, averaging more days only removes noise: the backtest must choose 26 weeks
    rows, end = _stable_shape_days(26 + 16)
    recipe, folds = choose_recipe(day_matrix(rows), end, 26)
    assert folds == 4
    assert recipe.weeks == 26 and recipe.half_life is None
    assert Recipe(26) in recipes(26) and all(r.weeks <= 12 for r in recipes(12))


def test_profile_weeks_default_is_26():
    assert ForecastSettings().profile_weeks == 26
