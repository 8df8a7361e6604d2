"""Simulator speed: a month of 30-minute intervals for the sample centre, 10 replications, against SimPy.

    python benchmarks/simulate_speed.py [--runs 5] [--simpy-days 1] [--skip-cold]

The model: the bundled sample's November 2025 (3 queues: two voice queues and a
chat queue at 2 chats per agent; about 127,000 contacts) rolled up to 30-minute
intervals, staffed to 80/20 by ``staff_table``; Poisson arrivals, exponential
service, Erlang C callers (no abandonment).

Figures (medians; runs of the two engines alternate; the load average is printed
because the machine is shared):

* **warm** — ``simulate_intervals`` on the month, 10 replications, compiled
  (the chat queue without slowdown runs as slots on the heap path);
* **cold** — a fresh Python process: import, numba compilation and the run, with
  an empty numba cache (the first run ever, and every run of the frozen app,
  which cannot cache) and with the on-disk cache filled;
* **SimPy** — the same model written the usual SimPy way (an agent process per
  agent or chat slot taking customers from a FIFO Store inside its on-duty
  windows; a customer process per contact) on the first ``--simpy-days`` days,
  1 replication, extrapolated to the month × 10 replications by contacts;
  its service level beside ours on the same days checks that it is the same model;
* **pure Python** — the same event loop run by the interpreter (no numba) on one
  day, extrapolated likewise: why the loop is compiled.

Goals (issue 17): ≤ 3 s warm, ≤ 15 s cold, ≥ 50× faster than SimPy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from wfm_desktop.core.simulation import kernel  # noqa: E402
from wfm_desktop.core.simulation.agents import duty_from_agents  # noqa: E402
from wfm_desktop.core.simulation.arrivals import draw_contacts  # noqa: E402
from wfm_desktop.core.simulation.model import SimulationSettings, queue_inputs  # noqa: E402
from wfm_desktop.core.simulation.simulate import simulate_intervals  # noqa: E402

MONTH = ("2025-11-01", "2025-12-01")


def sample_month() -> pd.DataFrame:
    """The sample centre's month as a 30-minute requirement (the staff command's output shape)."""
    from wfm_desktop.core.history.sample import sample_history_path
    from wfm_desktop.core.staffing.intervals import staff_table

    history = pd.read_csv(sample_history_path(), parse_dates=["start"])
    month = history[(history["start"] >= MONTH[0]) & (history["start"] < MONTH[1])].copy()
    month["slot"] = month["start"].dt.floor("30min")
    month["work"] = month["offered"] * month["aht_s"]
    rolled = month.groupby(["queue", "slot"], as_index=False)[["offered", "work"]].sum()
    rolled = rolled.rename(columns={"slot": "start", "offered": "contacts"})
    rolled["aht_s"] = np.where(rolled["contacts"] > 0, rolled["work"] / rolled["contacts"].clip(lower=1), 300.0)
    rolled["concurrency"] = np.where(rolled["queue"] == "Chat", 2, 1)
    rolled["interval_min"] = 30
    return staff_table(rolled.drop(columns=["work"]))[0]


def simpy_run(frame: pd.DataFrame, days: int, seed: int = 1) -> tuple[float, int, float]:
    """Seconds, contacts and service level of the SimPy model on the first ``days`` days, 1 replication."""
    import simpy

    first = pd.to_datetime(frame["start"]).min().normalize()
    part = frame[pd.to_datetime(frame["start"]) < first + pd.Timedelta(days=days)]
    queues = queue_inputs(part, SimulationSettings())
    started = time.perf_counter()
    answered_in_t = offered = 0
    for q in queues:
        rng = np.random.default_rng([seed, 0, q.key])
        arrival, cell, service, patience = draw_contacts(q, rng, None)
        duty = duty_from_agents(q.agents, q.cell_s)
        env = simpy.Environment()
        waiting = simpy.Store(env)
        stats = {"in_t": 0}

        def customer(env, t, x, limit):
            yield env.timeout(t - env.now)
            served = env.event()
            yield waiting.put((env.now, x, served, limit))

        def agent(env, windows):
            for w0, w1 in windows:
                if env.now < w0:
                    yield env.timeout(w0 - env.now)
                while env.now < w1:
                    get = waiting.get()
                    result = yield get | env.timeout(w1 - env.now)
                    if get not in result:
                        get.cancel()
                        break
                    arrived, x, served, limit = result[get]
                    if env.now - arrived <= limit:
                        stats["in_t"] += 1
                    yield env.timeout(x)

        for n in range(arrival.size):
            env.process(customer(env, arrival[n], service[n], q.answer_s[cell[n]]))
        for a in range(duty.agents):
            windows = list(zip(duty.start[duty.first[a]:duty.first[a + 1]], duty.end[duty.first[a]:duty.first[a + 1]]))
            for _ in range(q.slots):
                env.process(agent(env, windows))
        env.run()
        answered_in_t += stats["in_t"]
        offered += arrival.size
    return time.perf_counter() - started, offered, answered_in_t / max(offered, 1)


def pure_python_day(frame: pd.DataFrame) -> tuple[float, int]:
    import importlib.util

    # a fresh, never-compiled copy of the kernel module (the imported one holds compiled helpers)
    spec = importlib.util.spec_from_file_location("kernel_interpreted", kernel.__file__)
    interpreted = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(interpreted)
    first = pd.to_datetime(frame["start"]).min().normalize()
    part = frame[pd.to_datetime(frame["start"]) < first + pd.Timedelta(days=1)]
    started, contacts = time.perf_counter(), 0
    for q in queue_inputs(part, SimulationSettings()):
        rng = np.random.default_rng([1, 0, q.key])
        arrival, cell, service, patience = draw_contacts(q, rng, None)
        duty = duty_from_agents(q.agents, q.cell_s)
        out = np.zeros((kernel.N_ROWS, q.cells))
        servers = duty.slots(q.slots)
        interpreted.run_single(arrival, service, patience, cell, q.answer_s, q.response_s, servers.start,
                               servers.end, servers.first, q.cell_s, out)
        contacts += arrival.size
    return time.perf_counter() - started, contacts


COLD = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {repo!r})
import pandas as pd
from wfm_desktop.core.simulation.simulate import simulate_intervals
from wfm_desktop.core.simulation.model import SimulationSettings
frame = pd.read_pickle({path!r})
t1 = time.perf_counter()
simulate_intervals(frame, SimulationSettings(replications=10, seed=1))
print(time.perf_counter() - t0, time.perf_counter() - t1)
"""


