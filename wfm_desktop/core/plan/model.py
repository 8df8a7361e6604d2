"""The plan: its inputs (with undo), the stage graph, and the results — one object, one truth.

    plan = Plan()
    plan.set_result("data", history)                # an import (or plan.run("data") for history_import)
    plan.inputs.set("forecast/settings", {...}, "Edit horizon")
    plan.run("forecast")                            # on request: forecast, schedule
    plan.refresh()                                  # every out-of-date automatic stage: staffing, budget, export
    plan.state("budget")                            # StageState("up to date") / ("out of date", why) / ...
    plan.result("export")                           # what the workbook writes

**One staleness rule.** Every stored result keeps the fingerprint of what its stage read when
it was computed (:mod:`.stages`: resolved input values and upstream results' fingerprints). A
stage is *out of date* exactly when that fingerprint differs from the one its reads give now,
or when a stage it reads is out of date; a result is never thrown away because something else
changed. *Flagged*: an up-to-date result whose stage's ``flag`` hook reports a quality problem.

**Off the GUI thread.** :meth:`job` takes a snapshot of what a stage reads (on the thread that
owns the plan); ``job.run(progress=..., cancel=...)`` computes anywhere; :meth:`store` puts the
answer back. A result stored from a snapshot that is no longer current is kept and simply
shows as out of date (an automatic stage is then computed again).

The plan file side (every value a result was computed with, defaults included):
:mod:`.saved`. The GUI's :class:`~wfm_desktop.gui.plan_controller.PlanController` is a thin Qt
adapter over this class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.defaults import STAFFING_SETTINGS, resolve, resolve_all
from wfm_desktop.core.plan.fingerprint import fingerprint
from wfm_desktop.core.plan.inputs import PlanInputs
from wfm_desktop.core.plan.stages import GRAPH, Stage, StageGraph
from wfm_desktop.core.progress import CancelFn, ProgressFn

NOT_RUN = "not run"
UP_TO_DATE = "up to date"
OUT_OF_DATE = "out of date"
FLAGGED = "flagged"

INPUT_LABELS = {
    "history_import": "the imported history", "forecast/settings": "the forecast settings",
    "staffing/settings": "the staffing settings", "schedule/templates": "the shift templates",
    "schedule/options": "the schedule options", "schedule/requirement": "the loaded requirement",
    "budget": "the budget inputs", "forecast/snapshots": "the forecast snapshots",
    "accuracy/actuals": "the actuals", "accuracy/settings": "the snapshot compared",
    "scenarios": "the scenarios", "assumptions/week_start": "the first day of the week",
    "simulation/settings": "the simulation settings", "simulation/actuals": "the actual arrivals",
}


@dataclass(frozen=True)
class StageState:
    """A stage's state for the step list: status, why (out of date, not run) and a result's flag."""

    status: str
    reason: str = ""
    flag: str | None = None

    def __str__(self) -> str:
        return f"{self.status}: {self.reason}" if self.reason else self.status


@dataclass(frozen=True)
class Record:
    """A stored result and the fingerprint of what it was computed from (``parts``: per input/upstream)."""

    value: Any
    fingerprint: str | None
    parts: dict[str, str] = field(default_factory=dict)
    result_fingerprint: str | None = None
    flag: str | None = None


@dataclass(frozen=True)
class Job:
    """A stage's reads, taken on the plan's thread; :meth:`run` computes anywhere."""

    stage: Stage
    reads: dict[str, Any]
    fingerprint: str | None
    parts: dict[str, str]

    def run(self, *, progress: ProgressFn = None, cancel: CancelFn = None) -> "Computed":
        value = self.stage.compute(self.reads, progress=progress, cancel=cancel)
        return Computed(self.stage.name, value, self.fingerprint, self.parts)


@dataclass(frozen=True)
class Computed:
    stage: str
    value: Any
    fingerprint: str | None
    parts: dict[str, str]


class Plan:
    """One plan: inputs (undo stack), results with their fingerprints, stage states."""

    def __init__(self, inputs: dict[str, Any] | PlanInputs | None = None, *, graph: StageGraph = GRAPH) -> None:
        self.inputs = inputs if isinstance(inputs, PlanInputs) else PlanInputs(inputs)
        self.graph = graph
        self.cache: dict[str, Any] = {}  # other saved entries this version does not interpret (kept)
        self.convention_changes: list[str] = []  # shown once when an older plan is opened
        self.pending_restore: list[str] = []  # stages an opened plan had run but whose results it did not keep
        self._records: dict[str, Record] = {}
        self._memo: dict[str, tuple[tuple, tuple[str | None, dict[str, str]]]] = {}
        self._reads_memo: dict[str, tuple[Any, Any]] = {}  # reads() and forecast_queues() until a change
        self._results_revision = 0
        self.listeners: list[Callable[[str], None]] = []  # called with a stage name when its result changed

    # -- inputs ----------------------------------------------------------------------------
    def input(self, key: str, default: Any = None) -> Any:
        return self.inputs.get(key, default)

    def forecast_queues(self) -> tuple[str, ...]:
        memo = self._reads_memo.get("#queues")
        if memo is not None and memo[0] == self._results_revision:
            return memo[1]
        forecast = self.result("forecast")
        frame = getattr(forecast, "daily", None)
        queues = () if frame is None else tuple(sorted(frame["queue"].astype(str).unique().tolist()))
        self._reads_memo["#queues"] = (self._results_revision, queues)
        return queues

    def resolved(self, key: str) -> Any:
        """The full value `key` computes with (defaults filled in; see :func:`.defaults.resolve`)."""
        return resolve(key, self.inputs.get(key), self.forecast_queues())

    def resolved_inputs(self) -> dict[str, Any]:
        return resolve_all(self.inputs.values(), self.forecast_queues())

    def pin_defaults(self, *, leave: tuple[str, ...] = ()) -> list[str]:
        """Store every value the plan computes with (no undo step, not a modification); the keys pinned.

        A key the planner never edited holds its default only implicitly; pinned, a later release's
        different default cannot change this plan. Values already stored are resolved in place when
        that only adds what they left implicit (e.g. the staffing settings of unedited queues).
        Keys in `leave` stay implicit (a default nothing was computed with yet).
        """
        pinned = []
        for key, value in self.resolved_inputs().items():
            current = self.inputs.get(key)
            if current is None and key in leave:
                continue
            if current is None:
                if self.inputs.pin(key, value):
                    pinned.append(key)
            elif key == STAFFING_SETTINGS and _only_adds_queues(current, value):
                if self.inputs.pin(key, value, filling=True):
                    pinned.append(key)
        return pinned

    # -- results ---------------------------------------------------------------------------
    def result(self, stage: str) -> Any:
        self.graph[stage]
        record = self._records.get(stage)
        return None if record is None else record.value

    def record(self, stage: str) -> Record | None:
        self.graph[stage]
        return self._records.get(stage)

    def results(self) -> dict[str, Any]:
        return {name: record.value for name, record in self._records.items()}

    def set_result(self, stage: str, value: Any) -> None:
        """Store `value` as computed from what `stage` reads now (an import, a result computed elsewhere)."""
        fp, parts = self.fingerprint(stage)
        self.store(Computed(stage, value, fp, parts))

    def store(self, computed: Computed) -> None:
        """Keep a computed result (from :meth:`job`); None clears the stage's result."""
        stage = self.graph[computed.stage]
        if computed.value is None:
            self.clear(stage.name)
            return
        result_fp = stage.result_fingerprint(computed.value) if stage.result_fingerprint else computed.fingerprint
        flag = stage.flag(computed.value) if stage.flag else None
        if stage.name in self.pending_restore:
            self.pending_restore.remove(stage.name)
        self._records[stage.name] = Record(computed.value, computed.fingerprint, dict(computed.parts),
                                           result_fp, flag)
        self._changed(stage.name)

    def adopt(self, stage: str, value: Any, fingerprint: str | None, parts: dict[str, str] | None = None,
              result_fingerprint: str | None = None) -> None:
        """Put back a result saved with the plan, with the fingerprint it was computed from."""
        spec = self.graph[stage]
        rfp = result_fingerprint or (spec.result_fingerprint(value) if spec.result_fingerprint else fingerprint)
        self._records[stage] = Record(value, fingerprint, dict(parts or {}), rfp,
                                      spec.flag(value) if spec.flag else None)
        self._changed(stage)

    def clear(self, stage: str) -> None:
        if self._records.pop(self.graph[stage].name, None) is not None:
            self._changed(stage)

    def clear_all(self) -> None:
        names = list(self._records)
        self._records.clear()
        self.pending_restore = []
        for name in names:
            self._changed(name)

    def _changed(self, stage: str) -> None:
        self._results_revision += 1
        self._memo.clear()
        self._reads_memo.clear()
        for listener in list(self.listeners):
            listener(stage)

    # -- what a stage reads ----------------------------------------------------------------
    def _fresh(self, name: str) -> bool:
        return self.state(name).status in (UP_TO_DATE, FLAGGED)

    def reads(self, stage: str) -> dict[str, Any]:
        """The stage's resolved inputs, its used upstream results, and their fingerprints as ``@name``.

        Kept until an input or a result changes: the step list and the pages ask for every stage's
        state after each change, and resolving defaults (e.g. the default shift templates) is not free.
        """
        key = (self.inputs.revision, self._results_revision)
        memo = self._reads_memo.get(stage)
        if memo is not None and memo[0] == key:
            return dict(memo[1])
        out = self._reads(stage)
        self._reads_memo[stage] = (key, out)
        return dict(out)

    def _reads(self, stage: str) -> dict[str, Any]:
        spec = self.graph[stage]
        queues = self.forecast_queues()
        out: dict[str, Any] = {key: resolve(key, self.inputs.get(key), queues) for key in spec.inputs}
        for name in spec.upstream_used(out):
            record = self._records.get(name)
            if record is not None and name in spec.fresh_only and not self._fresh(name):
                record = None
            out[name] = None if record is None else record.value
            out[f"@{name}"] = None if record is None else record.result_fingerprint
        return out

    def fingerprint(self, stage: str) -> tuple[str | None, dict[str, str]]:
        """The fingerprint of what `stage` reads now, and its parts (per input key and upstream stage)."""
        key = (self.inputs.revision, self._results_revision)
        memo = self._memo.get(stage)
        if memo is not None and memo[0] == key:
            return memo[1]
        spec = self.graph[stage]
        reads = self.reads(stage)
        parts = {k: fingerprint(reads[k]) for k in spec.inputs}
        parts.update({name: str(reads[f"@{name}"]) for name in spec.upstream if f"@{name}" in reads})
        whole = spec.fingerprint(reads) if spec.fingerprint else fingerprint(parts)
        self._memo[stage] = (key, (whole, parts))
        return whole, parts

    # -- states ----------------------------------------------------------------------------
    def state(self, stage: str) -> StageState:
        spec = self.graph[stage]
        record = self._records.get(stage)
        if record is None:
            if stage in self.pending_restore:
                return StageState(NOT_RUN, "being restored as it was saved")
            waiting = self.waits_for(stage)
            if waiting:
                return StageState(NOT_RUN, waiting)
            by_itself = spec.auto and (spec.auto_if is None or spec.auto_if(self.reads(stage)))
            return StageState(NOT_RUN, "computing…" if by_itself else "not run yet")
        whole, parts = self.fingerprint(stage)
        if whole != record.fingerprint:
            changed = []
            if record.parts:  # a result saved before the plan model has only its whole fingerprint
                changed = [name for name in parts if record.parts.get(name) != parts[name]]
                changed += [name for name in record.parts if name not in parts]
            return StageState(OUT_OF_DATE, self._why(changed))
        if not record.parts and parts:  # a result saved before the plan model, found current: keep the parts
            self._records[stage] = Record(record.value, record.fingerprint, dict(parts), record.result_fingerprint,
                                          record.flag)
        for name in spec.upstream_used(self.reads(stage)):
            if name in spec.fresh_only:
                continue
            if self._records.get(name) is not None and self.state(name).status == OUT_OF_DATE:
                return StageState(OUT_OF_DATE, f"{self.graph[name].title} is out of date")
        if record.flag:
            return StageState(FLAGGED, record.flag, record.flag)
        return StageState(UP_TO_DATE)

    def _why(self, changed: list[str]) -> str:
        if not changed:
            return "what it was computed from changed"
        names = [INPUT_LABELS.get(n) or (f"the {self.graph[n].title.lower()} result" if n in self.graph.stages
                                           else n) for n in changed]
        return "changed since it was computed: " + ", ".join(dict.fromkeys(names))

    def states(self) -> dict[str, StageState]:
        return {name: self.state(name) for name in self.graph.names}

    def waits_for(self, stage: str) -> str | None:
        """Why `stage` cannot be computed yet (None: it can)."""
        spec = self.graph[stage]
        reads = self.reads(stage)
        if spec.waits_for is not None:
            return spec.waits_for(reads)
        for name in spec.upstream_used(reads):
            if reads.get(name) is None:
                return f"waiting for {self.graph[name].title.lower()}"
        return None

    def needs_compute(self, stage: str) -> bool:
        """An automatic stage whose own fingerprint changed (or that never ran) and that can run."""
        spec = self.graph[stage]
        if not spec.auto or self.waits_for(stage):
            return False
        if spec.auto_if is not None and not spec.auto_if(self.reads(stage)):
            return False
        record = self._records.get(stage)
        return record is None or record.fingerprint != self.fingerprint(stage)[0]

    def stale_auto(self) -> list[str]:
        return [name for name in self.graph.names if self.needs_compute(name)]

    # -- computing -------------------------------------------------------------------------
    def job(self, stage: str) -> Job:
        """A snapshot of what `stage` reads, to compute (WfmError when it cannot run yet)."""
        spec = self.graph[stage]
        if spec.compute is None:
            raise WfmError(f"{spec.title}: this step is not computed by the plan")
        waiting = self.waits_for(stage)
        if waiting:
            raise WfmError(f"{spec.title}: {waiting}")
        whole, parts = self.fingerprint(stage)
        return Job(spec, self.reads(stage), whole, parts)

    def run(self, stage: str, *, progress: ProgressFn = None, cancel: CancelFn = None) -> Any:
        """Compute `stage` now (on request or not) and store its result; returns it."""
        computed = self.job(stage).run(progress=progress, cancel=cancel)
        self.store(computed)
        return computed.value

    def refresh(self, *, progress: ProgressFn = None, cancel: CancelFn = None) -> list[str]:
        """Recompute every out-of-date automatic stage in graph order; returns the stages computed.
        Stages an opened plan is waiting to restore (:attr:`pending_restore`) come first."""
        done = []
        for stage in list(self.pending_restore):
            self.pending_restore.remove(stage)
            if not self.waits_for(stage):
                self.run(stage, progress=progress, cancel=cancel)
                done.append(stage)
        for stage in self.graph.names:
            if self.needs_compute(stage):
                self.run(stage, progress=progress, cancel=cancel)
                done.append(stage)
        return done


def _only_adds_queues(stored: Any, resolved: Any) -> bool:
    """True when the resolved staffing settings are the stored ones plus the queues they left implicit."""
    from wfm_desktop.core.staffing.queue_settings import plan_settings_from_dict

    if not isinstance(stored, dict) or not isinstance(resolved, dict) or stored == resolved:
        return False
    try:
        before, after = plan_settings_from_dict(stored), plan_settings_from_dict(resolved)
    except WfmError:
        return False
    return (before.default == after.default and before.title == after.title
            and before.quiet_defaults == after.quiet_defaults
            and all(after.queues.get(q) == qs for q, qs in before.queues.items())
            and set(after.queues) > set(before.queues))
