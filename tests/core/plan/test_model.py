"""The plan model: the stage graph, one staleness rule, results never thrown away, plans keep their numbers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.forecast.snapshots import actuals_to_input, add_snapshot, rename_snapshot, take_snapshot
from wfm_desktop.core.history.table import History
from wfm_desktop.core.plan import defaults, migrations
from wfm_desktop.core.plan.defaults import INPUT_KEYS
from wfm_desktop.core.plan.model import FLAGGED, NOT_RUN, OUT_OF_DATE, UP_TO_DATE, Plan
from wfm_desktop.core.plan.saved import open_plan, save
from wfm_desktop.core.plan.stages import GRAPH, with_flag

OLD = Path(__file__).parents[2] / "data" / "old_release"


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> Path:
    """The old-release plan opened, restored and computed, saved as a current plan file."""
    plan = open_plan(OLD / "release_1.wfmplan")
    plan.refresh()
    if plan.state("schedule").status == OUT_OF_DATE:  # solved under the old FTE conventions: solve it again
        plan.run("schedule")
        plan.refresh()
    # a forecast snapshot and actuals (the forecast's intervals at 110%), so the accuracy stage runs too
    forecast = plan.result("forecast")
    plan.inputs.set("forecast/snapshots", add_snapshot([], take_snapshot(forecast, "kept")), "Keep")
    actual = forecast.intraday.rename(columns={"contacts": "offered"}).assign(
        offered=lambda f: f["offered"] * 1.1)[["queue", "start", "offered", "aht_s"]]
    plan.inputs.set("accuracy/actuals", actuals_to_input(History(actual, forecast.interval_min, "actuals")), "Import")
    plan.refresh()
    path = tmp_path_factory.mktemp("plan") / "computed.wfmplan"
    save(plan, path)
    return path


def _fresh(path) -> Plan:
    plan = open_plan(path)
    plan.refresh()
    assert all(s.status == UP_TO_DATE for s in plan.states().values()), plan.states()
    return plan


def _changed(plan: Plan, key: str):
    value = plan.resolved(key)
    if key == "history_import":
        return {**value, "sha256": "0" * 64}
    if key == "forecast/settings":
        return {**value, "growth": 0.05}
    if key == "staffing/settings":
        queue = sorted(value["queues"])[0]
        return {**value, "queues": {**value["queues"], queue: {**value["queues"][queue], "min_staff": 3}}}
    if key == "schedule/templates":
        frame = value.copy()
        frame.loc[0, "start_latest"] = "11:00"
        return frame
    if key == "schedule/options":
        return {**value, "time_limit_s": 7}
    if key == "schedule/requirement":
        return plan.result("staffing").requirements.head(96)
    if key == "schedule/agents":
        return pd.DataFrame({"name": ["Ann", "Bob"], "time_off": ["2026-01-06", ""]})
    if key == "schedule/locked":
        day = pd.Timestamp("2026-01-05")
        return pd.DataFrame({"day": [day], "start": [day + pd.Timedelta(hours=8)],
                             "end": [day + pd.Timedelta(hours=16)], "paid_h": [8.0], "agent": ["Ann"]})
    if key == "budget":
        inputs = value["inputs"]
        return {**value, "inputs": {**inputs, "capacity": {**inputs["capacity"], "attrition_month": 0.07}}}
    if key == "assumptions/contract_hours_week":
        return value + 2.5
    if key == "forecast/snapshots":
        return rename_snapshot(value, "kept", "kept in March")
    if key == "accuracy/actuals":
        frame = value["frame"].iloc[:-1]
        return actuals_to_input(History(frame, value["interval_min"], "fewer actuals"))
    if key == "accuracy/settings":
        return {**value, "worst": 5}
    if key == "scenarios":
        return [*value, {"name": "Busy", "volume": 0.1}]
    if key == "assumptions/week_start":
        return "Sunday"
    if key == "simulation/settings":
        return {**value, "seed": value["seed"] + 1}
    if key == "simulation/actuals":
        req = plan.result("staffing").requirements
        return req.loc[req["start"] < req["start"].min() + pd.Timedelta(days=1), ["queue", "start", "contacts"]]
    raise AssertionError(f"no test value for input {key!r}: add one")


@pytest.mark.parametrize("key", INPUT_KEYS)
def test_changing_an_input_marks_exactly_the_stages_downstream_of_it_out_of_date(computed, key):
    plan = _fresh(computed)
    before = plan.results()
    plan.inputs.set(key, _changed(plan, key), f"Edit {key}")
    expected = set(GRAPH.affected_by(key))
    states = plan.states()
    assert {n for n, s in states.items() if s.status == OUT_OF_DATE} == expected, states
    assert {n for n, s in states.items() if s.status == UP_TO_DATE} == set(GRAPH.names) - expected
    assert plan.results().keys() == before.keys()  # nothing thrown away
    for name in expected & {n for n in GRAPH.names if GRAPH[n].inputs and key in GRAPH[n].inputs}:
        assert "changed since it was computed" in states[name].reason
    # The automatic stages recompute; the on-request ones stay out of date (and say why); the rest untouched.
    plan.refresh()
    for name in GRAPH.names:
        state = plan.state(name)
        if name not in expected:
            assert state.status == UP_TO_DATE and plan.result(name) is before[name], name
    plan.inputs.undo()  # back where it was: the automatic stages follow, the solved schedule is current again
    plan.refresh()
    assert all(s.status == UP_TO_DATE for s in plan.states().values()), plan.states()


def test_the_affected_stages_are_the_readers_and_what_follows():
    assert GRAPH.affected_by("schedule/templates") == ("schedule", "simulation", "export")
    assert GRAPH.affected_by("budget") == ("budget", "scenarios", "export")
    assert GRAPH.affected_by("forecast/settings") == ("forecast", "staffing", "schedule", "budget", "scenarios",
                                                      "simulation", "export")
    assert GRAPH.affected_by("scenarios") == ("scenarios", "export")
    assert GRAPH.affected_by("simulation/settings") == ("simulation", "export")
    assert GRAPH.affected_by("simulation/actuals") == ("simulation", "export")
    assert set(GRAPH.affected_by("history_import")) == set(GRAPH.names) - {"accuracy"}  # snapshots stay as kept
    assert GRAPH.affected_by("forecast/snapshots") == ("accuracy",)
    assert GRAPH.downstream("schedule") == ("simulation", "export")  # the budget does not read the schedule


def _parts(data) -> set[str]:
    """The optional parts the workbook data carries (the budget and the schedule)."""
    return {name for name in ("budget", "schedule") if getattr(data, name) is not None}


def test_storing_a_schedule_keeps_the_budget_and_the_export_gets_both(computed):
    plan = _fresh(computed)
    budget = plan.result("budget")
    plan.inputs.set("schedule/options", {**plan.resolved("schedule/options"), "time_limit_s": 3}, "Edit time limit")
    assert plan.state("schedule").status == OUT_OF_DATE
    plan.refresh()
    assert _parts(plan.result("export")) == {"budget"}  # an out-of-date schedule is not exported
    plan.run("schedule")
    assert plan.result("budget") is budget and plan.state("budget").status == UP_TO_DATE
    plan.refresh()
    assert _parts(plan.result("export")) == {"budget", "schedule"}


def test_old_release_opens_with_the_same_inputs_and_numbers():
    """The previous release's plan opens with its inputs and its numbers, except what the convention
    changes listed on opening change (schema 3: one contracted week, FTE from unrounded gross hours)."""
    plan = open_plan(OLD / "release_1.wfmplan")
    numbers = json.loads((OLD / "release_1_numbers.json").read_text())
    assert plan.pending_restore == ["forecast"]
    assert plan.convention_changes[:len(migrations.CONVENTION_CHANGES)] == [c.text for c in migrations.CONVENTION_CHANGES]
    assert "the budget used 40 h and staffing 37.5 h" in plan.convention_changes[-1]
    assert plan.input("forecast/settings")["method"] == "weekday_avg"
    assert plan.input("forecast/settings")["horizon_days"] == 7
    assert plan.input("schedule/options")["time_limit_s"] == 5
    plan.refresh()
    states = plan.states()
    # The saved solve covered the old (rounded) requirement: kept as it was, shown out of date.
    assert states["schedule"].status == OUT_OF_DATE, states
    assert all(s.status == UP_TO_DATE for name, s in states.items() if name not in ("schedule", "accuracy")), states
    assert states["accuracy"].status == NOT_RUN and "snapshot" in states["accuracy"].reason  # none kept before 4
    daily = plan.result("forecast").daily
    assert daily["contacts"].tolist() == numbers["forecast_daily"]["contacts"]
    assert daily["queue"].tolist() == numbers["forecast_daily"]["queue"]
    weekly = plan.result("staffing").weekly
    # the same contacts (summed in another order since the one-FTE roll-up: equal to 1e-12)
    assert weekly["contacts"].tolist() == pytest.approx(numbers["weekly"]["contacts"], rel=1e-12)
    # FTE from unrounded gross hours: never more than the old rounded-up hours, and the same hours
    # once each interval is rounded up again (net agents and shrinkage did not change).
    assert all(new <= old + 1e-9 for new, old in zip(weekly["agents_gross_h"], numbers["weekly"]["agents_gross_h"]))
    req = plan.result("staffing").requirements
    assert len(req) == numbers["intervals"]["rows"]
    rounded = np.ceil(req["agents_gross"].to_numpy(dtype=float) - 1e-9)
    assert float(rounded.sum()) == numbers["intervals"]["agents_gross_sum"]
    schedule = plan.result("schedule")["schedule"]  # the saved solve, not solved again
    assert schedule.summary["shifts"] == numbers["schedule"]["shifts"]
    assert float(schedule.coverage["scheduled"].sum()) == numbers["schedule"]["scheduled_sum"]
    assert plan.result("budget").budget.totals()["total"] > 0


def test_an_older_plan_lists_the_convention_changes_made_since(monkeypatch):
    monkeypatch.setattr(migrations, "CONVENTION_CHANGES",
                        [migrations.ConventionChange(2, "FTE is now computed from unrounded gross hours")])
    plan = open_plan(OLD / "release_1.wfmplan")
    assert plan.convention_changes[0] == "FTE is now computed from unrounded gross hours"
    assert all("contracted week" in text for text in plan.convention_changes[1:])  # this plan's own notes


def test_a_saved_plan_keeps_every_value_it_was_computed_with(computed, tmp_path, monkeypatch):
    plan = _fresh(computed)
    saved = {key: plan.input(key) for key in INPUT_KEYS if plan.input(key) is not None}
    assert set(saved) >= {"forecast/settings", "staffing/settings", "schedule/templates", "schedule/options",
                          "budget", "history_import"}
    assert set(saved["staffing/settings"]["queues"]) == {"Chat", "Sales voice", "Support voice"}
    # A later release with other defaults: the saved plan computes as before.
    monkeypatch.setattr(defaults, "FORECAST_HORIZON_DAYS", 28)
    monkeypatch.setattr(defaults, "SCHEDULE_OPTIONS_DEFAULT", {**defaults.SCHEDULE_OPTIONS_DEFAULT, "max_seats": 3})
    again = _fresh(computed)
    assert again.resolved("forecast/settings")["horizon_days"] == 7
    pd.testing.assert_frame_equal(again.result("staffing").requirements, plan.result("staffing").requirements)
    assert Plan().resolved("forecast/settings")["horizon_days"] == 28  # a new plan does get the new default


def test_a_new_plan_pins_defaults_without_an_undo_step_or_a_modification():
    plan = Plan()
    assert plan.pin_defaults() and not plan.inputs.is_modified and not plan.inputs.can_undo
    assert plan.input("schedule/options") == defaults.SCHEDULE_OPTIONS_DEFAULT


def test_results_round_trip_with_their_fingerprints(computed, tmp_path):
    plan = _fresh(computed)
    path = save(plan, tmp_path / "again.wfmplan")
    reopened = open_plan(path)
    for name in ("data", "forecast", "schedule"):  # stored, not recomputed
        assert reopened.record(name).fingerprint == plan.record(name).fingerprint, name
    assert reopened.state("data").status == reopened.state("forecast").status == UP_TO_DATE
    pd.testing.assert_frame_equal(reopened.result("forecast").intraday, plan.result("forecast").intraday)
    assert reopened.state("staffing").status == NOT_RUN and reopened.stale_auto() == ["staffing", "scenarios",
                                                                                       "accuracy"]
    reopened.refresh()
    pd.testing.assert_frame_equal(reopened.result("accuracy")["report"].by_day, plan.result("accuracy")["report"].by_day)
    assert reopened.state("schedule").status == UP_TO_DATE and reopened.result("schedule") is not None
    pd.testing.assert_frame_equal(reopened.result("staffing").requirements, plan.result("staffing").requirements)
    pd.testing.assert_frame_equal(reopened.result("budget").budget.frame, plan.result("budget").budget.frame)


def test_a_result_from_an_old_snapshot_shows_as_out_of_date(computed):
    plan = _fresh(computed)
    job = plan.job("budget")
    value = plan.resolved("budget")
    plan.inputs.set("budget", {**value, "period": "week"}, "Capacity by week")
    plan.store(job.run())  # it finished after the edit
    assert plan.state("budget").status == OUT_OF_DATE and plan.stale_auto() == ["budget", "scenarios", "export"]


def test_a_flag_hook_marks_an_up_to_date_result_flagged(computed):
    plan = open_plan(computed, graph=with_flag(GRAPH, "schedule", lambda result: "optimality gap 12%"))
    plan.refresh()
    state = plan.state("schedule")
    assert state.status == FLAGGED and state.flag == "optimality gap 12%"
    assert plan.state("export").status == UP_TO_DATE


def test_a_stage_that_cannot_run_says_what_it_waits_for():
    plan = Plan()
    assert plan.state("forecast").status == NOT_RUN
    assert plan.state("staffing").reason == "waiting for data"
    assert plan.state("budget").reason == "waiting for the staffing plan"
    assert plan.stale_auto() == []
