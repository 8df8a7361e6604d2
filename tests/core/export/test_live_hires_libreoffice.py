"""Suggested hires are live (issue #19): change a hiring input in the workbook, recalculate, get the app's classes.

The Capacity plan writes the app's greedy search for hiring classes (:func:`capacity_plan`) as
formulas: for each period still short, a class starts at the later of the lead time and the period
less the ramp, sized to close the shortfall when it is productive, rounded up, at least the minimum
class. A 12-week plan (and the same by month) starting short of heads is exported; in copies the
attrition, lead time, ramp, minimum class size and the contracted week are changed; LibreOffice
recalculates them and every period's suggested hires, hires, headcount and effective FTE, and the
budget total, are compared with the app's own capacity plan and budget for the same inputs: 0 mismatches.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tests.core.export.test_budget_export import _open, _set_named, inputs
from tests.core.plan_builders import plan_data
from tests.lo_recalc import convert_many, soffice
from wfm_desktop.core.budget.monthly import compute_budget
from wfm_desktop.core.budget.periods import coerce_periods
from wfm_desktop.core.export import write_plan_workbook
from wfm_desktop.core.export.budget_sheets import CAPACITY

pytestmark = [pytest.mark.slow, pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")]

DAYS = 84  # 12 weeks, 3 months
INTERVAL = 60  # hourly intervals: a lighter workbook, the same capacity plan


def _inputs(week: float = 37.5, **capacity):
    base = inputs(contract_hours_week=week)
    settings = dict(starting_headcount=10.5, attrition_month=0.04, training_weeks=2, nesting_weeks=1,
                    nesting_productivity=0.5, lead_time_weeks=1, min_class_size=1, hires=base.capacity.hires)
    settings.update(capacity)
    return base.with_(capacity=replace(base.capacity, **settings))


def _app(kind: str, week: float = 37.5, **capacity):
    data = plan_data(days=DAYS, interval_min=INTERVAL)
    periods = coerce_periods(data.intraday, kind=kind, contract_hours_week=week)
    return data, compute_budget(periods, _inputs(week, **capacity))


# (name, workbook cells: name -> value, capacity settings the app gets, contracted week)
SCENARIOS = [
    ("attrition_10", {"Cap_Attrition_Month": 0.10}, {"attrition_month": 0.10}, 37.5),
    ("ramp_and_lead", {"Cap_Training_Weeks": 4, "Cap_Nesting_Productivity": 0.8, "Cap_Lead_Time_Weeks": 3},
     {"training_weeks": 4.0, "nesting_productivity": 0.8, "lead_time_weeks": 3.0}, 37.5),
    ("min_class_4", {"Cap_Min_Class_Size": 4}, {"min_class_size": 4}, 37.5),
    ("together", {"Cap_Attrition_Month": 0.08, "Cap_Lead_Time_Weeks": 2, "Cap_Nesting_Weeks": 3,
                  "Cap_Starting_Headcount": 9, "Contract_Hours_Week": 35.0},
     {"attrition_month": 0.08, "lead_time_weeks": 2.0, "nesting_weeks": 3.0, "starting_headcount": 9.0}, 35.0),
]

COLUMNS = {"Suggested hires": "suggested_hires", "Hires": "hires", "Headcount": "headcount",
           "Effective FTE": "effective_fte", "Required FTE (in-house)": "required_fte"}


def _mismatches(path, expected) -> dict[str, int]:
    book = _open(path, True)
    ws = book[CAPACITY]
    headers = [c.value for c in ws[1]]
    frame = expected.capacity.frame
    out = {}
    for header, key in COLUMNS.items():
        col = headers.index(header) + 1
        got = np.array([ws.cell(i + 2, col).value for i in range(len(frame))], dtype=float)
        out[key] = int((~np.isclose(got, frame[key].to_numpy(dtype=float), rtol=1e-9, atol=1e-9)).sum())
    (sheet, ref), = book.defined_names["Budget_Total"].destinations
    out["budget_total"] = int(not np.isclose(book[sheet][ref.replace("$", "")].value,
                                             expected.budget.totals()["total"], rtol=1e-9))
    return out


def test_changed_hiring_inputs_re_suggest_the_apps_classes(tmp_path):
    paths, expected, hires = [], [], {}
    for kind in ("week", "month"):  # one LibreOffice run for both
        data, base = _app(kind)
        assert base.capacity.frame["suggested_hires"].sum() > 0  # the plan starts short: the app suggests classes
        path = tmp_path / f"{kind}_base.xlsx"
        write_plan_workbook(replace(data, budget=base), path)
        formulas = _open(path, False)[CAPACITY]
        headers = [c.value for c in formulas[1]]
        assert str(formulas.cell(2, headers.index("Suggested hires") + 1).value).startswith("=SUMPRODUCT(")
        paths.append(path)
        expected.append((kind, "base", base))
        hires[(kind, "base")] = base.capacity.frame["hires"].sum()
        for name, cells, capacity, week in SCENARIOS:
            paths.append(tmp_path / f"{kind}_{name}.xlsx")
            _set_named(path, paths[-1], {cell: (0, value) for cell, value in cells.items()})
            app = _app(kind, week, **capacity)[1]
            expected.append((kind, name, app))
            hires[(kind, name)] = app.capacity.frame["hires"].sum()
    fresh = convert_many(paths, tmp_path / "lo")
    report = {(kind, name): _mismatches(path, app) for (kind, name, app), path in zip(expected, fresh)}
    bad = {key: {k: v for k, v in r.items() if v} for key, r in report.items()}
    assert not any(bad.values()), bad
    # The inputs really moved the classes: more attrition hires more, a larger minimum class too.
    for kind in ("week", "month"):
        assert hires[(kind, "attrition_10")] > hires[(kind, "base")], hires
        assert hires[(kind, "min_class_4")] > hires[(kind, "base")], hires
    book = _open(fresh[1], True)
    (sheet, ref), = book.defined_names["Status"].destinations
    assert str(book[sheet][ref.replace("$", "")].value).startswith("OK"), "live hires are never stale"
