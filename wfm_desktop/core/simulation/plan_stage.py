"""Simulation as a stage of the plan: the staffing (and the schedule) played out call by call.

The stage reads the plan's staffing result, its schedule when that is up to date, and
its own input ``simulation/settings`` (:data:`DEFAULT_SETTINGS`); it returns a
:class:`PlanSimulation` kept in the plan like every other result (pages, the CLI and the
workbook read it from there; nothing else keeps a copy).

* **Requirement**: every queue with its ``agents_net`` per interval, its own answer time,
  patience (Erlang A queues abandon in the simulation too), chats per agent and response
  target (deferred work) from the queue's settings.
* **Schedule** (when the plan has an up-to-date one): the scheduled shifts with their
  placed breaks and lunches over the schedule's days; a share of the shifts equal to the
  shrinkage the schedule does not model (absence, training…) is dropped at random in each
  replication. When the schedule serves several queues (one team), their contacts are pooled
  into one queue (AHT contact-weighted, the first queue's answer time), as the Schedule
  page's own service-level check does.

**Automatic or on request.** The stage recomputes by itself when the plan is small enough to
simulate while the planner waits — at most :data:`AUTO_LIMIT_CONTACTS` simulated contacts
(forecast contacts × replications; about half a second on a 2-core machine once the event loop
is compiled) — and the setting ``automatic`` is on. A larger plan (the bundled sample's 13
weeks × 10 replications is about 4 million) is simulated on request: the Simulate button,
or ``wfm-desktop simulate PLAN.wfmplan``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn, report
from wfm_desktop.core.simulation.model import (  # noqa: F401 - DEFAULT_SETTINGS, waits_for re-exported
    DEFAULT_SETTINGS,
    SimulationSettings,
    resolve_settings,
    waits_for,
)
from wfm_desktop.core.simulation.simulate import METRICS, SimulationResult, simulate_intervals

SETTINGS_KEY = "simulation/settings"
ACTUALS_KEY = "simulation/actuals"
AUTO_LIMIT_CONTACTS = 2_000_000
"""Simulated contacts (forecast contacts × replications) up to which the stage runs by itself."""


def settings_from_dict(doc: Mapping | None) -> SimulationSettings:
    """The stage's input as :class:`SimulationSettings` (WfmError naming a bad value)."""
    doc = {**DEFAULT_SETTINGS, **dict(doc or {})}
    try:
        settings = SimulationSettings(replications=int(doc["replications"]), seed=int(doc["seed"]),
                                      service_cv=None if doc["service_cv"] in (None, "") else float(doc["service_cv"]),
                                      chat_slowdown=float(doc["chat_slowdown"] or 0.0))
    except (TypeError, ValueError) as exc:
        raise WfmError(f"simulation settings: {exc}") from None
    settings.check()
    return settings


# --------------------------------------------------------------------------- the input tables


def requirement_frame(staffing) -> pd.DataFrame:
    """The plan's requirements with the per-row settings the simulator reads (from the queues' settings)."""
    req = staffing.requirements
    names = req["queue"].astype(str).to_numpy()
    settings = {q: staffing.settings.for_queue(q) for q in set(names)}
    out = req.copy()
    daily = getattr(getattr(staffing, "forecast", None), "daily", None)
    if daily is not None and "point" in daily.columns:  # staffed on a percentile: simulate the point forecast
        for queue in set(names):
            mine = names == queue
            out.loc[mine, "contacts"] = out.loc[mine, "contacts"].to_numpy(dtype=float) * \
                _to_point(out.loc[mine], daily, queue)
    out["interval_min"] = float(staffing.interval_min)
    out["target_answer_s"] = [float(settings[q].answer_s) for q in names]
    out["patience_s"] = [float(settings[q].patience_s) if settings[q].patience_s and settings[q].channel != "deferred"
                         else np.nan for q in names]
    out["concurrency"] = [int(settings[q].concurrency) if settings[q].channel == "chat" else 1 for q in names]
    out["response_h"] = [float(settings[q].response_target_h) if settings[q].channel == "deferred" else np.nan
                         for q in names]
    if "open" in out.columns:
        out["open"] = out["open"].astype(bool).astype(int)
    return out


