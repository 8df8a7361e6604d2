"""Budget and Capacity plan sheets of the plan workbook: live formulas with the app's numbers cached."""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import openpyxl
import pytest

# The plan workbook comes with the export module (branch "export"); until it is merged these tests skip.
pytest.importorskip("wfm_desktop.core.export.context", reason="the export module is not merged yet")
pytest.importorskip("tests.lo_recalc", reason="the export module's test helpers are not merged yet")

from tests.core.plan_builders import plan_data  # noqa: E402
from tests.lo_recalc import convert, soffice  # noqa: E402
from wfm_desktop.core.budget.monthly import compute_budget  # noqa: E402
from wfm_desktop.core.budget.capacity import CapacitySettings, Hire  # noqa: E402
from wfm_desktop.core.budget.inputs import BudgetInputs, Licence, OneOff, Site  # noqa: E402
from wfm_desktop.core.export import write_plan_workbook  # noqa: E402
from wfm_desktop.core.export.budget_sheets import BUDGET, CAPACITY  # noqa: E402
from wfm_desktop.core.budget.periods import coerce_periods  # noqa: E402

SITES = (
    Site("Onshore", 0.5, "in-house", hourly_wage=24.0, overhead=0.32),
    Site("Nearshore", 0.2, "in-house", hourly_wage=12.0, overhead=0.2, licences=False),
    Site("Vendor hours", 0.1, "outsourced", rate=15.0, rate_unit="hour"),
    Site("Vendor seats", 0.1, "outsourced", rate=2100.0, rate_unit="agent_month", licences=True),
    Site("Vendor calls", 0.1, "outsourced", rate=0.8, rate_unit="contact"),
)


def inputs(**kw) -> BudgetInputs:
    return BudgetInputs(
        sites=SITES,
        currency="EUR",
        licences=(Licence("Platform", 110.0), Licence("CRM", 45.0), Licence("WFM", 900.0, "month")),
        implementation=(OneOff("Integration", 12000.0, "2027-02"),),
        capacity=CapacitySettings(starting_headcount=30, attrition_month=0.04, training_weeks=2, nesting_weeks=1,
                                  lead_time_weeks=0, hires=(Hire("2027-01-25", 3),)),
        **kw,
    )


def budget_workbook(tmp_path, kind="week", budget_inputs=None):
    data = plan_data(days=42)
    # One contracted week per plan (issue #21): the budget counts FTE in the plan's week.
    periods = coerce_periods(data.intraday, kind=kind, contract_hours_week=data.contract_hours_week)
    result = compute_budget(periods, budget_inputs or inputs())
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(replace(data, budget=result), path)
    return path, result


def _open(path, data_only):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def test_sheets_cache_the_apps_numbers(tmp_path):
    path, result = budget_workbook(tmp_path)
    wb = _open(path, True)
    formulas = _open(path, False)
    assert {BUDGET, CAPACITY} <= set(wb.sheetnames)
    budget = wb[BUDGET]
    b = result.budget.frame
    headers = [c.value for c in budget[1]]
    total_col = headers.index("Total") + 1
    for i in range(len(b)):
        assert budget.cell(i + 2, total_col).value == pytest.approx(b["total"].iloc[i])
        assert formulas[BUDGET].cell(i + 2, total_col).value.startswith("=SUM(")
    wages = formulas[BUDGET].cell(2, headers.index("Wages") + 1).value
    assert "Budget_Wage_Per_Hour" in wages
    paid = formulas[BUDGET].cell(2, headers.index("Paid hours") + 1).value
    assert "Daily forecast" in paid  # linked to the plan's gross agent-hours
    cap = wb[CAPACITY]
    cap_headers = [c.value for c in cap[1]]
    eff = cap_headers.index("Effective FTE") + 1
    for i, value in enumerate(result.capacity.frame["effective_fte"]):
        assert cap.cell(i + 2, eff).value == pytest.approx(value)
    assert "Cap_Attrition_Period" in formulas[CAPACITY].cell(3, cap_headers.index("Headcount") + 1).value
    names = set(formulas.defined_names.keys())
    assert {"Sites_Wage", "Cap_Attrition_Month", "Budget_Training_Cost_Per_Hire", "Budget_Total"} <= names


