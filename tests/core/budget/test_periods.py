"""Required staff per week/month: building it from interval requirements and from tables."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.budget.periods import from_requirements, from_table, read_periods


def intervals(first: str, days: int, agents: float, *, open_h=(9, 17), weekdays_only=True, interval_min=30):
    """Interval requirements with `agents` gross agents in every open interval."""
    rows = []
    for day in pd.date_range(first, periods=days, freq="D"):
        if weekdays_only and day.day_of_week >= 5:
            continue
        for start in pd.date_range(day + pd.Timedelta(hours=open_h[0]), day + pd.Timedelta(hours=open_h[1]),
                                   freq=f"{interval_min}min", inclusive="left"):
            rows.append({"queue": "Sales", "start": start, "agents_gross": agents, "contacts": 20.0, "aht_s": 270.0})
    return pd.DataFrame(rows)


def test_interval_requirements_to_months():
    # February 2027 starts on a Monday: 20 weekdays × 8 h × 25 agents = 4,000 paid hours.
    req = intervals("2027-02-01", 28, 25.0)
    p = from_requirements(req, 30, kind="month", contract_hours_week=40)
    row = p.frame.iloc[0]
    assert len(p.frame) == 1 and row["period"] == pd.Timestamp("2027-02-01")
    # Convention change (issue #21, part weeks count open days): the days shown are the plan's days
    # (Mon 1 – Fri 26 Feb), no longer widened to 28; the last week still counts as a whole week
    # (5 of 5 open days), so the month is 4 contracted weeks.
    assert row["days"] == 26 and row["weeks"] == 4
    assert row["paid_hours"] == pytest.approx(4000.0)
    # 40 h a week × 28 days / 7 = 160 h per FTE → 25 FTE.
    assert row["required_fte"] == pytest.approx(25.0)
    # 20 days × 16 intervals × 20 contacts = 6,400 contacts × 270 s = 480 handled hours.
    assert row["contacts"] == pytest.approx(6400.0)
    assert row["handled_hours"] == pytest.approx(480.0)


def test_interval_requirements_to_weeks_counts_closed_weekend_days():
    req = intervals("2027-02-01", 14, 10.0)
    p = from_requirements(req, 30, kind="week", contract_hours_week=40)
    # Mon 1 Feb – Fri 12 Feb. Convention change (issue #21, part weeks count open days): the second
    # week shows its 5 days in the plan (it was widened to 7) and counts 5 of 5 open days = 1 week.
    assert p.frame["days"].tolist() == [7.0, 5.0]
    assert p.frame["weeks"].tolist() == [1.0, 1.0]
    assert p.frame["paid_hours"].tolist() == pytest.approx([400.0, 400.0])
    assert p.frame["required_fte"].tolist() == pytest.approx([10.0, 10.0])


def test_month_horizon_stays_inside_its_months():
    # Tue 1 June – Wed 2 June 2027, a Monday–Friday centre: 2 of its 5 open days, 0.4 of a week.
    # Two days cannot show which weekdays are open, so the test says so.
    req = intervals("2027-06-01", 2, 7.0)
    p = from_requirements(req, 30, kind="month", contract_hours_week=40, open_days=range(5))
    assert p.frame["period"].tolist() == [pd.Timestamp("2027-06-01")]
    assert p.frame["days"].tolist() == [2.0]
    assert p.frame["weeks"].iloc[0] == pytest.approx(2 / 5)
    # Convention change (issue #21, part weeks count open days): 2 days × 8 h × 7 agents = 112 h
    # ÷ (40 × 2/5) = 7 FTE — the 7 agents it staffs all day; it was 112 ÷ (40 × 6/7) = 3.27 FTE
    # (the week widened to Mon 31 May – Sun 6 June, cut to 1–6 June, counted 6 calendar days).
    assert p.frame["required_fte"].iloc[0] == pytest.approx(112 / (40 * 2 / 5))


def test_weekly_table_splits_across_months_by_days():
    # The week of Mon 29 March 2027 has 3 days in March and 4 in April.
    table = pd.DataFrame({"week": ["2027-03-22", "2027-03-29"], "paid_hours": [700.0, 700.0], "contacts": [70.0, 70.0]})
    weekly = from_table(table, contract_hours_week=40)
    assert weekly.kind == "week"
    months = weekly.to_months().frame
    assert months["period"].tolist() == [pd.Timestamp("2027-03-01"), pd.Timestamp("2027-04-01")]
    assert months["days"].tolist() == [10.0, 4.0]
    assert months["paid_hours"].tolist() == pytest.approx([700 + 300, 400])
    assert months["contacts"].tolist() == pytest.approx([100.0, 40.0])
    # 1,000 h over 10 days at 40 h/week: 1000 / (40 × 10/7) = 17.5 FTE.
    assert months["required_fte"].iloc[0] == pytest.approx(17.5)


def test_fte_table_gives_paid_hours_and_steady_fte_every_month():
    table = pd.DataFrame({"month": pd.date_range("2027-01-01", periods=3, freq="MS"), "required_fte": [25.0] * 3})
    p = from_table(table, contract_hours_week=37.5)
    assert p.kind == "month"
    # 37.5 × 31/7, × 28/7, × 31/7 hours per FTE.
    assert p.frame["paid_hours"].tolist() == pytest.approx([25 * 37.5 * 31 / 7, 25 * 37.5 * 4, 25 * 37.5 * 31 / 7])
    assert p.frame["required_fte"].tolist() == pytest.approx([25.0, 25.0, 25.0])


def test_table_errors_name_row_and_column():
    with pytest.raises(WfmError, match="row 2, column required_fte"):
        from_table(pd.DataFrame({"week": ["2027-01-04", "2027-01-11"], "required_fte": [3, "x"]}))
    with pytest.raises(WfmError, match="row 1, column week: 'soon' is not a date"):
        from_table(pd.DataFrame({"week": ["soon"], "required_fte": [3]}))
    with pytest.raises(WfmError, match="paid_hours.*required_fte"):
        from_table(pd.DataFrame({"week": ["2027-01-04"], "agents": [3]}))
    with pytest.raises(WfmError, match="cannot be split into weeks"):
        from_table(pd.DataFrame({"month": ["2027-01-01", "2027-02-01"], "required_fte": [3, 3]}), kind="week")


def test_read_periods_detects_interval_requirements(tmp_path):
    path = tmp_path / "req.csv"
    intervals("2027-02-01", 28, 25.0, interval_min=15).to_csv(path, index=False)
    p = read_periods(path)
    assert p.frame["paid_hours"].iloc[0] == pytest.approx(4000.0)
    fte = tmp_path / "fte.xlsx"
    pd.DataFrame({"week": pd.date_range("2027-01-04", periods=2, freq="7D"), "required_fte": [10, 12]}).to_excel(fte, index=False)
    p = read_periods(fte, kind="week", contract_hours_week=40)
    assert p.frame["paid_hours"].tolist() == pytest.approx([400.0, 480.0])
    with pytest.raises(WfmError, match="file not found"):
        read_periods(tmp_path / "missing.csv")
    assert np.isnan(p.frame["contacts"]).all()


def test_coerce_periods_accepts_what_the_plan_holds():
    from types import SimpleNamespace

    from wfm_desktop.core.budget.periods import coerce_periods

    req = intervals("2027-02-01", 28, 25.0)
    assert coerce_periods(None) is None
    assert coerce_periods(pd.DataFrame({"x": [1]})) is None
    direct = coerce_periods(req)
    result_like = coerce_periods(SimpleNamespace(requirements=req, interval_min=30))
    assert direct.frame["paid_hours"].iloc[0] == pytest.approx(4000.0)
    assert result_like.frame.equals(direct.frame)
    weekly = coerce_periods(req, kind="week")
    assert coerce_periods(weekly, kind="month").frame["paid_hours"].sum() == pytest.approx(4000.0)


def test_seven_day_centre_ending_mid_week_is_not_diluted_by_days_outside_the_plan():
    # Open every day, Thu 1 Jan – Wed 4 Mar 2026: March has 4 planned days (Sun 1 – Wed 4);
    # Thu 5 – Sun 8 March are outside the plan and must not halve March's FTE.
    req = intervals("2026-01-01", 63, 10.0, weekdays_only=False, open_h=(8, 16))
    p = from_requirements(req, 30, kind="month", contract_hours_week=40)
    assert p.frame["days"].tolist() == [31.0, 28.0, 4.0]
    # 10 agents × 8 h × 7 days = 560 h a week = 14 FTE of 40 h, in every month including March's 4 days.
    assert p.frame["required_fte"].tolist() == pytest.approx([14.0, 14.0, 14.0])
    weeks = from_requirements(req, 30, kind="week", contract_hours_week=40)
    assert weeks.frame["days"].iloc[0] == 4.0 and weeks.frame["days"].iloc[-1] == 3.0
    assert weeks.frame["required_fte"].tolist() == pytest.approx([14.0] * len(weeks.frame))


def test_weekday_centre_ending_on_a_friday_keeps_its_closed_weekend():
    # Mon–Fri centre, Mon 1 Feb – Fri 26 Feb 2027 (4 weeks). Convention change (issue #21): the last
    # week shows its 5 days in the plan (it was widened to 7); its 5 of 5 open days are a whole week.
    req = intervals("2027-02-01", 26, 10.0)
    p = from_requirements(req, 30, kind="week", contract_hours_week=40)
    assert p.frame["days"].tolist() == [7.0] * 3 + [5.0]
    assert p.frame["weeks"].tolist() == [1.0] * 4
    assert p.frame["required_fte"].tolist() == pytest.approx([10.0] * 4)