def schedule_frame(staffing, schedule) -> tuple[pd.DataFrame, float, str]:
    """The requirement rows the schedule covers, as one queue, with the shrinkage it does not model.

    Returns (frame, absence share, queue name)."""
    from wfm_desktop.core.scheduling.from_plan import schedule_requirement

    coverage = pd.to_datetime(schedule.coverage["start"])
    first, last = coverage.min(), coverage.max()
    plan_start = pd.to_datetime(staffing.requirements["start"])
    if last < plan_start.min() or first > plan_start.max():
        raise WfmError(f"the schedule ({first:%Y-%m-%d} to {last:%Y-%m-%d}) is outside the plan's horizon "
                       f"({plan_start.min():%Y-%m-%d} to {plan_start.max():%Y-%m-%d})")
    first = max(first, plan_start.min())
    days = int((last.normalize() - first.normalize()).days) + 1
    req = schedule_requirement(staffing, days=days, start=first.normalize())
    req = req[(pd.to_datetime(req["start"]) >= first) & (pd.to_datetime(req["start"]) <= last)]
    if req.empty:
        raise WfmError("the schedule covers no interval of the plan's requirements")
    queues = sorted(req["queue"].astype(str).unique().tolist())
    frame = requirement_frame(staffing)
    frame = frame[frame["start"].isin(req["start"]) & frame["queue"].astype(str).isin(queues)]
    absence = float(np.average(req["shrinkage_unmodelled"], weights=np.maximum(req["agents_schedule"], 1e-9))) \
        if "agents_schedule" in req.columns else 0.0
    promise = None  # the schedule's own Erlang check with its scheduled agents (the Coverage sheet's SL)
    if "service_level" in schedule.coverage.columns:
        promise = pd.Series(schedule.coverage["service_level"].to_numpy(dtype=float), index=coverage.to_numpy())
    if len(queues) == 1:
        out = frame.drop(columns=["agents_net"]).reset_index(drop=True)
        if promise is not None:
            out["service_level"] = promise.reindex(pd.to_datetime(out["start"]).to_numpy()).to_numpy()
        return out, absence, queues[0]
    frame = frame.assign(work=frame["contacts"] * frame["aht_s"])
    grouped = frame.groupby("start", as_index=False).agg(contacts=("contacts", "sum"), work=("work", "sum"),
                                                         open=("open", "max") if "open" in frame else ("contacts", "size"))
    first_q = frame[frame["queue"].astype(str) == queues[0]]
    grouped["aht_s"] = np.where(grouped["contacts"] > 0, grouped["work"] / np.maximum(grouped["contacts"], 1e-9),
                                float(first_q["aht_s"].mean()))
    grouped["queue"] = "all queues"
    grouped["interval_min"] = float(staffing.interval_min)
    grouped["target_answer_s"] = float(first_q["target_answer_s"].iloc[0])
    if promise is not None:
        grouped["service_level"] = promise.reindex(pd.to_datetime(grouped["start"]).to_numpy()).to_numpy()
    return grouped.drop(columns=["work"]), absence, "all queues"


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class PlanSimulation:
    """The simulated plan: the requirement (every queue) and, when simulated, the schedule."""

    requirement: SimulationResult
    schedule: SimulationResult | None = None
    schedule_queue: str | None = None
    absence: float = 0.0
    targets: dict = field(default_factory=dict)  # queue → SL target (None: no target)
    probability_days: pd.DataFrame = field(default_factory=pd.DataFrame)  # P(day's SL ≥ target)
    probability_weeks: pd.DataFrame = field(default_factory=pd.DataFrame)  # P(week's SL ≥ target)
    notes: tuple[str, ...] = ()
    confidence: pd.DataFrame = field(default_factory=pd.DataFrame)  # confidence_curve(): FTE for each confidence
    post_mortem: Any = None  # replay.PostMortem of the days the actuals cover (None without actuals)

    @property
    def settings(self) -> SimulationSettings:
        return self.requirement.settings

    def intervals(self, which: str = "requirement") -> pd.DataFrame:
        result = self._result(which)
        return pd.DataFrame() if result is None else result.intervals()

    def days(self, which: str = "requirement") -> pd.DataFrame:
        """Per queue and day: the Erlang figures (contact-weighted) beside the simulated ones."""
        result = self._result(which)
        if result is None:
            return pd.DataFrame()
        days = result.days()
        frame = result.frame
        if "service_level" in frame.columns:
            key = pd.DataFrame({"queue": result.queue, "day": result.start.dt.normalize()})
            c = pd.to_numeric(frame["contacts"], errors="coerce").fillna(0.0).to_numpy()
            erl = {}
            for name in ("service_level", "asa_s", "abandon_rate"):
                if name in frame.columns:
                    v = pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float)
                    ok = np.isfinite(v) & (c > 0)
                    key[f"_w_{name}"] = np.where(ok, c * np.nan_to_num(v), 0.0)
                    key[f"_c_{name}"] = np.where(ok, c, 0.0)
                    erl[name] = f"erlang_{name}"
            sums = key.groupby(["queue", "day"], sort=True).sum()
            for name, out in erl.items():
                with np.errstate(invalid="ignore", divide="ignore"):
                    values = (sums[f"_w_{name}"] / sums[f"_c_{name}"].where(sums[f"_c_{name}"] > 0)).rename(out)
                days = days.merge(values.reset_index(), on=["queue", "day"], how="left")
            first = ["queue", "day", "sim_contacts"] + list(erl.values())
            days = days[first + [c for c in days.columns if c not in first]]
        if which == "requirement" and not self.probability_days.empty:
            p = self.probability_days[["queue", "day", "probability"]].rename(columns={"probability": "p_sl_target"})
            days = days.merge(p, on=["queue", "day"], how="left")
        return days

    def time_of_day(self, queue: str, which: str = "requirement") -> pd.DataFrame:
        """One queue's intervals pooled by time of day over all days: minute, contacts, the Erlang SL
        (contact-weighted) and the simulated SL with its 95% interval."""
        result = self._result(which)
        if result is None:
            return pd.DataFrame()
        mine = np.flatnonzero(result.queue == queue)
        minute = (result.start.dt.hour * 60 + result.start.dt.minute).to_numpy()
        contacts = pd.to_numeric(result.frame["contacts"], errors="coerce").fillna(0.0).to_numpy()
        promise = (pd.to_numeric(result.frame["service_level"], errors="coerce").to_numpy(dtype=float)
                   if "service_level" in result.frame.columns else np.full(len(contacts), np.nan))
        rows = []
        for m in np.unique(minute[mine]):
            idx = mine[minute[mine] == m]
            if contacts[idx].sum() <= 0:
                continue
            est, lo, hi = result.metrics(idx)["sim_service_level"]
            ok = np.isfinite(promise[idx]) & (contacts[idx] > 0)
            erlang = float(np.sum(contacts[idx][ok] * promise[idx][ok]) / contacts[idx][ok].sum()) if ok.any() \
                else np.nan
            rows.append({"minute": int(m), "contacts": float(contacts[idx].sum()), "erlang_service_level": erlang,
                         "sim_service_level": est, "sim_service_level_lo": lo, "sim_service_level_hi": hi})
        return pd.DataFrame(rows)

    def summary(self, which: str = "requirement") -> pd.DataFrame:
        """Per queue: the simulated figures over the whole period, and days under the target."""
        result = self._result(which)
        if result is None:
            return pd.DataFrame()
        days = self.days(which)
        rows = []
        for queue in sorted(set(result.queue)):
            m = result.metrics(np.flatnonzero(result.queue == queue))
            target = self.targets.get(queue) if which == "requirement" else self.targets.get("__schedule__")
            qd = days[days["queue"] == queue]
            row = {"queue": queue, "days": int(len(qd)), "target": target}
            for name in METRICS:
                row[name], row[f"{name}_lo"], row[f"{name}_hi"] = m[name]
            row["days_under_target"] = (int((qd["sim_service_level"] < target - 1e-12).sum())
                                        if target else 0)
            rows.append(row)
        return pd.DataFrame(rows)

    def quality_flag(self) -> str | None:
        """A plain sentence when the simulation does not deliver the plan's service-level target."""
        problems = []
        for which in ("requirement", "schedule"):
            summary = self.summary(which)
            for row in summary.itertuples(index=False):
                if row.target and row.sim_service_level_hi < row.target:
                    what = "the schedule" if which == "schedule" else row.queue
                    problems.append(f"{what}: simulated service level {row.sim_service_level:.1%} "
                                    f"[{row.sim_service_level_lo:.1%}, {row.sim_service_level_hi:.1%}] is under "
                                    f"the {row.target:.0%} target ({row.days_under_target} of {row.days} days under)")
        return "; ".join(problems) or None

    def _result(self, which: str) -> SimulationResult | None:
        if which not in ("requirement", "schedule"):
            raise ValueError(which)
        return self.requirement if which == "requirement" else self.schedule


