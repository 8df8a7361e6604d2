import datetime as dt

import pandas as pd
import pytest

from tests.core.forecast.builders import daily_history, interval_history
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast import Event, ForecastSettings, read_events_csv, run_forecast


def _day(result, date, queue="Q"):
    daily = result.daily
    return daily[(daily["queue"] == queue) & (daily["date"] == pd.Timestamp(date))].iloc[0]


def test_closed_event_forecasts_zero_and_factor_event_multiplies():
    history = daily_history("2024-01-01", 7 * 8)
    events = (Event(dt.date(2024, 3, 4), closed=True, label="Move"), Event(dt.date(2024, 3, 5), factor=1.5, label="Campaign"))
    plain = run_forecast(history, ForecastSettings(method="seasonal_naive", horizon_days=14, folds=0))
    result = run_forecast(history, ForecastSettings(method="seasonal_naive", horizon_days=14, folds=0, events=events))
    assert _day(result, "2024-03-04")["contacts"] == 0.0
    assert _day(result, "2024-03-04")["upper"] == 0.0
    assert _day(result, "2024-03-05")["contacts"] == pytest.approx(1.5 * _day(plain, "2024-03-05")["contacts"])
    assert _day(result, "2024-03-06")["contacts"] == _day(plain, "2024-03-06")["contacts"]
    kinds = result.adjustments[result.adjustments["kind"] == "event"]
    assert list(kinds["label"]) == ["Move", "Campaign"]


def test_event_for_one_queue_leaves_the_others_alone():
    history = interval_history("2024-01-01", 7 * 6, queues=("A", "B"))
    event = Event(dt.date(2024, 2, 12), closed=True, label="A only", queue="A")
    result = run_forecast(history, ForecastSettings(method="seasonal_naive", horizon_days=7, folds=0, events=(event,)))
    assert _day(result, "2024-02-12", "A")["contacts"] == 0.0
    assert _day(result, "2024-02-12", "B")["contacts"] > 0
    intraday_a = result.intraday[(result.intraday["queue"] == "A") & (result.intraday["start"].dt.normalize() == "2024-02-12")]
    assert intraday_a["contacts"].sum() == 0.0


def test_public_holiday_not_seen_in_history_is_closed():
    history = daily_history("2024-10-07", 7 * 8)  # ends 2024-11-29; US Christmas is in the horizon
    result = run_forecast(history, ForecastSettings(method="seasonal_naive", horizon_days=35, folds=0, country="US"))
    assert _day(result, "2024-12-25")["contacts"] == 0.0
    assert _day(result, "2024-12-24")["contacts"] > 0
    row = result.adjustments[result.adjustments["date"] == pd.Timestamp("2024-12-25")].iloc[0]
    assert row["kind"] == "holiday" and "Christmas" in row["label"]


def test_public_holiday_factor_is_learnt_from_its_past_occurrence_and_kept_out_of_fitting():
    # 2023 and 2024 Labor Day (first Monday of September): the queue ran at 40% of a normal Monday in 2023
    history = daily_history("2023-06-05", 7 * 66)
    frame = history.frame.copy()
    frame.loc[frame["start"] == pd.Timestamp("2023-09-04"), "offered"] = 0.4 * 1300
    history = type(history)(frame, history.interval_min)
    last = frame["start"].max()
    start = dt.date(2024, 8, 26)
    assert last >= pd.Timestamp(start)
    result = run_forecast(history, ForecastSettings(method="weekday_avg", horizon_days=21, start=start, folds=0, country="US"))
    assert _day(result, "2024-09-02")["contacts"] == pytest.approx(0.4 * 1300)
    assert _day(result, "2024-09-09")["contacts"] == pytest.approx(1300)  # the holiday did not drag Mondays down


def test_event_wins_over_a_holiday_on_the_same_date():
    history = daily_history("2024-10-07", 7 * 8)
    event = Event(dt.date(2024, 12, 25), factor=0.3, label="Skeleton crew")
    result = run_forecast(history, ForecastSettings(method="seasonal_naive", horizon_days=35, folds=0, country="US", events=(event,)))
    assert _day(result, "2024-12-25")["contacts"] == pytest.approx(0.3 * 1000)


def test_special_days_in_the_history_are_kept_out_of_fitting():
    history = daily_history("2024-01-01", 7 * 6)
    frame = history.frame.copy()
    frame.loc[frame["start"] == pd.Timestamp("2024-02-05"), "offered"] = 5000.0  # a one-off spike on a Monday
    history = type(history)(frame, history.interval_min)
    spike = Event(dt.date(2024, 2, 5), factor=3.8, label="Outage")
    plain = run_forecast(history, ForecastSettings(method="seasonal_naive", horizon_days=7, folds=0))
    marked = run_forecast(history, ForecastSettings(method="seasonal_naive", horizon_days=7, folds=0, events=(spike,)))
    assert _day(plain, "2024-02-12")["contacts"] == 5000.0
    assert _day(marked, "2024-02-12")["contacts"] == 1300.0


def test_events_csv_is_read_and_errors_name_row_and_column(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("date,type,factor,label,queue\n2024-12-24,factor,0.6,Christmas Eve,\n2024-12-25,closed,,Christmas Day,Sales\n")
    events = read_events_csv(path)
    assert events == (
        Event(dt.date(2024, 12, 24), closed=False, factor=0.6, label="Christmas Eve"),
        Event(dt.date(2024, 12, 25), closed=True, factor=0.0, label="Christmas Day", queue="Sales"),
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("date,type,factor,label\n2024-12-24,factor,lots,Eve\n")
    with pytest.raises(WfmError, match=r"row 2, column factor: 'lots'"):
        read_events_csv(bad)
    bad.write_text("date,type,factor,label\n24/13/2024,closed,,Eve\n")
    with pytest.raises(WfmError, match="column date"):
        read_events_csv(bad)
    bad.write_text("date,type,factor,label\n2024-12-24,open,,Eve\n")
    with pytest.raises(WfmError, match="closed' or 'factor"):
        read_events_csv(bad)