pytestmark_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


def _formula_values(path, recalculated, sheets):
    formulas, cached, fresh = _open(path, False), _open(path, True), _open(recalculated, True)
    count = 0
    for sheet in sheets:
        for row in formulas[sheet].iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                app = cached[sheet][cell.coordinate].value
                lo = fresh[sheet][cell.coordinate].value
                if isinstance(app, str):  # the Summary's status line and the input checks: text
                    assert lo == app, (sheet, cell.coordinate, cell.value, app, lo)
                    continue
                assert isinstance(lo, (int, float)), (sheet, cell.coordinate, cell.value, lo)
                assert lo == pytest.approx(app, rel=1e-9, abs=1e-7), (sheet, cell.coordinate, cell.value, app, lo)
                count += 1
    return count


@pytest.mark.slow
@pytestmark_lo
@pytest.mark.parametrize("kind", ["week", "month"])
def test_libreoffice_recalculates_the_same_budget(tmp_path, kind):
    path, _ = budget_workbook(tmp_path, kind)
    recalculated = convert(path, tmp_path / "lo", "xlsx")
    assert _formula_values(path, recalculated, (BUDGET, CAPACITY, "Assumptions")) > 100


def _set_named(path, out, values):
    wb = _open(path, False)
    for name, (offset, value) in values.items():
        (sheet, ref), = wb.defined_names[name].destinations
        cell = wb[sheet][ref.replace("$", "").split(":")[0]]
        wb[sheet].cell(cell.row + offset, cell.column).value = value
    wb.save(out)


@pytest.mark.slow
@pytestmark_lo
def test_changed_wage_and_attrition_cells_move_the_totals_as_the_app_would(tmp_path):
    path, _ = budget_workbook(tmp_path, "week")
    edited = tmp_path / "edited.xlsx"
    # Onshore wage 24 → 30 (first row of Sites_Wage); attrition 4 % → 6 % a month.
    _set_named(path, edited, {"Sites_Wage": (0, 30.0), "Cap_Attrition_Month": (0, 0.06)})
    recalculated = convert(edited, tmp_path / "lo", "xlsx")
    fresh = _open(recalculated, True)
    # The app with the same inputs changed (suggested hires are formulas of the app's search: they follow).
    original = compute_budget(coerce_periods(plan_data(days=42).intraday, kind="week"), inputs())
    settings = replace(original.capacity.settings, attrition_month=0.06)
    changed = inputs().with_(sites=(replace(SITES[0], hourly_wage=30.0), *SITES[1:]), capacity=settings)
    expected = compute_budget(original.periods, changed).budget
    sheet = fresh[BUDGET]
    headers = [c.value for c in sheet[1]]
    n = len(expected.frame)
    for key, header in (("wages", "Wages"), ("licences", "Licences"), ("training", "Training"), ("total", "Total")):
        col = headers.index(header) + 1
        got = [sheet.cell(i + 2, col).value for i in range(n)]
        assert got == pytest.approx(expected.frame[key].to_list(), rel=1e-9), key
    assert sheet.cell(n + 2, headers.index("Total") + 1).value == pytest.approx(expected.totals()["total"], rel=1e-9)
    assert not np.isclose(expected.totals()["total"], original.budget.totals()["total"])


def test_budget_for_requirements_prices_the_plans_own_requirements(tmp_path):
    from wfm_desktop.core.budget.monthly import budget_for_requirements

    data = plan_data(days=42)
    result = budget_for_requirements(data.intraday, data.interval_min, inputs(), kind="month")
    data = replace(data, budget=result)
    assert result.capacity.kind == "month"
    # Paid hours = Σ gross agents × 30 min over every queue and interval.
    expected = (data.intraday["agents_gross"] * 0.5).sum()
    assert result.budget.frame["paid_hours"].sum() == pytest.approx(expected)
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(data, path)
    wb = _open(path, True)
    assert wb["Summary"]["A1"].value and BUDGET in wb.sheetnames
