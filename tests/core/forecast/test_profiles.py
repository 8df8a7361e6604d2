import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from tests.core.forecast.builders import daily_history, interval_history
from wfm_desktop.core.forecast import ForecastSettings, run_forecast
from wfm_desktop.core.forecast.profiles import build_profiles
from wfm_desktop.core.history.table import interval_totals
from wfm_desktop.core.history.table import History


@pytest.mark.parametrize("interval_min", [15, 30, 60])
def test_profiles_sum_to_one_and_intervals_sum_to_the_day(interval_min):
    history = interval_history("2024-01-01", 7 * 6, queues=("A", "B"), interval_min=15)
    result = run_forecast(history, ForecastSettings(method="weekday_avg", horizon_days=10, folds=0, interval_min=interval_min))
    assert result.interval_min == interval_min
    sums = result.profiles.groupby(["queue", "weekday"])["share"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)
    assert set(result.profiles["weekday"]) == {0, 1, 2, 3, 4}
    intraday = result.intraday.assign(date=result.intraday["start"].dt.normalize())
    per_day = intraday.groupby(["queue", "date"])["contacts"].sum()
    daily = result.daily.set_index(["queue", "date"])["contacts"]
    np.testing.assert_allclose(per_day.to_numpy(), daily.loc[per_day.index].to_numpy())
    open_days = result.daily[result.daily["contacts"] > 0]
    assert len(intraday) == len(open_days) * (10 * 60 // interval_min)
    assert (result.intraday["start"].dt.minute % interval_min == 0).all()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 500), min_size=8, max_size=8), st.integers(1, 4))
def test_shares_of_any_volumes_sum_to_one(volumes, weeks):
    starts = pd.date_range("2024-01-01 09:00", periods=4, freq="30min").append(pd.date_range("2024-01-08 09:00", periods=4, freq="30min"))
    frame = pd.DataFrame({"queue": "Q", "start": starts, "offered": volumes, "aht_s": 100.0})
    profiles, _ = build_profiles("Q", interval_totals(frame, 30), pd.Timestamp("2024-01-08"), weeks=weeks, special_dates=set(), aht_min_contacts=30)
    for _, group in profiles.groupby("weekday"):
        assert group["share"].sum() == pytest.approx(1.0)
        assert (group["share"] >= 0).all()


def test_aht_is_weighted_by_volume_not_averaged_per_interval():
    # two Mondays at 09:00: 10 contacts at 100 s and 90 contacts at 300 s -> (10×100 + 90×300)/100 = 280 s
    frame = pd.DataFrame(
        {
            "queue": "Q",
            "start": pd.to_datetime(["2024-01-01 09:00", "2024-01-01 09:30", "2024-01-08 09:00", "2024-01-08 09:30"]),
            "offered": [10.0, 50.0, 90.0, 50.0],
            "aht_s": [100.0, 200.0, 300.0, 200.0],
        }
    )
    _, aht = build_profiles("Q", interval_totals(frame, 30), pd.Timestamp("2024-01-08"), weeks=8, special_dates=set(), aht_min_contacts=30)
    monday = aht[aht["weekday"] == 0].set_index("time")
    assert monday.loc["09:00", "aht_s"] == pytest.approx(280.0)
    assert monday.loc["09:30", "aht_s"] == pytest.approx(200.0)
    # rolling 15-minute rows up to 30 minutes weights them by volume too
    quarter_hours = pd.to_datetime(["2024-01-01 09:00", "2024-01-01 09:15", "2024-01-08 09:00", "2024-01-08 09:15"])
    rolled = interval_totals(frame.assign(start=quarter_hours), 30)
    assert rolled["aht_s"].iloc[0] == pytest.approx((10 * 100 + 50 * 200) / 60)


def test_thin_aht_cells_are_topped_up_with_the_interval_fallback():
    # Monday 09:00 has 3 contacts at 600 s; Tuesdays 09:00 have 100 contacts at 200 s (m = 30)
    frame = pd.DataFrame(
        {
            "queue": "Q",
            "start": pd.to_datetime(["2024-01-01 09:00", "2024-01-02 09:00"]),
            "offered": [3.0, 100.0],
            "aht_s": [600.0, 200.0],
        }
    )
    _, aht = build_profiles("Q", interval_totals(frame, 30), pd.Timestamp("2024-01-02"), weeks=8, special_dates=set(), aht_min_contacts=30)
    monday = aht[aht["weekday"] == 0].iloc[0]
    slot_fallback = (3 * 600 + 100 * 200) / 103
    assert monday["aht_s"] == pytest.approx((3 * 600 + 27 * slot_fallback) / 30)


def test_daily_aht_of_the_forecast_is_the_share_weighted_interval_aht():
    history = interval_history("2024-01-01", 7 * 4, interval_min=30)
    result = run_forecast(history, ForecastSettings(method="weekday_avg", horizon_days=7, folds=0))
    day = result.daily[result.daily["contacts"] > 0].iloc[0]
    rows = result.intraday[result.intraday["start"].dt.normalize() == day["date"]]
    assert day["aht_s"] == pytest.approx((rows["contacts"] * rows["aht_s"]).sum() / rows["contacts"].sum())
    noon = rows[rows["start"].dt.hour == 12]
    assert noon["aht_s"].iloc[0] == pytest.approx(200.0 + 12 * 60 / 10)  # a busy interval keeps its own AHT


def test_daily_history_gives_daily_aht_and_no_intraday():
    history = daily_history("2024-01-01", 7 * 6, aht_s=240.0)
    result = run_forecast(history, ForecastSettings(method="weekday_avg", horizon_days=7, folds=0))
    assert result.intraday.empty and result.profiles.empty and result.interval_min is None
    assert (result.daily["aht_s"] == 240.0).all()


def test_profile_uses_only_recent_weeks_and_skips_special_days():
    history = interval_history("2024-01-01", 7 * 12, interval_min=60)
    frame = history.frame.copy()
    early = frame["start"] < pd.Timestamp("2024-02-01")
    frame.loc[early & (frame["start"].dt.hour == 8), "offered"] *= 50  # an old morning peak
    history = History(frame, 60)
    result = run_forecast(history, ForecastSettings(method="weekday_avg", horizon_days=7, folds=0, profile_weeks=4))
    monday = result.profiles[result.profiles["weekday"] == 0].set_index("time")["share"]
    assert monday["08:00"] < monday["12:00"]
