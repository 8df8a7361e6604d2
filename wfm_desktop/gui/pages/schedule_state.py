"""The Schedule page's inputs in the plan: undoable edits, restore on undo/Open, and the solved-result cache.

Inputs (each edit one labelled undo step):

* ``schedule/templates`` — the template table as the planner typed it (text cells);
* ``schedule/options`` — costs, limits, time limit and roster rules (JSON);
* ``schedule/requirement`` — a requirement loaded from a file (absent: the
  Staffing page's requirement is used).

A solve is time-limited and not repeated on undo: an undo marks the shown
schedule as out of date ("press Solve"). The solved schedule and roster are kept
in the plan's results cache (``schedule/<table>``, see
:mod:`wfm_desktop.core.scheduling.cache`) with a checksum of the requirement,
templates and options; a reopened plan shows them without solving again when
the checksum still matches.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.scheduling.cache import (
    ROSTER_TABLES,
    TABLES,
    cache_checksum,
    schedule_from_cache,
    schedule_to_cache,
    solve_checksum,
)
from wfm_desktop.core.scheduling.templates import templates_from_frame, templates_to_frame
from wfm_desktop.gui.edit_labels import options_label, table_label
from wfm_desktop.gui.plan_controller import same_value
from wfm_desktop.gui.widgets.template_editor import HEADERS, _text

TEMPLATES_KEY = "schedule/templates"
OPTIONS_KEY = "schedule/options"
REQUIREMENT_KEY = "schedule/requirement"
AGENTS_KEY = "schedule/agents"
LOCKED_KEY = "schedule/locked"
CACHE_NAMES = (*TABLES, *(f"roster_{name}" for name in ROSTER_TABLES), "info")
OPTION_LABELS = {
    "under_penalty_per_h": "Edit under-coverage penalty", "over_cost_per_h": "Edit over-coverage cost",
    "max_seats": "Edit max seats", "time_limit_s": "Edit time limit", "roster": "Turn the roster on or off",
    "agents": "Edit roster agents", "max_days_per_week": "Edit max days per week",
    "min_consecutive_days_off": "Edit days off in a row", "min_rest_h": "Edit minimum rest",
    "gap_warning": "Edit the gap threshold", "under_warning": "Edit the under-coverage threshold",
}
THRESHOLDS = ("gap_warning", "under_warning")


class ScheduleStateMixin:
    """Mixed into SchedulePage: needs its widgets (templates, option boxes), ``ctx`` and display methods."""

    def _connect_inputs(self) -> None:
        self._restoring = False
        self._pending_cache: dict[str, Any] | None = None
        self._file_requirement: pd.DataFrame | None = None
        self._default_templates = self.templates.frame()
        self._default_options = self.options()
        self.templates.edited.connect(lambda: self._templates_edited())
        for box in self._option_boxes():
            box.valueChanged.connect(self._options_edited)
            box.editingFinished.connect(self.ctx.plan.inputs.end_step)
        self.do_roster.toggled.connect(self._options_edited)
        self.ctx.plan.input_changed.connect(self._input_changed)
        self.ctx.plan.reset.connect(self._on_reset)

    def _option_boxes(self):
        return (self.under_penalty, self.over_cost, self.max_seats, self.time_limit, self.agents, self.max_days,
                self.days_off, self.min_rest, self.gap_threshold, self.under_threshold)

    def options(self) -> dict:
        """Costs, limits and roster rules as the plan stores them."""
        return {"under_penalty_per_h": self.under_penalty.value(), "over_cost_per_h": self.over_cost.value(),
                "max_seats": self.max_seats.value(), "time_limit_s": self.time_limit.value(),
                "roster": self.do_roster.isChecked(), "agents": self.agents.value(),
                "max_days_per_week": self.max_days.value(), "min_consecutive_days_off": self.days_off.value(),
                "min_rest_h": self.min_rest.value(), "gap_warning": round(self.gap_threshold.value() / 100.0, 6),
                "under_warning": round(self.under_threshold.value() / 100.0, 6)}

    def show_options(self, options: dict) -> None:
        merged = {**self._default_options, **options}
        self._restoring = True
        try:
            for key, box in zip(("under_penalty_per_h", "over_cost_per_h", "max_seats", "time_limit_s", "agents",
                                 "max_days_per_week", "min_consecutive_days_off", "min_rest_h"),
                                (self.under_penalty, self.over_cost, self.max_seats, self.time_limit, self.agents,
                                 self.max_days, self.days_off, self.min_rest)):
                box.setValue(type(box.value())(merged[key]))
            self.do_roster.setChecked(bool(merged["roster"]))
            for key, box in zip(THRESHOLDS, (self.gap_threshold, self.under_threshold)):
                box.setValue(100.0 * float(merged.get(key, self._default_options[key])))
        finally:
            self._restoring = False

    # -- edits -------------------------------------------------------------------------------
    def _templates_edited(self, label: str | None = None) -> None:
        if self._restoring:
            return
        new = self.templates.frame()
        old = self.ctx.plan.input(TEMPLATES_KEY)
        old = self._default_templates if old is None else old
        headers = {col: text for col, (text, _tip) in HEADERS.items()}
        self.ctx.plan.set_input(TEMPLATES_KEY, new, label or table_label("template", old, new, headers=headers))

    def _options_edited(self, *_args) -> None:
        if self._restoring:
            return
        new = self.options()
        old = self.ctx.plan.input(OPTIONS_KEY) or self._default_options
        self.ctx.plan.set_input(OPTIONS_KEY, new, options_label(old, new, OPTION_LABELS, "Edit schedule options"))

    def _requirement_loaded(self, frame: pd.DataFrame, name: str) -> None:
        self._file_requirement = frame
        if not self._restoring:
            self.ctx.plan.set_input(REQUIREMENT_KEY, frame, f"Load requirement {name}")

    # -- undo, redo, open ----------------------------------------------------------------------
    def _input_changed(self, key: str) -> None:
        if key in (AGENTS_KEY, LOCKED_KEY):
            self.roster_inputs.refresh()
            self._mark_stale()
            return
        if key not in (TEMPLATES_KEY, OPTIONS_KEY, REQUIREMENT_KEY):
            return
        self._show_input(key)
        if key == OPTIONS_KEY:
            self._reflag()
        self._mark_stale()

    def _reflag(self) -> None:
        """Only a flag threshold changed since the solve: the same schedule, flagged (or not) against it."""
        from wfm_desktop.core.plan.compute import reflagged_schedule

        value = reflagged_schedule(self.ctx.plan.model)
        if value is None:
            return
        self.ctx.plan.set_result("schedule", value)
        self._solved_checksum = self._checksum()
        tab = self.tabs.currentIndex()
        self._display(value["schedule"], value["roster"], value.get("roster_error"))
        self.tabs.setCurrentIndex(tab)  # the planner stays where they were
        self._cache_result(value["schedule"], value["roster"], value.get("roster_error"))

    def _show_input(self, key: str) -> None:
        value = self.ctx.plan.input(key)
        self._restoring = True
        try:
            if key == TEMPLATES_KEY:
                shown = self._default_templates if value is None else value
                if not same_value(_as_text(shown), self.templates.frame()):
                    self.templates.set_frame(shown)
            elif key == OPTIONS_KEY:
                if not same_value({**self._default_options, **(value or {})}, self.options()):
                    self.show_options(value or {})
            elif key == REQUIREMENT_KEY and not (value is not None and self._file_requirement is not None
                                                  and same_value(value, self._file_requirement)):
                self._file_requirement = None if value is None else requirement_frame(value)
                if self._file_requirement is not None:
                    self.set_requirement(self._file_requirement, "Requirement loaded from a file")
                else:
                    self.requirement = None
                    self._plan_changed("requirements")
                    if self.requirement is None:
                        self.req_label.setText("No requirement yet: run Staffing, or load a file.")
        finally:
            self._restoring = False

    def _mark_stale(self) -> None:
        if self.result is None:
            return
        if self.ctx.plan.result("schedule") is not None:  # the plan's one rule decides
            current = self.ctx.plan.state("schedule").status != "out of date"
        else:
            current = self._solved_checksum == self._checksum()
        if current:
            self.progress_label.setText("The schedule is up to date with these inputs.")
        else:
            self.progress_label.setText("Inputs changed since the solve: press Solve to schedule again.")

    def _checksum(self) -> str | None:
        if self.requirement is None:
            return None
        try:
            templates = templates_to_frame(templates_from_frame(self.templates.frame(), "template table"))
        except WfmError:
            return None
        from wfm_desktop.core.plan.compute import with_roster_inputs

        return with_roster_inputs(solve_checksum(self.requirement, templates, self.options()),
                                  self.ctx.plan.input(AGENTS_KEY), self.ctx.plan.input(LOCKED_KEY))

    def _on_reset(self) -> None:
        """New/Open: show the plan's inputs, and its cached schedule when it still fits the requirement."""
        self.runner.cancel()
        self._file_requirement = None
        for key in (TEMPLATES_KEY, OPTIONS_KEY, REQUIREMENT_KEY):
            self._show_input(key)
        self.roster_inputs.refresh()
        self._clear_result()
        entries = {name: self.ctx.plan.cache(f"schedule/{name}") for name in CACHE_NAMES}
        self._pending_cache = entries if entries["info"] is not None else None
        self._try_cached()

    def _try_cached(self) -> None:
        """Show the cached schedule once the requirement is known, if the checksum matches; else drop it."""
        entries = self._pending_cache
        if entries is None or self.requirement is None:
            return
        self._pending_cache = None
        restored = schedule_from_cache(entries) if cache_checksum(entries) == self._checksum() else None
        if restored is None:
            self.progress_label.setText("The plan's saved schedule was for other inputs: press Solve.")
            return
        result, roster = restored
        self._solved_checksum = cache_checksum(entries)
        error = entries["info"].get("roster_error") if isinstance(entries["info"], dict) else None
        self._display(result, roster, error if isinstance(error, str) else None)
        self.ctx.plan.set_result("schedule", {"schedule": result, "roster": roster,
                                              "roster_error": error if isinstance(error, str) else None})
        self.progress_label.setText("Schedule as saved with the plan (not solved again).")

    def _cache_result(self, result, roster, roster_error: str | None = None) -> None:
        """Keep the solved schedule in the plan's results cache (saved with the plan file), with the
        reason a roster was not built, so the reopened plan says it again."""
        entries = schedule_to_cache(result, roster, checksum=self._solved_checksum or "")
        if roster_error:
            entries["info"] = {**entries["info"], "roster_error": roster_error}
        for name in CACHE_NAMES:
            self.ctx.plan.set_cache(f"schedule/{name}", None)
        for name, value in entries.items():
            self.ctx.plan.set_cache(f"schedule/{name}", value)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A stored template table as the editor shows it (text cells), to compare without a false difference."""
    return frame.astype(object).map(_text).astype(str) if len(frame) else frame


def requirement_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A requirement table with its ``start`` column as times (a file or a plan table may hold text)."""
    if "start" in frame.columns and not pd.api.types.is_datetime64_any_dtype(frame["start"]):
        frame = frame.assign(start=pd.to_datetime(frame["start"]))
    return frame

