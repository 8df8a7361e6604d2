"""Whole-plan scenarios: the base plan's inputs with a few overrides, run through the same stages.

A :class:`Scenario` names what changes — volume %, AHT (seconds and/or %), service targets,
shrinkage, wages, attrition and planned hires, and an automation (self-service or chatbot)
deflecting a share of contacts that ramps up month by month, with its licence and implementation
costs. :func:`run_scenario` makes the scenario's plan and computes it with the plan's own stages
(:mod:`.stages`: staffing, then budget), so a scenario's numbers are the numbers the plan would show
with those inputs edited directly:

* targets, shrinkage, wages, attrition and hires are edits of the plan's inputs
  (``staffing/settings`` and ``budget``), applied by :func:`scenario_inputs`;
* volume, AHT and deflection change the forecast the staffing reads
  (:func:`scenario_forecast`): contacts × (1 + volume) × (1 − deflection of the month), handle
  times (AHT + seconds) × (1 + AHT %). These are the forecast's own growth and deflection steps
  (:mod:`wfm_desktop.core.forecast.adjust`), applied to every day of the forecast as it stands
  (manual overrides included), so the forecast is not run again.

Every scenario is priced on its own staffing (the budget's source is the plan's staffing even when
the Budget page prices a typed table), and the base column is the base plan computed the same way.

The automation business case of a scenario against the base plan is
:mod:`.business_case`; the command line's ``NAME:key=value,…`` form is :mod:`.scenario_spec`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np
import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn, check_cancel, report

SCENARIOS_KEY = "scenarios"
"""The plan input that holds the scenarios: a list of :func:`scenario_to_dict` dicts (missing = none)."""

MAX_SCENARIOS = 8
MONTHLY_COLUMNS = ("month", "contacts", "required_fte", "hires", "staff_cost", "automation_cost", "total_cost",
                   "service_level", "deflection")


def _number(value: Any, what: str, *, low: float | None = None, high: float | None = None,
            optional: bool = False) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise WfmError(f"{what}: give a number")
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise WfmError(f"{what}: {value!r} is not a number") from None
    if not math.isfinite(out) or (low is not None and out < low) or (high is not None and out > high):
        bounds = f"from {low:g}" if low is not None else ""
        bounds += f"{' ' if bounds else ''}to {high:g}" if high is not None else ""
        raise WfmError(f"{what}: {out:g} is out of range ({bounds})")
    return out


@dataclass(frozen=True)
class Scenario:
    """One named what-if: overrides of the base plan's inputs (None / 0 = as in the base plan).

    Fractions as everywhere in the core (0.1 = 10 %): ``volume`` (+0.1 = 10 % more contacts),
    ``aht_pct`` (−0.05 = 5 % shorter), ``sl`` (0.85), ``shrinkage`` (the total, 0.35),
    ``wage_pct`` (+0.03), ``attrition_month`` (0.02), each month's ``deflection`` (month 1 first;
    the last value holds for the later months). ``aht_s`` adds seconds (−5 = 5 s shorter),
    ``answer_s`` and ``asa_s`` are seconds, ``max_occupancy`` a fraction, ``hires`` extra planned
    classes ``[{"start": "2027-03-01", "count": 8}]``, ``licence_month`` and ``implementation``
    the automation's costs (in the budget's currency).
    """

    name: str
    volume: float = 0.0
    aht_s: float = 0.0
    aht_pct: float = 0.0
    sl: float | None = None
    answer_s: float | None = None
    asa_s: float | None = None
    max_occupancy: float | None = None
    shrinkage: float | None = None
    wage_pct: float = 0.0
    attrition_month: float | None = None
    hires: tuple[Mapping[str, Any], ...] = ()
    deflection: tuple[float, ...] = ()
    licence_month: float = 0.0
    implementation: float = 0.0

    def __post_init__(self) -> None:
        name = str(self.name).strip()
        if not name:
            raise WfmError("scenario: give it a name")
        object.__setattr__(self, "name", name)
        where = f"scenario {name!r}"
        _number(self.volume, f"{where}, volume change", low=-0.99, high=10.0)
        _number(self.aht_s, f"{where}, AHT change (s)", low=-3600.0, high=3600.0)
        _number(self.aht_pct, f"{where}, AHT change (%)", low=-0.95, high=10.0)
        _number(self.sl, f"{where}, service level target", low=0.01, high=0.999, optional=True)
        _number(self.answer_s, f"{where}, answer time target (s)", low=1.0, high=86400.0, optional=True)
        _number(self.asa_s, f"{where}, ASA target (s)", low=1.0, high=86400.0, optional=True)
        _number(self.max_occupancy, f"{where}, occupancy cap", low=0.01, high=1.0, optional=True)
        _number(self.shrinkage, f"{where}, shrinkage", low=0.0, high=0.95, optional=True)
        _number(self.wage_pct, f"{where}, wage change", low=-0.95, high=10.0)
        _number(self.attrition_month, f"{where}, attrition a month", low=0.0, high=1.0, optional=True)
        _number(self.licence_month, f"{where}, automation licence a month", low=0.0)
        _number(self.implementation, f"{where}, automation implementation cost", low=0.0)
        ramp = tuple(float(_number(d, f"{where}, deflection in month {i}", low=0.0, high=0.99))
                     for i, d in enumerate(self.deflection, start=1))
        object.__setattr__(self, "deflection", ramp)
        hires = []
        for i, h in enumerate(self.hires, start=1):
            try:
                start = pd.Timestamp(str(h["start"])).normalize()
                count = int(h["count"])
            except (KeyError, TypeError, ValueError):
                raise WfmError(f"{where}, planned hires row {i}: give a start date and a whole count") from None
            if count < 0:
                raise WfmError(f"{where}, planned hires row {i}: the count must be 0 or more")
            hires.append({"start": f"{start:%Y-%m-%d}", "count": count})
        object.__setattr__(self, "hires", tuple(hires))

    @property
    def has_automation(self) -> bool:
        return any(d > 0 for d in self.deflection) or self.licence_month > 0 or self.implementation > 0

    def deflection_in_month(self, k: int) -> float:
        """Deflection in the k-th month of the plan (k = 0 first); the ramp's last value holds."""
        if not self.deflection:
            return 0.0
        return self.deflection[min(k, len(self.deflection) - 1)]

    def describe(self) -> str:
        """The overrides in the planner's words: "volume +10%, AHT −5 s, SL 85/20"."""
        parts = []
        if self.volume:
            parts.append(f"volume {self.volume:+.0%}")
        if self.aht_s:
            parts.append(f"AHT {self.aht_s:+g} s")
        if self.aht_pct:
            parts.append(f"AHT {self.aht_pct:+.0%}")
        if self.sl is not None or self.answer_s is not None:
            sl = "base" if self.sl is None else f"{self.sl:.0%}"
            answer = "" if self.answer_s is None else f" in {self.answer_s:g} s"
            parts.append(f"SL {sl}{answer}")
        if self.asa_s is not None:
            parts.append(f"ASA ≤ {self.asa_s:g} s")
        if self.max_occupancy is not None:
            parts.append(f"occupancy ≤ {self.max_occupancy:.0%}")
        if self.shrinkage is not None:
            parts.append(f"shrinkage {self.shrinkage:.0%}")
        if self.wage_pct:
            parts.append(f"wages {self.wage_pct:+.0%}")
        if self.attrition_month is not None:
            parts.append(f"attrition {self.attrition_month:.1%}/month")
        if self.hires:
            parts.append(f"{sum(h['count'] for h in self.hires)} extra hires")
        if self.deflection:
            parts.append("deflection " + " → ".join(f"{d:.0%}" for d in self.deflection))
        if self.licence_month:
            parts.append(f"licence {self.licence_month:,.0f}/month")
        if self.implementation:
            parts.append(f"implementation {self.implementation:,.0f}")
        return ", ".join(parts) or "as the base plan"


