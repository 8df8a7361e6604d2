"""Replay post-mortem and service level as a probability (issue 17, items 3-4: core functions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.simulation.confidence import sl_probability, staff_to_confidence, volume_sigma
from wfm_desktop.core.simulation.model import SimulationSettings
from wfm_desktop.core.simulation.replay import post_mortem
from wfm_desktop.core.staffing.erlang import evaluate, required_agents

AHT = 240.0


def plan_for(days=2, scale=1.0):
    start = np.concatenate([pd.date_range(f"2024-01-0{d + 1} 08:00", periods=12, freq="30min") for d in range(days)])
    contacts = np.tile(np.linspace(60, 120, 12), days) * scale
    frame = pd.DataFrame({"queue": "Q", "start": start, "contacts": contacts, "aht_s": AHT})
    workload = contacts * AHT / 1800
    frame["agents_net"] = required_agents(workload, AHT, sl=0.8, answer_s=20)
    frame["service_level"] = evaluate(frame["agents_net"].to_numpy(), workload, AHT, 20.0)["service_level"]
    return frame


def actuals_from(plan, factor, shape_shift=0):
    """5-minute actual counts: the plan's volume × factor, optionally shifted by whole half-hours."""
    rows = []
    rng = np.random.default_rng(5)
    for day, part in plan.groupby(plan["start"].dt.normalize()):
        c = np.roll(part["contacts"].to_numpy(), shape_shift) * factor
        for s, v in zip(part["start"], c):
            rows += [{"queue": "Q", "start": s + pd.Timedelta(minutes=5 * k), "calls": n}
                     for k, n in enumerate(rng.multinomial(int(round(v)), [1 / 6] * 6))]
    return pd.DataFrame(rows)


def test_the_waterfall_adds_up_and_names_the_cause():
    plan = plan_for()
    settings = SimulationSettings(replications=4, seed=1)
    pm = post_mortem(plan, actuals_from(plan, 1.15), settings,
                     restaff=lambda f: required_agents(f["contacts"].to_numpy() * AHT / 1800, AHT, sl=0.8, answer_s=20))
    for row in [*pm.days.to_dict("records"), pm.period]:
        total = row["promised"] + row["staffing"] + row["volume"] + row["shape"] + row["aht"]
        assert total == pytest.approx(row["achieved"], abs=1e-12)
    p = pm.period
    assert p["volume"] < -0.1  # 15% more calls than planned: the volume is the miss
    assert abs(p["shape"]) < abs(p["volume"]) / 3 and p["aht"] == 0.0
    assert p["perfect"] > p["achieved"] + 0.1
    assert "came from the daily volume" in pm.sentence(0.8) and pm.notes  # no AHT in the actuals: said
    assert len(pm.days) == 2 and pm.days["actual_contacts"].sum() == pytest.approx(p["actual_contacts"])


def test_a_wrong_intraday_shape_shows_as_shape_not_volume():
    plan = plan_for(days=1)
    pm = post_mortem(plan, actuals_from(plan, 1.0, shape_shift=4), SimulationSettings(replications=4, seed=1))
    assert abs(pm.period["volume"]) < 0.03 and pm.period["shape"] < -0.05


def test_actual_handle_times_take_the_aht_share():
    plan = plan_for(days=1)
    actuals = actuals_from(plan, 1.0).assign(aht_s=AHT * 1.2)
    pm = post_mortem(plan, actuals, SimulationSettings(replications=4, seed=1))
    assert pm.period["aht"] < -0.1 and not pm.notes


def test_volume_sigma_from_the_prediction_interval():
    daily = pd.DataFrame({"queue": "Q", "date": ["2024-01-01", "2024-01-02"], "contacts": [1000.0, 1000.0],
                          "lower": [800.0, 0.0], "upper": [1250.0, 1250.0]})
    sigma = volume_sigma(daily, 0.8)["sigma_log"].to_numpy()
    assert sigma[0] == pytest.approx(np.log(1250 / 800) / (2 * 1.2815515655446004))
    assert sigma[1] == pytest.approx(np.log(1.25) / 1.2815515655446004)  # upper side only


def test_probability_of_meeting_the_target_and_staffing_to_confidence():
    plan = plan_for(days=2)
    daily = pd.DataFrame({"queue": "Q", "date": ["2024-01-01", "2024-01-02"],
                          "contacts": [1080.0, 1080.0], "lower": [0.0, 0.0], "upper": [1080 * 1.1, 1080.0]})
    sigma = volume_sigma(daily, 0.8)
    p = sl_probability(plan, sigma)
    # day 1 uncertain: staffed on the point forecast, a little better than even; day 2 certain: met for sure
    assert 0.5 < p["probability"].iloc[0] < 0.8 and p["probability"].iloc[1] == 1.0
    assert (p["sl_at_forecast"] >= 0.8).all() and (p["volume_at_target"] > 1).all()
    agents90 = staff_to_confidence(plan, sigma, 0.9)
    day1 = plan["start"].dt.day.to_numpy() == 1
    assert (agents90[day1] >= plan["agents_net"].to_numpy()[day1]).all() and agents90[day1].sum() > \
        plan["agents_net"].to_numpy()[day1].sum()
    assert (agents90[~day1] == plan["agents_net"].to_numpy()[~day1]).all()
    p90 = sl_probability(plan.assign(agents_net=agents90), sigma)
    assert p90["probability"].iloc[0] >= 0.9
    weekly = sl_probability(plan, sigma, by="week")
    assert len(weekly) == 1 and 0.5 < weekly["probability"].iloc[0] < 1.0
