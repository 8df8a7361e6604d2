import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tests.core.forecast.builders import WEEKDAY_FACTORS, daily_history, interval_history
from wfm_desktop.core.errors import Cancelled, WfmError
from wfm_desktop.core.forecast import ForecastSettings, run_forecast


def test_seasonal_naive_repeats_last_week_and_closed_weekdays_are_zero():
    history = daily_history("2024-01-01", 7 * 6)  # Monday 1 January, six weeks
    result = run_forecast(history, ForecastSettings(method="seasonal_naive", horizon_days=14, folds=0))
    daily = result.daily
    assert daily["date"].iloc[0] == pd.Timestamp("2024-02-10")  # the day after the last Friday
    expected = [1000.0 * WEEKDAY_FACTORS[d.weekday()] for d in daily["date"]]
    np.testing.assert_allclose(daily["contacts"], expected)
    assert set(daily["method"]) == {"seasonal_naive"}
    assert (daily.loc[daily["date"].dt.day_of_week >= 5, "contacts"] == 0).all()
    assert (daily["aht_s"] == 300.0).all()


def test_weekday_avg_averages_the_last_n_weeks_of_each_weekday():
    history = daily_history("2024-01-01", 7 * 6)
    frame = history.frame.copy()
    mondays = frame["start"].dt.day_of_week == 0
    frame.loc[mondays, "offered"] = [100.0, 200.0, 300.0, 400.0, 500.0, 600.0]
    history = type(history)(frame, history.interval_min)
    result = run_forecast(history, ForecastSettings(method="weekday_avg", weeks=4, horizon_days=7, folds=0))
    monday = result.daily[result.daily["date"].dt.day_of_week == 0]["contacts"].iloc[0]
    assert monday == pytest.approx((300 + 400 + 500 + 600) / 4)


def test_horizon_crossing_month_and_year_end_is_contiguous_and_keeps_the_weekly_pattern():
    history = daily_history("2024-09-02", 7 * 16, noise=0.02)
    start = dt.date(2024, 12, 23)
    result = run_forecast(history, ForecastSettings(method="ets", horizon_days=21, start=start, folds=0))
    dates = result.daily["date"]
    assert list(dates) == list(pd.date_range("2024-12-23", "2025-01-12"))
    open_days = result.daily[dates.dt.day_of_week < 5]
    assert (open_days["contacts"] > 500).all() and (result.daily.loc[dates.dt.day_of_week >= 5, "contacts"] == 0).all()
    mondays = open_days[open_days["date"].dt.day_of_week == 0]["contacts"]
    fridays = open_days[open_days["date"].dt.day_of_week == 4]["contacts"]
    assert mondays.min() > fridays.max()


def test_start_inside_history_uses_only_the_days_before_it():
    history = daily_history("2024-01-01", 7 * 8)
    frame = history.frame.copy()
    frame.loc[frame["start"] >= "2024-02-12", "offered"] *= 10  # would change the forecast if used
    history = type(history)(frame, history.interval_min)
    result = run_forecast(history, ForecastSettings(method="seasonal_naive", horizon_days=7, start=dt.date(2024, 2, 12), folds=0))
    assert result.daily["contacts"].max() == pytest.approx(1300.0)
    assert any("inside the history" in note for note in result.notes)


def test_auto_runs_a_backtest_and_names_the_chosen_method():
    history = daily_history("2024-01-01", 7 * 24, noise=0.05)
    result = run_forecast(history, ForecastSettings(method="auto", horizon_days=28, folds=4))
    table = result.backtest
    singles = {"seasonal_naive", "weekday_avg", "weekday_level", "ets"}  # mstl needs two years
    best_two = table[table["method"].isin(singles)].nsmallest(2, "wape")["method"]
    combo = "combo(" + "+".join(m for m in ("seasonal_naive", "weekday_avg", "weekday_level", "ets") if m in set(best_two)) + ")"
    # Auto adds the combination only when the backtest cannot tell the second method from the best
    assert singles <= set(table["method"]) <= singles | {combo}
    assert (table["folds"] == 4).all()
    chosen = table[table["chosen"]]
    assert len(chosen) == 1
    assert chosen["wape"].iloc[0] == table["wape"].min()
    assert set(result.daily["method"]) == {chosen["method"].iloc[0]}


def test_prediction_interval_contains_the_point_and_widens_with_level():
    history = daily_history("2024-01-01", 7 * 20, noise=0.08)
    narrow = run_forecast(history, ForecastSettings(method="weekday_avg", level=0.5, horizon_days=14))
    wide = run_forecast(history, ForecastSettings(method="weekday_avg", level=0.95, horizon_days=14))
    open_days = narrow.daily["contacts"] > 0
    assert (narrow.daily["lower"] <= narrow.daily["contacts"]).all()
    assert (narrow.daily["upper"] >= narrow.daily["contacts"]).all()
    assert (wide.daily["upper"][open_days] > narrow.daily["upper"][open_days]).all()
    assert (wide.daily["lower"][open_days] < narrow.daily["lower"][open_days]).all()


def test_percentile_staffing_raises_contacts_above_the_point_forecast():
    history = daily_history("2024-01-01", 7 * 20, noise=0.08)
    result = run_forecast(history, ForecastSettings(method="weekday_avg", horizon_days=14, percentile=0.9))
    open_days = result.daily["point"] > 0
    assert (result.daily["contacts"][open_days] > result.daily["point"][open_days]).all()


