"""Capacity plan: attrition, hiring classes with training and a nesting ramp, suggestions."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfm_desktop.core.budget.capacity import (
    CapacitySettings,
    Hire,
    attrition_per_period,
    capacity_plan,
    periods_to_full,
    ramp,
    with_suggestions_planned,
)
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.budget.periods import from_table


def weekly(required, first="2027-01-04"):
    return from_table(pd.DataFrame({"week": pd.date_range(first, periods=len(required), freq="7D"), "required_fte": required}))


def monthly(required, first="2027-01-01"):
    return from_table(pd.DataFrame({"month": pd.date_range(first, periods=len(required), freq="MS"), "required_fte": required}))


def test_weekly_attrition_compounds_to_the_monthly_rate_over_a_year():
    a_w = attrition_per_period(0.03, "week")
    assert (1 - a_w) ** 52 == pytest.approx((1 - 0.03) ** 12)
    assert attrition_per_period(0.03, "month") == 0.03


def test_monthly_ramp_is_the_average_of_the_weekly_ramp():
    s = CapacitySettings(training_weeks=6, nesting_weeks=4, nesting_productivity=0.5)
    r = ramp(s, "month", 5)
    # A month is 52/12 = 13/3 weeks.
    # month 0: weeks 0–4.33, all training → 0
    # month 1: weeks 4.33–8.67: 1.67 training + 2.67 nesting × 0.5 = 1.33 → 1.33 / 4.33 = 4/13
    # month 2: weeks 8.67–13: 1.33 nesting × 0.5 + 3 full = 3.67 → 3.67 / 4.33 = 11/13
    assert r["productivity"].tolist() == pytest.approx([0, 4 / 13, 11 / 13, 1, 1])
    assert r["training"].tolist() == pytest.approx([1, 5 / 13, 0, 0, 0])
    assert periods_to_full(s, "month") == 3
    assert periods_to_full(s, "week") == 10


def test_attrition_and_a_hiring_class_with_training_and_ramp():
    # Weekly attrition of exactly 1 %: the monthly fraction that compounds to it.
    a_m = 1 - 0.99 ** (52 / 12)
    s = CapacitySettings(
        starting_headcount=10, attrition_month=a_m, training_weeks=2, nesting_weeks=2,
        nesting_productivity=0.5, hires=(Hire("2027-01-13", 4),),  # a Wednesday: counts in week 1
    )
    plan = capacity_plan(weekly([12.0] * 6), s, suggest=False)
    f = plan.frame
    # Heads: H0 = 10; H1 = 10 × 0.99 + 4 = 13.9; H2 = 13.9 × 0.99 = 13.761; ...
    assert f["headcount"].tolist()[:3] == pytest.approx([10, 13.9, 13.761])
    assert f["leavers"].iloc[1] == pytest.approx(0.139)
    # Effective FTE = 10 × 0.99^t + 4 × 0.99^(t−1) × p(t−1), p = 0, 0, 0.5, 0.5, 1
    expected = [
        10.0,
        9.9,                                  # class in training
        10 * 0.99**2,                         # still training: 9.801
        10 * 0.99**3 + 4 * 0.99**2 * 0.5,     # nesting: 9.70299 + 1.9602 = 11.66319
        10 * 0.99**4 + 4 * 0.99**3 * 0.5,     # 9.60596 + 1.940598 = 11.546558
        10 * 0.99**5 + 4 * 0.99**4,           # full: 9.50990 + 3.842384 = 13.352284
    ]
    assert f["effective_fte"].tolist() == pytest.approx(expected)
    assert f["effective_fte"].iloc[3] == pytest.approx(11.66319, abs=1e-5)
    assert f["gap_fte"].tolist() == pytest.approx([e - 12 for e in expected])
    assert f["in_training"].iloc[1] == pytest.approx(4.0)
    assert f["nesting"].iloc[3] == pytest.approx(4 * 0.99**2)
    assert f["planned_hires"].tolist() == [0, 4, 0, 0, 0, 0]


def test_suggested_class_starts_in_time_to_be_productive():
    # No attrition; 2 training weeks, no nesting; lead time 1 week; a step from 20 to 25.5 in week 4.
    s = CapacitySettings(starting_headcount=20, attrition_month=0, training_weeks=2, nesting_weeks=0, lead_time_weeks=1)
    plan = capacity_plan(weekly([20] * 4 + [25.5] * 4), s)
    # Full after K = 2 weeks: start at week 4 − 2 = 2, ⌈5.5⌉ = 6 hires, no short week.
    assert [(sg.start, sg.count, sg.for_period) for sg in plan.suggestions] == [
        (pd.Timestamp("2027-01-18"), 6, pd.Timestamp("2027-02-01"))
    ]
    assert plan.frame["suggested_hires"].tolist() == [0, 0, 6, 0, 0, 0, 0, 0]
    assert plan.frame["gap_fte"].tolist() == pytest.approx([0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5])
    assert plan.notes == ()
    assert "5.5 FTE short" in plan.suggestions[0].reason


def test_a_gap_that_comes_too_soon_is_reported_not_over_hired():
    s = CapacitySettings(starting_headcount=20, attrition_month=0, training_weeks=2, nesting_weeks=0, lead_time_weeks=1)
    plan = capacity_plan(weekly([20, 25, 25, 25, 25]), s)
    # Earliest class: week 1; productive from week 3. Sized for week 3: 5 hires, not 5 ÷ 0.
    assert [(sg.start, sg.count) for sg in plan.suggestions] == [(pd.Timestamp("2027-01-11"), 5)]
    assert plan.frame["gap_fte"].tolist() == pytest.approx([0, -5, -5, 0, 0])
    assert len(plan.notes) == 1 and "2027-01-11, 2027-01-18" in plan.notes[0]


def test_min_class_size_and_accepting_suggestions():
    s = CapacitySettings(starting_headcount=20, attrition_month=0, training_weeks=0, nesting_weeks=0,
                         lead_time_weeks=0, min_class_size=5)
    plan = capacity_plan(weekly([20, 21, 22, 23]), s)
    # Week 1 short by 1 → a class of 5 (the minimum) covers weeks 1–3.
    assert plan.frame["suggested_hires"].tolist() == [0, 5, 0, 0]
    accepted = with_suggestions_planned(plan)
    again = capacity_plan(weekly([20, 21, 22, 23]), accepted)
    assert again.frame["planned_hires"].tolist() == [0, 5, 0, 0]
    assert again.suggestions == ()


def test_in_house_share_scales_the_requirement_and_planned_hires_outside_are_noted():
    s = CapacitySettings(starting_headcount=10, attrition_month=0, hires=(Hire("2030-01-01", 3),))
    plan = capacity_plan(monthly([20, 20]), s, suggest=False, required_share=0.5)
    assert plan.frame["required_fte"].tolist() == [10, 10]
    assert plan.frame["gap_fte"].tolist() == [0, 0]
    assert "outside the horizon" in plan.notes[0]


def test_settings_are_validated():
    with pytest.raises(WfmError, match="attrition_month = 3 must be a fraction"):
        CapacitySettings(attrition_month=3)
    with pytest.raises(WfmError, match="whole number"):
        Hire("2027-01-01", 2.5)
    with pytest.raises(WfmError, match="min_class_size"):
        CapacitySettings(min_class_size=0)


@settings(max_examples=40, deadline=None)
@given(
    required=st.lists(st.floats(0, 60), min_size=1, max_size=16),
    start=st.floats(0, 60),
    attrition=st.floats(0, 0.2),
    training=st.integers(0, 8),
    nesting=st.integers(0, 6),
    lead=st.integers(0, 6),
)
def test_properties(required, start, attrition, training, nesting, lead):
    s = CapacitySettings(starting_headcount=start, attrition_month=attrition, training_weeks=training,
                         nesting_weeks=nesting, lead_time_weeks=lead)
    plan = capacity_plan(weekly(required), s)
    f = plan.frame
    keep = 1 - attrition_per_period(attrition, "week")
    heads = f["headcount"].to_numpy()
    # The headcount recursion, and effective FTE never above heads.
    assert heads[0] == pytest.approx(start + f["hires"].iloc[0])
    assert heads[1:] == pytest.approx(heads[:-1] * keep + f["hires"].to_numpy()[1:])
    assert (f["effective_fte"].to_numpy() <= heads + 1e-9).all()
    # Every period a class can reach at full productivity has no shortfall.
    reach = lead + periods_to_full(s, "week")
    assert (f["gap_fte"].to_numpy()[reach:] >= -1e-6).all()
    assert (f["suggested_hires"].to_numpy() == np.round(f["suggested_hires"].to_numpy())).all()


def test_a_class_that_ramps_past_the_horizon_is_sized_at_full_productivity():
    # No attrition, 4 training weeks, lead time 0, 6 weeks: a step from 20 to 30 in week 2.
    s = CapacitySettings(starting_headcount=20, attrition_month=0, training_weeks=4, nesting_weeks=4,
                         nesting_productivity=0.5, lead_time_weeks=0)
    plan = capacity_plan(weekly([20, 20, 30, 30, 30, 30]), s)
    # Full productivity needs K = 8 weeks > the horizon: a class at week 0 is 50 % productive in week 5.
    # Sized for heads, not for 50 %: 30 − 20 = 10 hires (not 20).
    assert [(sg.start, sg.count) for sg in plan.suggestions] == [(pd.Timestamp("2027-01-04"), 10)]
    assert "sized for the heads needed then" in plan.suggestions[0].reason
    assert plan.frame["headcount"].iloc[-1] == pytest.approx(30.0)
