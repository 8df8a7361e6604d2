"""`wfm-desktop plan --templates`: the plan is scheduled and the workbook gets the schedule sheets."""

from __future__ import annotations

import warnings

import openpyxl
import pandas as pd
import pytest

from wfm_desktop.cli import main

TEMPLATES = (
    "name,start_earliest,start_latest,start_step_min,paid_length_min,breaks,weekdays,contract,min_count,max_count,"
    "cost_per_hour\n"
    "Day 8h,07:00,13:00,60,480,lunch 30 unpaid 3:00-5:00,Mon-Sun,full,0,,20\n"
    "Part 4h,08:00,18:00,120,240,,Mon-Sun,part,0,,22\n"
)
BASE = ["plan", "--sample", "--horizon-days", "7", "--method", "seasonal_naive", "--no-schedule"]  # --templates wins


@pytest.fixture
def templates(tmp_path):
    path = tmp_path / "shifts.csv"
    path.write_text(TEMPLATES, encoding="utf-8")
    return path


def _open(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=True)


def test_plan_with_templates_adds_schedule_and_coverage(tmp_path, templates, capsys):
    out = tmp_path / "plan.xlsx"
    code = main([*BASE, "-o", str(out), "--templates", str(templates), "--time-limit", "20",
                 "--schedule-days", "2"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "schedule: Thu 2026-01-01 to Fri 2026-01-02, gross for scheduling of all queues summed" in printed
    for words in ("objective", "MIP gap", "solve time", "over", "under", "schedule "):
        assert words in printed
    wb = _open(out)
    after = wb.sheetnames[wb.sheetnames.index("Weekly FTE") + 1:]
    assert after[:4] == ["Schedule", "Coverage", "Simulation", "Confidence"] and "Roster" not in wb.sheetnames
    # The requirement covered is the plan's gross for scheduling, every queue summed, over the two days.
    intraday = pd.read_excel(out, sheet_name="Intraday requirements", engine="calamine")
    two_days = intraday[pd.to_datetime(intraday["Date"]) < pd.Timestamp("2026-01-03")]
    coverage = pd.read_excel(out, sheet_name="Coverage", engine="calamine")
    assert len(coverage) == 2 * 96
    assert coverage["Req"].sum() == pytest.approx(two_days["Gross for scheduling"].sum())
    assert "Service level" in coverage.columns
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        formulas = openpyxl.load_workbook(out)["Coverage"]
    # Required follows the Intraday sheet's gross for scheduling (every queue: no queue criterion).
    assert formulas["C2"].value.startswith("=SUMPRODUCT(('Intraday requirements'!") and "_Name" not in formulas["C2"].value


def test_plan_schedules_one_queue_and_rosters_it(tmp_path, templates, capsys):
    out = tmp_path / "plan.xlsx"
    code = main([*BASE, "-o", str(out), "--templates", str(templates), "--time-limit", "20", "--schedule-days", "1",
                 "--schedule-start", "2026-01-02", "--schedule-queue", "Chat", "--roster"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "gross for scheduling of queue Chat" in printed and "roster:" in printed
    wb = _open(out)
    after = wb.sheetnames[wb.sheetnames.index("Weekly FTE") + 1:]
    assert after[:5] == ["Schedule", "Coverage", "Roster", "Simulation", "Confidence"]
    intraday = pd.read_excel(out, sheet_name="Intraday requirements", engine="calamine")
    chat = intraday[(intraday["Queue"] == "Chat") & (pd.to_datetime(intraday["Date"]) == pd.Timestamp("2026-01-02"))]
    coverage = pd.read_excel(out, sheet_name="Coverage", engine="calamine")
    assert coverage["Req"].sum() == pytest.approx(chat["Gross for scheduling"].sum())
    shifts = pd.read_excel(out, sheet_name="Schedule", engine="calamine")
    roster = pd.read_excel(out, sheet_name="Roster", engine="calamine")
    assert roster["Days worked"].sum() == shifts["Count"].sum() > 0


@pytest.mark.parametrize("extra, words", [
    (["--roster"], "--roster and --agents need --templates"),
    (["--templates", "TEMPLATES", "--schedule-queue", "Billing"], "'Billing' is not in the plan"),
    (["--templates", "TEMPLATES", "--schedule-start", "2030-01-01"], "outside the plan's horizon"),
    (["--templates", "TEMPLATES", "--time-limit", "0"], "time limit: 0.0 s must be more than zero"),
    (["--templates", "TEMPLATES", "--schedule-days", "0"], "--schedule-days 0: give 1 or more days"),
])
def test_bad_schedule_options_are_reported(tmp_path, templates, capsys, extra, words):
    out = tmp_path / "plan.xlsx"
    extra = [str(templates) if x == "TEMPLATES" else x for x in extra]
    assert main([*BASE, "-o", str(out), *extra]) == 2
    assert words in capsys.readouterr().err
    assert not out.exists()
