"""Accuracy over rolling origins (issue #16): Auto against every single method and seasonal naive, the
80% interval's coverage, and the intraday shape against the "same weekday, last 4 weeks" profile.

The goals are measured by benchmarks/forecast_accuracy.py on more origins (bank 8, sample 8, generated 12):
Auto ≤ 1.03 × the best single method and ≤ 0.9 × seasonal naive, 80% coverage 75–85%, shape ≤ 0.95 ×
the 4-week profile. These tests use fewer origins and looser bounds, so that they stay quick and do not
fail on one unlucky origin. They are not idle: in the benchmark the code before #16 broke the coverage
bound on the sample (its 80% interval held 65% of the days) and the shape bound on the bank data (its
profile was 1.13 × the 4-week one).
"""

import functools

import pytest

from tests.core.forecast.bank import bank_history
from tests.core.forecast.generated import three_year_daily
from tests.core.forecast.holdouts import SAME_WEEKDAY_4W, pooled, score_origins, weekly_origins
from wfm_desktop.core.forecast import METHODS

HORIZON_DAYS = 56


@functools.cache
def _bank_table(shared_data):
    history = bank_history(shared_data)
    methods = ["auto", "seasonal_naive", "weekday_avg", "weekday_level", "ets", SAME_WEEKDAY_4W]
    scores = score_origins(history, weekly_origins(history, 6, HORIZON_DAYS), methods, horizon_days=HORIZON_DAYS,
                           interval_min=30, country="US")
    return pooled(scores)


@functools.cache
def _generated_table():
    history = three_year_daily()
    methods = ["auto", *METHODS, SAME_WEEKDAY_4W]
    scores = score_origins(history, weekly_origins(history, 6, HORIZON_DAYS), methods, horizon_days=HORIZON_DAYS,
                           levels=(0.8,), country="US")
    return pooled(scores)


def _check_auto(table, singles):
    print(table.to_string())
    auto = table.loc["auto", "mean_wape"]
    assert auto <= 1.08 * table.loc[list(singles), "mean_wape"].min()
    assert auto <= 0.97 * table.loc["seasonal_naive", "mean_wape"]
    assert 0.70 <= table.loc["auto", "coverage_0.8"] <= 0.90


@pytest.mark.slow
def test_bank_auto_holds_up_on_rolling_origins_and_its_intervals_are_calibrated(shared_data):
    table = _bank_table(shared_data)
    _check_auto(table, ("seasonal_naive", "weekday_avg", "weekday_level", "ets"))
    assert table.loc["auto", "coverage_0.95"] >= table.loc["auto", "coverage_0.8"]


@pytest.mark.slow
def test_bank_intraday_shape_beats_the_same_weekday_four_week_profile(shared_data):
    table = _bank_table(shared_data)
    # 0.93 on these 6 origins since the shape backtest may choose 26 weeks (0.95 before, on 8 origins)
    assert table.loc["auto", "shape_wape"] <= 0.97 * table.loc["auto", "shape_wape_4w"]


@pytest.mark.slow
def test_generated_three_years_auto_uses_the_yearly_season_and_holds_up():
    table = _generated_table()
    _check_auto(table, METHODS)
    # the yearly season matters here: Auto beats the best method without one
    assert table.loc["auto", "mean_wape"] < table.loc[["seasonal_naive", "weekday_avg", "ets"], "mean_wape"].min()


@pytest.mark.slow
def test_sample_intervals_are_calibrated_and_the_intraday_shape_beats_the_four_week_profile():
    from wfm_desktop.core.history.sample import sample_history_path
    from wfm_desktop.core.importers import import_history

    history = import_history(sample_history_path()).history
    scores = score_origins(history, weekly_origins(history, 3, HORIZON_DAYS), ["auto", "seasonal_naive"],
                           horizon_days=HORIZON_DAYS, country="US")
    table = pooled(scores)
    print(table.to_string())
    assert table.loc["auto", "mean_wape"] <= 0.97 * table.loc["seasonal_naive", "mean_wape"]
    assert 0.70 <= table.loc["auto", "coverage_0.8"] <= 0.90
    assert table.loc["auto", "shape_wape"] <= 0.97 * table.loc["auto", "shape_wape_4w"]
