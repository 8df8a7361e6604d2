"""One function builds the plan workbook from a plan's results; every sheet is listed once, in SHEETS."""

from __future__ import annotations

import warnings

import openpyxl
import pytest

from tests.core.plan.test_pipeline import _fake_forecast
from wfm_desktop.core.budget.inputs import BudgetInputs
from wfm_desktop.core.budget.monthly import budget_for_requirements
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.export import SHEETS, SourceInfo, build_plan_workbook, plan_workbook_data, sheet_names
from wfm_desktop.core.export.tables import Col, column_letters
from wfm_desktop.core.plan.pipeline import plan_from_forecast
from wfm_desktop.core.scheduling.from_plan import schedule_requirement
from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, solve_schedule
from wfm_desktop.core.scheduling.templates import template_from_record
from wfm_desktop.core.staffing.queue_settings import PlanSettings

CORE = ["Summary", "Assumptions", "Daily forecast", "Intraday requirements", "Weekly FTE"]


@pytest.fixture(scope="module")
def results():
    plan = plan_from_forecast(_fake_forecast(days=14), PlanSettings(), source=SourceInfo("history.csv", "0" * 64))
    budget = budget_for_requirements(plan.requirements, plan.interval_min, BudgetInputs(), kind="month")
    template = template_from_record({"name": "Day 8h", "start_earliest": "07:00", "start_latest": "12:00",
                                     "start_step_min": 60, "paid_length_min": 480, "cost_per_hour": 20}, "test")
    schedule = solve_schedule(schedule_requirement(plan, days=1), [template], ScheduleSettings(time_limit_s=30))
    return plan, schedule, budget


def _open(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path)


def test_sheets_are_listed_once_assumptions_written_first_and_summary_last():
    names = [s.name for s in SHEETS]
    assert len(set(names)) == len(names) and len({s.tab for s in SHEETS}) == len(SHEETS)
    assert names[0] == "Assumptions" and names[-1] == "Summary"
    assert names.index("Intraday requirements") < names.index("Daily forecast") < names.index("Weekly FTE")
    assert names.index("Capacity plan") < names.index("Budget")  # the capacity writer adds the budget inputs


def test_a_plan_alone_gets_the_core_sheets(results, tmp_path):
    plan, _, _ = results
    path = build_plan_workbook(plan, tmp_path / "plan.xlsx")
    assert _open(path).sheetnames == CORE == sheet_names(plan_workbook_data(plan))


def test_schedule_and_budget_add_their_sheets_and_summary_blocks(results, tmp_path):
    plan, schedule, budget = results
    path = build_plan_workbook(plan, tmp_path / "plan.xlsx", schedule=schedule, budget=budget)
    wb = _open(path)
    assert wb.sheetnames == CORE + ["Schedule", "Coverage", "Budget", "Capacity plan"]
    data = plan_workbook_data(plan, schedule=schedule, budget=budget)
    assert sheet_names(data) == wb.sheetnames
    assert data.intraday is plan.requirements and data.schedule.result is schedule and data.budget is budget
    sections = [c.value for c in wb["Summary"]["A"] if isinstance(c.value, str)]
    assert sections.index(f"Budget ({budget.budget.currency})") < sections.index("Schedule")
    with pytest.raises(WfmError, match="exists"):
        build_plan_workbook(plan, path, budget=budget)  # never over an existing file without force


def test_a_roster_needs_its_schedule(results):
    plan, _, _ = results
    with pytest.raises(WfmError, match="roster needs the schedule"):
        plan_workbook_data(plan, roster=object())


def test_column_letters_follow_the_column_list():
    columns = [Col(key, key, "int", 8, None) for key in ("a", "b", "c")] + [Col(f"x{i}", "", "int", 8, None)
                                                                            for i in range(26)]
    letters = column_letters(columns)
    assert (letters["a"], letters["c"], letters["x22"], letters["x23"], letters["x25"]) == ("A", "C", "Z", "AA", "AC")
