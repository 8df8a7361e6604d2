"""The plan's stage graph: data → forecast → staffing → schedule → budget → export.

Each :class:`Stage` declares the input keys and the upstream stages it reads, whether it
recomputes by itself when what it reads changes (``auto``: cheap stages — staffing, budget,
export) or only on request (an import, a forecast run, a schedule solve), and its compute
function (:mod:`.compute`). The graph is open: a later stage (simulation, accuracy against
actuals) is one more :class:`Stage` in :data:`STAGES` — or ``StageGraph(STAGES + (mine,))``.

The one staleness rule (see :class:`~wfm_desktop.core.plan.model.Plan`): a stage is out of date
exactly when the fingerprint of what it reads — its resolved input values and its upstream
results' fingerprints — differs from the one its result was computed from.

    data      reads history_import                                   on request (import)
    forecast  reads forecast/settings, data                          on request (Run forecast)
    staffing  reads staffing/settings, history_import, data, forecast   auto
    schedule  reads schedule/templates, schedule/options,
                    schedule/requirement, staffing*                  on request (Solve)
    budget    reads budget, staffing*                                auto
    scenarios reads scenarios, staffing/settings, budget, …, data, forecast   auto
    simulation reads simulation/settings, staffing,
                    schedule (when up to date)                       auto while small, else on request
    export    reads staffing, schedule, budget, scenarios, simulation
                    (each when up to date)                           auto
    accuracy  reads forecast/snapshots, accuracy/actuals,
                    accuracy/settings                                auto

\\* only when it really uses it: the schedule reads the staffing unless a requirement file is
loaded; the budget reads it when it prices the plan's staffing (not a typed table). The budget
never reads the schedule, so solving a schedule leaves the budget as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from wfm_desktop.core.plan import compute
from wfm_desktop.core.plan.defaults import (
    ACCURACY_SETTINGS,
    ACTUALS,
    BUDGET,
    CONTRACT_WEEK,
    FORECAST_SETTINGS,
    FORECAST_SNAPSHOTS,
    HISTORY_IMPORT,
    SCHEDULE_OPTIONS,
    SCHEDULE_REQUIREMENT,
    SCENARIOS,
    WEEK_START,
    SCHEDULE_TEMPLATES,
    SIMULATION_ACTUALS,
    SIMULATION_SETTINGS,
    STAFFING_SETTINGS,
    SCHEDULE_AGENTS,
    SCHEDULE_LOCKED,
)
from wfm_desktop.core.plan import scenarios
from wfm_desktop.core.plan.fingerprint import fingerprint

ComputeFn = Callable[..., Any]  # compute(reads, *, progress=None, cancel=None) -> result


@dataclass(frozen=True)
class Stage:
    """One step of the plan.

    name:          the key of its result (``plan.result(name)``).
    title:         what the step list shows.
    inputs:        the input keys it reads.
    upstream:      the stages whose results it reads.
    auto:          recomputed by itself when out of date (cheap); else only on request.
    compute:       ``compute(reads, *, progress, cancel) -> result``.
    uses:          ``uses(inputs) -> upstream names`` it reads with these input values (default: all);
                   an upstream it does not use is not part of its fingerprint.
    waits_for:     ``waits_for(reads) -> reason | None``: why it cannot run yet (default: an upstream
                   it uses has no result).
    fresh_only:    upstream stages it reads only while they are up to date (an out-of-date schedule is
                   not exported).
    fingerprint:   ``fingerprint(reads) -> str | None`` overriding the default hash.
    result_fingerprint: ``result_fingerprint(result) -> str`` what downstream stages see (default: the
                   fingerprint the result was computed from).
    flag:          ``flag(result) -> str | None``: a quality flag the step list shows (e.g. a schedule
                   with a large optimality gap); None is no flag.
    auto_if:       ``auto_if(reads) -> bool``: for an ``auto`` stage, whether it recomputes by itself with
                   these reads (the simulation: only while the plan is small); else it waits for a request.
    """

    name: str
    title: str
    inputs: tuple[str, ...] = ()
    upstream: tuple[str, ...] = ()
    auto: bool = False
    compute: ComputeFn | None = None
    uses: Callable[[Mapping[str, Any]], Iterable[str]] | None = None
    waits_for: Callable[[Mapping[str, Any]], str | None] | None = None
    fresh_only: tuple[str, ...] = ()
    fingerprint: Callable[[Mapping[str, Any]], str | None] | None = None
    result_fingerprint: Callable[[Any], str] | None = None
    flag: Callable[[Any], str | None] | None = field(default=None, compare=False)
    auto_if: Callable[[Mapping[str, Any]], bool] | None = field(default=None, compare=False)

    def upstream_used(self, inputs: Mapping[str, Any]) -> tuple[str, ...]:
        if self.uses is None:
            return self.upstream
        used = set(self.uses(inputs))
        return tuple(u for u in self.upstream if u in used)


class StageGraph:
    """Stages in an order where every stage comes after the stages it reads."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        self.stages: dict[str, Stage] = {}
        for stage in stages:
            missing = [u for u in stage.upstream if u not in self.stages]
            if stage.name in self.stages or missing:
                raise ValueError(f"stage {stage.name!r}: duplicate, or reads {missing} declared after it")
            self.stages[stage.name] = stage

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.stages)

    def __getitem__(self, name: str) -> Stage:
        try:
            return self.stages[name]
        except KeyError:
            raise KeyError(f"unknown plan stage {name!r}; stages are {', '.join(self.stages)}") from None

    def __iter__(self):
        return iter(self.stages.values())

    def downstream(self, name: str) -> tuple[str, ...]:
        """Stages that read `name`, directly or through others (in graph order)."""
        found: set[str] = {name}
        for stage in self.stages.values():
            if any(u in found for u in stage.upstream):
                found.add(stage.name)
        return tuple(n for n in self.stages if n in found and n != name)

    def readers(self, key: str) -> tuple[str, ...]:
        """Stages that read the input `key` directly."""
        return tuple(s.name for s in self.stages.values() if key in s.inputs)

    def affected_by(self, key: str) -> tuple[str, ...]:
        """Stages an edit of `key` makes out of date: its readers and everything downstream of them."""
        found: set[str] = set()
        for reader in self.readers(key):
            found.add(reader)
            found.update(self.downstream(reader))
        return tuple(n for n in self.stages if n in found)