# --------------------------------------------------------------------------- the stage


def simulated_contacts(reads: Mapping[str, Any]) -> float:
    staffing = reads.get("staffing")
    req = getattr(staffing, "requirements", None)
    if req is None:
        return 0.0
    reps = int(resolve_settings(reads.get(SETTINGS_KEY)).get("replications") or 1)
    runs = 1 + (5 if isinstance(reads.get(ACTUALS_KEY), pd.DataFrame) else 0)  # the post-mortem's replays
    return float(pd.to_numeric(req["contacts"], errors="coerce").fillna(0.0).sum()) * reps * runs


def runs_by_itself(reads: Mapping[str, Any]) -> bool:
    """Automatic: the setting is on and the plan is small (:data:`AUTO_LIMIT_CONTACTS`)."""
    doc = resolve_settings(reads.get(SETTINGS_KEY))
    return bool(doc.get("automatic", True)) and simulated_contacts(reads) <= AUTO_LIMIT_CONTACTS


def _to_point(rows: pd.DataFrame, daily: pd.DataFrame, queue: str) -> np.ndarray:
    """Per row: point forecast ÷ the forecast the plan staffed (1 unless the forecast is a percentile)."""
    if "point" not in daily.columns:
        return np.ones(len(rows))
    mine = daily[daily["queue"].astype(str) == queue]
    staffed = mine["contacts"].to_numpy(dtype=float)
    ratio = pd.Series(np.where(staffed > 0, mine["point"].to_numpy(dtype=float) / np.where(staffed > 0, staffed, 1.0),
                               1.0), index=pd.to_datetime(mine["date"]).dt.normalize().to_numpy())
    return ratio.reindex(pd.to_datetime(rows["start"]).dt.normalize().to_numpy()).fillna(1.0).to_numpy()


