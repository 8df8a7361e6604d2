"""The plan's FTE conventions (issue #21): one contracted week, calendar months, part weeks by open days,
FTE from unrounded gross hours. Expected values are worked by hand in the comments."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.budget.periods import from_requirements
from wfm_desktop.core.conventions import (
    DEFAULT_CONTRACT_HOURS_WEEK,
    check_contract_hours,
    contract_week_from_old_inputs,
    day_weeks,
    fte,
    open_weekdays,
)
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.rollups import daily_summary, horizon_fte, weekly_summary
from wfm_desktop.core.staffing.shrinkage import gross_agents, gross_agents_unrounded


def test_one_default_week_everywhere():
    from wfm_desktop.core.budget.inputs import BudgetInputs, default
    from wfm_desktop.core.budget.periods import Periods
    from wfm_desktop.core.staffing.queue_settings import PlanSettings

    assert DEFAULT_CONTRACT_HOURS_WEEK == 37.5
    assert PlanSettings().contract_hours_week == BudgetInputs().contract_hours_week == default("contract_hours_week")
    assert Periods.__dataclass_fields__["contract_hours_week"].default == 37.5
    with pytest.raises(WfmError, match="at most 80"):
        check_contract_hours(168)
    with pytest.raises(WfmError, match="above 0"):
        PlanSettings(contract_hours_week=0)


def test_calendar_months_february_is_four_weeks():
    # A seven-day centre through January–March 2027: every day counts 1/7 week.
    days = pd.date_range("2027-01-01", "2027-03-31", freq="D")
    weights = day_weeks(days, range(7))
    by_month = weights.groupby(weights.index.to_period("M")).sum()
    assert by_month.tolist() == pytest.approx([31 / 7, 28 / 7, 31 / 7])
    # 600 paid hours in February at 37.5 h: 600 ÷ (37.5 × 4) = 4 FTE (52/12 weeks would say 600 ÷ 162.5 = 3.69).
    assert fte([600.0], [28 / 7], 37.5)[0] == pytest.approx(4.0)


def test_part_weeks_count_open_days():
    # Monday–Friday centre, Wed 3 – Sun 14 March 2027: Wed–Fri are 3 of 5 open days, then a full week.
    weights = day_weeks(pd.date_range("2027-03-03", "2027-03-14"), open_days=range(5))
    weeks = weights.groupby(weights.index - pd.to_timedelta(weights.index.day_of_week, unit="D")).sum()
    assert weeks.tolist() == pytest.approx([3 / 5, 1.0])
    assert weights.loc["2027-03-06":"2027-03-07"].tolist() == [0.0, 0.0]  # a closed weekend in a part week
    assert weights.loc["2027-03-13":"2027-03-14"].tolist() == pytest.approx([1 / 7, 1 / 7])  # in a full week
    assert open_weekdays(pd.to_datetime(["2027-03-01", "2027-03-06"]), [3.0, 0.0]) == frozenset({0})
    assert open_weekdays(pd.to_datetime(["2027-03-01"]), [0.0]) == frozenset(range(7))  # nothing staffed: all


def test_fte_is_from_unrounded_gross_hours():
    # Night intervals of 1 net agent at 32.7 % shrinkage: 1 ÷ 0.673 = 1.486 paid agents, 2 whole ones.
    assert gross_agents_unrounded(1, 0.327) == pytest.approx(1 / 0.673)
    assert gross_agents(1, 0.327) == 2
    # 8 such 30-minute intervals a night for 7 nights: 28 interval-hours × 1.486 = 41.6 paid hours
    # = 1.109 FTE at 37.5 h, where whole agents would pay 56 h = 1.493 FTE (+35 %).
    starts = pd.date_range("2027-03-01 00:00", periods=7 * 48, freq="30min")
    night = starts.hour < 4
    req = pd.DataFrame({"queue": "Night", "start": starts, "contacts": np.where(night, 1.0, 0.0), "aht_s": 300.0,
                        "workload_erlangs": 0.1, "agents_net": np.where(night, 1.0, 0.0),
                        "agents_schedule": np.where(night, 2.0, 0.0),
                        "agents_gross": np.where(night, 1 / 0.673, 0.0), "service_level": 0.8})
    weekly = weekly_summary(daily_summary(req, 30), 37.5)
    assert weekly["fte"].iloc[0] == pytest.approx(7 * 8 * 0.5 / 0.673 / 37.5)
    assert weekly["agents_schedule_h"].iloc[0] == pytest.approx(56.0)


def test_weeks_and_months_give_the_same_horizon_fte():
    # Staffing's weekly FTE and the budget's monthly FTE of one requirement: Thu 28 Jan – Tue 16 Mar 2027,
    # Monday–Friday only, busier in February; both part weeks count open days.
    rows = []
    for day in pd.date_range("2027-01-28", "2027-03-16", freq="D"):
        if day.day_of_week < 5:
            for k in range(16):
                rows.append({"queue": "Sales", "start": day + pd.Timedelta(hours=9, minutes=30 * k),
                             "agents_gross": 10.0 + 3 * (day.month == 2), "contacts": 5.0, "aht_s": 300.0})
    req = pd.DataFrame(rows)
    for col, value in (("workload_erlangs", 1.0), ("agents_net", 7.0), ("agents_schedule", 9.0),
                       ("service_level", 0.8)):
        req[col] = value
    weekly = weekly_summary(daily_summary(req, 30), 37.5)
    months = from_requirements(req, 30, kind="month", contract_hours_week=37.5).frame
    weeks = from_requirements(req, 30, kind="week", contract_hours_week=37.5).frame
    # Weekly FTE per week is the same from staffing and from the budget's weekly capacity plan.
    assert weeks["required_fte"].tolist() == pytest.approx(weekly["fte"].tolist())
    # The horizon: hours ÷ (37.5 × Σ weeks); Thu–Fri = 2/5 week, Mon–Tue = 2/5 week, 6 whole weeks between.
    hours = req["agents_gross"].sum() * 0.5
    total_weeks = 2 / 5 + 6 + 2 / 5
    assert weekly["weeks"].sum() == pytest.approx(total_weeks) == months["weeks"].sum()
    expected = hours / (37.5 * total_weeks)
    assert horizon_fte(weekly)["Sales"] == pytest.approx(expected)
    assert (months["required_fte"] * months["weeks"]).sum() / months["weeks"].sum() == pytest.approx(expected)
    # A full February at 13 agents × 8 h × 20 days = 2,080 h ÷ (37.5 × 28/7) = 13.87 FTE.
    feb = months.set_index("period").loc["2027-02-01"]
    assert feb["weeks"] == pytest.approx(4.0)
    assert feb["required_fte"] == pytest.approx(13 * 8 * 20 / (37.5 * 4))


def test_old_plans_keep_staffings_week():
    # A plan saved before one week: queues edited at 40 h, the budget at its old default of 40 h.
    old = {"staffing/settings": {"queues": {"Sales": {"hours_per_fte": 40.0}, "Chat": {"hours_per_fte": 40.0},
                                            "Email": {"hours_per_fte": 35.0}}},
           "budget": {"inputs": {"contract_hours_week": 40.0}}}
    week, notes = contract_week_from_old_inputs(old)
    assert week == 40.0 and len(notes) == 1 and "Email had 35 h" in notes[0]
    # Nobody edited staffing (37.5 h by default); the budget's 40 h becomes 37.5 and says so.
    week, notes = contract_week_from_old_inputs({"budget": {"inputs": {"contract_hours_week": 40.0}}})
    assert week is None and "budget used 40 h" in notes[0]
    assert contract_week_from_old_inputs({}) == (None, [])
