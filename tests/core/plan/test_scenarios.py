"""Whole-plan scenarios: one truth with the plan edited directly, the business case by hand, the file."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.model import UP_TO_DATE, Plan
from wfm_desktop.core.plan.saved import open_plan, save
from wfm_desktop.core.plan.business_case import business_case
from wfm_desktop.core.plan.scenario_spec import hires_text, parse_hires, parse_scenario
from wfm_desktop.core.plan.scenarios import (
    BASE_NAME,
    Scenario,
    scenario_from_dict,
    scenario_to_dict,
    scenarios_from_list,
)

OLD = Path(__file__).parents[2] / "data" / "old_release" / "release_1.wfmplan"


@pytest.fixture(scope="module")
def base_file(tmp_path_factory) -> Path:
    """The old-release plan computed, its budget pricing the plan's staffing, saved as a current plan."""
    plan = open_plan(OLD)
    plan.refresh()
    budget = plan.resolved("budget")
    plan.inputs.set("budget", {**budget, "source": "plan"}, "Price the plan")
    plan.refresh()
    path = tmp_path_factory.mktemp("scenarios") / "base.wfmplan"
    save(plan, path)
    return path


def _fresh(path: Path) -> Plan:
    plan = open_plan(path)
    plan.refresh()
    return plan


def _with(plan: Plan, scenarios) -> Plan:
    plan.inputs.set("scenarios", [scenario_to_dict(s) for s in scenarios], "Scenarios")
    plan.refresh()
    return plan


# -- the business case by hand ---------------------------------------------------------------------


def test_business_case_by_hand():
    # Month 1: saves 1 FTE and 5,000 of staff cost; pays 2,000 licence + 10,000 implementation → −7,000.
    # Month 2: saves 10,000 − 2,000 = 8,000 → cumulative +1,000 (pays back); month 3: +8,000 → 9,000.
    case = business_case(["2027-01-01", "2027-02-01", "2027-03-01"], [0.1, 0.2, 0.2], [10, 10, 10], [9, 8, 8],
                         [50_000] * 3, [45_000, 40_000, 40_000], licence_month=2_000, implementation=10_000)
    f = case.frame
    assert f["fte_saved"].tolist() == [1.0, 2.0, 2.0]
    assert f["cost_saved"].tolist() == [5_000.0, 10_000.0, 10_000.0]
    assert f["automation_cost"].tolist() == [12_000.0, 2_000.0, 2_000.0]
    assert f["net_saving"].tolist() == [-7_000.0, 8_000.0, 8_000.0]
    assert f["cumulative_net"].tolist() == [-7_000.0, 1_000.0, 9_000.0]
    assert case.payback_month == pd.Timestamp("2027-02-01")
    assert case.total_net == 9_000.0
    assert "pays back in February 2027" in case.sentence("EUR")


def test_business_case_that_never_pays_back_and_one_that_dips_again():
    never = business_case(["2027-01-01", "2027-02-01"], [0.05, 0.05], [5, 5], [4.9, 4.9], [100.0, 100.0],
                          [99.0, 99.0], licence_month=50, implementation=0)
    assert never.frame["net_saving"].tolist() == [-49.0, -49.0] and never.payback_month is None
    assert "does not pay back" in never.sentence()
    # No licence before the ramp starts (deflection 0); the cumulative is positive, dips below zero in
    # month 3 when the implementation… is paid in month 1 only: payback = first month it stays ≥ 0.
    dip = business_case(["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01"], [0.0, 0.1, 0.1, 0.1],
                        [0] * 4, [0] * 4, [0, 0, 0, 0], [-100, 50, -100, -100], licence_month=60, implementation=0)
    # cost saved: 100, −50, 100, 100; licence 0, 60, 60, 60 → net 100, −110, 40, 40 → cum 100, −10, 30, 70
    assert dip.frame["cumulative_net"].tolist() == [100.0, -10.0, 30.0, 70.0]
    assert dip.payback_month == pd.Timestamp("2027-03-01")
    # A plan that ends 10 days into a 30-day April pays a third of April's licence (as the budget's tools).
    part = business_case(["2027-03-01", "2027-04-01"], [0.1, 0.1], [2, 2], [1, 1], [90, 30], [30, 10],
                         licence_month=30, implementation=0, month_share=[1.0, 10 / 30])
    assert part.frame["licence"].tolist() == [30.0, 10.0] and part.frame["net_saving"].tolist() == [30.0, 10.0]


# -- one truth: a scenario equals the plan with its inputs edited directly --------------------------


def _scaled(rows, total):
    current = sum(r["fraction"] for r in rows)
    return [{**r, "fraction": r["fraction"] * total / current} for r in rows]


