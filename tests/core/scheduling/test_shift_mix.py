"""Shift-mix optimiser: known optimal answers, breaks in their windows, exact coverage, overnight shifts."""

import itertools
import os

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.scheduling.demand import prepare_requirement
from wfm_desktop.core.scheduling.demand import overlap_fractions
from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, build_model, solve_schedule
from wfm_desktop.core.scheduling.templates import template_from_record


def template(name="T", early="08:00", late="10:00", step=60, paid=480, breaks="", cost=10.0, **extra):
    record = {"name": name, "start_earliest": early, "start_latest": late, "start_step_min": step,
              "paid_length_min": paid, "breaks": breaks, "cost_per_hour": cost, **extra}
    return template_from_record(record, "test")


def requirement(day="2026-01-05", days=1, interval_min=60, needs=None):
    """`needs` maps (day offset, 'HH:MM' start, 'HH:MM' end) → agents; everything else 0."""
    starts = pd.date_range(day, periods=days * 1440 // interval_min, freq=f"{interval_min}min")
    values = np.zeros(len(starts))
    for (d, a, b), n in (needs or {}).items():
        lo = pd.Timestamp(day) + pd.Timedelta(days=d) + pd.Timedelta(a + ":00")
        hi = pd.Timestamp(day) + pd.Timedelta(days=d) + pd.Timedelta(b + ":00")
        values[(starts >= lo) & (starts < hi)] = n
    return pd.DataFrame({"start": starts, "agents_schedule": values})


def solve(frame, templates, **settings):
    return solve_schedule(frame, templates, ScheduleSettings(**settings), in_process=True)


def test_two_day_shifts_cover_a_flat_day_exactly():
    r = solve(requirement(needs={(0, "09:00", "17:00"): 2}), [template()])
    assert r.summary["status"] == "optimal"
    assert r.summary["objective"] == pytest.approx(160.0)  # 2 shifts × 8 h × 10
    assert list(r.mix["start"]) == [pd.Timestamp("2026-01-05 09:00")] and list(r.mix["count"]) == [2]
    assert r.summary["over_h"] == 0 and r.summary["under_h"] == 0
    assert (r.coverage["scheduled"] == r.coverage["required"]).all()


@pytest.mark.parametrize("penalty, shifts, objective", [(50.0, 0, 50.0), (100.0, 1, 80.0 + 7 * 1.0)])
def test_under_coverage_is_bought_only_when_the_penalty_exceeds_the_shift(penalty, shifts, objective):
    r = solve(requirement(needs={(0, "09:00", "10:00"): 1}), [template()], under_penalty_per_h=penalty)
    assert r.summary["shifts"] == shifts
    assert r.summary["objective"] == pytest.approx(objective)


def test_max_count_and_max_seats_leave_under_coverage():
    frame = requirement(needs={(0, "09:00", "17:00"): 3})
    r = solve(frame, [template(max_count=1)])
    assert r.summary["shifts"] == 1 and r.summary["under_h"] == pytest.approx(16.0)
    r = solve(frame, [template()], max_seats=2)
    assert r.summary["shifts"] == 2 and r.coverage["scheduled"].max() == 2


def test_min_count_forces_shifts():
    r = solve(requirement(needs={(0, "09:00", "17:00"): 1}), [template(min_count=3)])
    assert r.summary["shifts"] == 3 and r.summary["over_h"] == pytest.approx(16.0)


def test_weekdays_limit_the_days():
    frame = requirement(days=2, needs={(0, "09:00", "17:00"): 1, (1, "09:00", "17:00"): 1})
    r = solve(frame, [template(weekdays="Tue")])  # 2026-01-05 is a Monday
    assert list(r.shifts["day"].dt.day_name()) == ["Tuesday"]
    assert r.summary["under_h"] == pytest.approx(8.0)


def test_overnight_shift_belongs_to_its_start_day_and_covers_the_next_morning():
    frame = requirement(days=2, needs={(0, "22:00", "24:00"): 1, (1, "00:00", "06:00"): 1})
    r = solve(frame, [template(early="20:00", late="23:00")])
    (shift,) = r.shifts.itertuples()
    assert shift.day == pd.Timestamp("2026-01-05") and shift.start == pd.Timestamp("2026-01-05 22:00")
    assert shift.end == pd.Timestamp("2026-01-06 06:00")
    assert r.summary["objective"] == pytest.approx(80.0)


def three_break_template(step=15):
    return template(early="07:00", late="11:00", step=step, paid=480,
                    breaks="b1 15 paid 1:30-2:00; lunch 30 unpaid 3:00-5:00; b2 15 paid 6:00-6:30")


def bumpy_requirement(days=2, interval_min=15, seed=1):
    rng = np.random.default_rng(seed)
    starts = pd.date_range("2026-01-05", periods=days * 1440 // interval_min, freq=f"{interval_min}min")
    hour = starts.hour + starts.minute / 60
    base = np.where((hour >= 8) & (hour < 19), 4 + 3 * np.sin((hour - 8) / 11 * np.pi), 0)
    return pd.DataFrame({"start": starts, "agents_schedule": np.round(base + rng.integers(0, 2, len(starts)) *
                                                                     (base > 0))})


def test_breaks_are_inside_their_windows_and_coverage_is_the_sum_of_shifts():
    t = three_break_template()
    r = solve(bumpy_requirement(), [t], time_limit_s=10, mip_rel_gap=0.05)
    assert r.summary["shifts"] > 0
    shifts = r.shifts.set_index("shift_id")
    for rule in t.breaks:
        rows = r.breaks[r.breaks["break"] == rule.name]
        assert len(rows) == len(shifts)  # every shift has each break once
        offset = (rows["start"].to_numpy() - shifts.loc[rows["shift_id"], "start"].to_numpy()) / pd.Timedelta(minutes=1)
        assert (offset >= rule.earliest_min).all() and (offset <= rule.latest_min).all()
    # coverage rebuilt independently, minute by minute, from the shift list; the time past the grid's end
    # folded back onto its start (the cyclic horizon: the last night covers the first morning)
    minutes = pd.date_range("2026-01-05", periods=2 * 2 * 1440, freq="1min")
    on = np.zeros(len(minutes))
    for s in r.shifts.itertuples():
        on[(minutes >= s.start) & (minutes < s.end)] += 1
    for b in r.breaks.itertuples():
        on[(minutes >= b.start) & (minutes < b.end)] -= 1
    on = on[:2 * 1440] + on[2 * 1440:]
    per_interval = on.reshape(-1, 15).mean(axis=1)
    np.testing.assert_array_equal(per_interval, r.coverage["scheduled"].to_numpy())
    # and the reported over/under are the differences to the requirement
    diff = r.coverage["scheduled"] - r.coverage["required"]
    assert r.summary["over_h"] == pytest.approx(diff.clip(lower=0).sum() / 4)
    assert r.summary["under_h"] == pytest.approx((-diff).clip(lower=0).sum() / 4)


def explicit_optimum(frame, t, settings):
    """The same problem with one column per (start, break placement): the textbook formulation."""
    req = prepare_requirement(frame)
    g, n = req.interval_min, len(req.frame)
    columns, costs = [], []
    for d, day in enumerate(req.days):
        for s in t.start_offsets_min():
            start = d * 1440 + s
            windows = [range(b.earliest_min, b.latest_min + 1, g) for b in t.breaks]
            for placement in itertools.product(*windows):
                cover = np.zeros(n)
                for k, f in overlap_fractions(start, t.span_min, g, n).items():
                    cover[k] += f
                for b, off in zip(t.breaks, placement):
                    for k, f in overlap_fractions(start + off, b.length_min, g, n).items():
                        cover[k] -= f
                columns.append(cover)
                costs.append(t.cost_per_hour * t.paid_hours)
    a = np.array(columns).T
    m = a.shape[1]
    c = np.concatenate([costs, np.full(n, settings.under_penalty_per_h * g / 60),
                        np.full(n, settings.over_cost_per_h * g / 60)])
    rows = np.hstack([a, np.eye(n), -np.eye(n)])
    res = milp(c, constraints=LinearConstraint(rows, req.required, req.required),
               integrality=np.concatenate([np.ones(m), np.zeros(2 * n)]), bounds=Bounds(0, np.inf))
    return res.fun


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_implicit_breaks_reach_the_explicit_optimum(seed):
    t = template(early="08:00", late="11:00", step=30, paid=360, cost=1.0,
                 breaks="b1 30 paid 1:00-2:00; lunch 30 unpaid 2:30-3:30")
    frame = bumpy_requirement(days=1, interval_min=30, seed=seed)
    settings = ScheduleSettings(under_penalty_per_h=5.0, over_cost_per_h=0.5)
    r = solve_schedule(frame, [t], settings, in_process=True)
    assert r.summary["status"] == "optimal"
    assert r.summary["objective"] == pytest.approx(explicit_optimum(frame, t, settings), abs=1e-6)


def test_model_is_small_with_implicit_breaks():
    req = prepare_requirement(bumpy_requirement(days=7))
    model = build_model(req, [three_break_template()], ScheduleSettings())
    explicit_columns = 7 * 17 * 3 * 9 * 3
    assert model.n_shift_cols + model.n_break_cols < explicit_columns / 10


def test_requirement_precedence_queues_and_gaps():
    frame = pd.DataFrame({
        "queue": ["A", "B", "A", "B"],
        "start": pd.to_datetime(["2026-01-05 09:00", "2026-01-05 09:00", "2026-01-05 09:30", "2026-01-05 09:30"]),
        "agents_net": [1.0, 1.0, 1.0, 1.0], "agents_gross": [2.0, 3.0, 2.0, 1.0],
    })
    req = prepare_requirement(frame)
    assert req.column == "agents_gross" and req.interval_min == 30 and len(req.frame) == 48
    assert list(req.frame.loc[req.frame["required"] > 0, "required"]) == [5.0, 3.0]
    assert any("summed" in n for n in req.notes)
    assert list(prepare_requirement(frame, queue="B").frame["required"].iloc[18:20]) == [3.0, 1.0]
    with pytest.raises(WfmError, match="queue 'C' not found"):
        prepare_requirement(frame, queue="C")


@pytest.mark.parametrize("column, value, message", [
    ("agents_net", -1.0, r"column 'agents_net', row 3: -1.0 is not a number of agents"),
    ("start", "yesterday", r"column 'start'"),
])
def test_requirement_errors(column, value, message):
    frame = requirement(interval_min=60).rename(columns={"agents_schedule": "agents_net"})
    frame[column] = frame[column].astype(object)
    frame.loc[1, column] = value
    with pytest.raises(WfmError, match=message):
        prepare_requirement(frame)


def test_template_off_grid_is_refused():
    with pytest.raises(WfmError, match="not a multiple of the 60-minute planning interval"):
        solve(requirement(), [template(early="08:30", step=30)])


def test_service_level_is_evaluated_on_net_scheduled_agents():
    frame = requirement(needs={(0, "09:00", "17:00"): 2})
    frame["contacts"] = np.where(frame["agents_schedule"] > 0, 10.0, 0.0)
    frame["aht_s"] = 300.0
    seen = {}

    def fake_sl(rows, interval_min):
        seen["net"] = rows["agents_net"].to_numpy()
        seen["interval"] = interval_min
        return np.minimum(1.0, rows["agents_net"].to_numpy() / 2)

    r = solve_schedule(frame, [template()], ScheduleSettings(shrinkage_unmodelled=0.25),
                       service_level_fn=fake_sl, in_process=True)
    assert seen["interval"] == 60 and seen["net"].max() == pytest.approx(1.5)  # 2 scheduled × (1 − 0.25)
    assert r.summary["service_level_mean"] == pytest.approx(0.75)
    assert "service_level" in r.coverage.columns


@pytest.mark.skipif(os.cpu_count() is None, reason="needs multiprocessing")
def test_solve_in_a_child_process_gives_the_same_answer():
    frame = requirement(needs={(0, "09:00", "17:00"): 2})
    r = solve_schedule(frame, [template()], ScheduleSettings(time_limit_s=30))
    assert r.summary["objective"] == pytest.approx(160.0)


def test_default_service_level_is_erlang_on_the_scheduled_agents():
    # published case: 100 calls in 30 min, AHT 180 s, 14 agents → SL(20 s) 0.8884
    starts = pd.date_range("2026-01-05", periods=48, freq="30min")
    need = np.where((starts.hour >= 9) & (starts.hour < 17), 14.0, 0.0)
    frame = pd.DataFrame({"start": starts, "agents_schedule": need, "contacts": np.where(need > 0, 100.0, 0.0),
                          "aht_s": 180.0})
    r = solve_schedule(frame, [template(step=30)], ScheduleSettings(), in_process=True)
    open_rows = r.coverage[r.coverage["required"] > 0]
    assert (open_rows["scheduled"] == 14).all()
    np.testing.assert_allclose(open_rows["service_level"], 0.8884, atol=5e-5)
    assert r.summary["service_level_mean"] == pytest.approx(0.8884, abs=5e-5)


def test_service_level_interpolates_fractional_net_agents():
    from wfm_desktop.core.scheduling.service_level import erlang_service_level

    frame = pd.DataFrame({"contacts": [100.0, 100.0, 100.0, 0.0], "aht_s": 180.0, "agents_net": [14, 13, 13.5, 3]})
    sl = erlang_service_level(frame, 30)
    assert sl[2] == pytest.approx((sl[0] + sl[1]) / 2)
    assert np.isnan(sl[3])


from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402


@hsettings(max_examples=12, deadline=None)
@given(
    needs=st.lists(st.integers(0, 4), min_size=24, max_size=24),
    step=st.sampled_from([30, 60]),
    lunch_early=st.sampled_from(["2:00", "2:30", "3:00"]),
    lunch_len=st.sampled_from([15, 30, 45]),
    late=st.sampled_from(["12:00", "20:00", "23:00"]),
)
def test_property_breaks_in_windows_and_coverage_sums(needs, step, lunch_early, lunch_len, late):
    starts = pd.date_range("2026-01-05", periods=48, freq="30min")
    frame = pd.DataFrame({"start": starts, "agents_schedule": np.repeat(needs, 2).astype(float)})
    t = template(early="06:00", late=late, step=step, paid=360,
                 breaks=f"b 15 paid 1:00-1:30; lunch {lunch_len} unpaid {lunch_early}-4:00")
    r = solve(frame, [t], time_limit_s=10, mip_rel_gap=0.05)
    merged = r.breaks.merge(r.shifts[["shift_id", "start"]], on="shift_id", suffixes=("", "_shift"))
    offset = (merged["start"] - merged["start_shift"]) / pd.Timedelta(minutes=1)
    for rule in t.breaks:
        mine = offset[merged["break"] == rule.name]
        assert len(mine) == len(r.shifts)
        assert ((mine >= rule.earliest_min) & (mine <= rule.latest_min)).all()
    minutes = pd.date_range("2026-01-05", periods=2 * 1440, freq="1min")
    on = np.zeros(len(minutes))
    for s in r.shifts.itertuples():
        on[(minutes >= s.start) & (minutes < s.end)] += 1
    for b in r.breaks.itertuples():
        on[(minutes >= b.start) & (minutes < b.end)] -= 1
    on = on[:1440] + on[1440:]  # the cyclic horizon: what runs past midnight of the last day covers the first day
    np.testing.assert_allclose(on.reshape(-1, 30).mean(axis=1), r.coverage["scheduled"].to_numpy(), atol=1e-12)
