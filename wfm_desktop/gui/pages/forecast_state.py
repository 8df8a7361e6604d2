"""The Forecast page's settings in the plan: each edit an undoable step; undo, redo and Open show them again.

The input ``forecast/settings`` is ``settings_to_dict`` of the form, the events
and the overrides. A forecast run takes seconds, so undo/redo do not run it:
the page says the forecast is out of date ("press Run forecast") until the
settings match the last run again. After Open (``reset``) of a plan that has
settings (or a forecast run with the default settings, noted in the results
cache as ``forecast/last_run``) and a history but no forecast, the page
forecasts again, so the reopened plan shows the forecast it was saved with.
"""

from __future__ import annotations

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast import ForecastResult, settings_from_dict, settings_to_dict
from wfm_desktop.gui.edit_labels import forecast_label
from wfm_desktop.gui.plan_controller import same_value

SETTINGS_KEY = "forecast/settings"  # plan input: settings_to_dict() of the form, events and overrides
LAST_RUN_KEY = "forecast/last_run"  # results cache: the settings of the last run (the plan had a forecast)


class ForecastStateMixin:
    """Mixed into ForecastPage (uses its form, ``settings()``, ``run()``, ``_display()`` and ``ctx``)."""

    # -- undo, redo, open ----------------------------------------------------
    def _edited(self, *_args) -> None:
        """The planner changed the form, the events or an override: one labelled step of the plan."""
        if self._restoring:
            return
        try:
            new = settings_to_dict(self.settings())
        except WfmError as exc:  # e.g. an event row being typed: recorded once it is valid
            self.show_message(str(exc), error=True)
            return
        if self.result is None:
            self.show_message("")  # e.g. an event row's error, now fixed
        old = self.ctx.plan.input(SETTINGS_KEY) or self._defaults
        self.ctx.plan.set_input(SETTINGS_KEY, new, forecast_label(old, new))

    def _form_dict(self) -> dict | None:
        try:
            return settings_to_dict(self.settings())
        except WfmError:
            return None

    def _input_changed(self, key: str) -> None:
        """An edit, undo or redo of the settings: show them if the form differs, then say if a run is due."""
        if key != SETTINGS_KEY:
            return
        value = self.ctx.plan.input(SETTINGS_KEY) or self._defaults
        if not same_value(value, self._form_dict()):
            self._restore(value)
        self._show_staleness()

    def _restore(self, value: dict) -> None:
        try:
            settings = settings_from_dict(value)
        except WfmError as exc:
            self.show_message(f"The plan's forecast settings could not be used: {exc}", error=True)
            return
        self._restoring = True
        try:
            self.show_settings(settings)
        finally:
            self._restoring = False

    def _show_staleness(self) -> None:
        if self.result is None:
            return
        # The plan's one rule: out of date exactly when what the forecast reads changed since its run.
        if self.ctx.plan.state("forecast").status != "out of date":
            self.show_message("The forecast is up to date with these settings.")
        else:
            self.show_message("Inputs changed since the last run: press Run forecast to apply them.", error=True)

    def _on_reset(self) -> None:
        """New/Open: show the plan's settings (defaults when it has none) and its forecast, or forecast again."""
        self.runner.cancel()
        self._busy(False)
        value = self.ctx.plan.input(SETTINGS_KEY)
        self._restore(value or self._defaults)
        self._run_when_history = False
        self._clear_result()
        self._plan_changed("history")
        forecast = self.ctx.plan.result("forecast")
        if isinstance(forecast, ForecastResult):
            self._display(forecast)
        elif "forecast" in self.ctx.plan.model.pending_restore or value is not None \
                or self.ctx.plan.cache(LAST_RUN_KEY) is not None:
            if self.history() is not None:
                self.run()  # the plan had a forecast from these settings: make it again
            else:
                self._run_when_history = True

    def _clear_result(self) -> None:
        self.result = None
        self.queue.blockSignals(True)
        self.queue.clear()
        self.queue.blockSignals(False)
        self.backtest_model.set_frame(pd.DataFrame())
        self.daily.setRowCount(0)
        self.notes.setPlainText("")
        self.findings_editor.set_findings(None)
        self.show_chart_hint()
        self.profile_chart.redraw(lambda fig: None)
        self.save_csv.setEnabled(False)
        self.progress.setValue(0)
        self.show_message("")

    def chart_hint(self) -> str:
        """What to do before the first run (the chart's text while there is no forecast)."""
        if self.history() is None:
            return ("No forecast yet.\nFirst import the history on the Data page (or open the sample),\n"
                    "then come back and press Run forecast.")
        return ("No forecast yet.\nChoose a method and a horizon on the left (Auto picks the method\n"
                "with the best backtest), then press Run forecast.")

    def show_chart_hint(self) -> None:
        text = self.chart_hint()

        def draw(fig):
            ax = fig.add_subplot()
            ax.set_axis_off()
            ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#6e6e6e",
                    fontsize="large", linespacing=1.6)

        self.chart.redraw(draw)
