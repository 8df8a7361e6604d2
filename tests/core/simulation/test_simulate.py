"""The simulator's features: staffing sources, arrivals, chat, deferred work, statistics, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import Cancelled, WfmError
from wfm_desktop.core.simulation import kernel
from wfm_desktop.core.simulation.agents import duty_from_agents, duty_from_shifts
from wfm_desktop.core.simulation.arrivals import draw_contacts
from wfm_desktop.core.simulation.model import SimulationSettings, queue_inputs
from wfm_desktop.core.simulation.schedule_input import schedule_duty
from wfm_desktop.core.simulation.simulate import METRICS, simulate_intervals
from wfm_desktop.core.simulation.stats import ratio_interval
from wfm_desktop.core.staffing.erlang import evaluate


def frame(periods=16, contacts=100.0, aht=180.0, agents=14, start="2024-01-01 08:00", freq="30min", **extra):
    out = pd.DataFrame({"queue": "Voice", "start": pd.date_range(start, periods=periods, freq=freq),
                        "contacts": contacts, "aht_s": aht, "agents_net": agents})
    return out.assign(**extra)


def test_same_seed_same_numbers_other_seed_other_numbers():
    f = frame()
    a = simulate_intervals(f, SimulationSettings(replications=3, seed=7))
    b = simulate_intervals(f, SimulationSettings(replications=3, seed=7))
    c = simulate_intervals(f, SimulationSettings(replications=3, seed=8))
    assert np.array_equal(a.counts, b.counts)
    assert not np.array_equal(a.counts, c.counts)


def test_a_queue_does_not_change_when_another_is_added():
    one = frame()
    two = pd.concat([one, frame().assign(queue="Other", agents_net=3)], ignore_index=True)
    a = simulate_intervals(one, SimulationSettings(replications=2, seed=1))
    b = simulate_intervals(two, SimulationSettings(replications=2, seed=1))
    assert np.array_equal(a.counts, b.counts[:, :, : len(one)])


def test_output_keeps_the_input_columns_and_adds_the_simulated_ones():
    f = frame(extra_column="x")
    result = simulate_intervals(f, SimulationSettings(replications=4, seed=1, patience_s=90))
    out = result.intervals()
    assert list(out.columns[: len(f.columns)]) == list(f.columns)
    for name in METRICS:
        assert {name, f"{name}_lo", f"{name}_hi"} <= set(out.columns)
        assert (out[f"{name}_lo"] <= out[name] + 1e-12).all() and (out[name] <= out[f"{name}_hi"] + 1e-12).all()
    assert (out["sim_abandon_rate"] > 0).any()
    days = result.days()
    assert list(days[["queue", "day"]].itertuples(index=False, name=None)) == [("Voice", pd.Timestamp("2024-01-01"))]


def test_no_patience_means_nobody_abandons():
    result = simulate_intervals(frame(agents=11), SimulationSettings(replications=2, seed=3))
    assert result.counts[:, kernel.ABANDONED, :].sum() == 0
    assert result.counts[:, kernel.ANSWERED, :].sum() == result.counts[:, kernel.OFFERED, :].sum()


def test_closed_rows_offer_nothing_and_report_nothing():
    f = frame(periods=6, agents=[14, 14, 0, 0, 14, 14])
    out = simulate_intervals(f, SimulationSettings(replications=2, seed=1)).intervals()
    assert out["sim_service_level"].isna().tolist() == [False, False, True, True, False, False]


def test_requirement_agents_become_windows_with_a_fractional_last_agent():
    duty = duty_from_agents([2, 2, 1.5, 0, 1], 1800.0)
    assert duty.agents == 2
    assert np.allclose(duty.staffed_s(5, 1800.0), [3600, 3600, 2700, 0, 1800])
    # agent 0 works intervals 0-2 in one window, and interval 4
    assert duty.start[: duty.first[1]].tolist() == [0.0, 7200.0]
    assert duty.end[: duty.first[1]].tolist() == [5400.0, 9000.0]


def test_schedule_breaks_take_agents_off_the_phones():
    origin = pd.Timestamp("2024-01-01 08:00")
    shifts = pd.DataFrame({"Shift": [1, 2], "Day": ["2024-01-01"] * 2,
                           "Start": ["2024-01-01 08:00", "2024-01-01 08:00"], "End": ["2024-01-01 12:00"] * 2,
                           "Breaks": ["Break 09:00-09:30", "Break 09:00-09:15; Lunch 10:00-10:30"]})
    duty = schedule_duty(shifts, origin)
    assert np.allclose(duty.staffed_s(4, 3600.0), [7200, 1800 + 2700, 3600 + 1800, 7200])
    counted = shifts.assign(Count=[3, 0]).rename(columns={"Breaks": "Breaks and lunch"})
    assert schedule_duty(counted, origin).agents == 3


def test_night_shift_breaks_after_midnight_belong_to_the_next_day():
    origin = pd.Timestamp("2024-01-01 22:00")
    shifts = pd.DataFrame({"Start": ["2024-01-01 22:00"], "End": ["2024-01-02 06:00"], "Breaks": ["Break 01:00-01:30"]})
    duty = schedule_duty(shifts, origin)
    assert duty.start.tolist() == [0.0, 3.5 * 3600] and duty.end.tolist() == [3 * 3600, 8 * 3600]


def test_a_schedule_result_shape_is_accepted():
    class Result:
        shifts = pd.DataFrame({"shift_id": [5], "start": [pd.Timestamp("2024-01-01 08:00")],
                               "end": [pd.Timestamp("2024-01-01 16:00")]})
        breaks = pd.DataFrame({"shift_id": [5], "start": [pd.Timestamp("2024-01-01 12:00")],
                               "end": [pd.Timestamp("2024-01-01 12:30")]})

    duty = schedule_duty(Result(), pd.Timestamp("2024-01-01 08:00"))
    assert duty.end.tolist() == [4 * 3600, 8 * 3600]


def test_simulating_a_schedule_uses_its_breaks():
    f = frame(periods=8, contacts=20.0, aht=300.0, agents=0, freq="60min", open=1)
    shifts = pd.DataFrame({"Start": ["2024-01-01 08:00"] * 4, "End": ["2024-01-01 16:00"] * 4,
                           "Breaks": [""] * 4})
    lunch = shifts.assign(Breaks="Lunch 11:00-12:00")
    plain = simulate_intervals(f, SimulationSettings(replications=4, seed=2), schedule=shifts).intervals()
    with_lunch = simulate_intervals(f, SimulationSettings(replications=4, seed=2), schedule=lunch).intervals()
    assert with_lunch["sim_service_level"].iloc[3] < plain["sim_service_level"].iloc[3] - 0.1
    with pytest.raises(WfmError, match="say which"):
        simulate_intervals(pd.concat([f, f.assign(queue="B")]), SimulationSettings(replications=1), schedule=shifts)


def test_replay_offers_exactly_the_actual_counts_at_a_finer_interval():
    f = frame(periods=4, contacts=100.0, agents=14)
    actuals = pd.DataFrame({"queue": "Voice", "start": pd.date_range("2024-01-01 08:00", periods=24, freq="5min"),
                            "calls": np.arange(24)})
    result = simulate_intervals(f, SimulationSettings(replications=3, seed=1), actuals=actuals)
    offered = result.counts[:, kernel.OFFERED, :]
    expected = np.arange(24).reshape(4, 6).sum(axis=1)
    assert (offered == expected).all()


def test_lognormal_service_times_keep_the_aht_and_take_the_cv():
    q = queue_inputs(frame(periods=1, contacts=200_000.0, aht=240.0, interval_min=30), SimulationSettings())[0]
    for cv in (0.5, 2.0):
        _, _, service, _ = draw_contacts(q, np.random.default_rng(1), cv)
        assert service.mean() == pytest.approx(240.0, rel=0.02)
        assert service.std() / service.mean() == pytest.approx(cv, rel=0.06)


def test_chat_slots_without_slowdown_are_erlang_c_with_n_times_k_servers():
    """Chat model check (docs/staffing.md): 12 agents × 3 slots = 36 servers for chats of 540 s."""
    f = frame(periods=60, contacts=110.0, aht=540.0, agents=12, concurrency=3)
    result = simulate_intervals(f, SimulationSettings(replications=8, seed=4, level=0.99))
    est, lo, hi = result.metrics(np.arange(6, 60))["sim_service_level"]
    exact = evaluate(36, 110 * 540 / 1800, 540.0, 20.0)["service_level"][0]
    assert lo <= exact <= hi
    # The app's staffing model (AHT ÷ k on 12 agents) is a different, more cautious answer.
    assert evaluate(12, 110 * 180 / 1800, 180.0, 20.0)["service_level"][0] < exact - 0.02
    slow = simulate_intervals(f, SimulationSettings(replications=8, seed=4, chat_slowdown=0.15))
    assert slow.metrics(np.arange(6, 60))["sim_service_level"][0] < est - 0.1


def test_deferred_work_waits_for_the_opening_and_reports_the_share_in_target():
    # email: 10 items of 10 min per hour all day, 6 agents only 08:00-12:00 (table ends closed), 4-hour target
    agents = [0] * 8 + [6] * 4 + [0] * 12
    f = frame(periods=24, contacts=10.0, aht=600.0, agents=agents, start="2024-01-01 00:00", freq="60min",
              response_h=4.0)
    result = simulate_intervals(f, SimulationSettings(replications=3, seed=1))
    out = result.intervals()
    night = out["start"].dt.hour < 4
    assert out.loc[night, "sim_service_level"].max() == 0.0  # arrived before 04:00: done after 08:00 → late
    assert out.loc[out["start"].dt.hour.isin([8, 9]), "sim_service_level"].min() > 0.9
    assert out["sim_latest_response_h"].max() > 8
    # items arriving after 12:00 have nobody left: not answered, counted as failures, never abandoned
    assert result.counts[:, kernel.ABANDONED, :].sum() == 0
    assert result.counts[:, kernel.UNANSWERED, 12:].sum() > 0


def test_absence_removes_a_share_of_the_shifts():
    f = frame(periods=8, contacts=10.0, agents=0, open=1, freq="60min")
    shifts = pd.DataFrame({"Start": ["2024-01-01 08:00"] * 200, "End": ["2024-01-01 16:00"] * 200})
    result = simulate_intervals(f, SimulationSettings(replications=4, seed=1, absence=0.25), schedule=shifts)
    share = result.staffed_s.sum(axis=1) / (200 * 8 * 3600)
    assert 0.65 < share.mean() < 0.85 and share.std() > 0


def test_ratio_interval_is_the_t_interval_for_a_fixed_denominator():
    y = np.array([[0.5], [0.7], [0.6], [0.8]])
    est, lo, hi = ratio_interval(y, np.ones((4, 1)), 0.95)
    half = 3.182446305284263 * y.std(ddof=1) / 2
    assert est[0] == pytest.approx(0.65) and lo[0] == pytest.approx(0.65 - half) and hi[0] == pytest.approx(0.65 + half)
    est, lo, hi = ratio_interval(np.array([[1.0]]), np.array([[2.0]]))
    assert est[0] == 0.5 and np.isnan(lo[0]) and np.isnan(hi[0])


def test_progress_and_cancel():
    seen = []
    simulate_intervals(frame(periods=2), SimulationSettings(replications=2), progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0
    with pytest.raises(Cancelled):
        simulate_intervals(frame(periods=2), SimulationSettings(replications=2), cancel=lambda: True)


@pytest.mark.parametrize("bad, message", [
    (lambda f: f.drop(columns=["agents_net"]), "agents_net"),
    (lambda f: f.assign(aht_s=-1.0), "AHT"),
    (lambda f: f.assign(start="soon"), "not a date-time"),
    (lambda f: f.assign(start=pd.Timestamp("2024-01-01")), "twice"),
    (lambda f: f.assign(concurrency=[1, 2] * 8), "concurrency"),
])
def test_errors_name_the_problem(bad, message):
    with pytest.raises(WfmError, match=message):
        simulate_intervals(bad(frame()), SimulationSettings(replications=1))


@pytest.mark.parametrize("settings", [SimulationSettings(replications=0), SimulationSettings(patience_s=0),
                                      SimulationSettings(service_cv=-1), SimulationSettings(absence=1.0)])
def test_settings_are_checked(settings):
    with pytest.raises(WfmError):
        simulate_intervals(frame(), settings)


def test_shifts_minus_breaks_with_overlapping_breaks():
    duty = duty_from_shifts([0.0], [100.0], [0, 0], [10.0, 15.0], [20.0, 30.0])
    assert duty.start.tolist() == [0.0, 30.0] and duty.end.tolist() == [10.0, 100.0]
