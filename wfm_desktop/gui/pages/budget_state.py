"""The Budget page's inputs in the plan: one JSON document, every edit an undoable step.

``budget`` = {"inputs": ``inputs_to_dict`` of the cost panel (sites, costs,
training, hiring; not the contracted week, which is the plan's own input
shared with the Staffing page), "period": month|week, "source": plan|table,
"required_table": the typed rows as text, "example": whether the table is still
the example}. A missing input means the example table and the default costs.
Loads (sites, budget JSON, required staff) and "Plan the suggested classes"
change many widgets at once and are recorded as one step.
"""

from __future__ import annotations

from contextlib import contextmanager

from wfm_desktop.core.budget.inputs import inputs_from_dict, inputs_to_dict
from wfm_desktop.core.errors import WfmError
from wfm_desktop.gui.edit_labels import budget_label
from wfm_desktop.gui.plan_controller import same_value

INPUT_KEY = "budget"  # the page's inputs in the plan controller (plain JSON-able data)


class BudgetStateMixin:
    """Mixed into BudgetPage (uses its cost panel, required table, period and source widgets and ``ctx``)."""

    # -- inputs in the plan: edits, undo, redo, open ------------------------------------------
    def _doc(self) -> dict | None:
        """The page's inputs as the plan stores them; None while a cell does not parse (not recorded yet)."""
        try:
            inputs = self.costs.inputs()
        except WfmError:
            return None
        rows = [{"period": c["period"], **{k: c[k] for k in ("required_fte", "contacts", "handled_hours") if c[k]}}
                for _, c in self.required.rows()]
        stored = inputs_to_dict(inputs, with_sites=True)
        stored.pop("contract_hours_week")  # the plan's one week is its own input (CONTRACT_WEEK_KEY)
        return {"inputs": stored, "period": self.period.currentText(),
                "source": "plan" if self.use_plan.isChecked() else "table", "required_table": rows,
                "example": self._example}

    @contextmanager
    def _quiet(self):
        """Change widgets without recording a step for every signal (restore, or a load recorded once)."""
        self._restoring = True
        try:
            yield
        finally:
            self._restoring = False

    def _edited(self, *_args) -> None:
        if not self._restoring:
            self._record()

    def _record(self, label: str | None = None) -> None:
        """One undoable step for the planner's edit (labelled by what changed), then recompute."""
        doc = self._doc()
        if doc is not None:
            old = self.ctx.plan.input(INPUT_KEY) or self._default_doc
            self.ctx.plan.set_input(INPUT_KEY, doc, label or budget_label(old, doc))
        self._schedule()  # an invalid cell shows its message; the example table its preview

    def _input_changed(self, key: str) -> None:
        """An edit, undo or redo (or another page) changed the budget inputs: show them, recompute."""
        if key != INPUT_KEY:
            return
        doc = self.ctx.plan.input(INPUT_KEY)
        if not same_value(doc or self._default_doc, self._doc()):
            self._restore(doc)
        self._schedule()

    def _restore(self, doc: dict | None) -> None:
        """Show stored inputs (None: the example table and default costs)."""
        doc = doc or self._default_doc
        with self._quiet():
            try:
                self.costs.set_inputs(inputs_from_dict(doc["inputs"], where="plan budget settings"))
                self.required.set_rows(list(doc.get("required_table") or []))
                self._example = bool(doc.get("example", False))
                self.period.setCurrentText(doc.get("period", "month"))
                if doc is not self._default_doc and self.use_plan.isEnabled():
                    (self.use_plan if doc.get("source") == "plan" else self.use_table).setChecked(True)
            except (WfmError, KeyError, TypeError) as exc:
                self._show_message(f"The plan's budget settings could not be used: {exc}")

    def _on_reset(self) -> None:
        """New/Open: the plan's budget inputs (or the example), priced on its requirements if it has them."""
        self._had_staffing = False
        self._plan_changed("requirements")
        self._restore(self.ctx.plan.input(INPUT_KEY))
        self._schedule()

    def _on_table_edited(self) -> None:
        if self._restoring:
            return
        self._example = False
        self._record()

