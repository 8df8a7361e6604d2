"""Clean baselines: abnormal periods are found, reported and kept out of averages and profiles."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tests.core.forecast.builders import daily_history, interval_history
from tests.core.forecast.generated import FESTIVAL, OUTAGE, three_year_daily
from wfm_desktop.core.forecast import ForecastSettings, run_forecast
from wfm_desktop.core.forecast.cleaning import Period, detect_abnormal
from wfm_desktop.core.forecast.series import build_queue_series
from wfm_desktop.core.history.table import History


def _scaled(history: History, first: str, last: str, factor: float) -> History:
    frame = history.frame.copy()
    days = frame["start"].dt.normalize()
    frame.loc[(days >= first) & (days <= last), "offered"] *= factor
    return History(frame, history.interval_min, "test")


def test_a_low_week_and_a_festival_are_found_with_their_dates_and_size():
    history = daily_history("2024-01-01", 7 * 20, noise=0.04, seed=3)
    history = _scaled(history, "2024-02-12", "2024-02-16", 0.6)  # a low week, Monday to Friday
    history = _scaled(history, "2024-04-03", "2024-04-05", 1.5)  # a 3-day festival peak, Wednesday to Friday
    daily = history.daily()
    offered = pd.Series(daily["offered"].to_numpy(), index=pd.DatetimeIndex(daily["date"]))
    series = build_queue_series("Q", offered, offered.index.max(), set())
    found = detect_abnormal("Q", series.raw, series.open_weekdays)
    assert list(zip(found["start"], found["end"])) == [
        (dt.date(2024, 2, 12), dt.date(2024, 2, 16)),
        (dt.date(2024, 4, 3), dt.date(2024, 4, 5)),
    ]
    assert found["change"].iloc[0] == pytest.approx(-0.4, abs=0.05)
    assert found["change"].iloc[1] == pytest.approx(0.5, abs=0.08)
    assert (found["kind"] == "abnormal").all()


def test_a_normal_noisy_series_and_a_steady_trend_have_no_findings():
    history = daily_history("2024-01-01", 7 * 30, noise=0.08, seed=5)
    frame = history.frame.copy()
    frame["offered"] *= np.linspace(1.0, 1.6, len(frame))  # +60% over the period
    daily = History(frame, history.interval_min).daily()
    offered = pd.Series(daily["offered"].to_numpy(), index=pd.DatetimeIndex(daily["date"]))
    series = build_queue_series("Q", offered, offered.index.max(), set())
    assert detect_abnormal("Q", series.raw, series.open_weekdays).empty


def test_the_generated_series_festival_and_outage_are_found_and_excluded():
    result = run_forecast(three_year_daily(), ForecastSettings(method="weekday_avg", horizon_days=7, folds=0, country="US"))
    found = result.findings[result.findings["excluded"]]
    periods = set(zip(found["start"], found["end"]))
    assert (FESTIVAL[0].date(), FESTIVAL[1].date()) in periods
    assert (OUTAGE[0].date(), OUTAGE[1].date()) in periods


def _weekday_avg_and_profile(history, **settings):
    result = run_forecast(
        history, ForecastSettings(method="weekday_avg", weeks=6, profile_weeks=6, horizon_days=7, folds=0, **settings)
    )
    return result.daily.set_index("date")["point"], result.profiles.set_index(["weekday", "slot_min"])["share"]


def test_an_excluded_period_changes_neither_the_weekday_averages_nor_the_profiles():
    clean = interval_history("2024-01-01", 7 * 8, interval_min=30)
    # the same history with a low week whose intraday shape is also odd (all volume in the morning)
    frame = clean.frame.copy()
    week = (frame["start"] >= "2024-01-29") & (frame["start"] < "2024-02-03")
    frame.loc[week, "offered"] *= np.where(frame.loc[week, "start"].dt.hour < 12, 0.9, 0.1)
    odd = History(frame, 30, "test")
    points_clean, shares_clean = _weekday_avg_and_profile(clean)
    points_off, shares_off = _weekday_avg_and_profile(odd, clean_history=False)
    assert not np.allclose(points_off.to_numpy(), points_clean.to_numpy())  # detection off: the week drags
    assert not np.allclose(shares_off.to_numpy(), shares_clean.to_numpy())
    # the per-period toggle: a detected period the planner keeps in counts again
    points_kept, _ = _weekday_avg_and_profile(odd, keep_periods=(Period(dt.date(2024, 1, 30), dt.date(2024, 1, 30)),))
    np.testing.assert_allclose(points_kept.to_numpy(), points_off.to_numpy())
    # detected and excluded by default; and excluded by the planner with detection off
    for settings in ({}, {"clean_history": False,
                          "exclude_periods": (Period(dt.date(2024, 1, 29), dt.date(2024, 2, 2), "Q", "outage"),)}):
        points, shares = _weekday_avg_and_profile(odd, **settings)
        np.testing.assert_allclose(points.to_numpy(), points_clean.to_numpy(), rtol=1e-9)
        pd.testing.assert_series_equal(shares, shares_clean, rtol=1e-9)


def test_holiday_calendar_warnings_become_one_note_and_multi_day_festivals_are_holiday_periods(recwarn):
    history = daily_history("1999-01-04", 7 * 30)
    result = run_forecast(history, ForecastSettings(method="weekday_avg", horizon_days=7, folds=0, country="IN"))
    assert not [w for w in recwarn if "holidays" in str(w.filename)]
    assert sum("available only from" in note for note in result.notes) == 1
    from wfm_desktop.core.forecast.special_days import holiday_calendar

    by_date, periods, _ = holiday_calendar("IL", range(1999, 2000))
    assert dt.date(1999, 4, 4) in periods and dt.date(1999, 4, 1) not in periods  # Passover: day 1 public
