"""Monthly budget: hand-computed cases, the classic worked example, scenario comparison."""

import math

import pandas as pd
import pytest

from tests.core.budget.test_periods import intervals
from wfm_desktop.core.budget.monthly import build_budget, compare, plan_budget
from wfm_desktop.core.budget.capacity import CapacitySettings, Hire
from wfm_desktop.core.budget.inputs import BudgetInputs, Licence, OneOff, Site
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.budget.periods import from_requirements, from_table

NO_LICENCES = ()
WEEK = 40.0  # these hand calculations use a 40-hour contracted week (the plan's default is 37.5)


def month_table(month: str, **cols):
    return from_table(pd.DataFrame({"month": [month], **{k: [v] for k, v in cols.items()}}), contract_hours_week=WEEK)


def test_one_site_month():
    # January 2027 (31 days), 25 FTE at 40 h a week: 25 × 40 × 31/7 = 4,428.571 paid hours.
    periods = month_table("2027-01-01", required_fte=25.0, contacts=30000.0, handled_hours=2500.0)
    budget = build_budget(periods, BudgetInputs(contract_hours_week=WEEK))
    row = budget.frame.iloc[0]
    hours = 25 * 40 * 31 / 7
    assert row["paid_hours"] == pytest.approx(hours)                # 4,428.57
    assert row["wages"] == pytest.approx(hours * 20)                 # 88,571.43
    assert row["overhead"] == pytest.approx(hours * 20 * 0.30)       # 26,571.43
    # Licences: 25 seats × (120 + 60 + 25) = 25 × 205 = 5,125
    assert row["licences"] == pytest.approx(5125.0)
    assert row["training"] == 0 and row["implementation"] == 0 and row["outsourcing"] == 0
    total = 88571.428571 + 26571.428571 + 5125.0                     # 120,267.857
    assert row["total"] == pytest.approx(total)
    assert row["cost_per_contact"] == pytest.approx(total / 30000)   # 4.0089
    assert row["cost_per_handled_hour"] == pytest.approx(total / 2500)  # 48.107
    assert budget.currency == "USD"


def test_three_site_mix():
    # April 2027 (30 days): 6,000 paid hours; one FTE works 40 × 30/7 = 171.43 h → 35 FTE.
    periods = month_table("2027-04-01", paid_hours=6000.0)
    sites = (
        Site("Onshore", 0.5, "in-house", hourly_wage=22.0, overhead=0.35),
        Site("Nearshore", 0.3, "outsourced", rate=14.0, rate_unit="hour"),
        Site("Offshore", 0.2, "outsourced", rate=1800.0, rate_unit="agent_month"),
    )
    budget = build_budget(periods, BudgetInputs(contract_hours_week=WEEK, sites=sites))
    row = budget.frame.iloc[0]
    assert row["required_fte"] == pytest.approx(35.0)
    # Onshore: 3,000 h × $22 = 66,000 wages; × 0.35 = 23,100 overhead; 17.5 seats × 205 = 3,587.50
    # Nearshore: 1,800 h × $14 = 25,200 (the vendor's own tools: no licences)
    # Offshore: 1,200 h ÷ 171.43 = 7 agent-months × $1,800 = 12,600
    assert row["wages"] == pytest.approx(66000.0)
    assert row["overhead"] == pytest.approx(23100.0)
    assert row["licences"] == pytest.approx(3587.5)
    assert row["outsourcing"] == pytest.approx(25200.0 + 12600.0)
    assert row["total"] == pytest.approx(130487.5)
    by_site = budget.sites.set_index("site")
    assert by_site.loc["Offshore", "agent_months"] == pytest.approx(7.0)
    assert by_site.loc["Nearshore", "hours"] == pytest.approx(1800.0)