# -- plain data for the plan file ------------------------------------------------------------------

_FIELDS = ("volume", "aht_s", "aht_pct", "sl", "answer_s", "asa_s", "max_occupancy", "shrinkage", "wage_pct",
           "attrition_month", "licence_month", "implementation")


def scenario_to_dict(scenario: Scenario) -> dict:
    out: dict[str, Any] = {"name": scenario.name}
    out.update({f: getattr(scenario, f) for f in _FIELDS})
    out["hires"] = [dict(h) for h in scenario.hires]
    out["deflection"] = list(scenario.deflection)
    return out


def scenario_from_dict(data: Mapping, where: str = "plan file") -> Scenario:
    if not isinstance(data, Mapping):
        raise WfmError(f"{where}: a scenario must be a set of named values")
    unknown = sorted(set(data) - set(_FIELDS) - {"name", "hires", "deflection"})
    if unknown:
        raise WfmError(f"{where}, scenario {data.get('name')!r}: unknown setting(s) {', '.join(unknown)}")
    values = {f: data[f] for f in _FIELDS if f in data}
    return Scenario(name=str(data.get("name", "")), hires=tuple(data.get("hires") or ()),
                    deflection=tuple(data.get("deflection") or ()), **values)


def scenarios_from_list(items: Any, where: str = "plan file") -> tuple[Scenario, ...]:
    """The plan input's list as scenarios; names must be unique."""
    out = tuple(scenario_from_dict(d, where) for d in (items or []))
    names = [s.name for s in out]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise WfmError(f"{where}: scenario names must differ ({', '.join(dupes)} twice)")
    if len(out) > MAX_SCENARIOS:
        raise WfmError(f"{where}: at most {MAX_SCENARIOS} scenarios, not {len(out)}")
    return out


