"""Patience from history (issue 17, item 6): a simulated history with a known patience is recovered."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.simulation import kernel
from wfm_desktop.core.simulation.model import SimulationSettings
from wfm_desktop.core.simulation.patience import estimate_patience
from wfm_desktop.core.simulation.simulate import simulate_intervals

TRUE_PATIENCE_S = 150.0


@pytest.fixture(scope="module")
def history():
    """Three weeks of 30-minute intervals, 08:00-20:00, staffed a little short; one replication = the history."""
    start = pd.date_range("2024-01-01 08:00", periods=24, freq="30min")
    days = [start + pd.Timedelta(days=d) for d in range(21)]
    shape = 60 + 50 * np.sin(np.linspace(0, np.pi, 24))
    frame = pd.DataFrame({"start": np.concatenate(days), "contacts": np.tile(shape, 21), "aht_s": 240.0})
    frame["agents_net"] = np.floor(frame["contacts"] * 240 / 1800 * 0.95).astype(int) + 1
    result = simulate_intervals(frame, SimulationSettings(replications=1, seed=11, patience_s=TRUE_PATIENCE_S))
    c = result.counts[0]
    handled = c[kernel.ANSWERED]
    return frame.assign(interval_min=30, offered=c[kernel.OFFERED], handled=handled, abandoned=c[kernel.ABANDONED],
                        asa_s=np.where(handled > 0, c[kernel.WAIT_SUM] / np.maximum(handled, 1), 0.0),
                        abandon_wait_s=c[kernel.ABANDON_WAIT_SUM] / np.maximum(c[kernel.ABANDONED], 1))


def test_from_waiting_times(history):
    est = estimate_patience(history.drop(columns=["agents_net"]))
    assert est.method.startswith("waiting times")
    assert est.low_s <= TRUE_PATIENCE_S <= est.high_s
    assert est.high_s - est.low_s < 0.3 * TRUE_PATIENCE_S
    assert "mean patience" in est.text()


def test_from_counts_and_agents_by_simulation(history):
    counts = history.drop(columns=["asa_s", "abandon_wait_s"])
    est = estimate_patience(counts)
    assert est.method.startswith("simulation fit")
    assert est.low_s <= TRUE_PATIENCE_S <= est.high_s
    assert est.intervals == len(history)
    # Erlang A alone (steady state in every interval) overstates it here: days start empty
    rough = estimate_patience(counts, simulate=False)
    assert rough.method.startswith("Erlang A fit") and rough.patience_s > est.patience_s


def test_counts_alone_are_refused_with_the_reason(history):
    with pytest.raises(WfmError, match="cannot tell impatient callers from too few agents"):
        estimate_patience(history[["start", "offered", "handled", "abandoned", "aht_s"]])
    with pytest.raises(WfmError, match="no abandons"):
        estimate_patience(history.assign(abandoned=0.0))
