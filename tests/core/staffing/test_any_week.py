"""Any working week: seven days' hours, special dates, and the plan's first day of the week."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.budget.periods import from_requirements
from wfm_desktop.core.conventions import day_weeks, first_weekday, week_start
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.migrations import migrate_v5_to_v6
from wfm_desktop.core.staffing.queue_settings import (
    OpenHours,
    QueueSettings,
    open_mask,
    parse_special_hours,
    queue_settings_from_dict,
    queue_settings_to_dict,
    special_hours_text,
)
from wfm_desktop.core.staffing.rollups import weekly_summary

# A Middle-East week: Sunday to Thursday 08:00–17:00, Friday 08:00–12:00, Saturday closed.
GULF = OpenHours.from_texts(["08:00-17:00"] * 4 + ["08:00-12:00", "closed", "08:00-17:00"])
HOURS = {6: 9.0, 0: 9.0, 1: 9.0, 2: 9.0, 3: 9.0, 4: 4.0, 5: 0.0}  # open hours by weekday (Monday = 0)


def test_week_start_and_part_weeks_by_first_day():
    days = pd.date_range("2027-03-03", "2027-03-20")  # Wednesday 3 to Saturday 20 March
    assert week_start(days[:1], 6)[0] == pd.Timestamp("2027-02-28")  # the Sunday before
    assert week_start(days[:1], 5)[0] == pd.Timestamp("2027-02-27")  # the Saturday before
    assert week_start(days[:1], 0)[0] == pd.Timestamp("2027-03-01")  # the Monday before
    open_days = [0, 1, 2, 3, 4, 6]
    sunday = day_weeks(days, open_days, first_day=6)
    # Sunday weeks: Wed 3 – Sat 6 is a part week with 3 of 6 open days (Wed, Thu, Fri) → 0.5 weeks.
    assert sunday.loc["2027-03-03":"2027-03-06"].sum() == pytest.approx(0.5)
    assert sunday.loc["2027-03-07":"2027-03-13"].sum() == pytest.approx(1.0)
    monday = day_weeks(days, open_days, first_day=0)
    # Monday weeks: Wed 3 – Sun 7 has 4 open days (Wed, Thu, Fri, Sun) → 4/6 weeks.
    assert monday.loc["2027-03-03":"2027-03-07"].sum() == pytest.approx(4 / 6)
    assert (first_weekday("sunday"), first_weekday("Saturday"), first_weekday(None)) == (6, 5, 0)
    with pytest.raises(WfmError, match="choose Monday, Sunday, Saturday"):
        first_weekday("Wednesday")


def _daily(days, agents=10.0):
    gross = np.array([HOURS[d.day_of_week] * agents for d in days])  # 10 paid agents in every open hour
    return pd.DataFrame({"queue": "Gulf", "date": days, "contacts": gross, "workload_h": gross,
                         "agents_net_h": gross, "agents_schedule_h": gross, "agents_gross_h": gross,
                         "service_level": 0.8})


def test_weekly_fte_of_a_sunday_first_week_with_a_friday_half_day_by_hand():
    days = pd.date_range("2027-03-03", "2027-03-20")
    weekly = weekly_summary(_daily(days), 37.5, first_day=6)
    assert weekly["week_start"].dt.day_name().unique().tolist() == ["Sunday"]
    # Part week Wed–Sat: 90 + 90 + 40 h over 0.5 weeks → 220 ÷ 18.75 = 11.7333 FTE;
    # a full week: 5 × 90 + 40 = 490 h → 490 ÷ 37.5 = 13.0667 FTE.
    assert weekly["agents_gross_h"].tolist() == [220.0, 490.0, 490.0]
    assert weekly["open_days"].tolist() == [3.0, 6.0, 6.0]
    assert weekly["fte"].tolist() == pytest.approx([220 / 18.75, 490 / 37.5, 490 / 37.5], rel=1e-12)
    monday = weekly_summary(_daily(days), 37.5, first_day=0)
    assert monday["week_start"].iloc[0] == pd.Timestamp("2027-03-01")
    assert monday["fte"].iloc[0] == pytest.approx(310 / (37.5 * 4 / 6), rel=1e-12)
    # Either way the horizon's average FTE is the same: Σ hours ÷ (week × Σ weeks).
    for frame in (weekly, monday):
        assert (frame["fte"] * frame["weeks"]).sum() / frame["weeks"].sum() == pytest.approx(
            1200 / (37.5 * 2.5), rel=1e-12)


def test_budget_weeks_start_on_the_plans_first_day():
    starts = pd.date_range("2027-03-03", "2027-03-21", freq="60min", inclusive="left")
    hour = starts.hour.to_numpy()
    open_ = np.array([h >= 8 and h < 8 + HOURS[d] for h, d in zip(hour, starts.day_of_week)])
    req = pd.DataFrame({"start": starts, "agents_gross": np.where(open_, 10.0, 0.0)})
    periods = from_requirements(req, 60, kind="week", first_day=6)
    assert periods.frame["period"].dt.day_name().unique().tolist() == ["Sunday"]
    assert periods.frame["paid_hours"].tolist() == [220.0, 490.0, 490.0]
    assert periods.frame["required_fte"].tolist() == pytest.approx([220 / 18.75, 490 / 37.5, 490 / 37.5])
    # The months are the same whatever day the weeks start on.
    months = periods.to_months().frame
    pd.testing.assert_frame_equal(months, from_requirements(req, 60, kind="week").to_months().frame)


def test_seven_days_and_special_dates_decide_the_open_intervals():
    qs = QueueSettings(open_hours=GULF, special_hours=parse_special_hours("2027-03-11 closed; 2027-03-10 08:00-10:00"))
    start = pd.Series(pd.date_range("2027-03-05", "2027-03-12", freq="60min", inclusive="left"))
    is_open = open_mask(qs, start, np.ones(len(start)), 60)
    hours = pd.Series(is_open, index=start.dt.date.to_numpy()).groupby(level=0).sum()
    # Fri 5: 4 h; Sat 6: closed; Sun 7 – Tue 9: 9 h; Wed 10 (special): 2 h; Thu 11 (special): closed.
    assert hours.tolist() == [4, 0, 9, 9, 9, 2, 0]
    assert special_hours_text(qs.special_hours) == "2027-03-10 08:00-10:00; 2027-03-11 closed"
    assert queue_settings_from_dict(queue_settings_to_dict(qs)) == qs
    for bad, words in (("25/12/2027 closed", "YYYY-MM-DD"), ("2027-12-25 8-12", "HH:MM-HH:MM"),
                       ("2027-12-25 closed; 2027-12-25 closed", "twice"), ("2027-12-24 13:00-08:00", "before")):
        with pytest.raises(WfmError, match=words):
            parse_special_hours(bad)
    with pytest.raises(WfmError, match="open hours Fri"):
        OpenHours.from_texts(["08:00-17:00"] * 4 + ["noon", "closed", "closed"])


def test_a_version_5_plan_keeps_monday_weeks_and_its_seven_days():
    hours = [[480, 1200]] * 5 + [[540, 780], None]
    manifest = {"schema_version": 5, "settings": {"inputs": {"staffing/settings": {
        "queues": {"Sales": {"open_hours": hours}}}}}}
    out = migrate_v5_to_v6(manifest)
    inputs = out["settings"]["inputs"]
    assert inputs["assumptions/week_start"] == "Monday" and inputs["scenarios"] == []
    qs = queue_settings_from_dict(inputs["staffing/settings"]["queues"]["Sales"])
    assert qs.open_hours.days == tuple(None if h is None else tuple(h) for h in hours)
    assert qs.special_hours == () and manifest["settings"]["inputs"].get("scenarios") is None  # not changed in place


def test_a_typed_weekly_table_keeps_sunday_weeks():
    from wfm_desktop.core.budget.periods import from_table

    table = pd.DataFrame({"week": ["2027-03-07", "2027-03-14"], "required_fte": [10.0, 12.0]})
    sunday = from_table(table, kind="week", first_day=6).frame
    assert sunday["period"].tolist() == [pd.Timestamp("2027-03-07"), pd.Timestamp("2027-03-14")]
    assert sunday["required_fte"].tolist() == [10.0, 12.0]
    monday = from_table(table, kind="week").frame  # with Monday weeks a Sunday belongs to the week before
    assert monday["period"].tolist() == [pd.Timestamp("2027-03-01"), pd.Timestamp("2027-03-08")]
