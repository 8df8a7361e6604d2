"""A :class:`~wfm_desktop.core.plan.model.Plan` ⇄ the document saved in a ``.wfmplan`` file.

A saved plan keeps its numbers: the file holds every input value the results were computed
with — defaults included (:meth:`Plan.pin_defaults`), so a default changed by a later release
never changes a saved plan — and, per stage, the fingerprint its result was computed from.
Results that cannot simply be recomputed are stored too: the history (data), the forecast (a
run takes seconds to minutes) and the schedule (a time-limited solve is never repeated);
staffing, budget and export are recomputed on opening from the stored inputs.

Layout of the document's settings (schema version 6; the inputs include the forecast snapshots and
the actuals (:mod:`wfm_desktop.core.forecast.snapshots`) since version 4; version 1 is migrated by
:func:`~wfm_desktop.core.plan.migrations.migrate_v1_to_v2`, registered in :data:`~wfm_desktop.core.plan.file_format.MIGRATIONS`)::

    {"inputs":  {key: value, ...},                  # every resolved input
     "cache":   {key: value, ...},                  # entries this version does not interpret (kept)
     "history": {...} | null,                        # see document.py
     "results": {"forecast": {...}, "schedule": {...}},   # the schedule: here, or (saved by the
                                                         # app) as schedule/<table> cache entries
     "stages":  {name: {"fingerprint": ..., "parts": {...}, "restore": bool}}}

A plan saved under an older convention opens with :attr:`Plan.convention_changes` listing what
changed (:data:`~wfm_desktop.core.plan.migrations.CONVENTION_CHANGES`), for the GUI to show and the CLI to print.

    plan = open_plan("march.wfmplan")     # results restored; plan.refresh() recomputes the rest
    save(plan, "march.wfmplan")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan import document as doc
from wfm_desktop.core.plan.file_format import SCHEMA_VERSION, PlanDocument, load_plan, save_plan
from wfm_desktop.core.plan.migrations import convention_changes
from wfm_desktop.core.plan.model import Plan
from wfm_desktop.core.plan.stages import GRAPH, StageGraph

STORED_RESULTS = ("forecast", "schedule")
"""Results the file keeps (the history is kept as the document's history table)."""


# --------------------------------------------------------------------------- encoding results


def _encode_result(stage: str, value: Any) -> Any:
    if stage == "forecast":
        from wfm_desktop.core.forecast import settings_to_dict

        frames = {name: getattr(value, name) for name in ("daily", "intraday", "profiles", "aht_profile",
                                                          "backtest", "adjustments", "history_daily", "findings")}
        return {**frames, "settings": settings_to_dict(value.settings), "interval_min": value.interval_min,
                "notes": list(value.notes)}
    if stage == "schedule":
        from wfm_desktop.core.scheduling.cache import schedule_to_cache

        entries = schedule_to_cache(value["schedule"], value.get("roster"))
        if value.get("roster_error"):
            entries["info"] = {**entries["info"], "roster_error": value["roster_error"]}
        return {"cache": entries}
    raise ValueError(stage)


def _datetimes(frame, columns):
    import pandas as pd

    for column in columns:
        if column in frame.columns and not pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame = frame.assign(**{column: pd.to_datetime(frame[column])})
    return frame


def _decode_result(stage: str, value: Any) -> Any:
    if stage == "forecast":
        import pandas as pd

        from wfm_desktop.core.forecast import ForecastResult, settings_from_dict

        frames = {name: _datetimes(value[name], ("date", "start")) for name in
                  ("daily", "intraday", "profiles", "aht_profile", "backtest", "adjustments", "history_daily")}
        interval = value.get("interval_min")
        if isinstance(value.get("findings"), pd.DataFrame):  # kept since schema 4
            findings = value["findings"]  # start and end are dates, as the cleaning reports them
            frames["findings"] = findings.assign(**{c: pd.to_datetime(findings[c]).dt.date for c in ("start", "end")
                                                    if c in findings.columns})
        return ForecastResult(**frames, settings=settings_from_dict(value["settings"]),
                              interval_min=None if interval is None else int(interval),
                              notes=tuple(str(n) for n in value.get("notes", ())))
    if stage == "schedule":
        from wfm_desktop.core.scheduling.cache import schedule_from_cache

        entries = value.get("cache") or {}
        restored = schedule_from_cache(entries)
        if restored is None:
            raise WfmError("the plan's saved schedule cannot be read")
        error = entries["info"].get("roster_error")
        return {"schedule": restored[0], "roster": restored[1], "roster_error": error if isinstance(error, str)
                else None}
    raise ValueError(stage)


# --------------------------------------------------------------------------- plan ⇄ document


@dataclass(frozen=True)
class PlanSnapshot:
    """The plan as it is at one moment, taken cheaply (dict copies only) where the plan lives.

    Inputs, results and cache entries are never changed in place (a change stores a new value),
    so copying the dicts that hold them is a snapshot; :meth:`document` (turning tables into the
    file's text) can then run on a worker thread while the planner goes on editing.
    """

    inputs: dict[str, Any]
    history: Any
    cache: dict[str, Any]
    records: dict[str, Any]
    pending_restore: tuple[str, ...]
    extra: dict[str, Any]

    def document(self) -> PlanDocument:
        document = doc.to_document(self.inputs, self.history, self.cache)
        results, stages = {}, {}
        for name, record in self.records.items():
            if name in self.pending_restore:
                stages[name] = {"restore": True}
            if record is None:
                continue
            stages[name] = {"fingerprint": record.fingerprint, "parts": dict(record.parts)}
            if name == "schedule" and isinstance(self.cache.get("schedule/info"), dict):
                continue  # the Schedule page keeps the solve's tables as ``schedule/<table>`` cache entries
            if name in STORED_RESULTS:
                results[name] = doc.encode(_encode_result(name, record.value), f"result-{name}", document.tables,
                                           f"result {name!r}")
        document.settings.update(results=results, stages=stages, **self.extra)
        return document


def snapshot(plan: Plan, extra: dict | None = None) -> PlanSnapshot:
    """What :func:`to_document` writes, taken now: every resolved input (defaults pinned), results, cache."""
    from wfm_desktop.core.plan.compute import history_of

    from wfm_desktop.core.plan.compute import schedule_requirement
    from wfm_desktop.core.plan.defaults import SCHEDULE_TEMPLATES

    # A plan with nothing to schedule yet keeps its templates implicit: once it has a requirement, they
    # follow its opening hours (compute.follow_opening_hours), as a new plan's do.
    waiting = plan.inputs.get(SCHEDULE_TEMPLATES) is None and schedule_requirement(plan.reads("schedule")) is None
    plan.pin_defaults(leave=(SCHEDULE_TEMPLATES,) if waiting else ())
    return PlanSnapshot(inputs=plan.inputs.values(), history=history_of(plan.result("data")), cache=dict(plan.cache),
                        records={name: plan.record(name) for name in plan.graph.names},
                        pending_restore=tuple(plan.pending_restore), extra=dict(extra or {}))


def to_document(plan: Plan, extra: dict | None = None) -> PlanDocument:
    """The plan as a document: every resolved input, the history, stored results and fingerprints."""
    return snapshot(plan, extra).document()


def from_document(document: PlanDocument, *, graph: StageGraph = GRAPH) -> Plan:
    """The plan a loaded document holds: inputs, history, stored results with their fingerprints.

    Automatic stages are not computed here (:meth:`Plan.refresh` does, e.g. on a worker thread);
    a stage the file says was run but did not keep is listed in :attr:`Plan.pending_restore`.
    """
    inputs, history, cache = doc.from_document(document)
    plan = Plan(inputs, graph=graph)
    plan.cache = dict(cache)
    settings = document.settings if isinstance(document.settings, dict) else {}
    stages = settings.get("stages") or {}
    if history is not None:
        plan.set_result("data", history)
    for name in graph.names:
        spec = stages.get(name) if isinstance(stages, dict) else None
        if not isinstance(spec, dict):
            continue
        stored = (settings.get("results") or {}).get(name)
        if stored is not None and name in STORED_RESULTS:
            value = _decode_result(name, doc.decode(stored, document.tables))
            plan.adopt(name, value, spec.get("fingerprint"), spec.get("parts") or {})
        elif name == "schedule" and isinstance(plan.cache.get("schedule/info"), dict):
            entries = {key.split("/", 1)[1]: value for key, value in plan.cache.items()
                       if key.startswith("schedule/")}
            value = _decode_result("schedule", {"cache": entries})
            plan.adopt(name, value, spec.get("fingerprint") or entries["info"].get("checksum"),
                       spec.get("parts") or {})
        elif spec.get("restore") and name not in plan.results():
            plan.pending_restore.append(name)
    notes = settings.get("migration_notes") if isinstance(settings.get("migration_notes"), list) else []
    plan.convention_changes = (convention_changes(getattr(document, "schema_version", None) or SCHEMA_VERSION)
                               + [str(n) for n in notes])
    plan.inputs.mark_clean()
    return plan


def save(plan: Plan, path: str | Path, *, force: bool = True) -> Path:
    """Write `plan` to a ``.wfmplan`` file (atomic; `force` False refuses to replace a file)."""
    if not force and Path(path).exists():
        raise WfmError(f"{path} exists; give --force to replace it")
    saved = save_plan(to_document(plan), path, force=True)
    plan.inputs.mark_clean()
    return saved


def open_plan(path: str | Path, *, graph: StageGraph = GRAPH) -> Plan:
    """Read a ``.wfmplan`` file (any version this release reads) into a :class:`Plan`."""
    return from_document(load_plan(path), graph=graph)
