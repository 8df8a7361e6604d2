"""The Edit menu's words for an input edit: compare the value before and after, name the change.

Each page stores its inputs as one JSON-able dict (or a table); after an edit
it asks here for the step's label ("Edit growth %", "Add event 2025-12-25",
"Edit AHT (Billing)", ...). Labels matter twice: the menu shows them
("Undo Edit growth %"), and consecutive edits with the same label merge into one
undo step (the ticks of one spin box), so a label names the field, not the value.
No Qt here: plain functions, tested directly.
"""

from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from wfm_desktop.core.plan.inputs import same_value

METHOD_NAMES = {"auto": "Auto", "seasonal_naive": "seasonal naive", "weekday_avg": "weekday average",
                "weekday_level": "weekday pattern × level",
                "ets": "ETS", "mstl": "MSTL", "harmonic": "harmonic regression", "combo": "combination"}
FORECAST_FIELDS = {
    "horizon_days": "Edit horizon", "level": "Edit interval level", "percentile": "Edit confidence (days meeting the target)",
    "country": "Edit holidays", "growth": "Edit growth %", "deflection": "Edit deflection %",
    "profile_weeks": "Edit profile weeks",
}


def _changed(old: Mapping, new: Mapping) -> list[str]:
    return [k for k in new if not same_value(old.get(k), new[k])] + [k for k in old if k not in new]


