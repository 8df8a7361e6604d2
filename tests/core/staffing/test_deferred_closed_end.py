"""Deferred work in a table that ends in closed hours (issue 17, item 5): the backlog carries over."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.simulation.model import SimulationSettings
from wfm_desktop.core.simulation.simulate import simulate_intervals
from wfm_desktop.core.staffing.deferred import spread_deferred


def test_a_table_ending_in_closed_hours_is_accepted_and_its_backlog_flagged():
    # open 08:00-12:00 in hours, then 8 closed hours to the end of the table; 2-hour target
    start = np.arange(12) * 60.0
    open_mask = [True] * 4 + [False] * 8
    work = np.full(12, 1.0)
    r = spread_deferred(start, work, 60, 2, open_mask=open_mask)
    # rows 4-10: their 2-hour windows are closed and inside the table → carried past the end, late;
    # row 11's window runs past the end, where the hours count as open (as before)
    assert r.within_target.tolist() == [True] * 4 + [False] * 7 + [True]
    assert r.capacity_erlangs[4:].tolist() == [0.0] * 8
    # the open hours do exactly their own work (row 3's window holds one open row: itself), none of the night's
    assert r.capacity_erlangs[:4].sum() == pytest.approx(4.0)


def test_the_simulator_reports_the_share_answered_within_the_target():
    # the same day in 30-minute rows, with more email: agents from the fluid model, then FIFO simulation
    start = pd.date_range("2024-01-01 08:00", periods=24, freq="30min")
    is_open = np.arange(24) < 8
    contacts = np.full(24, 12.0)
    minutes = np.arange(24) * 30.0
    spread = spread_deferred(minutes, contacts * 600 / 1800, 30, 2, open_mask=is_open)
    frame = pd.DataFrame({"start": start, "contacts": contacts, "aht_s": 600.0, "agents_net": spread.agents_net,
                          "response_h": 2.0, "open": is_open})
    result = simulate_intervals(frame, SimulationSettings(replications=6, seed=2))
    out = result.intervals()
    inside = out["sim_service_level"].to_numpy()
    # items arriving in the open hours are mostly answered within 2 hours
    assert inside[:6].mean() > 0.8
    # the evening's email waits for the next opening, which is not in the table: all late, never abandoned
    assert inside[12:].max() == 0.0
    assert out["sim_latest_response_h"].iloc[:6].max() < 4.0
    assert not spread.within_target[10:20].any()
