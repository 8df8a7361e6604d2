"""Must show: the real bank data imports, gaps reported as missing, exact roll-ups."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.importers import import_history, rollup

MISSING = ["2003-04-04", "2003-04-07", "2003-05-26", "2003-07-04", "2003-09-01", "2003-10-14"]


@pytest.fixture
def bank_csv(shared_data):
    return shared_data / "bank_calls_2003" / "bank_calls_2003_5min.csv"


def test_bank_calls_import_as_5_minute_weekday_history(bank_csv):
    result = import_history(bank_csv)
    history = result.history
    raw = pd.read_csv(bank_csv, parse_dates=["interval_start"])
    assert history.interval_min == 5
    assert len(history.frame) == len(raw) == 164 * 169
    assert history.frame["offered"].sum() == raw["calls"].sum()
    starts = history.frame["start"]
    assert set(starts.dt.day_of_week.unique()) == {0, 1, 2, 3, 4}
    minutes = starts.dt.hour * 60 + starts.dt.minute
    assert minutes.min() == 7 * 60 and minutes.max() == 21 * 60
    # six missing weekdays are reported missing, and no zero rows were invented for them
    missing = [f for f in result.findings if "missing entirely" in f.message]
    assert len(missing) == 1 and missing[0].severity == "warning"
    assert all(day in missing[0].message for day in MISSING)
    assert "not counted as zero" in missing[0].action
    days = set(starts.dt.strftime("%Y-%m-%d"))
    assert not days & set(MISSING)
    hours = [f for f in result.findings if "open hours" in f.message]
    assert "Mon–Fri 07:00–21:05" in hours[0].message
    assert not result.errors


@pytest.mark.parametrize("planning_min", [15, 30, 60])
def test_bank_calls_roll_up_with_daily_totals_exact(bank_csv, planning_min):
    five = import_history(bank_csv).history
    rolled = import_history(bank_csv, interval_min=planning_min).history
    assert rolled.interval_min == planning_min
    assert rolled.frame.equals(rollup(five, planning_min).frame)
    before = five.daily().set_index("date")["offered"]
    after = rolled.daily().set_index("date")["offered"]
    assert (before == after).all() and len(before) == 164
    # each planning interval is exactly the sum of its 5-minute intervals
    key = five.frame["start"].dt.floor(f"{planning_min}min")
    expected = five.frame.groupby(key)["offered"].sum()
    assert np.array_equal(rolled.frame.set_index("start")["offered"].to_numpy(), expected.to_numpy())
    assert (rolled.frame["start"].dt.minute % planning_min == 0).all()
