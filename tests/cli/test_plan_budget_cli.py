"""`wfm-desktop plan --sites/--budget` adds the Budget and Capacity plan sheets."""

import re

import openpyxl

from wfm_desktop.cli import main
from wfm_desktop.cli.plan_cmd import SAMPLE_TIME_LIMIT_S
from wfm_desktop.core.budget.inputs import BudgetInputs

SITES = """name,kind,share,hourly_wage,overhead,rate,rate_unit,licences
Onshore,in-house,0.5,22,0.35,,,
Nearshore,outsourced,0.3,,,14,hour,no
Offshore,outsourced,0.2,,,1800,agent_month,no
"""


def test_plan_with_sites_writes_budget_sheets(tmp_path, capsys):
    sites = tmp_path / "sites.csv"
    sites.write_text(SITES)
    out = tmp_path / "plan.xlsx"
    code = main(["plan", "--sample", "--horizon-days", "14", "--method", "seasonal_naive", "--no-schedule",
                 "--sites", str(sites), "--capacity-period", "week", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    wb = openpyxl.load_workbook(out)
    assert {"Budget", "Capacity plan"} <= set(wb.sheetnames)


def test_plan_sample_is_priced_and_scheduled_unless_told_not_to(tmp_path, capsys):
    # Issue #19: a first-time user's `plan --sample` shows the full workbook: Budget (BudgetInputs()) and a
    # schedule of the first week (templates from the opening hours, a short limit), with its quality.
    out = tmp_path / "plan.xlsx"
    assert main(["plan", "--sample", "--horizon-days", "7", "--method", "seasonal_naive", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert {"Budget", "Capacity plan", "Schedule", "Coverage"} <= set(wb.sheetnames)
    assert "template (auto, from the opening hours)" in printed and "MIP gap" in printed
    gap = float(re.search(r"MIP gap ([0-9.]+)%", printed).group(1)) / 100
    solve = float(re.search(r"solve time ([0-9.]+) s", printed).group(1))
    assert solve <= SAMPLE_TIME_LIMIT_S + 5  # the short limit (the solver stops at it, or earlier at the optimum)
    # The Summary shows the schedule's quality: its status and gap, and a flag when the gap is above 5 %.
    summary = [str(v) for row in wb["Summary"].iter_rows(values_only=True) for v in row if v is not None]
    quality = next(v for v in summary if "MIP gap" in v)
    assert f"MIP gap {gap:.2%}" in quality, (quality, gap)
    if gap > 0.05:
        assert any("Schedule flagged" in v for v in summary), summary
    (sheet, ref), = list(wb.defined_names["Budget_Currency"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == BudgetInputs().currency
    bare = tmp_path / "bare.xlsx"
    assert main(["plan", "--sample", "--horizon-days", "7", "--method", "seasonal_naive", "--no-budget",
                 "--no-schedule", "-o", str(bare)]) == 0
    names = openpyxl.load_workbook(bare).sheetnames
    assert "Budget" not in names and "Schedule" not in names and "Coverage" not in names


def test_plan_of_a_history_file_without_budget_options_has_no_budget_sheet(tmp_path):
    from wfm_desktop.core.history.sample import sample_history_path

    out = tmp_path / "plan.xlsx"
    assert main(["plan", str(sample_history_path()), "--horizon-days", "7", "--method", "seasonal_naive",
                 "-o", str(out)]) == 0
    assert "Budget" not in openpyxl.load_workbook(out).sheetnames


def test_plan_reports_a_bad_sites_file(tmp_path, capsys):
    sites = tmp_path / "sites.csv"
    sites.write_text("name,kind,share,hourly_wage\nOnshore,in-house,lots,22\n")
    code = main(["plan", "--sample", "--horizon-days", "7", "--sites", str(sites), "--no-schedule",
                 "-o", str(tmp_path / "p.xlsx")])
    assert code == 2
    err = capsys.readouterr().err
    assert "sites.csv" in err and "share" in err
    assert not (tmp_path / "p.xlsx").exists()