def cold_run(frame_path: str, cache_dir: str) -> tuple[float, float]:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", COLD.format(repo=str(REPO), path=frame_path)], env=env,
                         capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    return wall, float(out.stdout.split()[1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--simpy-days", type=int, default=1)
    parser.add_argument("--skip-cold", action="store_true")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    frame = sample_month()
    settings = SimulationSettings(replications=10, seed=1)
    print(f"model: {len(frame)} intervals, {frame['queue'].nunique()} queues, {frame['contacts'].sum():,.0f} contacts "
          f"forecast, peak {frame.groupby('start')['agents_net'].sum().max():.0f} agents; 10 replications")

    if not args.skip_cold:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "month.pkl")
            frame.to_pickle(path)
            empty = [cold_run(path, os.path.join(tmp, f"empty{i}")) for i in range(3)]
            cached = [cold_run(path, os.path.join(tmp, "cache")) for i in range(4)][1:]
        print(f"cold, fresh process, empty numba cache (first run; frozen app): median "
              f"{statistics.median(w for w, _ in empty):.2f} s wall (of which compile+run "
              f"{statistics.median(c for _, c in empty):.2f} s)")
        print(f"cold, fresh process, numba cache filled: median {statistics.median(w for w, _ in cached):.2f} s wall "
              f"(compile/load+run {statistics.median(c for _, c in cached):.2f} s)")

    result = simulate_intervals(frame, settings)  # compile
    warm, simpy_rates, simpy_sl = [], [], None
    contacts_month = float(result.counts[:, kernel.OFFERED, :].sum())
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = simulate_intervals(frame, settings)
        warm.append(time.perf_counter() - t0)
        if len(simpy_rates) < 2:
            seconds, contacts, simpy_sl = simpy_run(frame, args.simpy_days)
            simpy_rates.append(seconds / contacts)
    warm_s = statistics.median(warm)
    simpy_s = statistics.median(simpy_rates) * contacts_month
    python_s, python_n = pure_python_day(frame)
    python_month = python_s / python_n * contacts_month
    first = pd.to_datetime(frame["start"]).min().normalize()
    days = (result.start < first + pd.Timedelta(days=args.simpy_days)).to_numpy()
    ours_days = result.metrics(np.flatnonzero(days))["sim_service_level"]
    print(f"warm: median {warm_s:.2f} s for {contacts_month:,.0f} simulated contacts "
          f"({contacts_month / warm_s / 1e6:.2f} M contacts/s); runs {', '.join(f'{w:.2f}' for w in warm)}")
    print(f"SimPy {simpy_rates and __import__('simpy').__version__}: {args.simpy_days} day(s), 1 replication, "
          f"{statistics.median(simpy_rates) * 1e6:.1f} µs/contact → month × 10 ≈ {simpy_s:.0f} s; "
          f"speed-up {simpy_s / warm_s:.0f}×")
    print(f"same model check, first {args.simpy_days} day(s): SL SimPy (1 replication) {simpy_sl:.3f}, ours "
          f"{ours_days[0]:.3f} [{ours_days[1]:.3f}, {ours_days[2]:.3f}] (10 replications)")
    print(f"pure Python (the same loop run by the interpreter): {python_s / python_n * 1e6:.1f} µs/contact → "
          f"month × 10 ≈ {python_month:.0f} s ({python_month / warm_s:.0f}× the compiled loop)")
    overall = result.metrics()
    print(f"month, all queues: SL {overall['sim_service_level'][0]:.3f}, ASA {overall['sim_asa_s'][0]:.1f} s, "
          f"occupancy {overall['sim_occupancy'][0]:.3f}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
