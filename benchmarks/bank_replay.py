"""Replay 4 weeks of a real bank against the app's plan: promised vs achieved, 90% confidence, post-mortem.

    python benchmarks/bank_replay.py [--data DIR] [--aht-s 300] [--replications 5]

Data: ``bank_calls_2003_5min.csv`` (the fpp3 ``bank_calls`` set: 5-minute calls of a
North American bank, weekdays 07:00–21:00, March–October 2003), from ``--data``
(default: ``../shared/data/bank_calls_2003`` beside the repository). It has **no
handle times**: every call is assumed to take ``--aht-s`` on average (exponential),
so the AHT share of the post-mortem is 0 by construction.

1. History up to 2003-09-26 → the app's forecast (Auto, 80% interval) of the 4 weeks
   from Monday 2003-09-29, in 30-minute intervals.
2. Staffing 80/20 (Erlang C) on the point forecast, and to 90% confidence (every
   interval of a day staffed for the day's 90% volume quantile).
3. Each plan replayed against the real 5-minute arrivals (uniform within each
   5 minutes), no abandonment and with 180 s patience; P(day's SL ≥ 80%) from the
   forecast's interval; the post-mortem split of the point plan's miss.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from wfm_desktop.core.simulation.confidence import sl_probability, staff_to_confidence, volume_sigma  # noqa: E402
from wfm_desktop.core.simulation.model import SimulationSettings  # noqa: E402
from wfm_desktop.core.simulation.replay import post_mortem  # noqa: E402
from wfm_desktop.core.simulation.simulate import simulate_intervals  # noqa: E402
from wfm_desktop.core.staffing.erlang import evaluate, required_agents  # noqa: E402

FIRST_DAY = dt.date(2003, 9, 29)
DAYS = 28
TARGET, ANSWER_S, INTERVAL_MIN = 0.8, 20.0, 30
HOURS_PER_FTE_WEEK = 37.5


def plan_the_month(path: Path, aht_s: float):
    from wfm_desktop.core.forecast import run_forecast
    from wfm_desktop.core.forecast.settings import ForecastSettings
    from wfm_desktop.core.importers import import_history

    history = import_history(path, interval_min=INTERVAL_MIN).history
    forecast = run_forecast(history, ForecastSettings(start=FIRST_DAY, horizon_days=DAYS, level=0.8,
                                                      interval_min=INTERVAL_MIN))
    return history, forecast


def staff(frame: pd.DataFrame, aht_s: float) -> np.ndarray:
    workload = frame["contacts"].to_numpy(dtype=float) * aht_s / (INTERVAL_MIN * 60.0)
    agents = required_agents(workload, aht_s, sl=TARGET, answer_s=ANSWER_S)
    return np.where(frame["contacts"].to_numpy() > 0, agents, 0)


def promise(frame: pd.DataFrame, aht_s: float) -> np.ndarray:
    n = frame["agents_net"].to_numpy()
    workload = frame["contacts"].to_numpy(dtype=float) * aht_s / (INTERVAL_MIN * 60.0)
    sl = evaluate(np.maximum(n, 1), workload, aht_s, ANSWER_S, with_asa=False)["service_level"]
    return np.where(n > 0, sl, np.nan)


def daily_sl(result, frame) -> pd.Series:
    day = pd.to_datetime(frame["start"]).dt.normalize()
    return pd.Series({d: result.metrics(np.flatnonzero((day == d).to_numpy()))["sim_service_level"][0]
                      for d in sorted(day.unique())})


def weighted(values: pd.Series, weights: pd.Series) -> float:
    return float(np.sum(values * weights) / weights.sum())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "bank_calls_2003")
    parser.add_argument("--aht-s", type=float, default=300.0)
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--patience-s", type=float, default=180.0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    path = args.data / "bank_calls_2003_5min.csv"
    raw = pd.read_csv(path, parse_dates=["interval_start"])
    _, forecast = plan_the_month(path, args.aht_s)
    end = pd.Timestamp(FIRST_DAY) + pd.Timedelta(days=DAYS)
    actual = raw[(raw["interval_start"] >= pd.Timestamp(FIRST_DAY)) & (raw["interval_start"] < end)]
    actual = actual.rename(columns={"interval_start": "start", "calls": "contacts"}).assign(interval_min=5)
    open_days = set(actual["start"].dt.normalize())
    intraday = forecast.intraday[forecast.intraday["start"].dt.normalize().isin(open_days)].copy()
    queue = intraday["queue"].iloc[0]
    actual = actual.assign(queue=queue)
    plan = intraday[["queue", "start", "contacts"]].assign(aht_s=args.aht_s).reset_index(drop=True)
    plan["agents_net"] = staff(plan, args.aht_s)
    plan["service_level"] = promise(plan, args.aht_s)
    sigma = volume_sigma(forecast.daily, 0.8)
    plan90 = plan.assign(agents_net=staff_to_confidence(plan, sigma, 0.9, sl_target=TARGET, answer_s=ANSWER_S,
                                                        interval_min=INTERVAL_MIN))
    plan90["service_level"] = promise(plan90, args.aht_s)

    settings = SimulationSettings(replications=args.replications, seed=2003, answer_s=ANSWER_S)
    patient = SimulationSettings(replications=args.replications, seed=2003, answer_s=ANSWER_S,
                                 patience_s=args.patience_s)
    point = simulate_intervals(plan, settings, actuals=actual)
    conf = simulate_intervals(plan90, settings, actuals=actual)
    point_p = simulate_intervals(plan, patient, actuals=actual)
    conf_p = simulate_intervals(plan90, patient, actuals=actual)
    p_point = sl_probability(plan, sigma, sl_target=TARGET, answer_s=ANSWER_S).set_index("day")
    p_conf = sl_probability(plan90, sigma, sl_target=TARGET, answer_s=ANSWER_S).set_index("day")

    day = plan["start"].dt.normalize()
    table = pd.DataFrame({
        "forecast": plan.groupby(day)["contacts"].sum(),
        "actual": actual.groupby(actual["start"].dt.normalize())["contacts"].sum(),
        "promised": plan.assign(w=plan["contacts"] * plan["service_level"]).groupby(day)["w"].sum()
        / plan.groupby(day)["contacts"].sum(),
        "achieved": daily_sl(point, plan),
        "P(SL≥80%)": p_point["probability"],
        "promised_90": plan90.assign(w=plan90["contacts"] * plan90["service_level"]).groupby(day)["w"].sum()
        / plan90.groupby(day)["contacts"].sum(),
        "achieved_90": daily_sl(conf, plan90),
        "P90(SL≥80%)": p_conf["probability"],
    })
    sigma_days = sigma.set_index("day")["sigma_log"].reindex(table.index)
    lower = forecast.daily.set_index("date")["lower"].reindex(table.index)
    upper = forecast.daily.set_index("date")["upper"].reindex(table.index)
    inside = ((table["actual"] >= lower) & (table["actual"] <= upper)).mean()

    print(f"\nThe 2003 bank, {len(table)} open days from {FIRST_DAY}: AHT assumed {args.aht_s:g} s (the data has none); "
          f"80/20 Erlang C staffing; replay against the real 5-minute arrivals, {args.replications} replications\n")
    print("| day | forecast | actual | promised | achieved | P(SL≥80%) | 90%: promised | achieved | P(SL≥80%) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for d, r in table.iterrows():
        print(f"| {d:%a %Y-%m-%d} | {r['forecast']:,.0f} | {r['actual']:,.0f} | {r['promised']:.1%} | "
              f"{r['achieved']:.1%} | {r['P(SL≥80%)']:.0%} | {r['promised_90']:.1%} | {r['achieved_90']:.1%} | "
              f"{r['P90(SL≥80%)']:.0%} |")
    w = table["actual"]
    print(f"| **all** | {table['forecast'].sum():,.0f} | {table['actual'].sum():,.0f} | "
          f"{weighted(table['promised'], table['forecast']):.1%} | {point.metrics()['sim_service_level'][0]:.1%} | "
          f"mean {table['P(SL≥80%)'].mean():.0%} | {weighted(table['promised_90'], table['forecast']):.1%} | "
          f"{conf.metrics()['sim_service_level'][0]:.1%} | mean {table['P90(SL≥80%)'].mean():.0%} |")
    under = int((table["achieved"] < TARGET).sum())
    under90 = int((table["achieved_90"] < TARGET).sum())
    print(f"\ndays under 80%: point forecast {under} of {len(table)}, 90% confidence {under90} of {len(table)}")
    print(f"with {args.patience_s:g} s patience: point forecast {point_p.metrics()['sim_service_level'][0]:.1%} "
          f"(abandoned {point_p.metrics()['sim_abandon_rate'][0]:.1%}), 90% confidence "
          f"{conf_p.metrics()['sim_service_level'][0]:.1%} (abandoned {conf_p.metrics()['sim_abandon_rate'][0]:.1%})")
    extra_h = float((plan90["agents_net"] - plan["agents_net"]).sum()) * INTERVAL_MIN / 60.0
    base_h = float(plan["agents_net"].sum()) * INTERVAL_MIN / 60.0
    weeks = DAYS / 7.0
    print(f"cost of 90% confidence: {extra_h:,.0f} net agent-hours over the 4 weeks (+{extra_h / base_h:.1%}), "
          f"{extra_h / weeks / HOURS_PER_FTE_WEEK:.1f} net FTE at {HOURS_PER_FTE_WEEK:g} h a week "
          f"(point plan: {base_h / weeks / HOURS_PER_FTE_WEEK:.1f} FTE)")
    print(f"forecast volume error: {table['actual'].sum() / table['forecast'].sum() - 1:+.1%}; days inside the "
          f"forecast's 80% interval: {inside:.0%}; σ(log volume) from that interval: mean {sigma_days.mean():.3f}")

    def restaff(frame):
        return staff(frame, args.aht_s)

    pm = post_mortem(plan, actual, settings, restaff=restaff)
    p = pm.period
    print("\nPost-mortem of the point-forecast plan (waterfall, contact-weighted service level):\n")
    print("| step | service level | change |\n|---|---:|---:|")
    print(f"| promised (Erlang C on the forecast) | {p['promised']:.1%} | |")
    for label, key, effect in (("plan simulated on its own forecast", "plan_simulated", "staffing"),
                               ("… with the actual daily volume", "with_actual_volume", "volume"),
                               ("… with the actual intraday shape (real arrivals)", "with_actual_shape", "shape"),
                               ("… with the actual AHT (= achieved)", "achieved", "aht")):
        print(f"| {label} | {p[key]:.1%} | {p[effect] * 100:+.1f} pts ({effect}) |")
    print(f"| perfect forecast: 80/20 staffing on the actual volume, replayed | {p['perfect']:.1%} | |")
    print(f"\n{pm.sentence(TARGET)}")
    for note in pm.notes:
        print(f"note: {note}")
    print(f"\nran in {time.perf_counter() - started:.0f} s; load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