def test_mstl_needs_two_years_and_then_runs():
    short = daily_history("2024-01-01", 7 * 20)
    with pytest.raises(WfmError, match="two years"):
        run_forecast(short, ForecastSettings(method="mstl", horizon_days=7, folds=0))
    days = 2 * 365 + 60
    dates = pd.date_range("2022-01-03", periods=days)
    yearly = 1 + 0.3 * np.sin(2 * np.pi * dates.day_of_year.to_numpy() / 365.25)
    long = daily_history("2022-01-03", days, weekday_factors=(1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.4))
    frame = long.frame.assign(offered=long.frame["offered"].to_numpy() * yearly)
    long = type(long)(frame, long.interval_min)
    result = run_forecast(long, ForecastSettings(method="mstl", horizon_days=28, folds=0))
    expected_dates = pd.date_range(dates[-1] + pd.Timedelta(days=1), periods=28)
    truth = 1000 * np.array([(1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.4)[d.weekday()] for d in expected_dates])
    truth = truth * (1 + 0.3 * np.sin(2 * np.pi * expected_dates.day_of_year.to_numpy() / 365.25))
    wape = np.abs(result.daily["contacts"].to_numpy() - truth).sum() / truth.sum()
    assert wape < 0.03


def test_cancel_stops_the_forecast_and_progress_reaches_one():
    history = interval_history("2024-01-01", 7 * 6, queues=("A", "B"))
    with pytest.raises(Cancelled):
        run_forecast(history, ForecastSettings(horizon_days=7), cancel=lambda: True)
    seen = []
    run_forecast(history, ForecastSettings(horizon_days=7), progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_the_history_is_not_mutated():
    history = interval_history("2024-01-01", 7 * 6)
    before = history.frame.copy()
    run_forecast(history, ForecastSettings(horizon_days=7, growth=0.1))
    pd.testing.assert_frame_equal(history.frame, before)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"method": "prophet"}, "method"),
        ({"horizon_days": 0}, "horizon"),
        ({"horizon_days": 400}, "horizon"),
        ({"level": 80}, "level"),
        ({"growth": 5}, "growth"),
        ({"deflection": 1.2}, "deflection"),
        ({"percentile": 1.5}, "percentile"),
        ({"interval_min": 20}, "planning interval"),
    ],
)
def test_settings_reject_bad_values_with_a_message(kwargs, message):
    with pytest.raises(WfmError, match=message):
        ForecastSettings(**kwargs)


def test_unknown_country_is_a_planner_error():
    history = daily_history("2024-01-01", 7 * 6)
    with pytest.raises(WfmError, match="holiday calendar"):
        run_forecast(history, ForecastSettings(horizon_days=7, country="XX"))


def test_a_queue_with_too_little_history_is_skipped_with_a_note():
    long = daily_history("2024-01-01", 7 * 6, queue="Long")
    short = daily_history("2024-02-07", 4, queue="Short")
    history = type(long)(pd.concat([long.frame, short.frame], ignore_index=True), long.interval_min)
    result = run_forecast(history, ForecastSettings(horizon_days=7))
    assert set(result.daily["queue"]) == {"Long"}
    assert any(note.startswith("Short: too little history") for note in result.notes)
    with pytest.raises(WfmError, match="no queue has enough history"):
        run_forecast(short, ForecastSettings(horizon_days=7))


def test_a_start_weeks_after_the_history_keeps_weekdays_aligned_and_widens_the_band():
    history = daily_history("2024-01-01", 7 * 20, noise=0.05)
    near = run_forecast(history, ForecastSettings(method="ets", horizon_days=7))
    far = run_forecast(history, ForecastSettings(method="ets", horizon_days=7, start=dt.date(2024, 8, 5)))
    assert far.daily["date"].iloc[0] == pd.Timestamp("2024-08-05")
    mondays = far.daily[far.daily["date"].dt.day_of_week == 0]["contacts"]
    fridays = far.daily[far.daily["date"].dt.day_of_week == 4]["contacts"]
    assert mondays.iloc[0] > fridays.iloc[0]
    width = lambda r: ((r.daily["upper"] - r.daily["lower"]) / r.daily["point"]).max()  # noqa: E731
    assert width(far) > width(near)


def test_planning_interval_must_be_a_multiple_of_the_history_interval():
    history = interval_history("2024-01-01", 7 * 3, interval_min=60)
    with pytest.raises(WfmError, match="cannot be built from 60-minute history"):
        run_forecast(history, ForecastSettings(horizon_days=7, interval_min=30))


def test_settings_round_trip_through_plain_json():
    import json

    from wfm_desktop.core.forecast import Event, settings_from_dict, settings_to_dict

    settings = ForecastSettings(
        method="ets", horizon_days=91, start=dt.date(2025, 1, 6), level=0.9, country="GB",
        events=(Event(dt.date(2025, 1, 1), closed=True, label="New Year"), Event(dt.date(2025, 2, 3), factor=1.2, queue="Sales")),
        growth=0.05, deflection=0.1, overrides={("Sales", dt.date(2025, 1, 7)): 500.0}, percentile=0.7, interval_min=15,
    )
    again = settings_from_dict(json.loads(json.dumps(settings_to_dict(settings))))
    assert again == settings
    with pytest.raises(WfmError, match="unknown field"):
        settings_from_dict({"methd": "ets"})