def test_scenario_numbers_equal_the_plan_edited_directly(base_file):
    scenario = Scenario("Busy", volume=0.1, sl=0.85, answer_s=30, shrinkage=0.35, wage_pct=0.05,
                        attrition_month=0.02, hires=({"start": "2026-01-05", "count": 6},))
    comparison = _with(_fresh(base_file), [scenario]).result("scenarios")
    outcome = comparison.outcomes[0]

    direct = _fresh(base_file)
    forecast = direct.resolved("forecast/settings")
    direct.inputs.set("forecast/settings", {**forecast, "growth": 0.1}, "growth")
    direct.run("forecast")
    staffing = copy.deepcopy(direct.resolved("staffing/settings"))
    for qs in staffing["queues"].values():
        if qs["channel"] != "deferred":
            qs.update(sl=0.85, answer_s=30)
        qs["shrinkage"] = _scaled(qs["shrinkage"], 0.35)
    direct.inputs.set("staffing/settings", staffing, "targets")
    budget = copy.deepcopy(direct.resolved("budget"))
    for site in budget["inputs"]["sites"]:
        site["hourly_wage"] *= 1.05
    budget["inputs"]["capacity"]["attrition_month"] = 0.02
    budget["inputs"]["capacity"]["hires"] = [*budget["inputs"]["capacity"]["hires"], {"start": "2026-01-05", "count": 6}]
    direct.inputs.set("budget", budget, "wages")
    direct.refresh()

    got, want = outcome.staffing.requirements, direct.result("staffing").requirements
    assert len(got) == len(want) > 0
    for column in ("contacts", "workload_erlangs", "agents_net", "agents_gross", "service_level"):
        np.testing.assert_allclose(got[column].to_numpy(float), want[column].to_numpy(float), rtol=1e-12,
                                   err_msg=column)
    got_b, want_b = outcome.budget.budget.frame, direct.result("budget").budget.frame
    assert got_b["hires"].sum() >= 6  # the extra class is hired
    for column in ("required_fte", "hires", "wages", "total"):
        np.testing.assert_allclose(got_b[column].to_numpy(float), want_b[column].to_numpy(float), rtol=1e-12,
                                   err_msg=column)
    # …and the base column is the plan's own staffing and budget.
    base = _fresh(base_file)
    np.testing.assert_allclose(comparison.base.monthly["total_cost"].to_numpy(float),
                               base.result("budget").budget.frame["total"].to_numpy(float), rtol=1e-12)
    assert comparison.base.staffing.requirements["agents_net"].tolist() == \
        base.result("staffing").requirements["agents_net"].tolist()


def test_a_constant_deflection_equals_the_forecasts_deflection_and_aht_changes_the_workload(base_file):
    bot, slower = Scenario("Bot", deflection=(0.2,)), Scenario("Slower", aht_s=10, aht_pct=0.1)
    comparison = _with(_fresh(base_file), [bot, slower]).result("scenarios")
    direct = _fresh(base_file)
    direct.inputs.set("forecast/settings", {**direct.resolved("forecast/settings"), "deflection": 0.2}, "deflect")
    direct.run("forecast")
    direct.refresh()
    got, want = comparison.outcomes[0].staffing.requirements, direct.result("staffing").requirements
    np.testing.assert_allclose(got["contacts"].to_numpy(float), want["contacts"].to_numpy(float), rtol=1e-12)
    np.testing.assert_array_equal(got["agents_net"].to_numpy(float), want["agents_net"].to_numpy(float))
    # AHT +10 s then +10 %: every interval's AHT is (AHT + 10) × 1.1, and its workload (contacts × AHT ÷
    # interval, ÷ concurrency for chat) grows by the same ratio.
    base = comparison.base.staffing.requirements
    slow = comparison.outcomes[1].staffing.requirements
    aht = base["aht_s"].to_numpy(float)
    np.testing.assert_allclose(slow["aht_s"].to_numpy(float), (aht + 10) * 1.1, rtol=1e-12)
    np.testing.assert_allclose(slow["workload_erlangs"].to_numpy(float),
                               base["workload_erlangs"].to_numpy(float) * (aht + 10) * 1.1 / aht, rtol=1e-12)
    assert (slow["agents_net"].to_numpy() >= base["agents_net"].to_numpy()).all()
    totals = comparison.totals().set_index("scenario")
    assert list(totals.index) == [BASE_NAME, "Bot", "Slower"]
    assert totals.loc["Bot", "required_fte"] < totals.loc[BASE_NAME, "required_fte"] < totals.loc["Slower",
                                                                                                  "required_fte"]
    assert totals.loc["Bot", "fte_vs_base"] == pytest.approx(totals.loc["Bot", "required_fte"]
                                                             - totals.loc[BASE_NAME, "required_fte"], abs=1e-12)


def test_the_automation_case_of_a_computed_scenario(base_file):
    bot = Scenario("Bot", deflection=(0.3,), licence_month=500, implementation=2_000)
    comparison = _with(_fresh(base_file), [bot]).result("scenarios")
    case = comparison.business_cases()["Bot"]
    base, scen = comparison.base.monthly, comparison.outcomes[0].monthly
    np.testing.assert_allclose(case.frame["fte_saved"], base["required_fte"] - scen["required_fte"], rtol=1e-12)
    saved = base["staff_cost"].to_numpy() - scen["staff_cost"].to_numpy()
    share = scen["month_share"].to_numpy()  # the one month of this 7-day plan: 7 of its 31 days
    assert share.tolist() == pytest.approx([7 / 31])
    np.testing.assert_allclose(case.frame["net_saving"], saved - 500 * share - np.r_[2_000, np.zeros(len(saved) - 1)])
    assert (case.frame["fte_saved"] > 0).all()
    assert scen["automation_cost"].sum() == pytest.approx(500 * share.sum() + 2_000)
    assert scen["total_cost"].tolist() == pytest.approx((scen["staff_cost"] + scen["automation_cost"]).tolist())


