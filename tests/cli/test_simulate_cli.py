"""`wfm-desktop simulate REQUIREMENTS -o OUT`: the staff command's output in, simulated columns out."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.cli import main
from wfm_desktop.core.simulation.simulate import METRICS


@pytest.fixture
def requirements(tmp_path):
    """A day of two queues staffed by `wfm-desktop staff` (its output shape, unchanged)."""
    start = pd.date_range("2024-03-04 08:00", periods=16, freq="30min")
    src = tmp_path / "in.csv"
    pd.concat([pd.DataFrame({"queue": "Voice", "start": start, "contacts": 120, "aht_s": 240}),
               pd.DataFrame({"queue": "Chat", "start": start, "contacts": 40, "aht_s": 600, "concurrency": 2})]
              ).to_csv(src, index=False)
    out = tmp_path / "req.csv"
    assert main(["staff", str(src), "-o", str(out)]) == 0
    return out


def test_csv_output_has_the_input_columns_then_the_simulated_ones_and_a_days_file(tmp_path, requirements, capsys):
    out = tmp_path / "sim.csv"
    assert main(["simulate", str(requirements), "-o", str(out), "--replications", "4", "--seed", "3"]) == 0
    given = pd.read_csv(requirements)
    frame = pd.read_csv(out)
    assert list(frame.columns[: len(given.columns)]) == list(given.columns)
    expected = [f"{m}{s}" for m in METRICS for s in ("", "_lo", "_hi")]
    assert list(frame.columns[len(given.columns):]) == expected
    days = pd.read_csv(tmp_path / "sim_days.csv")
    assert days["queue"].tolist() == ["Chat", "Voice"] and "sim_service_level_hi" in days.columns
    printed = capsys.readouterr().out
    assert "Voice: service level" in printed and "sim_days.csv" in printed
    # the same seed gives the same file
    again = tmp_path / "again.csv"
    main(["simulate", str(requirements), "-o", str(again), "--replications", "4", "--seed", "3"])
    assert pd.read_csv(again).equals(frame)


def test_xlsx_output_with_patience_and_lognormal_service(tmp_path, requirements, capsys):
    out = tmp_path / "sim.xlsx"
    code = main(["simulate", str(requirements), "-o", str(out), "--replications", "3", "--patience-s", "90",
                 "--service-cv", "0.7", "--json"])
    assert code == 0
    sheets = pd.read_excel(out, sheet_name=None, engine="calamine")
    assert list(sheets) == ["intervals", "days"]
    assert sheets["intervals"]["sim_abandon_rate"].gt(0).any()
    summary = json.loads(capsys.readouterr().out)
    assert summary["replications"] == 3 and set(summary["queues"]) == {"Chat", "Voice"}


def test_schedule_and_actual_arrivals(tmp_path, requirements):
    schedule = tmp_path / "schedule.csv"
    pd.DataFrame({"Shift": range(1, 19), "Template": "Day", "Day": "2024-03-04",
                  "Start": "2024-03-04 08:00", "End": "2024-03-04 16:00",
                  "Breaks": ["Lunch 12:00-12:30"] * 18}).to_csv(schedule, index=False)
    actuals = tmp_path / "actuals.csv"
    pd.DataFrame({"queue": "Voice", "start": pd.date_range("2024-03-04 08:00", periods=96, freq="5min"),
                  "offered": 20}).to_csv(actuals, index=False)
    out = tmp_path / "sim.csv"
    code = main(["simulate", str(requirements), "--schedule", str(schedule), "--schedule-queue", "Voice",
                 "--arrivals", str(actuals), "--absence", "0.1", "-o", str(out), "--replications", "2"])
    assert code == 0
    frame = pd.read_csv(out)
    voice = frame[frame["queue"] == "Voice"].reset_index(drop=True)
    assert np.isfinite(voice["sim_service_level"]).all()
    lunch = voice["start"].str.endswith("12:00:00")
    assert voice.loc[lunch, "sim_service_level"].iloc[0] < voice.loc[~lunch, "sim_service_level"].mean()


def test_planner_errors_exit_2_without_a_traceback(tmp_path, requirements, capsys):
    assert main(["simulate", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "x.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["simulate", str(requirements), "-o", str(tmp_path / "x.csv"), "--schedule",
                 str(requirements)]) == 2
    assert "say which" in capsys.readouterr().err
    assert main(["simulate", str(requirements), "-o", str(tmp_path / "x.csv"), "--absence", "0.1"]) == 2
    assert "--schedule" in capsys.readouterr().err
    (tmp_path / "taken.csv").write_text("x")
    assert main(["simulate", str(requirements), "-o", str(tmp_path / "taken.csv")]) == 2
    assert "exists" in capsys.readouterr().err


def test_post_mortem_of_a_replay(tmp_path, requirements, capsys):
    actuals = tmp_path / "actuals.csv"
    plan = pd.read_csv(requirements)
    pd.DataFrame({"queue": plan["queue"], "start": plan["start"], "offered": (plan["contacts"] * 1.2).round(),
                  "interval_min": 30}).to_csv(actuals, index=False)
    out = tmp_path / "pm.csv"
    code = main(["simulate", str(requirements), "--arrivals", str(actuals), "--post-mortem", "-o", str(out),
                 "--replications", "3"])
    assert code == 0
    table = pd.read_csv(tmp_path / "pm_postmortem.csv")
    assert table["day"].tolist() == ["2024-03-04", "period"]
    period = table.iloc[-1]
    assert period["volume"] < 0 and period["aht"] == 0
    assert period["perfect"] > period["achieved"]
    printed = capsys.readouterr().out
    assert "post-mortem: Promised" in printed and "AHT share is 0" in printed
    assert main(["simulate", str(requirements), "--post-mortem", "-o", str(tmp_path / "x.csv")]) == 2


@pytest.fixture(scope="module")
def plan_with_schedule(tmp_path_factory):
    """The previous release's plan, computed and scheduled, saved again."""
    from pathlib import Path

    from wfm_desktop.core.plan.saved import open_plan, save

    plan = open_plan(Path(__file__).parents[1] / "data" / "old_release" / "release_1.wfmplan")
    plan.refresh()
    plan.run("schedule")
    plan.refresh()
    path = tmp_path_factory.mktemp("plan") / "scheduled.wfmplan"
    save(plan, path)
    return path