def _history_fingerprint(result: Any) -> str:
    history = compute.history_of(result)
    if history is None:
        return fingerprint(None)
    # {"__frame__": checksum} is what fingerprint() makes of the frame itself: the History keeps it
    return fingerprint({"frame": {"__frame__": history.checksum()}, "interval_min": int(history.interval_min)})


def _schedule_uses(inputs: Mapping[str, Any]) -> tuple[str, ...]:
    return () if inputs.get(SCHEDULE_REQUIREMENT) is not None else ("staffing",)


def _budget_uses(inputs: Mapping[str, Any]) -> tuple[str, ...]:
    return ("staffing",) if (inputs.get(BUDGET) or {}).get("source") == "plan" else ()


def _budget_fingerprint(reads: Mapping[str, Any]) -> str:
    """The budget's inputs without the parts it does not read (a table it does not price)."""
    doc = dict(reads.get(BUDGET) or {})
    if doc.get("source") == "plan":
        doc.pop("required_table", None)
        doc.pop("example", None)
    return fingerprint({"budget": doc, "week": reads.get(CONTRACT_WEEK), "staffing": reads.get("@staffing"),
                        **({"first_day": reads[WEEK_START]} if reads.get(WEEK_START, "Monday") != "Monday" else {})})


def _staffing_waits(reads: Mapping[str, Any]) -> str | None:
    """The staffing needs a forecast; the history only names the workbook's source (a forecast made
    elsewhere, e.g. stored by a test or a script, is staffed without one)."""
    if reads.get("forecast") is not None:
        return None
    return "waiting for data" if reads.get("data") is None else "waiting for forecast"


def _export_waits(reads: Mapping[str, Any]) -> str | None:
    return None if reads.get("staffing") is not None else "waiting for the staffing plan"