# -- a scenario's inputs and forecast --------------------------------------------------------------


def _scaled_shrinkage(rows: list[dict], total: float) -> list[dict]:
    """The categories scaled so they add up to `total` (the scheduled/unscheduled split kept)."""
    current = sum(float(r["fraction"]) for r in rows)
    if current <= 0:
        return [*rows, {"category": "Scenario shrinkage", "fraction": total, "scheduled": False}] if total else rows
    return [{**r, "fraction": float(r["fraction"]) * total / current} for r in rows]


def _queue_overrides(qs: dict, scenario: Scenario) -> dict:
    qs = dict(qs)
    if qs.get("channel") != "deferred":
        for key in ("sl", "answer_s", "asa_s"):
            if getattr(scenario, key) is not None:
                qs[key] = getattr(scenario, key)
    if scenario.max_occupancy is not None:
        qs["max_occupancy"] = scenario.max_occupancy
    if scenario.shrinkage is not None:
        qs["shrinkage"] = _scaled_shrinkage(list(qs.get("shrinkage") or []), scenario.shrinkage)
        qs["shrinkage_by_month"] = {m: _scaled_shrinkage(list(rows), scenario.shrinkage)
                                    for m, rows in dict(qs.get("shrinkage_by_month") or {}).items()}
    if qs.get("aht_s") is not None and (scenario.aht_s or scenario.aht_pct):
        qs["aht_s"] = _new_aht(float(qs["aht_s"]), scenario)
    return qs


def _new_aht(aht, scenario: Scenario):
    return (aht + scenario.aht_s) * (1.0 + scenario.aht_pct)


def scenario_inputs(inputs: Mapping[str, Any], scenario: Scenario) -> dict[str, Any]:
    """The plan's resolved inputs with the scenario's edits (a new dict; `inputs` is not changed).

    The budget prices the plan's staffing (``source: plan``)."""
    from wfm_desktop.core.plan.defaults import BUDGET, STAFFING_SETTINGS

    out = dict(inputs)
    staffing = dict(out.get(STAFFING_SETTINGS) or {})
    staffing["queues"] = {q: _queue_overrides(qs, scenario) for q, qs in dict(staffing.get("queues") or {}).items()}
    if staffing.get("default") is not None:
        staffing["default"] = _queue_overrides(staffing["default"], scenario)
    out[STAFFING_SETTINGS] = staffing
    budget = dict(out.get(BUDGET) or {})
    doc = dict(budget.get("inputs") or {})
    if scenario.wage_pct:
        doc["sites"] = [{**s, "hourly_wage": float(s.get("hourly_wage") or 0.0) * (1.0 + scenario.wage_pct)}
                        for s in doc.get("sites") or []]
    capacity = dict(doc.get("capacity") or {})
    if scenario.attrition_month is not None:
        capacity["attrition_month"] = scenario.attrition_month
    if scenario.hires:
        capacity["hires"] = [*list(capacity.get("hires") or []), *(dict(h) for h in scenario.hires)]
    doc["capacity"] = capacity
    budget.update(inputs=doc, source="plan")
    budget.pop("example", None)
    out[BUDGET] = budget
    return out


