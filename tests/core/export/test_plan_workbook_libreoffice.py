"""The plan workbook in a real spreadsheet program: LibreOffice recalculates every formula.

Skipped only when LibreOffice (``soffice``) is not installed; CI installs it.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import openpyxl
import pytest

from tests.core.plan_builders import plan_data
from tests.lo_recalc import convert, soffice
from wfm_desktop.core.export import write_plan_workbook
from wfm_desktop.core.staffing.rollups import gross_agents

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc"),
]


def _open(path, data_only):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def _decimals(number_format: str) -> int:
    """Decimals a number format shows ('0.0%' shows a fraction to 3 decimals)."""
    match = re.search(r"0\.(0+)", number_format)
    places = len(match.group(1)) if match else 0
    return places + (2 if "%" in number_format else 0)


def _formula_cells(formulas):
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    yield ws.title, cell


def test_every_formula_recalculates_to_the_apps_number(tmp_path):
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(plan_data(days=17), path)  # ends on a Wednesday: a part week, and February shrinkage
    recalculated = convert(path, tmp_path / "lo", "xlsx")
    formulas, cached, fresh = _open(path, False), _open(path, True), _open(recalculated, True)
    count = 0
    for sheet, cell in _formula_cells(formulas):
        app = cached[sheet][cell.coordinate].value
        lo = fresh[sheet][cell.coordinate].value
        if isinstance(app, str):  # the Summary's status line and the input checks: text, "OK …"
            assert lo == app and app.startswith("OK"), (sheet, cell.coordinate, cell.value, app, lo)
            continue
        assert isinstance(app, (int, float)), (sheet, cell.coordinate, app)
        assert isinstance(lo, (int, float)), (sheet, cell.coordinate, cell.value, lo)
        places = _decimals(cell.number_format)
        assert f"{app:.{places}f}" == f"{lo:.{places}f}", (sheet, cell.coordinate, cell.value, app, lo)
        count += 1
    # gross ×2 per interval, agent-hours ×2 per day and week, FTE per week, shrinkage totals, summary.
    assert count > 2 * len(plan_data().intraday)


def test_changing_shrinkage_in_the_workbook_changes_gross_and_fte(tmp_path):
    data = plan_data()
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(data, path)
    book = _open(path, False)
    ws = book["Assumptions"]
    # Sales (queue 1): raise Absence from 6% to 20%; its total becomes 0.3567.
    absence = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Absence")
    assert ws.cell(absence, 3).value == pytest.approx(0.06)
    ws.cell(absence, 3).value = 0.20
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    fresh = _open(convert(edited, tmp_path / "lo", "xlsx"), True)

    total = 0.0667 + 0.05 + 0.20 + 0.04
    unscheduled = 0.20 + 0.04
    rows = fresh["Intraday requirements"]
    sales = [r for r in range(2, rows.max_row + 1) if rows.cell(r, 3).value == "Sales"]
    net = np.array([rows.cell(r, 7).value for r in sales], dtype=float)
    # Convention change (issue #21, FTE from unrounded hours): paid gross agents are net ÷ (1 − total), not
    # rounded; gross for scheduling stays whole agents.
    assert [rows.cell(r, 9).value for r in sales] == pytest.approx((net / (1 - total)).tolist(), rel=1e-12)
    assert [rows.cell(r, 8).value for r in sales] == gross_agents(net, unscheduled).tolist()
    before = data.intraday[data.intraday["queue"] == "Sales"]["agents_gross"].sum()
    assert (net / (1 - total)).sum() > before

    weekly = fresh["Weekly FTE"]
    for r in range(2, weekly.max_row + 1):
        if weekly.cell(r, 2).value != "Sales":
            continue
        week = weekly.cell(r, 1).value
        in_week = [i for i in sales
                   if 0 <= (rows.cell(i, 1).value - week).days < 7]
        hours = sum(rows.cell(i, 9).value for i in in_week) * 30 / 60
        assert weekly.cell(r, 10).value == pytest.approx(hours)
        # FTE = hours ÷ (37.5 × weeks); weeks = open days in the week ÷ 5 open days a week.
        assert weekly.cell(r, 5).value == pytest.approx(weekly.cell(r, 4).value / 5)
        assert weekly.cell(r, 11).value == pytest.approx(hours / (37.5 * weekly.cell(r, 5).value))