def _schedule_waits(reads: Mapping[str, Any]) -> str | None:
    if compute.schedule_requirement(reads) is None:
        return "waiting for the staffing plan (or a requirement file)"
    return None


def schedule_flag(result: Any) -> str | None:
    """The quality flag of a schedule result: the schedule's own warning (a gap above the threshold,
    or under-coverage above 2% of the required hours; :func:`scheduling.result.quality_warning`)."""
    schedule = result.get("schedule") if isinstance(result, dict) else result
    summary = getattr(schedule, "summary", None)
    return summary.get("warning") if isinstance(summary, dict) else None


def _accuracy_waits(reads: Mapping[str, Any]) -> str | None:
    if not reads.get(FORECAST_SNAPSHOTS):
        return "waiting for a forecast snapshot (keep one on the Forecast page)"
    if not reads.get(ACTUALS):
        return "waiting for actuals (import them on the Forecast page's Accuracy tab)"
    return None


def _accuracy_flag(result: Any) -> str | None:
    from wfm_desktop.core.forecast.accuracy import poor_queues

    if not isinstance(result, dict):
        return None
    if result.get("report") is None:
        return result.get("error") or "nothing to compare"
    return poor_queues(result["report"])


STAGES: tuple[Stage, ...] = (
    Stage("data", "Data", inputs=(HISTORY_IMPORT,), compute=compute.compute_data,
          result_fingerprint=_history_fingerprint),
    Stage("forecast", "Forecast", inputs=(FORECAST_SETTINGS,), upstream=("data",), compute=compute.compute_forecast),
    Stage("staffing", "Staffing", inputs=(STAFFING_SETTINGS, CONTRACT_WEEK, WEEK_START, HISTORY_IMPORT), upstream=("data", "forecast"),
          auto=True, compute=compute.compute_staffing, waits_for=_staffing_waits),
    Stage("schedule", "Schedule", inputs=(SCHEDULE_TEMPLATES, SCHEDULE_OPTIONS, SCHEDULE_REQUIREMENT, SCHEDULE_AGENTS,
                                          SCHEDULE_LOCKED),
          upstream=("staffing",), compute=compute.compute_schedule, uses=_schedule_uses,
          waits_for=_schedule_waits, fingerprint=compute.schedule_fingerprint, flag=schedule_flag),
    Stage("budget", "Budget", inputs=(BUDGET, CONTRACT_WEEK, WEEK_START), upstream=("staffing",), auto=True, compute=compute.compute_budget,
          uses=_budget_uses, waits_for=compute.budget_waits_for, fingerprint=_budget_fingerprint),
    Stage("scenarios", "Scenarios", inputs=(SCENARIOS, STAFFING_SETTINGS, CONTRACT_WEEK, WEEK_START, HISTORY_IMPORT, BUDGET),
          upstream=("data", "forecast"), auto=True, compute=scenarios.compute_scenarios,
          waits_for=scenarios.scenarios_waits_for),
    Stage("simulation", "Simulation", inputs=(SIMULATION_SETTINGS, SIMULATION_ACTUALS), upstream=("staffing", "schedule"), auto=True,
          compute=compute.compute_simulation, waits_for=compute.simulation_waits_for, fresh_only=("schedule",),
          auto_if=compute.simulation_runs_by_itself, flag=compute.simulation_flag),
    Stage("export", "Export", upstream=("staffing", "schedule", "budget", "scenarios", "simulation"), auto=True,
          compute=compute.compute_export, waits_for=_export_waits,
          fresh_only=("schedule", "budget", "scenarios", "simulation")),
    Stage("accuracy", "Accuracy", inputs=(FORECAST_SNAPSHOTS, ACTUALS, ACCURACY_SETTINGS), auto=True,
          compute=compute.compute_accuracy, waits_for=_accuracy_waits, flag=_accuracy_flag),
)

GRAPH = StageGraph(STAGES)


def with_flag(graph: StageGraph, name: str, flag: Callable[[Any], str | None]) -> StageGraph:
    """A copy of `graph` whose stage `name` flags its results with `flag`."""
    from dataclasses import replace

    return StageGraph(replace(s, flag=flag) if s.name == name else s for s in graph)
