"""The flag thresholds are a setting: the same schedule flagged or not, in the plan, the JSON report and
the workbook."""

import json

import numpy as np
import openpyxl
import pandas as pd
import pytest

from wfm_desktop.cli import main
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.compute import reflagged_schedule
from wfm_desktop.core.plan.model import Plan
from wfm_desktop.core.scheduling.result import quality_warning, with_thresholds

DAY_ONLY = {"name": "D", "start_earliest": "08:00", "start_latest": "08:00", "start_step_min": 30,
            "paid_length_min": 480, "breaks": "", "weekdays": "Mon-Sun", "contract": "full", "min_count": 0,
            "max_count": "", "cost_per_hour": 20}


def requirement(days=1):
    """3 agents 08:00-16:00 (three day shifts cover it exactly) and 1 agent 02:00-03:00, which no shift can
    reach: 1 of 25 required agent-hours a day uncovered, 4.0%."""
    starts = pd.date_range("2026-01-05", periods=days * 48, freq="30min")
    hour = starts.hour + starts.minute / 60
    need = np.where((hour >= 8) & (hour < 16), 3.0, np.where((hour >= 2) & (hour < 3), 1.0, 0.0))
    return pd.DataFrame({"start": starts, "agents_schedule": need})


def test_the_thresholds_flag_by_the_numbers():
    base = {"gap": 0.03, "required_h": 100.0, "under_h": 4.0}
    assert "above 2%" in quality_warning(base)  # the defaults: 5% gap, 2% under-coverage
    assert quality_warning({**base, "under_warning": 0.05}) is None
    assert "gap above the 2.5% threshold" in quality_warning({**base, "under_warning": 0.05, "gap_warning": 0.025})
    assert quality_warning({**base, "under_warning": 0.04}) is None  # exactly at the threshold: not above it
    with pytest.raises(WfmError, match="under-coverage threshold: 2 must be a fraction"):
        quality_warning(with_thresholds_summary(base, 0.05, 2))


def with_thresholds_summary(summary, gap, under):
    from types import SimpleNamespace

    return with_thresholds(SimpleNamespace(summary=summary), gap, under).summary  # never reached: it raises


def test_a_threshold_change_reflags_the_plans_schedule_without_solving_again():
    options = {"roster": False, "time_limit_s": 20, "under_warning": 0.03}
    plan = Plan({"schedule/requirement": requirement(), "schedule/templates": pd.DataFrame([DAY_ONLY]),
                 "schedule/options": options})
    plan.run("schedule")
    solved = plan.result("schedule")["schedule"]
    assert solved.summary["under_h"] == pytest.approx(1.0) and solved.summary["required_h"] == pytest.approx(25.0)
    assert plan.state("schedule").status == "flagged" and "4.0%, above 3%" in plan.state("schedule").flag
    plan.inputs.set("schedule/options", {**options, "under_warning": 0.05}, "raise")
    assert plan.state("schedule").status == "out of date"
    value = reflagged_schedule(plan)
    plan.set_result("schedule", value)
    assert plan.state("schedule").status == "up to date"
    assert value["schedule"].shifts is solved.shifts  # the same schedule, not solved again
    assert value["schedule"].summary["warning"] is None and value["schedule"].summary["under_warning"] == 0.05
    assert reflagged_schedule(plan) is None  # nothing left to re-flag
    plan.inputs.set("schedule/options", {**options, "under_warning": 0.02}, "lower")
    plan.set_result("schedule", reflagged_schedule(plan))
    assert plan.state("schedule").status == "flagged" and "above 2%" in plan.state("schedule").flag
    # another input changed as well: that needs a solve, not a re-flag
    plan.inputs.set("schedule/options", {**options, "under_warning": 0.05, "time_limit_s": 25}, "both")
    assert reflagged_schedule(plan) is None and plan.state("schedule").status == "out of date"


def test_default_thresholds_keep_the_checksum_of_plans_saved_before_the_setting():
    from wfm_desktop.core.scheduling.cache import solve_checksum

    req, tpl = requirement(), pd.DataFrame([DAY_ONLY])
    old = {"time_limit_s": 30}
    assert solve_checksum(req, tpl, {**old, "gap_warning": 0.05, "under_warning": 0.02}) == solve_checksum(req, tpl, old)
    assert solve_checksum(req, tpl, {**old, "under_warning": 0.05}) != solve_checksum(req, tpl, old)


@pytest.mark.parametrize("under_pct, flagged", [(3, True), (5, False)])
def test_the_cli_threshold_flags_the_json_report_and_the_workbook(tmp_path, capsys, under_pct, flagged):
    req, templates = tmp_path / "req.csv", tmp_path / "t.csv"
    requirement().to_csv(req, index=False)
    pd.DataFrame([DAY_ONLY]).to_csv(templates, index=False)
    out, report = tmp_path / "s.xlsx", tmp_path / "r.json"
    assert main(["schedule", str(req), "--templates", str(templates), "-o", str(out), "--time-limit", "20",
                 "--under-threshold", str(under_pct), "--gap-threshold", "1", "--report", str(report)]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["under_h"] == pytest.approx(1.0) and data["shifts"] == 3  # the same schedule either way
    assert data["under_warning"] == under_pct / 100 and data["gap_warning"] == 0.01
    banner = openpyxl.load_workbook(out)["Summary"]["A1"].value
    if flagged:
        assert "(4.0%, above 3%)" in data["warning"]
        assert str(banner).startswith("⚠ Schedule flagged") and "above 3%" in str(banner)
        assert "warning: Schedule flagged" in capsys.readouterr().err
    else:
        assert data["warning"] is None
        assert not str(banner).startswith("⚠")
        assert "warning" not in capsys.readouterr().err


def test_the_cli_refuses_a_threshold_out_of_range_naming_the_option(tmp_path, capsys):
    req, templates = tmp_path / "req.csv", tmp_path / "t.csv"
    requirement().to_csv(req, index=False)
    pd.DataFrame([DAY_ONLY]).to_csv(templates, index=False)
    code = main(["schedule", str(req), "--templates", str(templates), "-o", str(tmp_path / "s.xlsx"),
                 "--under-threshold", "150"])
    assert code != 0 and "--under-threshold 150: give a percentage above 0 and below 100" in capsys.readouterr().err
