"""How plan files of older versions are brought up to date, and what changed in the numbers.

Two lists, both ordered, both appended to (never edited) when a release changes something:

* :data:`wfm_desktop.core.plan.file_format.MIGRATIONS` — one function per schema version step
  that rewrites an older manifest into the next version's layout (here: :func:`migrate_v1_to_v2`);
* :data:`CONVENTION_CHANGES` — changes of convention (FTE, months, rounding, defaults) that make
  an older plan's numbers come out differently. A plan saved with an older schema version lists
  the texts of the changes made since, when it is opened (the GUI shows them, the CLI prints
  them). A change of convention bumps ``SCHEMA_VERSION`` (with a migration step, even one that
  changes nothing in the layout) so that plans saved before it can be told apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ConventionChange:
    """A change of convention that changes an older plan's numbers.

    ``since`` is the first schema version that computes the new way; a plan saved with an older
    version lists ``text`` when opened.
    """

    since: int
    text: str


CONVENTION_CHANGES: list[ConventionChange] = [
    ConventionChange(3, "One contracted week for the whole plan (staffing, capacity and budget; 37.5 h unless "
                        "set): staffing's hours per FTE and the budget's contracted hours were two settings"),
    ConventionChange(3, "FTE from unrounded paid hours: gross agents were rounded up in every interval before "
                        "being summed into FTE (whole agents remain for schedules)"),
    ConventionChange(3, "Months count their days ÷ 7 weeks everywhere (the Assumptions sheet used 52 ÷ 12 weeks, "
                        "the budget days ÷ 7)"),
    ConventionChange(3, "A part week's FTE counts the open days in it ÷ the open days of a full week "
                        "(it counted calendar days)"),
    ConventionChange(3, "A chat queue nobody set up is staffed as chat (2 per agent) on the command line too, "
                        "and the occupancy cap is 85% on every page"),
    ConventionChange(3, "A forecast run again uses this version's methods and Auto (plans before did not keep "
                        "their forecast); abnormal-day cleaning and backtested intraday shapes stay off for them, "
                        "as they were (turn them on in the forecast settings)"),
]
"""Ordered by ``since``; each change of convention appends one (with a schema version bump)."""


def convention_changes(saved_version: int) -> list[str]:
    """What is computed differently now than when a plan of `saved_version` was saved."""
    return [c.text for c in CONVENTION_CHANGES if c.since > saved_version]


def migrate_v1_to_v2(manifest: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no stage fingerprints. Its solved schedule (``schedule/<table>`` cache entries)
    carries the checksum of its requirement, templates and options, which is the schedule stage's
    fingerprint; a forecast run was noted as ``forecast/last_run`` and not kept: it is restored by
    running it again from the saved settings. The cache entries stay (the Schedule page reads them)."""
    settings = dict(manifest.get("settings") or {})
    cache = settings.get("cache") if isinstance(settings.get("cache"), dict) else {}
    stages = dict(settings["stages"]) if isinstance(settings.get("stages"), dict) else {}
    info = cache.get("schedule/info")
    if isinstance(info, dict):
        stages["schedule"] = {"fingerprint": str(info.get("checksum") or "") or None, "parts": {}}
    if cache.get("forecast/last_run") is not None:
        stages["forecast"] = {"restore": True}
    settings.update(stages=stages)
    return {**manifest, "settings": settings}


def migrate_v2_to_v3(manifest: dict[str, Any]) -> dict[str, Any]:
    """Version 3 has one contracted week for the plan (input ``assumptions/contract_hours_week``).

    Version 2 kept an hours-per-FTE per queue (staffing) and a contracted week in the budget; the
    week staffing used wins (it is the FTE the planner saw), and what differed is noted in
    ``settings["migration_notes"]`` for the planner to read when the plan opens.
    """
    from wfm_desktop.core.conventions import CONTRACT_WEEK_KEY, contract_week_from_old_inputs

    settings = dict(manifest.get("settings") or {})
    inputs = dict(settings["inputs"]) if isinstance(settings.get("inputs"), dict) else {}
    try:
        week, notes = contract_week_from_old_inputs(inputs)
    except (TypeError, ValueError, AttributeError):
        week, notes = None, ["The plan's hours per FTE could not be read; the default contracted week is used."]
    if week is not None and CONTRACT_WEEK_KEY not in inputs:
        inputs[CONTRACT_WEEK_KEY] = week
    forecast = inputs.get("forecast/settings")
    forecast = dict(forecast) if isinstance(forecast, dict) else {}
    forecast.setdefault("clean_history", False)  # version 2 and before fitted on every day
    forecast.setdefault("profile_weeks", 8)  # and built intraday profiles from the last 8 weeks
    inputs["forecast/settings"] = forecast
    staffing = inputs.get("staffing/settings")
    if isinstance(staffing, dict) and isinstance(staffing.get("queues"), dict):
        queues = {q: ({k: v for k, v in qs.items() if k != "hours_per_fte"} if isinstance(qs, dict) else qs)
                  for q, qs in staffing["queues"].items()}
        inputs["staffing/settings"] = {**staffing, "queues": queues}
    settings.update(inputs=inputs, migration_notes=list(settings.get("migration_notes") or []) + notes)
    return {**manifest, "settings": settings}


