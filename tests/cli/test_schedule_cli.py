"""`wfm-desktop schedule`: files in, workbook or CSV out, errors as messages."""

import subprocess
import sys

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.conftest import REPO
from wfm_desktop.cli import main

TEMPLATES = (
    "name,start_earliest,start_latest,start_step_min,paid_length_min,breaks,weekdays,contract,min_count,max_count,"
    "cost_per_hour\n"
    "Day,07:00,10:00,60,480,lunch 60 unpaid 3:00-5:00,Mon-Sun,full,0,,20\n"
)


@pytest.fixture
def inputs(tmp_path):
    starts = pd.date_range("2026-01-05", periods=7 * 24, freq="60min")
    need = np.where((starts.hour >= 8) & (starts.hour < 17), 2.0, 0.0)
    req = tmp_path / "req.csv"
    pd.DataFrame({"start": starts, "agents_schedule": need}).to_csv(req, index=False)
    templates = tmp_path / "t.csv"
    templates.write_text(TEMPLATES, encoding="utf-8")
    return req, templates


def test_schedule_to_xlsx_with_roster(inputs, tmp_path, capsys):
    req, templates = inputs
    out = tmp_path / "schedule.xlsx"
    code = main(["schedule", str(req), "--templates", str(templates), "-o", str(out), "--roster",
                 "--time-limit", "30"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "MIP gap" in printed and "over" in printed and "under" in printed and "roster:" in printed
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Schedule", "Coverage", "Roster", "Summary"]
    assert [c.value for c in wb["Coverage"][1]] == ["Interval start", "Req", "Sched", "Diff"]
    assert wb["Coverage"].freeze_panes == "A2" and wb["Coverage"].max_row == 7 * 24 + 1
    assert "D2:D169" in {str(r.sqref) for r in wb["Coverage"].conditional_formatting}
    shifts = pd.read_excel(out, sheet_name="Schedule", engine="calamine")
    assert shifts["Agent"].notna().all() and set(shifts["Template"]) == {"Day"}
    coverage = pd.read_excel(out, sheet_name="Coverage", engine="calamine")
    assert (coverage["Diff"] == coverage["Sched"] - coverage["Req"]).all()


def test_csv_output_and_overwrite_refusal(inputs, tmp_path, capsys):
    req, templates = inputs
    out = tmp_path / "shifts.csv"
    args = ["schedule", str(req), "--templates", str(templates), "-o", str(out), "--coverage-csv",
            str(tmp_path / "cov.csv")]
    assert main(args) == 0
    table = pd.read_csv(out)
    assert list(table.columns[:4]) == ["Shift", "Template", "Day", "Start"] and len(table) > 0
    assert len(pd.read_csv(tmp_path / "cov.csv")) == 7 * 24
    assert main(args) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(args + ["--force"]) == 0


def test_bad_template_gives_a_message_and_exit_2(inputs, tmp_path, capsys):
    req, templates = inputs
    templates.write_text(TEMPLATES.replace("07:00", "7h"), encoding="utf-8")
    assert main(["schedule", str(req), "--templates", str(templates), "-o", str(tmp_path / "o.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "row 2 (template 'Day'), field 'start_earliest'" in err and "Traceback" not in err
    assert not (tmp_path / "o.xlsx").exists()


def test_infeasible_roster_names_the_rule(inputs, tmp_path, capsys):
    req, templates = inputs
    code = main(["schedule", str(req), "--templates", str(templates), "-o", str(tmp_path / "o.xlsx"),
                 "--agents", "1"])
    assert code == 2
    assert "rule 'one shift per agent per day'" in capsys.readouterr().err


@pytest.mark.slow
def test_real_entry_point_in_a_subprocess(inputs, tmp_path):
    req, templates = inputs
    out = tmp_path / "s.xlsx"
    result = subprocess.run([sys.executable, "-m", "wfm_desktop", "schedule", str(req), "--templates",
                             str(templates), "-o", str(out)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert out.exists() and "status: optimal" in result.stdout


def test_agent_names_from_a_file(inputs, tmp_path, capsys):
    req, templates = inputs
    names = tmp_path / "agents.txt"
    names.write_text("name\n" + "\n".join(f"Person {i}" for i in range(1, 6)) + "\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    assert main(["schedule", str(req), "--templates", str(templates), "-o", str(out), "--agents", str(names)]) == 0
    agents = set(pd.read_csv(out)["Agent"])
    assert agents <= {f"Person {i}" for i in range(1, 6)} and len(agents) >= 2
    assert main(["schedule", str(req), "--templates", str(templates), "-o", str(tmp_path / "x.csv"),
                 "--agents", "nobody.txt"]) == 2
    assert "neither a number nor an existing file" in capsys.readouterr().err


def test_an_agents_file_with_time_off_rosters_around_it(inputs, tmp_path, capsys):
    req, templates = inputs
    agents = tmp_path / "agents.csv"
    names = [f"Agent {i}" for i in range(1, 6)]
    agents.write_text("name,time_off,preferred_days_off\n" + "\n".join(
        f"{n},{'2026-01-07' if i == 0 else ''},{'Sat-Sun' if i == 1 else ''}" for i, n in enumerate(names)) + "\n",
        encoding="utf-8")
    out = tmp_path / "s.xlsx"
    code = main(["schedule", str(req), "--templates", str(templates), "-o", str(out), "--agents", str(agents)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "roster: 21 shifts to 5 agents" in printed and "preferred days off kept" in printed
    roster = pd.read_excel(out, sheet_name="Roster", engine="calamine").set_index("Agent")
    assert roster.filter(like="07 Jan").loc["Agent 1"].iloc[0] == "off"


def test_a_bad_agents_file_names_row_and_column(inputs, tmp_path, capsys):
    req, templates = inputs
    agents = tmp_path / "agents.csv"
    agents.write_text("name,max_hours\nAnn,40\nBob,lots\n", encoding="utf-8")
    code = main(["schedule", str(req), "--templates", str(templates), "-o", str(tmp_path / "o.xlsx"),
                 "--agents", str(agents)])
    assert code == 2
    err = capsys.readouterr().err
    assert "agents file agents.csv, row 3, column 'max_hours': 'lots' is not a number" in err
    assert "Traceback" not in err