def sl_probabilities(staffing) -> tuple[pd.DataFrame, pd.DataFrame]:
    """P(SL ≥ target) per queue and day, and per queue and week, of the plan's staffing
    (:func:`~wfm_desktop.core.simulation.confidence.sl_probability`, each queue with its own target, answer
    time, patience and effective handle time; deferred queues and queues without an SL target are left out)."""
    from wfm_desktop.core.simulation.confidence import sl_probability, volume_sigma

    forecast = getattr(staffing, "forecast", None)
    daily = getattr(forecast, "daily", None)
    if daily is None or not {"lower", "upper"} <= set(daily.columns):
        return pd.DataFrame(), pd.DataFrame()
    centre = daily.assign(contacts=daily["point"]) if "point" in daily.columns else daily
    sigma = volume_sigma(centre, float(getattr(forecast.settings, "level", 0.8)))
    req = staffing.requirements
    out = {"day": [], "week": []}
    for queue in sorted(req["queue"].astype(str).unique()):
        qs = staffing.settings.for_queue(queue)
        if qs.channel == "deferred" or not qs.sl:
            continue
        rows = req[req["queue"].astype(str) == queue]
        rows = rows.assign(aht_s=rows["aht_s"] / (qs.concurrency if qs.channel == "chat" else 1),
                           contacts=rows["contacts"] * _to_point(rows, daily, queue))
        for by in out:
            part = sl_probability(rows, sigma, sl_target=float(qs.sl), answer_s=float(qs.answer_s),
                                  patience_s=qs.patience_s or None, interval_min=float(staffing.interval_min), by=by)
            if not part.empty:
                out[by].append(part.assign(target=float(qs.sl)))
    return tuple(pd.concat(v, ignore_index=True) if v else pd.DataFrame() for v in (out["day"], out["week"]))


