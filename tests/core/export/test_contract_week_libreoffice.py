"""One contracted week (issue #21): change ``Contract_Hours_Week`` in the workbook and every FTE follows.

The plan workbook with its Budget and Capacity plan sheets is recalculated in LibreOffice after the
one input cell changes from 37.5 to 40 hours: every FTE figure — Weekly FTE, the Summary's key figures
and budget block, the Capacity plan's required FTE, the Budget's monthly and average FTE — is the
hours divided by the week, so each must become exactly 37.5 ÷ 40 of what it was, and the hours must not
move.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import openpyxl
import pytest

from tests.core.plan_builders import plan_data
from tests.lo_recalc import convert, soffice
from wfm_desktop.core.budget.inputs import BudgetInputs, Site
from wfm_desktop.core.budget.monthly import budget_for_requirements
from wfm_desktop.core.export import write_plan_workbook

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed"),
]

OLD, NEW = 37.5, 40.0


def _open(path, data_only):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def _defined(wb, name):
    (sheet, ref), = list(wb.defined_names[name].destinations)
    return wb[sheet][ref.replace("$", "")]


def _fte_cells(book):
    """(sheet, coordinate) of every FTE figure of the workbook, found by its header or label."""
    cells = []
    for sheet, headers in (("Weekly FTE", ("FTE",)), ("Budget", ("FTE",)),
                           ("Capacity plan", ("Required FTE (all sites)", "Required FTE (in-house)"))):
        ws = book[sheet]
        columns = [c.column for c in ws[1] if c.value in headers]
        assert len(columns) == len(headers), (sheet, [c.value for c in ws[1]])
        last = next((r for r in range(2, ws.max_row + 2) if ws.cell(r, 1).value is None), ws.max_row + 1) - 1
        for col in columns:
            for row in range(2, last + 1):  # the table only (formulas below it are the ramp and totals)
                if ws.cell(row, col).data_type == "f":
                    cells.append((sheet, ws.cell(row, col).coordinate))
    summary = book["Summary"]
    header = next(r for r in range(1, 30) if summary.cell(r, 1).value == "Queue")
    for col in (6, 7):  # Average FTE (horizon), Peak weekly FTE
        assert "FTE" in summary.cell(header, col).value
        for row in range(header + 1, summary.max_row + 1):
            if summary.cell(row, 1).value is None:
                break
            if summary.cell(row, col).data_type == "f":
                cells.append(("Summary", summary.cell(row, col).coordinate))
    average = next(r for r in range(1, summary.max_row + 1) if summary.cell(r, 1).value == "Average FTE")
    cells.append(("Summary", summary.cell(average, 2).coordinate))
    return cells


def test_changing_the_contracted_week_moves_every_fte(tmp_path):
    data = plan_data(days=24)  # Mon 25 Jan – Wed 17 Feb: a part week, two months, February shrinkage
    inputs = BudgetInputs(sites=(Site("In-house", 0.8), Site("Vendor", 0.2, "outsourced", rate=3000.0,
                                                                rate_unit="agent_month", licences=True)))
    path = tmp_path / "plan.xlsx"
    budget = budget_for_requirements(data.intraday, data.interval_min, inputs, kind="week")
    write_plan_workbook(replace(data, budget=budget), path)
    book = _open(path, False)
    assert _defined(book, "Contract_Hours_Week").value == OLD
    assert "Budget_Contract_Hours" not in book.defined_names
    assert not any("Hours_per_FTE" in name for name in book.defined_names)
    cells = _fte_cells(book)
    # Every queue-week, both Summary columns per queue and All queues, every month and period.
    assert len(cells) > len(data.weekly) + 2 * len(data.queues)

    base = _open(convert(path, tmp_path / "lo_base", "xlsx"), True)
    _defined(book, "Contract_Hours_Week").value = NEW
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    fresh = _open(convert(edited, tmp_path / "lo_new", "xlsx"), True)

    moved = 0
    for sheet, coordinate in cells:
        before, after = base[sheet][coordinate].value, fresh[sheet][coordinate].value
        assert isinstance(before, (int, float)) and isinstance(after, (int, float)), (sheet, coordinate)
        assert after == pytest.approx(before * OLD / NEW, rel=1e-9, abs=1e-9), (sheet, coordinate, before, after)
        moved += before > 0
    assert moved > len(data.weekly)
    # The hours do not depend on the week: the Budget's paid hours stay, its training cost per hire moves.
    budget = fresh["Budget"]
    paid = next(c.column for c in budget[1] if c.value == "Paid hours")
    for row in range(2, budget.max_row + 1):
        assert budget.cell(row, paid).value == base["Budget"].cell(row, paid).value
    per_hire = _defined(fresh, "Budget_Training_Cost_Per_Hire").value
    assert per_hire != _defined(base, "Budget_Training_Cost_Per_Hire").value
