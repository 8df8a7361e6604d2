"""Undo/redo of every page's inputs through the plan, driven through the real widgets and the Edit menu."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt

from tests.core.forecast.builders import daily_history
from tests.core.plan.test_pipeline import _fake_forecast
from wfm_desktop.core.forecast import Event, ForecastSettings, settings_to_dict
from wfm_desktop.core.staffing.queue_settings import PlanSettings, QueueSettings, plan_settings_to_dict


def undo(window) -> None:
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()


def redo(window) -> None:
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()


def _with_forecast(qtbot, window):
    staffing = window.page("Staffing")
    with qtbot.waitSignal(staffing.shown, timeout=10_000):
        window.plan.set_result("forecast", _fake_forecast(days=7))
    return staffing


# -- Forecast ---------------------------------------------------------------------------------------------
def test_forecast_form_edits_undo_and_redo_with_labels(main_window):
    page, plan = main_window.page("Forecast"), main_window.plan
    assert not main_window.undo_action.isEnabled() and main_window.undo_action.text() == "&Undo"
    page.growth.setValue(5)
    page.growth.setValue(6)  # two ticks of one spin box: one step
    assert main_window.undo_action.text() == "&Undo Edit growth %"
    assert plan.input("forecast/settings")["growth"] == pytest.approx(0.06)
    page.method.setCurrentIndex(page.method.findData("ets"))
    assert main_window.undo_action.text() == "&Undo Change method to ETS"
    page.add_event(Event(dt.date(2025, 12, 25), closed=True, label="Christmas"))
    assert main_window.undo_action.text() == "&Undo Add event 2025-12-25"

    undo(main_window)
    assert page.events.rowCount() == 0 and plan.input("forecast/settings")["events"] == []
    undo(main_window)
    assert page.method.currentData() == "auto"
    assert main_window.redo_action.text() == "&Redo Change method to ETS"
    undo(main_window)
    assert page.growth.value() == 0 and plan.input("forecast/settings") is None
    assert not main_window.undo_action.isEnabled() and main_window.undo_action.text() == "&Undo"

    redo(main_window)
    assert page.growth.value() == 6
    redo(main_window)
    redo(main_window)
    assert page.method.currentData() == "ets" and page.event_list()[0].label == "Christmas"
    assert not main_window.redo_action.isEnabled()


def test_forecast_override_undo_marks_the_forecast_out_of_date(qtbot, main_window):
    main_window.show_page("Forecast")
    page, plan = main_window.page("Forecast"), main_window.plan
    plan.set_result("history", daily_history("2024-01-01", 7 * 8))
    page.method.setCurrentIndex(page.method.findData("seasonal_naive"))
    page.horizon.setValue(1)
    with qtbot.waitSignal(page.runner.done, timeout=30_000):
        page.run_button.click()
    day = page.daily.item(3, 0).text()
    page.daily.item(3, 6).setText("1234")
    assert main_window.undo_action.text() == f"&Undo Override {day} (Q)"
    assert "press Run forecast" in page.message.text()
    undo(main_window)
    assert page.overrides == {} and page.daily.item(3, 6).text() == ""
    assert plan.input("forecast/settings")["overrides"] == []
    assert "up to date" in page.message.text()
    redo(main_window)
    assert page.overrides == {("Q", dt.date.fromisoformat(day)): 1234.0}
    assert page.daily.item(3, 6).text() == "1234"


def test_ctrl_z_in_a_focused_spin_box_undoes_the_plan_step(qtbot, main_window):
    main_window.show_page("Forecast")
    main_window.activateWindow()
    page = main_window.page("Forecast")
    page.deflection.setFocus()
    page.deflection.setValue(10)
    assert main_window.plan.input("forecast/settings")["deflection"] == pytest.approx(0.1)
    qtbot.keyClick(page.deflection, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.deflection.value() == 0 and main_window.plan.input("forecast/settings") is None
    qtbot.keyClick(page.deflection, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert page.deflection.value() == 10


def test_ctrl_z_follows_the_focus_to_the_next_field(qtbot, main_window):
    """The filter watches the focused field only: moving the focus moves it (and the first field
    keeps Qt's own behaviour once it has lost the focus)."""
    main_window.show_page("Forecast")
    main_window.activateWindow()
    page = main_window.page("Forecast")
    page.deflection.setFocus()
    qtbot.waitUntil(lambda: page.deflection.hasFocus())
    page.horizon.setFocus()
    qtbot.waitUntil(lambda: page.horizon.hasFocus())
    watched = [w for w in (page.deflection, page.horizon) if main_window._undo_keys._watched is w]
    assert watched == [page.horizon]
    before = page.horizon.value()
    page.horizon.setValue(before + 7)
    assert main_window.undo_action.isEnabled()
    qtbot.keyClick(page.horizon, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.horizon.value() == before and main_window.plan.input("forecast/settings") is None


# -- Staffing ---------------------------------------------------------------------------------------------
def test_staffing_edit_undo_switches_to_the_queue_and_recomputes(qtbot, main_window):
    main_window.show_page("Staffing")
    page = _with_forecast(qtbot, main_window)
    page.queue.setCurrentText("Voice")
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.sl.setValue(90)
    assert main_window.undo_action.text() == "&Undo Edit service level target (Voice)"
    assert main_window.plan.input("staffing/settings")["queues"]["Voice"]["sl"] == pytest.approx(0.9)
    assert page.result.settings.for_queue("Voice").sl == pytest.approx(0.9)
    page.queue.setCurrentText("Chat")
    with qtbot.waitSignal(page.shown, timeout=10_000):
        undo(main_window)
    assert page.queue.currentText() == "Voice" and page.sl.value() == 80
    assert main_window.plan.input("staffing/settings") is None
    assert page.result.settings.for_queue("Voice").sl == pytest.approx(0.8)
    with qtbot.waitSignal(page.shown, timeout=10_000):
        redo(main_window)
    assert page.sl.value() == 90 and page.result.settings.for_queue("Voice").sl == pytest.approx(0.9)


def test_shrinkage_edit_is_labelled_with_category_and_queue(qtbot, main_window):
    page = _with_forecast(qtbot, main_window)
    page.queue.setCurrentText("Voice")
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.shrinkage.grid.item(5, 1).setText("26")
    assert main_window.undo_action.text() == "&Undo Edit shrinkage absence (Voice)"
    with qtbot.waitSignal(page.shown, timeout=10_000):
        undo(main_window)
    assert page.shrinkage.grid.item(5, 1).text() == "6"


def test_undo_across_pages_goes_back_in_order(qtbot, main_window):
    staffing = _with_forecast(qtbot, main_window)
    forecast = main_window.page("Forecast")
    staffing.queue.setCurrentText("Voice")
    with qtbot.waitSignal(staffing.shown, timeout=10_000):
        staffing.min_staff.setValue(3)
    forecast.horizon.setValue(6)
    assert main_window.undo_action.text() == "&Undo Edit horizon"
    undo(main_window)
    assert forecast.horizon.value() == 13 and staffing.min_staff.value() == 3
    assert main_window.undo_action.text() == "&Undo Edit minimum staff (Voice)"
    with qtbot.waitSignal(staffing.shown, timeout=10_000):
        undo(main_window)
    # back to the default: automatic minimum staff (-1 in the box, shown "auto (1 if open 24/7)")
    assert staffing.min_staff.value() == -1 and not main_window.undo_action.isEnabled()
    assert staffing.min_staff.text() == "auto (1 if open 24/7)"


# -- Schedule ---------------------------------------------------------------------------------------------
def test_schedule_template_and_option_edits_undo(main_window):
    page, plan = main_window.page("Schedule"), main_window.plan
    page.templates.item(0, 3).setText("60")
    assert main_window.undo_action.text() == "&Undo Edit Step (min) (Full 8h)"
    page.templates.selectRow(1)
    page.templates.remove_selected()
    assert main_window.undo_action.text() == "&Undo Remove template"
    assert list(plan.input("schedule/templates")["name"]) == ["Full 8h"]
    page.time_limit.setValue(45)
    assert main_window.undo_action.text() == "&Undo Edit time limit"
    page.do_roster.setChecked(False)
    assert plan.input("schedule/options")["roster"] is False
    undo(main_window)
    assert page.do_roster.isChecked()
    undo(main_window)
    assert page.time_limit.value() == 30 and plan.input("schedule/options") is None
    undo(main_window)
    assert page.templates.rowCount() == 2 and page.templates.item(1, 0).text() == "Part 4h"
    undo(main_window)
    assert page.templates.item(0, 3).text() == "30" and plan.input("schedule/templates") is None
    page.templates.add_row()
    assert main_window.undo_action.text() == "&Undo Add template" and page.templates.rowCount() == 3


def _requirement(days=1) -> pd.DataFrame:
    starts = pd.date_range("2026-01-05", periods=days * 48, freq="30min")
    hour = starts.hour + starts.minute / 60
    return pd.DataFrame({"start": starts, "agents_schedule": np.where((hour >= 8) & (hour < 18), 3.0, 0.0)})


def _through_csv(values: dict) -> dict:
    """What a plan file does to tables: CSV text and back."""
    return {k: pd.read_csv(io.StringIO(v.to_csv(index=False))) if isinstance(v, pd.DataFrame) else v
            for k, v in values.items()}


def test_solved_schedule_is_cached_and_shown_again_without_solving(qtbot, main_window, settings, tmp_path):
    from wfm_desktop.gui.main_window import MainWindow

    page = main_window.page("Schedule")
    path = tmp_path / "req.csv"
    _requirement().to_csv(path, index=False)
    page.load_requirement(str(path))
    assert main_window.undo_action.text() == "&Undo Load requirement req.csv"
    page.templates.item(0, 1).setText("08:00")
    page.templates.item(0, 3).setText("60")
    page.templates.selectRow(1)
    page.templates.remove_selected()
    with qtbot.waitSignal(page.runner.done, timeout=60_000):
        page.solve_button.click()
    shifts, agents = page.result.summary["shifts"], page.roster.summary["agents"]
    assert main_window.plan.cache("schedule/shifts") is not None and shifts > 0

    other = MainWindow(settings)
    qtbot.addWidget(other)
    other.plan.load(_through_csv(main_window.plan.inputs.values()), {}, _through_csv(main_window.plan.caches()))
    again = other.page("Schedule")
    assert not again.runner.busy  # not solved again
    assert again.result is not None and again.result.summary["shifts"] == shifts
    assert again.shift_model.rowCount() == shifts and again.roster_model.rowCount() == agents
    assert again.templates.rowCount() == 1 and again.templates.item(0, 3).text() == "60"
    assert "as saved" in again.progress_label.text()
    assert other.plan.result("schedule")["schedule"] is again.result
    # Another requirement: the saved schedule no longer fits and is not shown.
    third = MainWindow(settings)
    qtbot.addWidget(third)
    inputs = {**main_window.plan.inputs.values(), "schedule/requirement": _requirement(days=2)}
    third.plan.load(inputs, {}, main_window.plan.caches())
    assert third.page("Schedule").result is None
    assert "press Solve" in third.page("Schedule").progress_label.text()
    other.close()
    third.close()


# -- Budget -----------------------------------------------------------------------------------------------
def test_budget_edits_undo_and_status_only_for_the_shown_page(qtbot, main_window):
    page, plan = main_window.page("Budget"), main_window.plan
    assert plan.input("budget") is None and not plan.is_modified  # the example is not an edit
    # A typed table (the example rows are never priced), while the page is hidden: it stays quiet.
    with qtbot.waitSignal(page.shown, timeout=5000):
        page.required.set_rows([{"period": "2027-02-01", "required_fte": "20"}])
    typed = plan.input("budget")
    assert main_window.stack.currentWidget() is not page and page.result is not None
    assert not main_window.statusBar().currentMessage().startswith("Budget")  # the hidden page stays quiet
    main_window.show_page("Budget")
    with qtbot.waitSignal(page.shown, timeout=5000):
        page.costs.sites.table.item(0, 3).setText("25")
    assert main_window.undo_action.text() == "&Undo Edit wage (In-house)"
    assert plan.input("budget")["inputs"]["sites"][0]["hourly_wage"] == 25.0
    assert page.result.inputs.sites[0].hourly_wage == 25.0
    assert main_window.statusBar().currentMessage().startswith("Budget USD")
    with qtbot.waitSignal(page.shown, timeout=5000):
        page.costs.attrition.setValue(5)
    assert main_window.undo_action.text() == "&Undo Edit attrition"
    with qtbot.waitSignal(page.shown, timeout=5000):
        undo(main_window)
    assert page.costs.attrition.value() == 3
    with qtbot.waitSignal(page.shown, timeout=5000):
        undo(main_window)
    assert page.costs.sites.table.item(0, 3).text() == "20" and plan.input("budget") == typed
    assert page.result.inputs.sites[0].hourly_wage == 20.0 and not page._example
    with qtbot.waitSignal(page.shown, timeout=5000):
        redo(main_window)
    assert page.costs.sites.table.item(0, 3).text() == "25"


# -- New / Open ---------------------------------------------------------------------------------------------
def test_reset_shows_every_pages_inputs(qtbot, main_window):
    plan = main_window.plan
    budget_doc = {**main_window.page("Budget")._doc(), "period": "week"}
    budget_doc["inputs"] = {**budget_doc["inputs"], "currency": "EUR"}
    budget_doc["required_table"] = [{"period": "2027-01-04", "required_fte": "12"}]
    budget_doc["example"] = False
    templates = main_window.page("Schedule").templates.frame().iloc[:1].assign(start_step_min="60")
    inputs = {
        "forecast/settings": settings_to_dict(ForecastSettings(method="ets", horizon_days=28, growth=0.1,
                                                               events=(Event(dt.date(2026, 12, 25), True),))),
        "staffing/settings": plan_settings_to_dict(PlanSettings(queues={"Voice": QueueSettings(sl=0.9,
                                                                                                min_staff=2)})),
        "schedule/templates": templates,
        "schedule/options": {**main_window.page("Schedule").options(), "time_limit_s": 45},
        "budget": budget_doc,
    }
    staffing = main_window.page("Staffing")
    with qtbot.waitSignal(staffing.shown, timeout=10_000):
        plan.load(inputs, {"forecast": _fake_forecast(days=7)})
    forecast = main_window.page("Forecast")
    assert forecast.method.currentData() == "ets" and forecast.horizon.value() == 4
    assert forecast.growth.value() == 10 and forecast.event_list()[0].date == dt.date(2026, 12, 25)
    staffing.queue.setCurrentText("Voice")
    assert staffing.sl.value() == 90 and staffing.min_staff.value() == 2
    assert staffing.result.settings.for_queue("Voice").min_staff == 2
    schedule = main_window.page("Schedule")
    assert schedule.templates.rowCount() == 1 and schedule.templates.item(0, 3).text() == "60"
    assert schedule.time_limit.value() == 45
    budget = main_window.page("Budget")
    assert budget.costs.currency.text() == "EUR" and budget.period.currentText() == "week"
    assert budget.required.table.rowCount() == 1 and budget.required.table.item(0, 1).text() == "12"
    assert not main_window.undo_action.isEnabled() and not plan.is_modified
    # New: every page back to its defaults.
    plan.load()
    assert forecast.method.currentData() == "auto" and forecast.events.rowCount() == 0
    assert schedule.templates.rowCount() == 2 and schedule.time_limit.value() == 30
    assert budget.costs.currency.text() == "USD" and budget.required.table.rowCount() == 6
    assert staffing.queue.count() == 0


def test_edit_menu_sits_after_file(main_window):
    titles = [action.text() for action in main_window.menuBar().actions()]
    assert titles[:2] == ["&File", "&Edit"] and "&Help" in titles


@pytest.mark.slow
def test_reopened_plan_forecasts_again_and_shows_the_saved_schedule(qtbot, main_window, settings):
    """Open = load(inputs, {"history": ...}, cache): forecast → staffing → the cached schedule, no solve."""
    from tests.core.forecast.builders import interval_history
    from wfm_desktop.gui.main_window import MainWindow

    history = interval_history("2024-01-01", 7 * 6, queues=("Billing", "Chat"), interval_min=30)
    forecast, staffing, schedule = (main_window.page(t) for t in ("Forecast", "Staffing", "Schedule"))
    main_window.plan.set_result("history", history)
    forecast.method.setCurrentIndex(forecast.method.findData("weekday_avg"))
    forecast.horizon.setValue(1)
    with qtbot.waitSignal(staffing.shown, timeout=30_000):
        forecast.run_button.click()
    staffing.queue.setCurrentText("Billing")
    with qtbot.waitSignal(staffing.shown, timeout=10_000):
        staffing.min_staff.setValue(2)
    schedule.templates.item(0, 3).setText("60")
    schedule.templates.selectRow(1)
    schedule.templates.remove_selected()
    with qtbot.waitSignal(schedule.runner.done, timeout=60_000):
        schedule.solve_button.click()
    shifts = schedule.result.summary["shifts"]

    other = MainWindow(settings)
    qtbot.addWidget(other)
    schedule2 = other.page("Schedule")
    with qtbot.waitSignal(other.plan.changed, timeout=60_000, check_params_cb=lambda stage: stage == "schedule"):
        other.plan.load(main_window.plan.inputs.values(), {"history": history}, main_window.plan.caches())
    assert schedule2.result.summary["shifts"] == shifts and "as saved" in schedule2.progress_label.text()
    assert other.page("Forecast").result is not None  # forecast again from the settings and the history
    staffing2 = other.page("Staffing")
    staffing2.queue.setCurrentText("Billing")
    assert staffing2.min_staff.value() == 2
    qtbot.waitUntil(lambda: not other.plan.runner.busy, timeout=30_000)  # was: the pages' own runners
    other.close()


def test_a_forecast_run_with_default_settings_is_made_again_on_open(qtbot, main_window, settings):
    from wfm_desktop.gui.main_window import MainWindow

    history = daily_history("2024-01-01", 7 * 10)
    page = main_window.page("Forecast")
    main_window.plan.set_result("history", history)
    with qtbot.waitSignal(page.runner.done, timeout=30_000):
        page.run_button.click()  # no edit: the settings input stays absent
    assert main_window.plan.input("forecast/settings") is None
    assert main_window.plan.cache("forecast/last_run")["method"] == "auto"
    other = MainWindow(settings)
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.page("Forecast").runner.done, timeout=30_000):
        other.plan.load(main_window.plan.inputs.values(), {"history": history}, main_window.plan.caches())
    again = other.plan.result("forecast")
    pd.testing.assert_frame_equal(again.daily, main_window.plan.result("forecast").daily)
    qtbot.waitUntil(lambda: not other.plan.runner.busy, timeout=10_000)  # was: the Budget page's runner
    other.close()


def test_loaded_requirement_and_typed_event_are_undoable(main_window, tmp_path):
    schedule, forecast = main_window.page("Schedule"), main_window.page("Forecast")
    path = tmp_path / "need.csv"
    _requirement().to_csv(path, index=False)
    schedule.load_requirement(str(path))
    assert "need.csv: 48 rows" in schedule.req_label.text()
    undo(main_window)
    assert schedule.requirement is None and "No requirement yet" in schedule.req_label.text()
    redo(main_window)
    assert schedule.requirement is not None and len(schedule.requirement) == 48
    forecast.add_event(Event(dt.date(2026, 5, 1), closed=True))
    forecast.events.item(0, 3).setText("May Day")
    assert main_window.undo_action.text() == "&Undo Edit event 2026-05-01"
    forecast.events.item(0, 0).setText("not a date")  # not a valid step: nothing recorded
    assert "event row 1, Date" in forecast.message.text()
    assert main_window.undo_action.text() == "&Undo Edit event 2026-05-01"
    undo(main_window)
    assert forecast.events.item(0, 3).text() == "" and forecast.events.item(0, 0).text() == "2026-05-01"
