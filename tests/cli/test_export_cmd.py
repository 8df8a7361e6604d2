"""`wfm-desktop plan --save` writes the plan file; `wfm-desktop export PLAN.wfmplan` writes its workbook."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest

from wfm_desktop.cli import main
from wfm_desktop.core.plan.file_format import load_plan
from wfm_desktop.core.plan.migrations import CONVENTION_CHANGES
from wfm_desktop.core.plan.model import UP_TO_DATE
from wfm_desktop.core.plan.saved import open_plan

OLD = Path(__file__).parents[1] / "data" / "old_release" / "release_1.wfmplan"
TEMPLATES = (
    "name,start_earliest,start_latest,start_step_min,paid_length_min,breaks,weekdays,contract,min_count,max_count,"
    "cost_per_hour\n"
    "Day 8h,07:00,13:00,60,480,lunch 30 unpaid 3:00-5:00,Mon-Sun,full,0,,20\n"
)
SITES = "name,kind,share,hourly_wage,overhead\nOnshore,in-house,1,22,0.25\n"
BASE = ["plan", "--sample", "--horizon-days", "7", "--method", "seasonal_naive", "--no-schedule"]


def cells(path) -> dict:
    """Every cell value of every sheet (the Created timestamp aside)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path)
    out = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if hasattr(value, "text"):  # an array formula
                    value = ("array", value.ref, value.text)
                if value is not None:
                    out[(sheet.title, cell.coordinate)] = value
    created = [key for key, value in out.items() if value == "Created"]
    for sheet, coordinate in created:
        row = openpyxl.utils.cell.coordinate_from_string(coordinate)[1]
        for key in [k for k in out if k[0] == sheet and openpyxl.utils.cell.coordinate_from_string(k[1])[1] == row]:
            out.pop(key)
    return out


def assert_same_cells(a, b) -> None:
    left, right = cells(a), cells(b)
    assert left.keys() == right.keys(), sorted(set(left) ^ set(right))[:10]
    different = [(k, left[k], right[k]) for k in left if left[k] != right[k]]
    assert not different, different[:10]


def test_plan_save_then_export_gives_the_same_workbook(tmp_path, capsys):
    shifts = tmp_path / "shifts.csv"
    shifts.write_text(TEMPLATES, encoding="utf-8")
    sites = tmp_path / "sites.csv"
    sites.write_text(SITES)
    first, saved, again = tmp_path / "plan.xlsx", tmp_path / "plan.wfmplan", tmp_path / "again.xlsx"
    assert main([*BASE, "-o", str(first), "--save", str(saved), "--templates", str(shifts), "--time-limit", "10",
                 "--schedule-days", "1", "--sites", str(sites)]) == 0
    assert f"saved the plan {saved}" in capsys.readouterr().out
    plan = open_plan(saved)
    plan.refresh()
    states = {name: state.status for name, state in plan.states().items()}
    assert states.pop("accuracy") == "not run"  # no snapshot kept (plan --snapshot) to compare with actuals
    assert states == dict.fromkeys(set(plan.graph.names) - {"accuracy"}, UP_TO_DATE)
    assert main(["export", str(saved), "-o", str(again)]) == 0
    printed = capsys.readouterr().out
    assert "with budget, schedule" in printed and "solv" not in printed  # the saved schedule, not solved again
    assert_same_cells(first, again)


def test_plan_save_without_a_budget_exports_none(tmp_path):
    first, saved, again = tmp_path / "plan.xlsx", tmp_path / "plan.wfmplan", tmp_path / "again.xlsx"
    assert main([*BASE, "-o", str(first), "--save", str(saved)]) == 0
    assert main(["export", str(saved), "-o", str(again)]) == 0
    assert_same_cells(first, again)


def test_export_of_a_plan_saved_by_the_previous_release(tmp_path, capsys):
    out = tmp_path / "old.xlsx"
    assert main(["export", str(OLD), "-o", str(out)]) == 0
    printed = capsys.readouterr()
    assert "restored forecast" in printed.out
    # Every change of convention since the plan's release, and its migration's notes, one line each on stderr.
    document = load_plan(OLD)
    changes = ([c.text for c in CONVENTION_CHANGES if c.since > document.schema_version]
               + list(document.settings["migration_notes"]))
    prefix = "note: computed differently since this plan was saved: "
    noted = [line.removeprefix(prefix) for line in printed.err.splitlines() if line.startswith(prefix)]
    assert noted == changes and len(changes) > len(CONVENTION_CHANGES)
    assert "One contracted week for the whole plan" in printed.err and "computed differently" not in printed.out
    # Its schedule covered the old (rounded) requirement: out of date, said so, and left out; never re-solved.
    assert "schedule is out of date" in printed.err and "left out of the workbook" in printed.err
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert {"Budget", "Capacity plan", "Weekly FTE"} <= set(names) and "Schedule" not in names


def test_export_never_overwrites_without_force(tmp_path, capsys):
    out = tmp_path / "old.xlsx"
    out.write_bytes(b"mine")
    assert main(["export", str(OLD), "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err and out.read_bytes() == b"mine"
    assert main(["export", str(OLD), "-o", str(out), "--force"]) == 0


def test_plan_save_never_overwrites_without_force(tmp_path, capsys):
    saved = tmp_path / "plan.wfmplan"
    saved.write_bytes(b"mine")
    assert main([*BASE, "-o", str(tmp_path / "p.xlsx"), "--save", str(saved)]) == 2
    assert saved.read_bytes() == b"mine" and not (tmp_path / "p.xlsx").exists()


def test_export_of_a_missing_plan_is_an_error_not_a_traceback(tmp_path, capsys):
    assert main(["export", str(tmp_path / "none.wfmplan"), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "no such plan file" in capsys.readouterr().err