# -- saved with the plan, shown as out of date when edited ------------------------------------------


def test_scenarios_are_saved_reopened_and_recomputed_the_same(base_file, tmp_path):
    scenarios = [Scenario("Busy", volume=0.1, aht_s=-5, sl=0.85),
                 Scenario("Bot", deflection=(0.05, 0.1, 0.15), licence_month=2_000, implementation=30_000)]
    plan = _with(_fresh(base_file), scenarios)
    before = plan.result("scenarios").totals()
    save(plan, tmp_path / "with.wfmplan")
    again = _fresh(tmp_path / "with.wfmplan")
    assert scenarios_from_list(again.input("scenarios")) == tuple(scenarios)
    assert again.state("scenarios").status == UP_TO_DATE
    pd.testing.assert_frame_equal(again.result("scenarios").totals(), before)
    assert again.result("export").scenarios is not None
    edited = again.input("scenarios")[:1]
    again.inputs.set("scenarios", edited, "Remove Bot")
    assert again.state("scenarios").status == "out of date" and again.state("staffing").status == UP_TO_DATE


def test_a_plan_without_scenarios_computes_none():
    plan = open_plan(OLD)
    plan.refresh()
    result = plan.result("scenarios")
    assert result.empty and result.all == () and plan.result("export").scenarios is result


# -- the plain forms ---------------------------------------------------------------------------------


def test_parse_the_command_line_form():
    s = parse_scenario("Busy:volume=+10%,aht=-5,sl=0.85")
    assert (s.name, s.volume, s.aht_s, s.sl, s.answer_s) == ("Busy", pytest.approx(0.1), -5.0, 0.85, None)
    t = parse_scenario("Bot: deflection=5%>10%>15%, licence=2000, implementation=30000, sl=80/30, aht=-3%")
    assert t.deflection == pytest.approx((0.05, 0.1, 0.15)) and t.deflection_in_month(7) == pytest.approx(0.15)
    assert (t.licence_month, t.implementation, t.sl, t.answer_s) == (2000.0, 30000.0, 0.8, 30.0)
    assert t.aht_pct == pytest.approx(-0.03) and t.has_automation
    assert parse_scenario("X:shrinkage=35%,wage=+3%,attrition=2%").shrinkage == pytest.approx(0.35)
    assert parse_scenario("X:hires=8@2027-03-01>5@2027-05-03").hires == (
        {"start": "2027-03-01", "count": 8}, {"start": "2027-05-03", "count": 5})
    for bad, words in (("novalue", "NAME:key=value"), ("X:speed=3", "speed"), ("X:volume=lots", "not a number"),
                       ("X:sl=0.5%,", "service level target"), ("X:deflection=120%", "deflection in month 1")):
        with pytest.raises(WfmError) as err:
            parse_scenario(bad)
        assert words is None or words in str(err.value)


def test_a_scenario_below_the_base_service_level_is_flagged(base_file):
    comparison = _with(_fresh(base_file), [Scenario("Low", sl=0.6), Scenario("Busy", volume=0.1)]).result("scenarios")
    totals = comparison.totals().set_index("scenario")
    low, base = totals.loc["Low", "service_level"], totals.loc[BASE_NAME, "service_level"]
    assert low < base - 0.01
    assert totals.loc["Low", "check"] == f"service level {low:.1%}, {100 * (base - low):.1f} points below the base plan"
    assert totals.loc["Busy", "check"] == "" and totals.loc[BASE_NAME, "check"] == ""


def test_plain_data_round_trip_and_clear_errors():
    s = Scenario("Bot", volume=-0.02, deflection=(0.1, 0.2), licence_month=100, hires=({"start": "2027-3-1",
                                                                                          "count": 4},))
    assert scenario_from_dict(scenario_to_dict(s)) == s and s.hires == ({"start": "2027-03-01", "count": 4},)
    assert s.describe() == "volume -2%, 4 extra hires, deflection 10% → 20%, licence 100/month"
    with pytest.raises(WfmError, match="unknown setting"):
        scenario_from_dict({"name": "X", "colour": 3})
    with pytest.raises(WfmError, match="names must differ"):
        scenarios_from_list([{"name": "A"}, {"name": "A"}])
    with pytest.raises(WfmError, match="give it a name"):
        Scenario(" ")
    assert parse_hires("2027-05-03 5; 2027-03-01 8") == ({"start": "2027-03-01", "count": 8},
                                                          {"start": "2027-05-03", "count": 5})
    assert hires_text(parse_hires("2027-03-01 8")) == "2027-03-01 8"
    with pytest.raises(WfmError, match="extra hires, entry 1"):
        parse_hires("March 8")
