"""`wfm-desktop budget`: files in, budget and capacity plan out."""

import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import REPO
from wfm_desktop.cli import main

SITES = "name,kind,share,hourly_wage,overhead,rate,rate_unit,licences\nOnshore,in-house,0.5,22,0.35,,,\nNearshore,outsourced,0.5,,,14,hour,no\n"


@pytest.fixture
def inputs(tmp_path):
    fte = tmp_path / "fte.csv"
    pd.DataFrame({"month": ["2027-01-01", "2027-02-01", "2027-03-01"], "required_fte": [20.0, 20.0, 24.0],
                  "contacts": [10000, 10000, 12000]}).to_csv(fte, index=False)
    sites = tmp_path / "sites.csv"
    sites.write_text(SITES)
    budget = tmp_path / "budget.json"
    budget.write_text('{"currency": "EUR", "licences": [], "capacity": {"starting_headcount": 10, "attrition_month": 0}}')
    return fte, sites, budget


def test_budget_csv_and_capacity_beside_it(tmp_path, inputs, capsys):
    fte, sites, budget = inputs
    out = tmp_path / "budget.csv"
    assert main(["budget", str(fte), "--sites", str(sites), "--budget", str(budget), "-o", str(out),
                 "--contract-hours-week", "40"]) == 0
    text = capsys.readouterr().out
    assert "Budget 2027-01 to 2027-03 (EUR)" in text and f"wrote {out}" in text
    frame = pd.read_csv(out)
    # January: 20 FTE × 40 × 31/7 = 3,542.857 h; half in-house at €22 × 1.35, half at the vendor's €14.
    hours = 20 * 40 * 31 / 7
    assert frame["total"].iloc[0] == pytest.approx(hours / 2 * 22 * 1.35 + hours / 2 * 14, abs=1e-3)
    capacity = pd.read_csv(tmp_path / "budget.capacity.csv")
    assert capacity["required_fte"].tolist() == pytest.approx([10.0, 10.0, 12.0])
    # A second run refuses to overwrite.
    assert main(["budget", str(fte), "--sites", str(sites), "--budget", str(budget), "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_budget_xlsx_has_the_sheets(tmp_path, inputs, capsys):
    fte, sites, budget = inputs
    out = tmp_path / "budget.xlsx"
    b2 = tmp_path / "b2.json"
    b2.write_text('{"currency": "EUR", "licences": [], "capacity": {"starting_headcount": 10, "attrition_month": 0.05}}')
    assert main(["budget", str(fte), "--sites", str(sites), "--budget", str(budget), "--compare", str(b2),
                 "-o", str(out)]) == 0
    sheets = pd.read_excel(out, sheet_name=None, engine="calamine")
    assert {"Budget", "Capacity plan", "Sites", "Suggestions", "Comparison", "Comparison by month"} <= set(sheets)
    assert len(sheets["Budget"]) == 3
    assert "Scenario comparison" in capsys.readouterr().out


def test_errors_go_to_stderr_with_exit_2(tmp_path, inputs, capsys):
    fte, _, budget = inputs
    bad = tmp_path / "bad.csv"
    bad.write_text("name,share,hourly_wage\nA,1,twenty\n")
    assert main(["budget", str(fte), "--sites", str(bad), "-o", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "bad.csv: row 2, column hourly_wage: 'twenty' is not a number" in err
    assert main(["budget", str(fte), "-o", str(tmp_path / "x.txt")]) == 2
    assert "must end in .csv or .xlsx" in capsys.readouterr().err


def test_runs_as_a_module(tmp_path, inputs):
    fte, _, _ = inputs
    result = subprocess.run([sys.executable, "-m", "wfm_desktop", "budget", str(fte), "-o", str(tmp_path / "b.csv")],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Capacity plan by month" in result.stdout


def test_load_budget_inputs_has_one_contracted_week(tmp_path, inputs):
    from wfm_desktop.cli.budget_cmd import load_budget_inputs
    from wfm_desktop.core.errors import WfmError

    _, sites, budget = inputs
    # Convention change (issue #21, one contracted week): the default is the plan's 37.5 h (it was 40 h).
    assert load_budget_inputs(None, None).contract_hours_week == 37.5
    assert load_budget_inputs(str(sites), str(budget), contract_hours_week=40).contract_hours_week == 40
    own = tmp_path / "own.json"
    own.write_text('{"contract_hours_week": 35}')
    assert load_budget_inputs(None, str(own)).contract_hours_week == 35.0  # the file's week, when nothing else
    assert load_budget_inputs(None, str(own), contract_hours_week=35).contract_hours_week == 35.0
    # Two different weeks for one plan are refused, not silently chosen between (it was the JSON's 35 h).
    with pytest.raises(WfmError, match="one contracted week"):
        load_budget_inputs(None, str(own), contract_hours_week=37.5)
    assert load_budget_inputs(str(sites), None).sites[1].name == "Nearshore"