def month_index(dates, first_month: pd.Timestamp) -> np.ndarray:
    """0 for the plan's first month, 1 for the next, … for each date."""
    idx = pd.DatetimeIndex(pd.to_datetime(dates))
    first = pd.Timestamp(first_month)
    return ((idx.year - first.year) * 12 + (idx.month - first.month)).to_numpy()


def first_month(forecast) -> pd.Timestamp:
    dates = pd.to_datetime(forecast.daily["date"])
    return dates.min().to_period("M").to_timestamp()


def deflection_by_date(dates, scenario: Scenario, first: pd.Timestamp) -> np.ndarray:
    k = month_index(dates, first)
    return np.array([scenario.deflection_in_month(int(i)) for i in k], dtype=float) if len(k) else np.zeros(0)


def scenario_forecast(forecast, scenario: Scenario):
    """The forecast with the scenario's volume, deflection and AHT (a new result; `forecast` unchanged).

    Contacts (and the prediction bounds) × (1 + volume) × (1 − deflection of the month); handle
    times (AHT + seconds) × (1 + AHT %), which must stay above zero."""
    if not (scenario.volume or scenario.deflection or scenario.aht_s or scenario.aht_pct):
        return forecast
    first = first_month(forecast)

    def scale(frame: pd.DataFrame, time_col: str, count_cols) -> pd.DataFrame:
        if frame is None or frame.empty:
            return frame
        out = frame.copy()
        factor = (1.0 + scenario.volume) * (1.0 - deflection_by_date(out[time_col], scenario, first))
        for column in count_cols:
            if column in out.columns:
                out[column] = out[column].to_numpy(dtype=float) * factor
        if "aht_s" in out.columns and (scenario.aht_s or scenario.aht_pct):
            aht = _new_aht(out["aht_s"].to_numpy(dtype=float), scenario)
            if np.any(aht[~np.isnan(aht)] <= 0):
                raise WfmError(f"scenario {scenario.name!r}: the AHT change leaves a handle time of 0 s or less")
            out["aht_s"] = aht
        return out

    counts = ("point", "lower", "upper", "contacts")
    daily = scale(forecast.daily, "date", counts)
    intraday = scale(forecast.intraday, "start", counts)
    aht_profile = forecast.aht_profile
    if (scenario.aht_s or scenario.aht_pct) and aht_profile is not None and "aht_s" in aht_profile.columns:
        aht_profile = aht_profile.assign(aht_s=_new_aht(aht_profile["aht_s"].to_numpy(dtype=float), scenario))
    note = f"Scenario {scenario.name}: {scenario.describe()}."
    return replace(forecast, daily=daily, intraday=intraday, aht_profile=aht_profile,
                   notes=tuple(forecast.notes) + (note,))


# -- running scenarios -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioOutcome:
    """One scenario computed: its plan's staffing and budget, and its figures by month."""

    scenario: Scenario
    monthly: pd.DataFrame  # MONTHLY_COLUMNS
    staffing: Any  # wfm_desktop.core.plan.pipeline.PlanResult
    budget: Any  # wfm_desktop.core.budget.monthly.BudgetResult
    currency: str = ""

    def totals(self) -> dict[str, float]:
        m = self.monthly
        contacts = float(m["contacts"].sum())
        weeks = m["weeks"].to_numpy(dtype=float) if "weeks" in m.columns else np.ones(len(m))
        sl = m["service_level"].to_numpy(dtype=float)
        ok = ~np.isnan(sl) & (m["contacts"].to_numpy(dtype=float) > 0)
        return {
            "contacts": contacts,
            "required_fte": float(np.sum(m["required_fte"].to_numpy(dtype=float) * weeks) / max(weeks.sum(), 1e-12)),
            "hires": float(m["hires"].sum()),
            "staff_cost": float(m["staff_cost"].sum()),
            "automation_cost": float(m["automation_cost"].sum()),
            "total_cost": float(m["total_cost"].sum()),
            "service_level": float(np.sum(sl[ok] * m["contacts"].to_numpy(dtype=float)[ok]) /
                                   m["contacts"].to_numpy(dtype=float)[ok].sum()) if ok.any() else float("nan"),
        }


