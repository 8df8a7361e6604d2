"""Cost inputs: defaults, derived rates, and the sites CSV / budget JSON files."""

import json

import pandas as pd
import pytest

from wfm_desktop.core.budget.capacity import CapacitySettings, Hire
from wfm_desktop.core.budget.inputs import (
    DEFAULTS,
    BudgetInputs,
    Licence,
    OneOff,
    Site,
    inputs_to_dict,
    read_budget_json,
    read_sites_csv,
    write_budget_json,
    write_sites_csv,
)
from wfm_desktop.core.errors import WfmError


def test_defaults_are_sensible_and_visible():
    inputs = BudgetInputs()
    # Convention change (issue #21, one contracted week): the budget's default week is the plan's, 37.5 h
    # (it was 40 h while staffing used 37.5 h, so one plan showed two FTE figures).
    assert inputs.currency == "USD" and inputs.contract_hours_week == 37.5
    (site,) = inputs.sites
    assert (site.kind, site.share, site.hourly_wage, site.overhead, site.licences) == ("in-house", 1.0, 20.0, 0.30, True)
    assert [(x.name, x.amount, x.per) for x in inputs.licences] == [
        ("Contact-centre platform", 120.0, "agent"), ("CRM", 60.0, "agent"), ("QA / knowledge", 25.0, "agent")
    ]
    cap = inputs.capacity
    assert (cap.training_weeks, cap.nesting_weeks, cap.nesting_productivity, cap.attrition_month) == (6, 4, 0.5, 0.03)
    # Every default carries its reason, and the objects use the documented values.
    assert all(isinstance(why, str) and why for _, why in DEFAULTS.values())
    assert cap.lead_time_weeks == DEFAULTS["lead_time_weeks"][0]
    assert inputs.trainer_cost_per_hire == DEFAULTS["trainer_cost_per_hire"][0]


def test_training_cost_per_hire_by_hand():
    # 6 weeks × 40 h × $20 × 1.30 + $600 trainer = 6,240 + 600 = 6,840
    assert BudgetInputs(contract_hours_week=40).training_cost_per_hire() == pytest.approx(6840.0)
    # At the plan's default week, 37.5 h: 6 × 37.5 × $20 × 1.30 + $600 = 5,850 + 600 = 6,450
    assert BudgetInputs().training_cost_per_hire() == pytest.approx(6450.0)


def test_three_site_mix_in_house_rates_are_share_weighted():
    sites = (
        Site("Onshore", 0.5, "in-house", 24.0, 0.35),
        Site("Nearshore", 0.3, "in-house", 12.0, 0.20),
        Site("Offshore", 0.2, "outsourced", rate=9.0, rate_unit="hour"),
    )
    inputs = BudgetInputs(sites=sites, capacity=CapacitySettings(training_weeks=4), contract_hours_week=40)
    assert inputs.in_house_share == pytest.approx(0.8)
    wage, overhead = inputs.in_house_rate()
    # wage = (0.5×24 + 0.3×12) / 0.8 = 15.6 / 0.8 = 19.5
    # overhead = (0.5×24×0.35 + 0.3×12×0.20) / 15.6 = (4.2 + 0.72) / 15.6 = 0.315385
    assert wage == pytest.approx(19.5)
    assert overhead == pytest.approx(4.92 / 15.6)
    # training: 4 × 40 × 19.5 × (1 + 0.315385) + 600 = 3,120 × 1.315385 + 600 = 4,104 + 600
    assert inputs.training_cost_per_hire() == pytest.approx(4704.0)
    assert sites[2].licences is False and sites[0].licences is True


def test_inputs_are_validated():
    with pytest.raises(WfmError, match="add up to 0.9"):
        BudgetInputs(sites=(Site("A", 0.5), Site("B", 0.4)))
    with pytest.raises(WfmError, match="overhead: 30 must be a fraction.*0.3 for 30 %"):
        Site("A", 1.0, overhead=30)
    with pytest.raises(WfmError, match="three-letter code"):
        BudgetInputs(currency="dollars")
    with pytest.raises(WfmError, match="used twice"):
        BudgetInputs(sites=(Site("A", 0.5), Site("A", 0.5)))
    with pytest.raises(WfmError, match="rate_unit 'week'"):
        Site("V", 1.0, "outsourced", rate=3, rate_unit="week")
    with pytest.raises(WfmError, match="per 'year'"):
        Licence("CRM", 60, "year")


SITES_CSV = """name,kind,share,hourly_wage,overhead,rate,rate_unit,licences
Onshore,in-house,0.5,22,0.35,,,
Nearshore,outsourced,0.3,,,14,hour,no
Offshore,outsourced,0.2,,,1800,agent_month,yes
"""


