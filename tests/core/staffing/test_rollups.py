"""Gross agents and the daily/weekly roll-ups the workbook formulas reproduce."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.rollups import daily_summary, gross_agents, horizon_fte, weekly_summary


def test_gross_rounds_up_without_floating_point_noise():
    # 21 / (1 - 0.3) is 30.000000000000004 in floating point: still 30 agents, not 31.
    assert gross_agents(21, 0.3) == 30
    assert gross_agents([0, 1, 19], 0.3).tolist() == [0, 2, 28]
    assert gross_agents(10, 0.0) == 10


def test_gross_rejects_impossible_shrinkage():
    with pytest.raises(WfmError, match="shrinkage"):
        gross_agents(5, 1.0)


def _intervals(days: int, net: float = 21.0) -> pd.DataFrame:
    starts = [d + pd.Timedelta(minutes=15 * k) for d in pd.date_range("2027-03-01", periods=days, freq="D")
              for k in range(32)]  # 8 hours of 15-minute intervals
    n = len(starts)
    return pd.DataFrame({
        "queue": ["Sales"] * n, "start": starts, "contacts": 10.0, "aht_s": 300.0,
        "workload_erlangs": 10 * 300 / 900, "agents_net": net, "agents_schedule": 25.0,
        "agents_gross": gross_agents(np.full(n, net), 0.3), "service_level": 0.8, "asa_s": 10.0,
        "occupancy": 0.5,
    })


def test_docstring_example_32_fte():
    # Monday to Friday open, the weekend closed: a full week of 7 days in the horizon.
    days = pd.date_range("2027-03-01", periods=7, freq="D")
    daily = daily_summary(_intervals(5), 15, days=days)
    assert daily["agents_gross_h"].tolist() == [240.0] * 5 + [0.0, 0.0]
    weekly = weekly_summary(daily, 37.5)
    assert weekly["fte"].tolist() == [32.0]
    assert weekly["days"].tolist() == [7.0]
    assert weekly["open_days"].tolist() == [5.0] and weekly["weeks"].tolist() == [1.0]


def test_part_week_fte_counts_the_open_days_in_it():
    # Convention change (issue #21, one part-week rule): a part week counts open days in it ÷ open
    # days a week, no longer calendar days ÷ 7. This Monday–Friday centre's horizon ends on Friday:
    # all 5 open days are in it, so it is a whole contracted week: 1,200 h ÷ 37.5 = 32 FTE
    # (it was 1,200 ÷ (37.5 × 5/7) = 44.8 FTE, 40 % too many).
    daily = daily_summary(_intervals(5), 15)
    weekly = weekly_summary(daily, 37.5)
    assert weekly["days"].iloc[0] == 5 and weekly["open_days"].iloc[0] == 5
    assert weekly["weeks"].iloc[0] == pytest.approx(5 / 5)
    assert weekly["fte"].iloc[0] == pytest.approx(1200 / 37.5)
    # Starting on Wednesday 3 March instead: Wed–Fri are 3 of 5 open days, 0.6 of a week.
    frame = _intervals(5)
    frame = frame[pd.to_datetime(frame["start"]).dt.day >= 3]
    weekly = weekly_summary(daily_summary(frame, 15), 37.5, open_days=range(5))
    assert weekly["weeks"].iloc[0] == pytest.approx(0.6)
    assert weekly["fte"].iloc[0] == pytest.approx(3 * 240 / (37.5 * 3 / 5))


def test_daily_rows_for_closed_days_and_weighted_sl():
    frame = _intervals(2)
    frame.loc[frame.index[:32], "service_level"] = 0.6
    frame.loc[frame.index[:32], "contacts"] = 30.0
    days = pd.date_range("2027-03-01", periods=3, freq="D")
    daily = daily_summary(frame, 15, days=days)
    assert daily["contacts"].tolist() == [960.0, 320.0, 0.0]
    assert daily["agents_gross_h"].tolist() == [240.0, 240.0, 0.0]
    assert np.isnan(daily["service_level"].iloc[2])
    weekly = weekly_summary(daily, 40.0, open_days=range(7))  # a seven-day centre
    assert weekly["service_level"].iloc[0] == pytest.approx((0.6 * 960 + 0.8 * 320) / 1280)
    # 480 gross hours over 3 open days of the week: 480 / (40 × 3/7) = 28 FTE.
    assert weekly["fte"].iloc[0] == pytest.approx(28.0)


def test_horizon_fte_weights_part_weeks_by_their_weeks():
    # A 7-day centre, Thu 4 – Sun 14 March 2027: a part week of 4 days (4/7 week) and a full week.
    days = pd.date_range("2027-03-04", "2027-03-14", freq="D")
    daily = pd.DataFrame({"queue": "Sales", "date": days, "contacts": 1.0, "aht_s": 1.0, "workload_h": 1.0,
                          "agents_net_h": 1.0, "agents_schedule_h": 1.0, "agents_gross_h": 100.0,
                          "service_level": 0.8})
    weekly = weekly_summary(daily, 40.0)
    assert weekly["weeks"].tolist() == pytest.approx([4 / 7, 1.0])
    # 1,100 h ÷ (40 × 11/7 weeks) = 17.5 FTE, the same as the weeks' FTE weighted by their weeks.
    assert horizon_fte(weekly)["Sales"] == pytest.approx(1100 / (40 * 11 / 7))