def monthly_service_level(requirements: pd.DataFrame) -> pd.Series:
    """Σ SL × contacts ÷ Σ contacts per calendar month (the SL reached at the required agents)."""
    start = pd.to_datetime(requirements["start"])
    sl = requirements["service_level"].to_numpy(dtype=float)
    contacts = requirements["contacts"].to_numpy(dtype=float)
    ok = ~np.isnan(sl) & (contacts > 0)
    frame = pd.DataFrame({"month": start.dt.to_period("M").dt.to_timestamp(),
                          "num": np.where(ok, sl * contacts, 0.0), "den": np.where(ok, contacts, 0.0)})
    sums = frame.groupby("month", sort=True)[["num", "den"]].sum()
    return (sums["num"] / sums["den"]).where(sums["den"] > 0)


def outcome_of(scenario: Scenario, staffing, budget) -> ScenarioOutcome:
    """A scenario's monthly figures from its staffing (service level) and budget (FTE, hires, cost)."""
    frame = budget.budget.frame
    months = pd.to_datetime(frame["month"])
    first = months.min()
    deflection = np.array([scenario.deflection_in_month(int(k)) for k in month_index(months, first)])
    share = (frame["days"].to_numpy(dtype=float) / months.dt.days_in_month.to_numpy(dtype=float)
             if "days" in frame.columns else np.ones(len(frame)))
    automation = np.where(deflection > 0, scenario.licence_month * share, 0.0)
    if len(automation):
        automation[0] += scenario.implementation
    staff = frame["total"].to_numpy(dtype=float)
    sl = monthly_service_level(staffing.requirements).reindex(months.to_numpy()).to_numpy(dtype=float)
    monthly = pd.DataFrame({
        "month": months.to_numpy(), "contacts": frame["contacts"].to_numpy(dtype=float),
        "required_fte": frame["required_fte"].to_numpy(dtype=float), "hires": frame["hires"].to_numpy(dtype=float),
        "staff_cost": staff, "automation_cost": automation, "total_cost": staff + automation,
        "service_level": sl, "deflection": deflection, "weeks": frame["weeks"].to_numpy(dtype=float),
        "month_share": share,
    })
    return ScenarioOutcome(scenario, monthly, staffing, budget, budget.budget.currency)


def run_scenario(inputs: Mapping[str, Any], data: Any, forecast: Any, scenario: Scenario, *,
                 progress: ProgressFn = None, cancel: CancelFn = None) -> ScenarioOutcome:
    """The scenario's plan — `inputs` (resolved) with its edits, `data` and its forecast — computed by
    the plan's own staffing and budget stage functions (:mod:`.compute`)."""
    from wfm_desktop.core.plan import compute
    from wfm_desktop.core.plan.defaults import BUDGET, CONTRACT_WEEK, HISTORY_IMPORT, STAFFING_SETTINGS, WEEK_START

    if forecast is None:
        raise WfmError("scenarios need a forecast: run the forecast first")
    edited = scenario_inputs(inputs, scenario)

    def part(lo, hi):
        return None if progress is None else (lambda f, m: progress(lo + (hi - lo) * f, m))

    staffing = compute.compute_staffing(
        {STAFFING_SETTINGS: edited[STAFFING_SETTINGS], CONTRACT_WEEK: edited[CONTRACT_WEEK],
         WEEK_START: edited.get(WEEK_START), HISTORY_IMPORT: edited.get(HISTORY_IMPORT), "data": data, "forecast": scenario_forecast(forecast, scenario)},
        progress=part(0.0, 0.9), cancel=cancel)
    check_cancel(cancel)
    budget = compute.compute_budget({BUDGET: edited[BUDGET], CONTRACT_WEEK: edited[CONTRACT_WEEK],
                                     WEEK_START: edited.get(WEEK_START), "staffing": staffing}, progress=part(0.9, 1.0), cancel=cancel)
    return outcome_of(scenario, staffing, budget)


BASE_NAME = "Base plan"