def compute_simulation(reads: Mapping[str, Any], *, progress: ProgressFn = None, cancel: CancelFn = None
                       ) -> PlanSimulation:
    """Simulate the plan's requirement and, when it has an up-to-date schedule, the schedule."""
    staffing = reads.get("staffing")
    if getattr(staffing, "requirements", None) is None:
        raise WfmError("Simulation needs a staffing plan: make a forecast first.")
    settings = settings_from_dict(reads.get(SETTINGS_KEY))
    schedule = (reads.get("schedule") or {}).get("schedule") if isinstance(reads.get("schedule"), dict) else None
    has_schedule = schedule is not None and len(getattr(schedule, "shifts", ())) > 0
    share = 0.6 if has_schedule else 1.0

    def part(lo, hi):
        return None if progress is None else (lambda f, m: progress(lo + (hi - lo) * f, m))

    requirement = simulate_intervals(requirement_frame(staffing), settings, progress=part(0.0, share), cancel=cancel)
    targets = {q: staffing.settings.for_queue(q).sl if staffing.settings.for_queue(q).channel != "deferred" else None
               for q in sorted(set(requirement.queue))}
    sim_schedule, queue, absence, notes = None, None, 0.0, []
    if has_schedule:
        try:
            frame, absence, queue = schedule_frame(staffing, schedule)
        except WfmError as exc:  # e.g. a schedule of a requirement file for other dates
            notes.append(f"The schedule is not simulated: {exc}.")
        else:
            from dataclasses import replace

            sim_schedule = simulate_intervals(frame, replace(settings, absence=min(max(absence, 0.0), 0.95)),
                                              schedule=schedule, schedule_queue=queue, progress=part(share, 1.0),
                                              cancel=cancel)
            first = sorted(set(staffing.requirements["queue"].astype(str)))
            targets["__schedule__"] = targets.get(queue) if queue in targets else targets.get(first[0])
    pm = None
    actuals = reads.get(ACTUALS_KEY)
    if isinstance(actuals, pd.DataFrame) and len(actuals):
        pm = plan_post_mortem(staffing, actuals, settings, cancel=cancel)
    p_days, p_weeks = sl_probabilities(staffing)
    curve = pd.DataFrame()
    if not p_days.empty:
        from wfm_desktop.core.simulation.confidence import confidence_curve

        curve = confidence_curve(staffing, cancel=cancel)
    report(progress, 1.0, "Simulation done")
    return PlanSimulation(requirement, sim_schedule, queue, absence, targets, p_days, p_weeks, tuple(notes), curve, pm)


def plan_post_mortem(staffing, actuals: pd.DataFrame, settings: SimulationSettings, *, progress=None, cancel=None):
    """The post-mortem of the plan's days that the actuals cover (:func:`~.replay.post_mortem`): the plan's agents
    replayed against what happened, the miss split into staffing, daily volume, intraday shape and AHT; the
    perfect-forecast line restaffs the actual volume and AHT with the plan's own engine and settings."""
    from wfm_desktop.core.simulation.model import column_lookup, to_datetimes
    from wfm_desktop.core.simulation.replay import post_mortem
    from wfm_desktop.core.staffing.intervals import interval_requirements

    cols = column_lookup(actuals)
    start_col = cols.get("start", cols.get("interval_start"))
    if start_col is None:
        raise WfmError("actual arrivals: no start column (the interval start of each count)")
    starts = to_datetimes(actuals[start_col])
    if starts.isna().all():
        raise WfmError(f"actual arrivals, column {start_col}: no date-times")
    if "aht_s" in cols:  # handle times only where every interval with contacts has one (else: the plan's AHT)
        count = cols.get("contacts", cols.get("offered", cols.get("calls")))
        aht = pd.to_numeric(actuals[cols["aht_s"]], errors="coerce")
        busy = pd.to_numeric(actuals[count], errors="coerce").fillna(0.0) > 0 if count else aht.notna()
        if not (aht[busy] > 0).all():
            actuals = actuals.drop(columns=[cols["aht_s"]])
            cols = column_lookup(actuals)
    frame = requirement_frame(staffing)
    days = set(starts.dropna().dt.normalize())
    planned = frame[pd.to_datetime(frame["start"]).dt.normalize().isin(days)]
    if planned.empty:
        first, last = starts.min(), starts.max()
        raise WfmError(f"actual arrivals ({first:%Y-%m-%d} to {last:%Y-%m-%d}) cover no day of the plan")
    if "queue" in cols:
        unknown = sorted(set(actuals[cols["queue"]].astype(str)) - set(planned["queue"].astype(str)))
        if unknown:
            raise WfmError(f"actual arrivals: queue(s) {', '.join(unknown)} are not in the plan")
    elif planned["queue"].nunique() > 1:
        raise WfmError("actual arrivals: the plan has several queues; give a queue column")
    planned = planned.reset_index(drop=True)

    def restaff(actual_frame: pd.DataFrame) -> np.ndarray:
        intraday = actual_frame[["queue", "start", "contacts", "aht_s"]]
        req, _notes = interval_requirements(intraday, staffing.settings, int(staffing.interval_min))
        agents = req.set_index(["queue", "start"])["agents_net"]
        key = pd.MultiIndex.from_arrays([actual_frame["queue"].astype(str), pd.to_datetime(actual_frame["start"])])
        return agents.reindex(key).fillna(0.0).to_numpy(dtype=float)

    return post_mortem(planned, actuals, settings, restaff=restaff, progress=progress, cancel=cancel)


def simulation_flag(result: Any) -> str | None:
    return result.quality_flag() if isinstance(result, PlanSimulation) else None