def test_cost_per_contact_with_per_contact_and_per_minute_vendors():
    # 50,000 contacts, 5,000 handled hours in March 2027.
    periods = month_table("2027-03-01", paid_hours=7000.0, contacts=50000.0, handled_hours=5000.0)
    sites = (
        Site("Chat vendor", 0.6, "outsourced", rate=0.90, rate_unit="contact"),
        Site("Voice vendor", 0.4, "outsourced", rate=0.50, rate_unit="minute"),
    )
    inputs = BudgetInputs(contract_hours_week=WEEK, sites=sites, licences=(Licence("WFM tool", 1500.0, "month"),))
    row = build_budget(periods, inputs).frame.iloc[0]
    # Chat: $0.90 × 0.6 × 50,000 = 27,000; voice: $0.50 × 0.4 × 5,000 h × 60 = 60,000; WFM tool 1,500
    assert row["outsourcing"] == pytest.approx(87000.0)
    assert row["total"] == pytest.approx(88500.0)
    assert row["cost_per_contact"] == pytest.approx(88500 / 50000)      # 1.77
    assert row["cost_per_handled_hour"] == pytest.approx(88500 / 5000)  # 17.70


def test_per_contact_vendor_without_contacts_is_an_error():
    periods = month_table("2027-03-01", paid_hours=100.0)
    inputs = BudgetInputs(contract_hours_week=WEEK, sites=(Site("V", 1.0, "outsourced", rate=1.0, rate_unit="contact"),))
    with pytest.raises(WfmError, match="site 'V': priced per contact.*add a contacts column"):
        build_budget(periods, inputs)


@pytest.mark.parametrize(
    ("wage", "overhead", "tech", "expected"),
    [
        # 4,000 h × $25 = 100,000 + 30 % = 130,000 + 4,000 tech = 134,000
        (25.0, 0.30, 4000.0, 134000.0),
        # low end: 4,000 × $18 = 72,000 + 25 % = 90,000 + 2,000 = 92,000
        (18.0, 0.25, 2000.0, 92000.0),
        # high end: 4,000 × $35 = 140,000 + 40 % = 196,000 + 6,000 = 202,000
        (35.0, 0.40, 6000.0, 202000.0),
    ],
)
def test_classic_worked_example_25_agents(wage, overhead, tech, expected):
    """25 agents scheduled 9–17 on weekdays through February 2027 (4 whole weeks).

    Hand calculation: 25 agents × 8 h × 20 weekdays = 4,000 paid hours = 25 FTE
    (4,000 ÷ (40 h × 4 weeks)); wages 4,000 × wage; overhead on top; and a
    technology stack billed as one monthly amount.
    """
    periods = from_requirements(intervals("2027-02-01", 28, 25.0), 30, kind="month", contract_hours_week=WEEK)
    inputs = BudgetInputs(contract_hours_week=WEEK, sites=(Site("US", 1.0, hourly_wage=wage, overhead=overhead),),
                          licences=(Licence("Technology stack", tech, "month"),))
    row = build_budget(periods, inputs).frame.iloc[0]
    assert row["paid_hours"] == pytest.approx(4000.0)
    assert row["required_fte"] == pytest.approx(25.0)
    assert row["wages"] == pytest.approx(4000 * wage)
    assert row["overhead"] == pytest.approx(4000 * wage * overhead)
    assert row["licences"] == pytest.approx(tech)
    assert row["total"] == pytest.approx(expected)
    # The same stack priced per agent: $4,000 ÷ 25 agents = $160 per agent-month gives the same month.
    if tech == 4000.0:
        per_agent = inputs.with_(licences=(Licence("Platform", 100.0), Licence("CRM", 40.0), Licence("QA", 20.0)))
        assert build_budget(periods, per_agent).frame["total"].iloc[0] == pytest.approx(expected)


