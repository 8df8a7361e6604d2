"""The Scenarios sheet: the comparison and the automation business case as the app computed them,
recalculated by LibreOffice to the same numbers."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest

from tests.lo_recalc import convert, soffice
from wfm_desktop.core.export import write_plan_workbook
from wfm_desktop.core.plan.saved import open_plan
from wfm_desktop.core.plan.scenarios import Scenario, scenario_to_dict

OLD = Path(__file__).parents[2] / "data" / "old_release" / "release_1.wfmplan"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The old-release plan forecast over 75 days (three months), with two scenarios, exported."""
    plan = open_plan(OLD)
    plan.refresh()
    plan.inputs.set("forecast/settings", {**plan.resolved("forecast/settings"), "horizon_days": 75}, "75 days")
    plan.run("forecast")
    plan.inputs.set("budget", {**plan.resolved("budget"), "source": "plan"}, "Price the plan")
    plan.inputs.set("scenarios", [scenario_to_dict(Scenario("Busy", volume=0.1, aht_s=-5, sl=0.85)),
                                  scenario_to_dict(Scenario("Bot", deflection=(0.05, 0.1, 0.15), licence_month=2_000,
                                                            implementation=30_000))], "Scenarios")
    plan.refresh()
    path = write_plan_workbook(plan.result("export"), tmp_path_factory.mktemp("xlsx") / "plan.xlsx")
    return plan, path


def _open(path, data_only):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def _find(ws, text):
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def test_the_sheet_holds_the_app_numbers(exported):
    plan, path = exported
    comparison = plan.result("scenarios")
    assert len(comparison.base.monthly) == 3
    ws = _open(path, data_only=True)["Scenarios"]
    head = _find(ws, "Average FTE")
    for i, rec in enumerate(comparison.totals().to_dict("records"), start=1):
        assert ws.cell(head.row + i, 1).value == rec["scenario"]
        assert ws.cell(head.row + i, head.column).value == pytest.approx(rec["required_fte"], rel=1e-12)
    case = comparison.business_cases()["Bot"]
    label = _find(ws, "Payback month")
    expected = "not within the plan's horizon" if case.payback_month is None else f"{case.payback_month:%B %Y}"
    assert ws.cell(label.row, 2).value == expected
    assert _find(ws, "FTE by month").row < _find(ws, "Automation business case: Bot").row


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_every_formula_to_the_app_value(exported, tmp_path):
    _, path = exported
    formulas = _open(path, data_only=False)["Scenarios"]
    cached = _open(path, data_only=True)["Scenarios"]
    recalculated = _open(convert(path, tmp_path, "xlsx"), data_only=True)["Scenarios"]
    cells = [c.coordinate for row in formulas.iter_rows() for c in row if c.data_type == "f"]
    # per plan: total cost, FTE and cost vs base; per month of the case: net and cumulative; the case's total
    assert len(cells) == 3 * 3 + 3 * 2 + 1
    for ref in cells:
        assert recalculated[ref].value == pytest.approx(cached[ref].value, rel=1e-9, abs=1e-6), ref
