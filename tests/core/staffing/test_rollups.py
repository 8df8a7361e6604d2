"""Gross agents and the daily/weekly roll-ups the workbook formulas reproduce."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.rollups import daily_summary, gross_agents, monthly_hours_per_fte, weekly_summary


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
    weekly = weekly_summary(daily, {"Sales": 37.5})
    assert weekly["fte"].tolist() == [32.0]
    assert weekly["days"].tolist() == [7.0]


def test_part_week_fte_is_scaled_to_the_days_in_the_horizon():
    daily = daily_summary(_intervals(5), 15)  # the horizon ends on Friday
    weekly = weekly_summary(daily, {"Sales": 37.5})
    assert weekly["fte"].iloc[0] == pytest.approx(1200 / (37.5 * 5 / 7))


def test_daily_rows_for_closed_days_and_weighted_sl():
    frame = _intervals(2)
    frame.loc[frame.index[:32], "service_level"] = 0.6
    frame.loc[frame.index[:32], "contacts"] = 30.0
    days = pd.date_range("2027-03-01", periods=3, freq="D")
    daily = daily_summary(frame, 15, days=days)
    assert daily["contacts"].tolist() == [960.0, 320.0, 0.0]
    assert daily["agents_gross_h"].tolist() == [240.0, 240.0, 0.0]
    assert np.isnan(daily["service_level"].iloc[2])
    weekly = weekly_summary(daily, {"Sales": 40.0})
    assert weekly["service_level"].iloc[0] == pytest.approx((0.6 * 960 + 0.8 * 320) / 1280)
    # 480 gross hours over 3 days of the week: 480 / (40 × 3/7) = 28 FTE.
    assert weekly["fte"].iloc[0] == pytest.approx(28.0)


def test_monthly_hours_per_fte():
    assert monthly_hours_per_fte(37.5) == pytest.approx(162.5)
