"""Interval requirements for a whole horizon: forecast intervals in, agents out.

:func:`interval_requirements` takes the intraday forecast (``queue, start,
contacts, aht_s``) and each queue's :class:`~.settings.QueueSettings`, and
returns one row per queue and interval with the columns of
:data:`wfm_desktop.core.export.data.INTRADAY_COLUMNS` (plus ``abandon_rate``
when a queue uses Erlang A, and ``open``):

* voice and chat: net agents from :func:`wfm_desktop.core.staffing.erlang.required_agents`
  (Erlang C, or Erlang A with patience) on the effective handle time
  (AHT ÷ concurrency for chat), raised to the minimum staff in open intervals;
  SL, ASA, occupancy (and abandonment) are evaluated at that net;
* deferred work: :func:`wfm_desktop.core.staffing.deferred.spread_deferred` (the workload spread over the
  open intervals within the response target), raised to the minimum staff;
* closed intervals (outside the opening hours) get no agents; contacts
  forecast there are reported in the notes, not silently staffed;
* gross for scheduling (``agents_schedule``, whole agents to schedule:
  :func:`wfm_desktop.core.staffing.shrinkage.gross_agents` on the shrinkage the
  schedule does not model, rounded up) and gross for FTE and budget
  (``agents_gross``, paid agents: net ÷ (1 − total shrinkage), *unrounded* —
  FTE is hours, whole agents are for schedules and seats; see
  :mod:`wfm_desktop.core.conventions`), using the shrinkage table of the
  interval's month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm_desktop.core.staffing.deferred import spread_deferred
from wfm_desktop.core.staffing.erlang import evaluate, required_agents
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.staffing.queue_settings import PlanSettings, QueueSettings
from wfm_desktop.core.progress import CancelFn, ProgressFn, check_cancel, report
from wfm_desktop.core.staffing.shrinkage import gross_agents, gross_agents_unrounded

COLUMNS = ["queue", "start", "contacts", "aht_s", "workload_erlangs", "agents_net", "agents_schedule",
           "agents_gross", "service_level", "asa_s", "occupancy", "abandon_rate", "open"]


def interval_requirements(
    intraday: pd.DataFrame,
    settings: PlanSettings,
    interval_min: int,
    *,
    progress: ProgressFn = None,
    cancel: CancelFn = None,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Requirements per queue and interval, and plain-language notes. Mutates nothing."""
    missing = [c for c in ("queue", "start", "contacts", "aht_s") if c not in intraday.columns]
    if missing:
        raise WfmError(f"intraday forecast: missing column(s) {', '.join(missing)}")
    if intraday.empty:
        raise WfmError("intraday forecast: no intervals to staff (is the history daily totals only? "
                       "an intraday plan needs interval history)")
    queues = sorted(intraday["queue"].astype(str).unique().tolist())
    parts, notes = [], []
    for number, queue in enumerate(queues):
        check_cancel(cancel)
        report(progress, number / len(queues), f"Staffing {queue}")
        rows = intraday[intraday["queue"].astype(str) == queue].sort_values("start")
        part, note = _queue_requirements(queue, rows, settings.for_queue(queue), interval_min)
        parts.append(part)
        notes.extend(note)
    report(progress, 1.0, "Staffing done")
    out = pd.concat(parts, ignore_index=True)
    if out["abandon_rate"].isna().all():
        out = out.drop(columns=["abandon_rate"])
    return out, tuple(notes)


def _fill_aht(queue: str, contacts: np.ndarray, aht: np.ndarray) -> np.ndarray:
    """AHT where the forecast has none: the queue's contact-weighted average (contacts there are rare)."""
    known = ~np.isnan(aht) & (aht > 0)
    if known.all():
        return aht
    weights = contacts[known]
    if not known.any():
        if (contacts > 0).any():
            raise WfmError(f"queue {queue}: the forecast has no handle time (AHT); the history needs an AHT column")
        return np.full(aht.shape, 1.0)
    mean = float(np.average(aht[known], weights=weights)) if weights.sum() > 0 else float(aht[known].mean())
    return np.where(known, aht, mean)