def test_sites_csv_round_trip(tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text(SITES_CSV)
    sites = read_sites_csv(path)
    assert [(s.name, s.kind, s.share, s.rate, s.rate_unit, s.licences) for s in sites] == [
        ("Onshore", "in-house", 0.5, 0.0, "hour", True),
        ("Nearshore", "outsourced", 0.3, 14.0, "hour", False),
        ("Offshore", "outsourced", 0.2, 1800.0, "agent_month", True),
    ]
    assert sites[0].hourly_wage == 22 and sites[0].overhead == 0.35
    out = tmp_path / "out.csv"
    write_sites_csv(out, sites)
    assert read_sites_csv(out) == sites
    with pytest.raises(WfmError, match="already exists"):
        write_sites_csv(out, sites)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,share,hourly_wage\nA,1,abc\n", r"sites.csv: row 2, column hourly_wage: 'abc' is not a number"),
        ("name,share,overhead\nA,1,30%\n", r"row 2, column overhead: '30%' — write fractions"),
        ("name,share\nA,0.5\nB,0.3\n", r"shares add up to 0.8"),
        ("name,share,wage\nA,1,3\n", r"unknown column 'wage'"),
        ("name,kind,share\nV,outsourced,1\n", r"row 2, column rate: an outsourced vendor needs a price"),
        ("name,kind,share\nV,vendor,1\n", r"row 2, column kind: 'vendor'"),
        ("name,share,licences\nA,1,maybe\n", r"row 2, column licences: 'maybe' must be yes or no"),
        ("name,share,overhead\nA,1,2\nB,0,7\n", r"row 3: site 'B': overhead: 7.0 must be a fraction"),
    ],
)
def test_sites_csv_errors_name_file_row_and_column(tmp_path, text, message):
    path = tmp_path / "sites.csv"
    path.write_text(text)
    with pytest.raises(WfmError, match=message):
        read_sites_csv(path)


def test_budget_json_round_trip_and_partial_documents(tmp_path):
    inputs = BudgetInputs(
        currency="EUR",
        contract_hours_week=37.5,
        licences=(Licence("Platform", 95.0), Licence("Tech stack", 4000.0, "month")),
        implementation=(OneOff("CRM integration", 25000.0, "2027-03-15"),),
        trainer_cost_per_hire=450.0,
        capacity=CapacitySettings(starting_headcount=25, attrition_month=0.025, hires=(Hire("2027-02-01", 8),)),
    )
    path = tmp_path / "budget.json"
    write_budget_json(path, inputs)
    doc = json.loads(path.read_text())
    assert doc["schema"] == "wfm_desktop.budget" and doc["implementation"][0]["month"] == "2027-03"
    again = read_budget_json(path)
    assert again == inputs.with_(implementation=(OneOff("CRM integration", 25000.0, "2027-03-01"),))
    # A partial document keeps every other default.
    small = tmp_path / "small.json"
    small.write_text('{"currency": "GBP", "training": {"onboarding_weeks": 5}}')
    got = read_budget_json(small)
    assert got.currency == "GBP" and got.capacity.training_weeks == 5
    assert got.licences == BudgetInputs().licences and got.capacity.attrition_month == 0.03


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"currency": "USD",\n "overhed": 0.3}', r"unknown field '\.overhed'"),
        ('{"training": {"onboarding_weeks": "six"}}', r"'training.onboarding_weeks' = 'six' must be a number"),
        ('{"currency": "USD",,}', r"not valid JSON \(line 1, column 20"),
        ('{"version": 9}', r"version 9 is not supported"),
        ('{"licences": [{"name": "CRM"}]}', r"'licences\[1\]' needs amount, name, per"),
        ('{"capacity": {"hires": [{"start": "soon", "count": 3}]}}', r"capacity.hires\[1\]"),
        ('{"capacity": {"attrition_month": 30}}', r"attrition_month = 30 must be a fraction"),
    ],
)
def test_budget_json_errors_name_the_field(tmp_path, text, message):
    path = tmp_path / "budget.json"
    path.write_text(text)
    with pytest.raises(WfmError, match=message):
        read_budget_json(path)


def test_one_off_month_is_normalised():
    assert OneOff("x", 1.0, "2027-05-20").month == pd.Timestamp("2027-05-01")
    with pytest.raises(WfmError, match="not a date"):
        OneOff("x", 1.0, "someday")


def test_budget_json_may_hold_the_sites_too(tmp_path):
    sites = (Site("Onshore", 0.6, hourly_wage=22.0), Site("Vendor", 0.4, "outsourced", rate=0.5, rate_unit="minute"))
    inputs = BudgetInputs(sites=sites)
    path = tmp_path / "plan_budget.json"
    path.write_text(json.dumps(inputs_to_dict(inputs, with_sites=True)))
    assert read_budget_json(path) == inputs
    # A sites CSV given alongside wins over the document's list.
    assert read_budget_json(path, sites=BudgetInputs().sites).sites == BudgetInputs().sites
    doc = inputs_to_dict(inputs, with_sites=True)
    doc["sites"][0]["share"] = 0.7
    path.write_text(json.dumps(doc))
    with pytest.raises(WfmError, match="plan_budget.json: sites: the shares add up to 1.1"):
        read_budget_json(path)
    doc["sites"][0]["wage"] = 3
    path.write_text(json.dumps(doc))
    with pytest.raises(WfmError, match=r"unknown field 'sites\[1\].wage'"):
        read_budget_json(path)