@dataclass(frozen=True)
class ScenarioComparison:
    """The base plan and each scenario computed: side by side by month and over the horizon."""

    base: ScenarioOutcome | None  # None: the plan has no scenarios (nothing computed)
    outcomes: tuple[ScenarioOutcome, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return self.base is None

    @property
    def all(self) -> tuple[ScenarioOutcome, ...]:
        return () if self.base is None else (self.base, *self.outcomes)

    def totals(self) -> pd.DataFrame:
        """One row per plan (base first): contacts, average FTE, hires, costs, service level, the
        differences from the base in FTE and total cost, and ``check``: what the planner should look at
        (:func:`check_outcome`; "" when nothing)."""
        rows = []
        base = self.base.totals()
        for outcome in self.all:
            t = outcome.totals()
            rows.append({"scenario": outcome.scenario.name, "changes": outcome.scenario.describe(), **t,
                         "fte_vs_base": t["required_fte"] - base["required_fte"],
                         "cost_vs_base": t["total_cost"] - base["total_cost"],
                         "check": check_outcome(outcome, self.base)})
        return pd.DataFrame(rows)

    def monthly(self, column: str) -> pd.DataFrame:
        """``column`` by month, one column per plan (base first)."""
        out = pd.DataFrame({"month": self.base.monthly["month"]})
        for outcome in self.all:
            series = outcome.monthly.set_index("month")[column]
            out[outcome.scenario.name] = series.reindex(out["month"]).to_numpy(dtype=float)
        return out

    def business_cases(self) -> dict:
        """The automation business case of every scenario that has an automation."""
        from wfm_desktop.core.plan.business_case import business_case_of

        return {o.scenario.name: business_case_of(self.base, o) for o in self.outcomes if o.scenario.has_automation}


SL_DROP_FLAG = 0.01
"""A scenario whose service level is this much (1 point) or more below the base plan's is flagged."""


def check_outcome(outcome: ScenarioOutcome, base: ScenarioOutcome) -> str:
    """The quality flag of a computed scenario: its service level more than a point below the base
    plan's, and the staffing notes the base plan does not have (contacts outside the opening hours,
    deferred work that cannot meet its target…); "" when there is nothing to look at."""
    flags = []
    sl, base_sl = outcome.totals()["service_level"], base.totals()["service_level"]
    if not (math.isnan(sl) or math.isnan(base_sl)) and sl < base_sl - SL_DROP_FLAG:
        flags.append(f"service level {sl:.1%}, {100 * (base_sl - sl):.1f} points below the base plan")
    base_notes = set(getattr(base.staffing, "notes", ()) or ())
    scenario_note = f"Scenario {outcome.scenario.name}:"
    flags += [n for n in (getattr(outcome.staffing, "notes", ()) or ())
              if n not in base_notes and not str(n).startswith(scenario_note)]
    return "; ".join(flags)


def compare_scenarios(inputs: Mapping[str, Any], data: Any, forecast: Any, scenarios, *,
                      progress: ProgressFn = None, cancel: CancelFn = None) -> ScenarioComparison:
    """The base plan (no overrides) and every scenario, each through :func:`run_scenario`."""
    scenarios = tuple(scenarios)
    plans = (Scenario(BASE_NAME), *scenarios)
    done = []
    for i, scenario in enumerate(plans):
        check_cancel(cancel)
        report(progress, i / len(plans), f"Scenario {scenario.name}")
        sub = None if progress is None else (lambda f, m, i=i: progress((i + f) / len(plans), m))
        done.append(run_scenario(inputs, data, forecast, scenario, progress=sub, cancel=cancel))
    report(progress, 1.0, "Scenarios ready")
    return ScenarioComparison(done[0], tuple(done[1:]))


# -- the plan's scenarios stage --------------------------------------------------------------------


def scenarios_waits_for(reads: Mapping[str, Any]) -> str | None:
    if reads.get("forecast") is None:
        return "waiting for forecast"
    return None


def compute_scenarios(reads: Mapping[str, Any], *, progress: ProgressFn = None,
                      cancel: CancelFn = None) -> ScenarioComparison:
    """The scenarios stage: the base plan and every scenario the plan holds, side by side (an empty
    comparison, computing nothing, when the plan has no scenarios)."""
    scenarios = scenarios_from_list(reads.get(SCENARIOS_KEY), "scenarios")
    if not scenarios:
        return ScenarioComparison(None)
    inputs = {k: v for k, v in reads.items() if k not in ("data", "forecast") and not k.startswith("@")}
    return compare_scenarios(inputs, reads.get("data"), reads.get("forecast"), scenarios, progress=progress,
                             cancel=cancel)
