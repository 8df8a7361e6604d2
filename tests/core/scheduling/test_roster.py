"""Weekly rosters: rules hold, overnight shifts, and infeasible rules are named."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.scheduling.roster import Agent, RosterRules, build_roster

MONDAY = pd.Timestamp("2026-01-05")


def shifts(rows, contract="full"):
    """rows: (day offset, 'HH:MM' start, paid hours); span = paid hours."""
    out = []
    for i, (d, start, hours) in enumerate(rows, 1):
        s = MONDAY + pd.Timedelta(days=d) + pd.Timedelta(start + ":00")
        out.append({"shift_id": i, "template": f"{hours}h", "day": MONDAY + pd.Timedelta(days=d), "start": s,
                    "end": s + pd.Timedelta(hours=hours), "paid_h": float(hours), "contract": contract})
    return pd.DataFrame(out)


def roster(frame, agents=None, method="auto", **rules):
    return build_roster(frame, agents, RosterRules(**rules), in_process=True, method=method)


def check_rules(result, rules: RosterRules):
    a = result.assignments.sort_values(["agent", "start"])
    for agent, rows in a.groupby("agent"):
        days = set(pd.to_datetime(rows["day"]))
        assert len(days) == len(rows)  # one shift a day
        assert len(rows) <= rules.max_days_per_week
        gaps = (rows["start"].iloc[1:].to_numpy() - rows["end"].iloc[:-1].to_numpy()) / pd.Timedelta(hours=1)
        assert (gaps >= rules.min_rest_h - 1e-9).all()
        wrap_gap = (rows["start"].iloc[0] + pd.Timedelta(days=7) - rows["end"].iloc[-1]) / pd.Timedelta(hours=1)
        assert wrap_gap >= rules.min_rest_h - 1e-9  # the week repeats
        off = [MONDAY + pd.Timedelta(days=d) not in days for d in range(7)]
        k = rules.min_consecutive_days_off
        assert any(all(off[(d + i) % 7] for i in range(k)) for d in range(7))  # the week wraps


def test_a_full_week_meets_every_rule():
    rows = [(d, "07:00", 8) for d in range(7)] * 3 + [(d, "14:00", 8) for d in range(7)] * 2
    result = roster(shifts(rows))
    assert result.summary["agents"] == 7  # ceil(35 shifts / 5 days)
    assert result.assignments["agent"].notna().all() and len(result.assignments) == 35
    check_rules(result, RosterRules())
    assert sorted(result.agents["days"]) == [5] * 7 and (result.agents["paid_h"] == 40).all()


def test_grid_shows_overnight_shifts_on_their_start_day():
    result = roster(shifts([(0, "22:00", 8), (1, "14:00", 8)]), 2)
    grid = result.grid.set_index("agent")
    monday, tuesday = grid.columns[:2]
    assert sorted(grid[monday]) == ["22:00-06:00+1", "off"]
    who_night = grid.index[grid[monday] != "off"][0]
    assert grid.loc[who_night, tuesday] == "off"  # 06:00 → 14:00 is 8 h rest, below 11 h


def test_overnight_rest_is_counted_from_the_real_end():
    with pytest.raises(WfmError, match=r"rule 'minimum rest between shifts' \(11 h\)"):
        roster(shifts([(0, "22:00", 8), (1, "14:00", 8)]), 1, min_consecutive_days_off=0)
    assert len(roster(shifts([(0, "22:00", 8), (1, "14:00", 8)]), 1, min_consecutive_days_off=0,
                      min_rest_h=8).assignments) == 2


def test_infeasible_rest_names_the_rule():
    rows = [(0, "14:00", 8)] * 2 + [(1, "06:00", 8)] * 2  # late then early: 8 h rest
    with pytest.raises(WfmError, match="minimum rest between shifts"):
        roster(shifts(rows), 2)


def test_infeasible_days_off_names_the_rule():
    rows = [(d, "09:00", 8) for d in (0, 2, 4, 6)]  # one agent: days off Tue, Thu, Sat never two in a row
    with pytest.raises(WfmError, match="consecutive days off"):
        roster(shifts(rows), 1)


@pytest.mark.parametrize("agents, rules, message", [
    (1, {}, r"'one shift per agent per day' cannot be met: day 1 has 2 shifts but only 1 agent\(s\)"),
    (2, {"max_days_per_week": 2}, r"'working days per week' \(at most 2\)"),
    (2, {"max_days_per_week": 7, "min_consecutive_days_off": 2}, r"'consecutive days off' \(2 in a row\)"),
    (3, {"max_hours_per_week": 30}, r"'contracted hours' cannot be met: .* 112 paid hours .* add up to 90"),
    (4, {"min_days_per_week": 4}, r"'working days per week' \(at least 4\)"),
])
def test_counting_checks_name_the_rule(agents, rules, message):
    rows = [(d, "09:00", 8) for d in range(7) for _ in range(2)]
    with pytest.raises(WfmError, match=message):
        roster(shifts(rows), agents, **rules)


def test_days_off_wrap_around_the_week():
    # one agent working Tue-Sat: Sun + Mon off are two days in a row in a repeating week
    result = roster(shifts([(d, "09:00", 8) for d in range(1, 6)]), 1)
    assert len(result.assignments) == 5


def test_contracted_hours_per_agent_and_contract_types():
    rows = [(d, "09:00", 8) for d in range(5)] + [(d, "12:00", 4) for d in range(5)]
    frame = pd.concat([shifts(rows[:5], "full"), shifts(rows[5:], "part").assign(shift_id=lambda f: f["shift_id"] + 5)])
    agents = [Agent("Ann", "full", 40, 40), Agent("Bob", "part", 20, 20)]
    result = roster(frame, agents)
    hours = result.agents.set_index("agent")["paid_h"]
    assert hours["Ann"] == 40 and hours["Bob"] == 20
    assert set(result.assignments.loc[result.assignments["agent"] == "Bob", "contract"]) == {"part"}
    with pytest.raises(WfmError, match="contracted hours"):
        roster(frame, [Agent("Ann", "any", 38, 38), Agent("Bob", "any", 22, 22)])


def test_named_agents_and_bad_input():
    result = roster(shifts([(0, "09:00", 8)]), ["Zoë"])
    assert list(result.grid["agent"]) == ["Zoë"]
    with pytest.raises(WfmError, match="used twice"):
        roster(shifts([(0, "09:00", 8)]), ["A", "A"])
    with pytest.raises(WfmError, match="working days per week"):
        RosterRules(min_days_per_week=6, max_days_per_week=5)
    with pytest.raises(WfmError, match="no shifts"):
        roster(shifts([]).reindex(columns=["day", "start", "end", "paid_h"]), 1)


def test_hours_are_balanced():
    rows = [(d, "09:00", h) for d in range(6) for h in (8, 4)]
    result = roster(shifts(rows), 3)
    spread = np.ptp(result.agents["paid_h"].to_numpy())
    assert spread <= 4


def test_default_headcount_covers_the_busiest_day():
    rows = [(0, "09:00", 8)] * 6 + [(1, "09:00", 8)] * 2
    result = roster(shifts(rows))
    assert result.summary["agents"] == 6


def test_two_weeks_apply_the_rules_per_week():
    rows = [(d, "09:00", 8) for d in range(14) for _ in range(2)]
    result = roster(shifts(rows), 3)
    a = result.assignments
    week = (pd.to_datetime(a["day"]) - MONDAY).dt.days // 7
    per_week = a.assign(week=week).groupby(["agent", "week"]).size()
    assert per_week.max() <= 5 and len(a) == 28


def test_a_roster_not_found_in_time_reads_as_a_planners_sentence(monkeypatch, caplog):
    from wfm_desktop.core.scheduling import roster as roster_module
    from wfm_desktop.core.scheduling.solver_process import MilpResult

    solver_text = "Time limit reached. (HiGHS Status 13: model_status is Time limit reached; primal_status is None)"
    timed_out = MilpResult(x=None, objective=float("nan"), bound=float("nan"), gap=float("nan"), status=1,
                           message=solver_text, solve_s=20.0, nodes=0)
    monkeypatch.setattr(roster_module, "_solve", lambda *args, **kwargs: timed_out)
    rows = [(d, "07:00", 8) for d in range(7)] * 5
    with caplog.at_level("INFO", logger="wfm_desktop.core.scheduling.roster"), pytest.raises(WfmError) as info:
        roster(shifts(rows), method="milp", time_limit_s=20)
    message = str(info.value)
    assert message == ("roster: no roster found within 20 s for 7 agents × 7 days: allow more time (time limit) "
                       "or roster fewer days or queues")
    assert "HiGHS" not in message and "Status 13" not in message
    assert solver_text in caplog.text  # the solver's status stays in the log
    assert roster_module.failure_text(info.value) == (
        "No roster found within 20 s for 7 agents × 7 days: allow more time (time limit) "
        "or roster fewer days or queues.")


def test_other_roster_failures_say_the_roster_was_not_built():
    from wfm_desktop.core.scheduling.roster import failure_text

    error = WfmError("roster: there are no shifts to assign")
    assert failure_text(error) == "Roster not built: there are no shifts to assign."
