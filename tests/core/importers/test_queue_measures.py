"""Waiting times and agents staffed in an ACD export: recognised, imported, rolled up, and the callers'
patience recovered from them (issue 17, item 6)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.history.granularity import regrid
from wfm_desktop.core.history.table import History
from wfm_desktop.core.importers import import_history, read_history_csv, write_history_csv
from wfm_desktop.core.importers.columns import role_of
from wfm_desktop.core.simulation import kernel
from wfm_desktop.core.simulation.model import SimulationSettings
from wfm_desktop.core.simulation.patience import queue_patience
from wfm_desktop.core.simulation.simulate import simulate_intervals

TRUE_PATIENCE_S = 150.0

# The four measures as each language's ACD reports head them.
HEADERS = {
    "en": ("ASA (s)", "Avg Abandon Time", "Total Wait Time", "Agents Staffed"),
    "de": ("Wartezeit angenommen", "Wartezeit vor Abbruch", "Gesamtwartezeit", "Angemeldete Agenten"),
    "fr": ("Temps moyen de réponse", "Temps moyen avant abandon", "Temps d'attente total", "Agents connectés"),
    "es": ("Velocidad media de respuesta", "Tiempo medio de abandono", "Tiempo total de espera",
           "Agentes conectados"),
    "nl": ("Gemiddelde antwoordsnelheid", "Gemiddelde tijd tot ophangen", "Totale wachttijd", "Ingelogde agenten"),
    "pt": ("Tempo médio de resposta", "Tempo médio de abandono", "Tempo total de espera", "Agentes logados"),
    "it": ("Tempo medio di risposta", "Tempo medio di abbandono", "Tempo totale di attesa", "Agenti connessi"),
}


@pytest.mark.parametrize("language", sorted(HEADERS))
def test_the_measures_are_recognised_in_each_language(language):
    assert [role_of(h) for h in HEADERS[language]] == ["asa", "abandon_wait", "wait_total", "agents"]


@pytest.mark.parametrize("header", ["Agents required", "Calls per agent", "ASA target", "Longest wait", "Abandon rate",
                                    "Service level", "Forecast agents", "ASA %", "Tempo médio de espera"])
def test_lookalikes_are_not_measures(header):
    assert role_of(header) is None


@pytest.fixture(scope="module")
def simulated():
    return simulated_history()


def simulated_history() -> pd.DataFrame:
    """Two weeks of 15-minute intervals, 08:00-20:00, staffed a little short; one replication is the history."""
    start = pd.date_range("2024-03-04 08:00", periods=48, freq="15min")
    days = np.concatenate([start + pd.Timedelta(days=d) for d in range(14)])
    shape = 30 + 25 * np.sin(np.linspace(0, np.pi, 48))
    frame = pd.DataFrame({"start": days, "contacts": np.tile(shape, 14), "aht_s": 240.0})
    frame["agents_net"] = np.floor(frame["contacts"] * 240 / 900 * 0.95).astype(int) + 1
    result = simulate_intervals(frame, SimulationSettings(replications=1, seed=5, patience_s=TRUE_PATIENCE_S))
    c = result.counts[0]
    handled, abandoned = c[kernel.ANSWERED], c[kernel.ABANDONED]
    return frame.assign(offered=c[kernel.OFFERED], handled=handled, abandoned=abandoned,
                        asa_s=np.where(handled > 0, c[kernel.WAIT_SUM] / np.maximum(handled, 1), 0.0),
                        abandon_wait_s=np.where(abandoned > 0, c[kernel.ABANDON_WAIT_SUM] / np.maximum(abandoned, 1),
                                                0.0))


def _acd_export(sim: pd.DataFrame, path) -> None:
    """The simulated history as an ACD interval report: mm:ss waiting times, whole agents."""
    def mmss(seconds):
        return [f"{int(s // 60)}:{s % 60:04.1f}" for s in np.round(seconds, 1)]

    pd.DataFrame({
        "Interval Start": sim["start"].dt.strftime("%d/%m/%Y %H:%M"), "Skill": "Support",
        "Calls Offered": sim["offered"].astype(int), "ACD Calls": sim["handled"].astype(int),
        "Abandoned Calls": sim["abandoned"].astype(int), "AHT (s)": 240,
        "Avg Speed of Answer": mmss(sim["asa_s"]), "Avg Time to Abandon (sec)": np.round(sim["abandon_wait_s"], 1),
        "Agents Staffed": sim["agents_net"], "Service Level %": 80,
    }).to_csv(path, index=False)


def test_an_acd_export_imports_its_waits_and_agents_and_gives_the_patience_it_was_made_with(simulated, tmp_path):
    path = tmp_path / "acd interval report.csv"
    _acd_export(simulated, path)
    result = import_history(path, interval_min=30)  # 15-minute report, planned on 30 minutes
    history = result.history
    assert history.interval_min == 30
    frame = history.frame
    assert {"asa_s", "abandon_wait_s", "agents"} <= set(frame.columns) and "wait_s_total" not in frame.columns
    # the roll-up keeps every second of waiting (ASA × answered and abandon wait × abandoned add up)
    waited = float((simulated["handled"] * np.round(simulated["asa_s"], 1)).sum()
                   + (simulated["abandoned"] * np.round(simulated["abandon_wait_s"], 1)).sum())
    rolled = float((frame["handled"] * frame["asa_s"]).sum() + (frame["abandoned"] * frame["abandon_wait_s"]).sum())
    assert rolled == pytest.approx(waited, rel=1e-9)
    # agents averaged over time: each 30-minute interval is the mean of its two quarters
    quarters = simulated["agents_net"].to_numpy(dtype=float).reshape(-1, 2).mean(axis=1)
    np.testing.assert_allclose(frame["agents"].to_numpy(), quarters)
    est = queue_patience(history, "Support", simulate=False)
    assert est.method.startswith("waiting times")
    assert est.low_s <= TRUE_PATIENCE_S <= est.high_s
    assert est.abandoned == simulated["abandoned"].sum()
    assert est.summary().startswith(f"{est.patience_s:.0f} s (95% ") and "from waiting times" in est.summary()
    # the canonical CSV (what `import` writes and plans keep) carries the measures
    write_history_csv(history, tmp_path / "canonical.csv")
    again = read_history_csv(tmp_path / "canonical.csv")
    pd.testing.assert_frame_equal(again.frame[frame.columns], frame, check_exact=False, rtol=1e-11)


def test_without_waiting_times_or_agents_the_reason_is_given(simulated):
    counts = History(simulated[["start", "offered", "handled", "abandoned", "aht_s"]].assign(queue="Q"), 15)
    with pytest.raises(Exception, match="cannot tell impatient callers from too few agents"):
        queue_patience(counts, "Q")
    no_abandons = History(simulated[["start", "offered", "aht_s"]].assign(queue="Q"), 15)
    with pytest.raises(Exception, match="no abandoned counts"):
        queue_patience(no_abandons, "Q")


def _frame(rows):
    frame = pd.DataFrame(rows, columns=["start", "offered", "handled", "abandoned", "asa_s", "abandon_wait_s",
                                        "wait_s_total", "agents"])
    return frame.assign(queue="Q", start=pd.to_datetime(frame["start"]), aht_s=np.nan)


def test_rolling_up_weights_each_measure_as_worked_out_by_hand():
    frame = _frame([
        ("2024-01-01 08:00", 11, 10, 1, 20.0, 60.0, 500.0, 10),
        ("2024-01-01 08:15", 33, 30, 3, 40.0, 100.0, 700.0, 14),
        ("2024-01-01 09:00", 5, 5, 0, 8.0, np.nan, 40.0, 10),   # 09:15 is not in the file: nobody staffed
    ])
    out, exact = regrid(frame, 15, 30)
    assert exact
    first, second = out.iloc[0], out.iloc[1]
    assert first["asa_s"] == pytest.approx((10 * 20 + 30 * 40) / 40)          # 35 s, by the answered
    assert first["abandon_wait_s"] == pytest.approx((1 * 60 + 3 * 100) / 4)   # 90 s, by the abandoned
    assert first["wait_s_total"] == 1200 and first["agents"] == pytest.approx(12)  # (10 + 14) / 2
    assert second["asa_s"] == 8.0 and np.isnan(second["abandon_wait_s"]) and second["agents"] == pytest.approx(5)


def test_splitting_ten_minute_intervals_into_quarters_averages_agents_over_the_time_they_cover():
    frame = _frame([
        ("2024-01-01 08:00", 6, 6, 0, 10.0, np.nan, 60.0, 6),
        ("2024-01-01 08:10", 12, 10, 2, 30.0, 45.0, 390.0, 12),
        ("2024-01-01 08:20", 9, 9, 0, 20.0, np.nan, 180.0, 9),
    ])
    out, exact = regrid(frame, 10, 15)
    assert not exact
    np.testing.assert_allclose(out["agents"], [(10 * 6 + 5 * 12) / 15, (5 * 12 + 10 * 9) / 15])  # 8 and 10
    # 08:00 holds all of 08:00-08:10 and half of 08:10-08:20: answered 6 and 5, at 10 s and 30 s
    assert out["asa_s"].iloc[0] == pytest.approx((6 * 10 + 5 * 30) / 11)
    assert out["abandon_wait_s"].iloc[0] == pytest.approx(45.0)
    assert out["wait_s_total"].sum() == pytest.approx(630.0)