def migrate_v3_to_v4(manifest: dict[str, Any]) -> dict[str, Any]:
    """Version 4 keeps forecast snapshots (input ``forecast/snapshots``), the actuals imported since
    (``accuracy/actuals``), which snapshot the accuracy stage compares (``accuracy/settings``) and the
    forecast's findings (abnormal periods) with its result. A version 3 plan has none of them: no
    snapshot, no actuals, the latest snapshot compared; its forecast's findings come back with the next
    run. No number of a saved plan changes."""
    settings = dict(manifest.get("settings") or {})
    inputs = dict(settings["inputs"]) if isinstance(settings.get("inputs"), dict) else {}
    inputs.setdefault("accuracy/settings", {"snapshot": None, "worst": 10})
    settings.update(inputs=inputs)
    return {**manifest, "settings": settings}


def migrate_v4_to_v5(manifest: dict[str, Any]) -> dict[str, Any]:
    """Version 5 adds two staffing settings for quiet intervals (:mod:`wfm_desktop.core.staffing.quiet`):
    the minimum staff may be automatic (null: 1 for a queue open around the clock) and
    ``fill_quiet_gaps`` gives short empty runs between staffed intervals one agent. A plan saved
    before keeps its numbers: its minimum staff stays the number it saved (0 when it saved none)
    and the quiet-gap rule stays off, also for queues it never set up (``quiet_defaults`` False);
    the planner can turn both on on the Staffing page."""
    settings = dict(manifest.get("settings") or {})
    inputs = dict(settings["inputs"]) if isinstance(settings.get("inputs"), dict) else {}
    staffing = inputs.get("staffing/settings")
    if staffing is None:  # never edited: the queues' defaults, as they were then
        staffing = {"default": None, "queues": {}}
    if isinstance(staffing, dict):

        def kept(qs):
            if not isinstance(qs, dict):
                return qs
            out = dict(qs)
            if out.get("min_staff") is None:
                out["min_staff"] = 0
            out.setdefault("fill_quiet_gaps", False)
            return out

        staffing = {**staffing, "quiet_defaults": False}
        if isinstance(staffing.get("queues"), dict):
            staffing["queues"] = {q: kept(qs) for q, qs in staffing["queues"].items()}
        if isinstance(staffing.get("default"), dict):
            staffing["default"] = kept(staffing["default"])
        inputs["staffing/settings"] = staffing
        settings.update(inputs=inputs)
    return {**manifest, "settings": settings}


def migrate_v5_to_v6(manifest: dict[str, Any]) -> dict[str, Any]:
    """Version 6 adds the plan's first day of the week (``assumptions/week_start``), special dates per
    queue, and whole-plan scenarios (``scenarios``). An older plan's weeks started on Monday and it
    had no special dates or saved scenarios (the Budget page's pinned scenario lived only in the
    window), so it keeps its numbers: its weeks are written down as starting on Monday, its opening
    hours — already seven days, Monday first, in the file; the page showed them as Mon–Fri / Sat /
    Sun — stay as they were, and its scenario list is empty."""
    from wfm_desktop.core.conventions import DEFAULT_WEEK_START, WEEK_START_KEY

    settings = dict(manifest.get("settings") or {})
    inputs = dict(settings["inputs"]) if isinstance(settings.get("inputs"), dict) else {}
    inputs.setdefault(WEEK_START_KEY, DEFAULT_WEEK_START)
    inputs.setdefault("scenarios", [])
    settings.update(inputs=inputs)
    return {**manifest, "settings": settings}


def migrate_v6_to_v7(manifest: dict[str, Any]) -> dict[str, Any]:
    """Version 7 may hold two more schedule inputs: ``schedule/agents`` (the roster's agents with their
    time off and preferences) and ``schedule/locked`` (the shifts of published weeks a re-solve keeps).
    An older plan has neither, which means what it meant then (numbered agents, nothing locked), so
    nothing is rewritten and no number changes; the step exists so that an older app refuses a plan
    that holds them instead of dropping them silently."""
    return dict(manifest)