def test_hiring_class_training_and_seats_from_the_capacity_plan():
    # Two months at 20 FTE; 20 people on board, no attrition; a class of 4 starts in February.
    periods = from_table(pd.DataFrame({"month": ["2027-02-01", "2027-03-01"], "required_fte": [20.0, 20.0]}), contract_hours_week=WEEK)
    inputs = BudgetInputs(contract_hours_week=WEEK,
        licences=(Licence("Platform", 100.0),),
        capacity=CapacitySettings(starting_headcount=20, attrition_month=0, hires=(Hire("2027-02-01", 4),)),
    )
    plan, budget = plan_budget(periods, inputs, suggest=False)
    f = budget.frame
    assert f["hires"].tolist() == [4, 0]
    assert f["headcount"].tolist() == [24, 24]
    # Training per hire: 6 weeks × 40 h × $20 × 1.30 + $600 = 6,840; × 4 hires = 27,360 in February.
    assert f["training"].tolist() == pytest.approx([27360.0, 0.0])
    # Seats are people, trainees included: 24 × $100.
    assert f["licences"].tolist() == pytest.approx([2400.0, 2400.0])
    # Wages are on the required hours: 20 × 160 h × $20 (Feb) and 20 × 40 × 31/7 × $20 (Mar).
    assert f["wages"].tolist() == pytest.approx([64000.0, 20 * 40 * 31 / 7 * 20])
    assert plan.frame["gap_fte"].iloc[0] == pytest.approx(0.0)  # the class is still in training


def test_implementation_costs_and_horizon_totals():
    periods = from_table(pd.DataFrame({"month": ["2027-01-01", "2027-02-01"], "paid_hours": [1000.0, 1000.0],
                                       "contacts": [4000.0, 6000.0]}), contract_hours_week=WEEK)
    inputs = BudgetInputs(contract_hours_week=WEEK,
        licences=NO_LICENCES,
        implementation=(OneOff("Platform set-up", 30000.0, "2027-02"), OneOff("Later", 5.0, "2028-01")),
    )
    budget = build_budget(periods, inputs)
    assert budget.frame["implementation"].tolist() == [0.0, 30000.0]
    assert "'Later' (2028-01) is outside the horizon" in budget.notes[0]
    totals = budget.totals()
    # 2,000 h × $20 × 1.3 = 52,000 + 30,000 = 82,000 over 10,000 contacts.
    assert totals["total"] == pytest.approx(82000.0)
    assert totals["cost_per_contact"] == pytest.approx(8.2)
    assert math.isnan(totals["cost_per_handled_hour"])


def test_scenario_comparison_side_by_side():
    periods = from_table(pd.DataFrame({"month": ["2027-01-01", "2027-02-01"], "paid_hours": [1000.0, 2000.0]}), contract_hours_week=WEEK)
    base = build_budget(periods, BudgetInputs(contract_hours_week=WEEK, licences=NO_LICENCES))
    raise_ = build_budget(periods, BudgetInputs(contract_hours_week=WEEK, sites=(Site("In-house", 1.0, hourly_wage=22.0),), licences=NO_LICENCES))
    cmp = compare(base, raise_, ("Today", "Pay rise"))
    items = cmp.items.set_index("item")
    # Today: 3,000 h × $20 × 1.3 = 78,000; pay rise: 3,000 × $22 × 1.3 = 85,800.
    assert items.loc["total", "Today"] == pytest.approx(78000.0)
    assert items.loc["total", "Pay rise"] == pytest.approx(85800.0)
    assert items.loc["total", "difference"] == pytest.approx(7800.0)
    assert items.loc["total", "difference_pct"] == pytest.approx(0.10)
    assert cmp.totals["difference"].tolist() == pytest.approx([2600.0, 5200.0])
    with pytest.raises(WfmError, match="EUR"):
        compare(base, build_budget(periods, BudgetInputs(contract_hours_week=WEEK, currency="EUR")))


def test_weekly_requirement_is_budgeted_by_calendar_month():
    weekly = from_table(pd.DataFrame({"week": ["2027-03-29"], "paid_hours": [700.0]}), contract_hours_week=WEEK)
    budget = build_budget(weekly, BudgetInputs(contract_hours_week=WEEK, licences=NO_LICENCES))
    # 3 days in March (300 h) and 4 in April (400 h), each at $20 × 1.3 = $26 an hour.
    assert budget.frame["month"].tolist() == [pd.Timestamp("2027-03-01"), pd.Timestamp("2027-04-01")]
    assert budget.frame["total"].tolist() == pytest.approx([7800.0, 10400.0])
