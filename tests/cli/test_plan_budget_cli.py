"""`wfm-desktop plan --sites/--budget` adds the Budget and Capacity plan sheets."""

import openpyxl

from wfm_desktop.core.budget.inputs import BudgetInputs

from wfm_desktop.cli import main

SITES = """name,kind,share,hourly_wage,overhead,rate,rate_unit,licences
Onshore,in-house,0.5,22,0.35,,,
Nearshore,outsourced,0.3,,,14,hour,no
Offshore,outsourced,0.2,,,1800,agent_month,no
"""


def test_plan_with_sites_writes_budget_sheets(tmp_path, capsys):
    sites = tmp_path / "sites.csv"
    sites.write_text(SITES)
    out = tmp_path / "plan.xlsx"
    code = main(["plan", "--sample", "--horizon-days", "14", "--method", "seasonal_naive",
                 "--sites", str(sites), "--capacity-period", "week", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    wb = openpyxl.load_workbook(out)
    assert {"Budget", "Capacity plan"} <= set(wb.sheetnames)


def test_plan_sample_is_priced_with_the_default_costs_unless_told_not_to(tmp_path):
    # Issue #19: a first-time user's `plan --sample` shows the full workbook, Budget included (BudgetInputs()).
    out = tmp_path / "plan.xlsx"
    assert main(["plan", "--sample", "--horizon-days", "7", "--method", "seasonal_naive", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert {"Budget", "Capacity plan"} <= set(wb.sheetnames)
    (sheet, ref), = list(wb.defined_names["Budget_Currency"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == BudgetInputs().currency
    bare = tmp_path / "bare.xlsx"
    assert main(["plan", "--sample", "--horizon-days", "7", "--method", "seasonal_naive", "--no-budget",
                 "-o", str(bare)]) == 0
    assert "Budget" not in openpyxl.load_workbook(bare).sheetnames


def test_plan_of_a_history_file_without_budget_options_has_no_budget_sheet(tmp_path):
    from wfm_desktop.core.history.sample import sample_history_path

    out = tmp_path / "plan.xlsx"
    assert main(["plan", str(sample_history_path()), "--horizon-days", "7", "--method", "seasonal_naive",
                 "-o", str(out)]) == 0
    assert "Budget" not in openpyxl.load_workbook(out).sheetnames


def test_plan_reports_a_bad_sites_file(tmp_path, capsys):
    sites = tmp_path / "sites.csv"
    sites.write_text("name,kind,share,hourly_wage\nOnshore,in-house,lots,22\n")
    code = main(["plan", "--sample", "--horizon-days", "7", "--sites", str(sites), "-o", str(tmp_path / "p.xlsx")])
    assert code == 2
    err = capsys.readouterr().err
    assert "sites.csv" in err and "share" in err
    assert not (tmp_path / "p.xlsx").exists()