def forecast_label(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """Label of a change of the Forecast page's settings (``settings_to_dict`` form)."""
    changed = _changed(old, new)
    if "method" in changed:
        return f"Change method to {METHOD_NAMES.get(new.get('method'), new.get('method'))}"
    if "events" in changed:
        return _events_label(old.get("events") or [], new.get("events") or [])
    if "overrides" in changed:
        return _overrides_label(old.get("overrides") or [], new.get("overrides") or [])
    for key in changed:
        if key in FORECAST_FIELDS:
            return FORECAST_FIELDS[key]
    return "Edit forecast settings"


def _events_label(old: list, new: list) -> str:
    if len(new) > len(old):
        added = [e for e in new if e not in old] or new[len(old):]
        return f"Add event {added[0]['date']}" if len(added) == 1 else f"Add {len(added)} events"
    if len(new) < len(old):
        removed = [e for e in old if e not in new] or old[len(new):]
        return f"Remove event {removed[0]['date']}" if len(removed) == 1 else f"Remove {len(removed)} events"
    for before, after in zip(old, new):
        if before != after:
            return f"Edit event {after['date']}"
    return "Edit events"


def _overrides_label(old: list, new: list) -> str:
    before = {(o["queue"], o["date"]): o["contacts"] for o in old}
    after = {(o["queue"], o["date"]): o["contacts"] for o in new}
    for key, value in after.items():
        if before.get(key) != value:
            return f"Override {key[1]} ({key[0]})"
    for key in before:
        if key not in after:
            return f"Clear override {key[1]} ({key[0]})"
    return "Edit overrides"


STAFFING_FIELDS = {
    "channel": "Change channel", "concurrency": "Edit chats per agent", "response_target_h": "Edit response target",
    "patience_s": "Edit patience", "sl": "Edit service level target", "answer_s": "Edit answer time",
    "asa_s": "Edit ASA target", "max_occupancy": "Edit occupancy cap", "open_hours": "Edit open hours",
    "min_staff": "Edit minimum staff", "fill_quiet_gaps": "Edit quiet gaps", "shrinkage": "Edit shrinkage", "shrinkage_by_month": "Edit shrinkage",
    "special_hours": "Edit special dates",
}


def staffing_label(queue: str, old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> str:
    """Label of a change of one queue's settings (``queue_settings_to_dict`` form): "Edit SL target (Billing)"."""
    old = old or {}
    changed = _changed(old, new)
    if "channel" in changed:
        return f"Change channel to {new['channel']} ({queue})"
    if "shrinkage" in changed:
        return _shrinkage_label(queue, old.get("shrinkage") or [], new.get("shrinkage") or [])
    for key in changed:
        if key in STAFFING_FIELDS:
            return f"{STAFFING_FIELDS[key]} ({queue})"
    return f"Edit staffing settings ({queue})"


def _shrinkage_label(queue: str, old: list, new: list) -> str:
    if len(new) > len(old):
        return f"Add shrinkage category ({queue})"
    if len(new) < len(old):
        return f"Remove shrinkage category ({queue})"
    for before, after in zip(old, new):
        if before != after:
            return f"Edit shrinkage {after.get('category') or before.get('category')} ({queue})"
    return f"Edit shrinkage ({queue})"


def table_label(what: str, old: pd.DataFrame | None, new: pd.DataFrame, *, name_column: str = "name",
                headers: Mapping[str, str] | None = None) -> str:
    """Label of an edit of a table with one named row per item: "Add template", "Edit Breaks (Full 8h)"."""
    headers = headers or {}
    if old is None or len(new) > len(old):
        return f"Add {what}"
    if len(new) < len(old):
        return f"Remove {what}"
    for column in new.columns:
        before = old[column].astype(str).tolist() if column in old.columns else [""] * len(old)
        after = new[column].astype(str).tolist()
        for row, (a, b) in enumerate(zip(before, after)):
            if a != b:
                name = str(new[name_column].iloc[row]) if name_column in new.columns else f"row {row + 1}"
                return f"Edit {headers.get(column, column)} ({name})"
    return f"Edit {what}s"


def options_label(old: Mapping[str, Any], new: Mapping[str, Any], names: Mapping[str, str],
                  default: str = "Edit options") -> str:
    """Label of a change in a flat dict of options, from `names` (key → "Edit time limit")."""
    for key in _changed(old, new):
        if key in names:
            return names[key]
    return default


BUDGET_FIELDS = {
    "currency": "Edit currency", "contract_hours_week": "Edit contracted week",
    "trainer_cost_per_hire": "Edit trainer cost per hire", "licences": "Edit licences",
    "implementation": "Edit implementation costs",
}
BUDGET_CAPACITY_FIELDS = {
    "starting_headcount": "Edit starting headcount", "attrition_month": "Edit attrition",
    "onboarding_weeks": "Edit training weeks", "nesting_weeks": "Edit nesting weeks",
    "trainer_cost_per_hire": "Edit trainer cost per hire",
    "nesting_productivity": "Edit nesting productivity", "lead_time_weeks": "Edit recruiting lead time",
    "min_class_size": "Edit minimum class size", "fte_per_head": "Edit FTE per head", "hires": "Edit planned hires",
}
SITE_FIELDS = {"name": "Edit site name", "kind": "Edit site kind", "share": "Edit share",
               "hourly_wage": "Edit wage", "overhead": "Edit overhead", "rate": "Edit vendor rate",
               "rate_unit": "Edit rate unit", "licences": "Edit site licences"}


def budget_label(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> str:
    """Label of a change of the Budget page's document: {"inputs", "period", "source", "required_table"}."""
    old = old or {}
    before, after = old.get("inputs") or {}, new.get("inputs") or {}
    if not same_value(before.get("sites"), after.get("sites")):
        return _sites_label(before.get("sites") or [], after.get("sites") or [])
    for key in _changed(before, after):
        if key in BUDGET_FIELDS:
            return BUDGET_FIELDS[key]
    for part in ("training", "capacity"):
        for key in _changed(before.get(part) or {}, after.get(part) or {}):
            if key in BUDGET_CAPACITY_FIELDS:
                return BUDGET_CAPACITY_FIELDS[key]
    if not same_value(old.get("required_table"), new.get("required_table")):
        rows_before, rows_after = old.get("required_table") or [], new.get("required_table") or []
        if len(rows_after) > len(rows_before):
            return "Add required-staff row"
        if len(rows_after) < len(rows_before):
            return "Remove required-staff row"
        return "Edit required staff"
    if old.get("period") != new.get("period"):
        return f"Plan capacity by {new.get('period')}"
    if old.get("source") != new.get("source"):
        return "Use the plan's requirements" if new.get("source") == "plan" else "Use the required-staff table"
    return "Edit budget"


def _sites_label(old: list, new: list) -> str:
    if len(new) > len(old):
        return "Add site"
    if len(new) < len(old):
        return "Remove site"
    for before, after in zip(old, new):
        for key in _changed(before, after):
            return f"{SITE_FIELDS.get(key, 'Edit site')} ({after.get('name', '')})"
    return "Edit sites"