def _queue_requirements(queue: str, rows: pd.DataFrame, qs: QueueSettings, interval_min: int):
    start = pd.to_datetime(rows["start"])
    contacts = rows["contacts"].to_numpy(dtype=float)
    if np.any(~np.isfinite(contacts) | (contacts < 0)):
        raise WfmError(f"queue {queue}: the forecast has negative or missing contacts")
    aht = _fill_aht(queue, contacts, rows["aht_s"].to_numpy(dtype=float))
    if qs.open_hours is None:
        is_open = contacts > 0
    else:
        minute = (start.dt.hour * 60 + start.dt.minute).to_numpy()
        is_open = qs.open_hours.is_open(start.dt.day_of_week.to_numpy(), minute, interval_min)
    notes = []
    lost = contacts[~is_open].sum()
    if lost > 0 and qs.channel == "deferred":
        notes.append(f"{queue}: {lost:,.0f} items arriving while closed are worked in the next open interval.")
    elif lost > 0:
        notes.append(f"{queue}: {lost:,.0f} contacts forecast outside the opening hours are not staffed.")

    n = contacts.size
    sl = np.full(n, np.nan)
    asa = np.full(n, np.nan)
    occ = np.zeros(n)
    abandon = np.full(n, np.nan)
    if qs.channel == "deferred":
        workload = contacts * aht / (interval_min * 60.0)
        net, spread, late = _deferred(start, workload, is_open, qs, interval_min)
        if (late & (contacts > 0)).any():
            notes.append(f"{queue}: {contacts[late].sum():,.0f} items cannot be done within the "
                         f"{qs.response_target_h:g}-hour response target (no open interval in time).")
        with np.errstate(invalid="ignore", divide="ignore"):
            occ = np.where(net > 0, spread / np.maximum(net, 1), 0.0)
    else:
        eff_aht = aht / qs.concurrency
        workload = np.where(is_open, contacts, 0.0) * eff_aht / (interval_min * 60.0)
        target = qs.target
        net = required_agents(workload, eff_aht, sl=target.sl, answer_s=target.answer_s, asa_s=target.asa_s,
                              max_occupancy=target.max_occupancy, patience_s=qs.patience_s).astype(float)
        net = np.where(is_open, np.maximum(net, qs.min_staff), 0.0)
        busy = (net > 0) & (workload > 0)
        if busy.any():
            m = evaluate(net[busy].astype(np.int64), workload[busy], eff_aht[busy], target.answer_s,
                         qs.patience_s if qs.patience_s is None else np.full(busy.sum(), float(qs.patience_s)))
            sl[busy], asa[busy], occ[busy] = m["service_level"], m["asa_s"], m["occupancy"]
            if qs.patience_s is not None:
                abandon[busy] = m["abandon_rate"]
        workload = contacts * eff_aht / (interval_min * 60.0)

    months = start.dt.month.to_numpy()
    total = np.array([qs.shrinkage_for_month(m).total for m in months]) if n else np.zeros(0)
    unscheduled = np.array([qs.shrinkage_for_month(m).unscheduled for m in months]) if n else np.zeros(0)
    frame = pd.DataFrame({
        "queue": pd.Series([queue] * n, dtype="str"),
        "start": start.to_numpy(),
        "contacts": contacts,
        "aht_s": aht,
        "workload_erlangs": workload,
        "agents_net": net,
        "agents_schedule": gross_agents(net, unscheduled).astype(float),
        "agents_gross": gross_agents_unrounded(net, total),
        "service_level": sl,
        "asa_s": asa,
        "occupancy": occ,
        "abandon_rate": abandon,
        "open": is_open,
    })
    return frame, notes


def _deferred(start: pd.Series, workload: np.ndarray, is_open: np.ndarray, qs: QueueSettings, interval_min: int):
    """Net agents for deferred work with :func:`wfm_desktop.core.staffing.deferred.spread_deferred`; rows late."""
    minutes = ((start - start.min()) / pd.Timedelta(minutes=1)).to_numpy(dtype=float)
    spread = spread_deferred(minutes, workload, float(interval_min), float(qs.response_target_h),
                             open_mask=is_open, max_occupancy=qs.max_occupancy)
    net = np.where(is_open, np.maximum(spread.agents_net.astype(float), qs.min_staff), 0.0)
    return net, spread.capacity_erlangs, ~spread.within_target