def test_a_saved_plan_is_simulated_by_its_simulation_stage_with_its_schedule(tmp_path, plan_with_schedule, capsys):
    from wfm_desktop.core.plan.saved import open_plan

    out = tmp_path / "sim.csv"
    assert main(["simulate", str(plan_with_schedule), "-o", str(out), "--replications", "3", "--seed", "5"]) == 0
    printed = capsys.readouterr().out
    assert "schedule (all queues" in printed and "of shifts absent at random" in printed
    frame, days = pd.read_csv(out), pd.read_csv(tmp_path / "sim_days.csv")
    sched, sched_days = pd.read_csv(tmp_path / "sim_schedule.csv"), pd.read_csv(tmp_path / "sim_schedule_days.csv")
    # the same numbers as the plan's own stage with these settings
    plan = open_plan(plan_with_schedule)
    plan.refresh()
    plan.inputs.set("simulation/settings", {**plan.resolved("simulation/settings"), "replications": 3, "seed": 5}, "s")
    plan.refresh()
    sim = plan.result("simulation")
    for name in ("sim_service_level", "sim_asa_s_hi", "sim_occupancy"):
        np.testing.assert_allclose(frame[name].to_numpy(), sim.intervals()[name].to_numpy(), rtol=1e-12)
        np.testing.assert_allclose(sched_days[name].to_numpy(), sim.days("schedule")[name].to_numpy(), rtol=1e-12)
    assert len(sched) == len(sim.intervals("schedule")) and set(sched["queue"]) == {"all queues"}
    assert {"erlang_service_level", "sim_service_level_lo"} <= set(days.columns)
    assert set(frame["queue"]) == {"Chat", "Sales voice", "Support voice"}


def test_a_plan_in_an_xlsx_gets_the_schedule_sheets_and_refuses_its_own_answer_time(tmp_path, plan_with_schedule, capsys):
    out = tmp_path / "sim.xlsx"
    assert main(["simulate", str(plan_with_schedule), "-o", str(out), "--replications", "2"]) == 0
    sheets = pd.read_excel(out, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["intervals", "days", "schedule intervals", "schedule days"]
    assert main(["simulate", str(plan_with_schedule), "-o", str(tmp_path / "x.csv"), "--answer-s", "30"]) == 2
    assert "each queue of a plan has its own answer time" in capsys.readouterr().err
