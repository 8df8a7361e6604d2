"""The whole plan, in the full main window: import → forecast → staffing → schedule → budget, an edit on
every page, Save As, close, open in a new window: every number and input the same, nothing modified."""

from __future__ import annotations

import pandas as pd

from tests.core.importers.builders import volumes, write_csv
from wfm_desktop.core.plan.inputs import same_value
from wfm_desktop.gui.main_window import MainWindow

WAIT_MS = 60_000


def _window(qtbot, settings) -> MainWindow:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _settle(qtbot, window) -> None:
    """Wait until no page is computing (the budget's timer, staffing, the forecast, a solve)."""
    def idle() -> bool:
        return (not window.plan.runner.busy and not window.documents.busy
                and not any(getattr(p, "runner", None) is not None and p.runner.busy for p in window.pages))
    qtbot.waitUntil(idle, timeout=WAIT_MS)
    qtbot.wait(50)  # queued signals of the last finished task
    qtbot.waitUntil(idle, timeout=WAIT_MS)


def _fresh_is_clean(window) -> None:
    assert not window.documents.is_modified and not window.isWindowModified()
    assert not window.plan.is_modified
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "&Undo"
    assert not window.redo_action.isEnabled()


def _numbers(window) -> dict:
    plan = window.plan
    forecast = plan.result("forecast")
    requirements = plan.result("requirements")
    schedule = plan.result("schedule")["schedule"]
    budget = plan.result("budget")
    return {
        "forecast_daily": forecast.daily,
        "forecast_intervals": getattr(forecast, "intervals", None),
        "requirements": requirements.frame,
        "requirements_daily": requirements.daily,
        "requirements_weekly": requirements.weekly,
        "shifts": schedule.shifts,
        "coverage": schedule.coverage,
        "schedule_summary": schedule.summary,
        "capacity": budget.capacity.frame,
        "budget": budget.budget.frame,
        "budget_totals": budget.budget.totals(),
    }


def _shown(window) -> dict:
    """What the pages show (texts and row counts), beyond the plan's results."""
    budget, schedule, forecast = window.page("Budget"), window.page("Schedule"), window.page("Forecast")
    return {
        "budget_figures": {name: label.text() for name, label in budget.figures.items()},
        "budget_rows": budget.budget_model.rowCount(),
        "shift_rows": schedule.shift_model.rowCount(),
        "roster_rows": schedule.roster_model.rowCount(),
        "forecast_queues": [forecast.queue.itemText(i) for i in range(forecast.queue.count())],
        "forecast_daily_rows": forecast.daily.rowCount(),
        "forecast_message": forecast.message.text(),
        "budget_source": budget.source_label.text(),
        "schedule_summary": schedule.summary.text(),
    }


def _assert_same(a, b, name) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, obj=name)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True, obj=name)
    else:
        assert same_value(a, b), name


def test_full_window_first_start_is_not_modified(qtbot, settings):
    window = _window(qtbot, settings)
    _settle(qtbot, window)
    _fresh_is_clean(window)
    for page in window.pages:  # every page shown once, as a planner clicking through
        window.show_page(page.title)
        qtbot.wait(10)
    _settle(qtbot, window)
    _fresh_is_clean(window)


def test_full_window_first_start_sample_is_not_modified(qtbot, settings):
    from wfm_desktop.gui.app import _open_sample_for_a_new_user

    window = _window(qtbot, settings)
    with qtbot.waitSignal(window.page("Data").runner.done, timeout=WAIT_MS):
        _open_sample_for_a_new_user(window)
    _settle(qtbot, window)
    assert window.plan.result("history") is not None
    _fresh_is_clean(window)
    window.documents.update_title()  # nothing late: the title agrees with the state
    _fresh_is_clean(window)
    assert window.close()  # no "Save changes?" question


def test_save_close_reopen_the_full_window_gives_identical_results(qtbot, settings, tmp_path):
    first = _window(qtbot, settings)
    _settle(qtbot, first)
    _fresh_is_clean(first)
    data, forecast, staffing, schedule, budget = (first.page(t) for t in
                                                  ("Data", "Forecast", "Staffing", "Schedule", "Budget"))
    # Data: a small history (2 queues, 30-minute intervals, 4 weeks).
    csv = write_csv(tmp_path / "calls.csv", volumes(days=28, step_min=30, open_h=9, close_h=17))
    with qtbot.waitSignal(data.runner.done, timeout=WAIT_MS):
        data.open_file(str(csv))
    # Forecast: a fast method, one week, growth edited; Run → Staffing computes.
    forecast.method.setCurrentIndex(forecast.method.findData("weekday_avg"))
    forecast.horizon.setValue(1)
    forecast.growth.setValue(4)
    with qtbot.waitSignal(staffing.shown, timeout=WAIT_MS):
        forecast.run_button.click()
    # Staffing: minimum staff on one queue.
    staffing.queue.setCurrentText("Support")
    with qtbot.waitSignal(staffing.shown, timeout=WAIT_MS):
        staffing.min_staff.setValue(2)
    # Schedule: one short template, short time limit, solve.
    schedule.templates.item(0, 1).setText("09:00")
    schedule.templates.item(0, 3).setText("60")
    schedule.templates.selectRow(1)
    schedule.templates.remove_selected()
    schedule.time_limit.setValue(5)
    with qtbot.waitSignal(schedule.runner.done, timeout=WAIT_MS):
        schedule.solve_button.click()
    assert schedule.result is not None and schedule.result.summary["shifts"] > 0
    # Budget: from the plan's requirements; attrition edited.
    _settle(qtbot, first)
    assert budget.use_plan.isChecked()
    with qtbot.waitSignal(budget.shown, timeout=WAIT_MS):
        budget.costs.attrition.setValue(5)
    _settle(qtbot, first)
    assert first.plan.result("budget") is budget.result

    assert first.isWindowModified() and first.undo_action.isEnabled()
    path = tmp_path / "full.wfmplan"
    with qtbot.waitSignal(first.documents.saved, timeout=WAIT_MS):
        assert first.documents.save_as(path)
    _settle(qtbot, first)
    assert not first.documents.is_modified and not first.isWindowModified()
    inputs, caches, numbers, shown = (first.plan.inputs.values(), first.plan.caches(), _numbers(first),
                                      _shown(first))
    assert shown["shift_rows"] > 0 and shown["forecast_daily_rows"] > 0
    assert shown["forecast_message"].startswith("Forecast ready: 7 days × 2 queues, ")
    assert "1 months" not in shown["budget_source"] and "plan's staffing requirements" in shown["budget_source"]
    first.documents.close_window()
    assert not first.isVisible()

    second = _window(qtbot, settings)
    _settle(qtbot, second)
    schedule2 = second.page("Schedule")
    solves = []
    schedule2.runner.busy_changed.connect(lambda busy: solves.append(busy))
    with qtbot.waitSignal(second.documents.opened, timeout=WAIT_MS):
        second.documents.open(path)
    qtbot.waitUntil(lambda: second.plan.result("budget") is not None
                    and second.plan.result("schedule") is not None, timeout=WAIT_MS)
    _settle(qtbot, second)
    assert solves == [] and schedule2.result is not None  # the schedule comes from the cache, not solved again
    assert "as saved" in schedule2.progress_label.text()  # from the cache, not solved again

    assert set(second.plan.inputs.values()) == set(inputs)
    for key, value in inputs.items():
        assert same_value(second.plan.input(key), value), key
    assert set(second.plan.caches()) == set(caches)
    for key, value in numbers.items():
        _assert_same(value, _numbers(second)[key], key)
    assert _shown(second) == shown
    # What the pages show: the form values are the saved ones.
    assert second.page("Forecast").growth.value() == 4 and second.page("Forecast").horizon.text() == "1 week"
    second.page("Staffing").queue.setCurrentText("Support")
    assert second.page("Staffing").min_staff.value() == 2
    assert second.page("Budget").costs.attrition.value() == 5
    assert schedule2.templates.rowCount() == 1 and schedule2.time_limit.value() == 5

    # The coverage chart of a schedule that arrived while another page was shown is drawn on showing it.
    assert not schedule2.chart.figure.axes
    second.show_page("Schedule")
    assert schedule2.tabs.currentIndex() == 1 and schedule2.chart.figure.axes
    assert schedule2.chart.figure.axes[0].lines or schedule2.chart.figure.axes[0].collections

    _fresh_is_clean(second)
    second.documents.update_title()
    _fresh_is_clean(second)
    assert second.windowTitle() == "full.wfmplan[*] — wfm_desktop"


def test_a_reopened_schedule_says_again_why_its_roster_was_not_built(qtbot, settings, tmp_path, monkeypatch):
    import numpy as np

    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.core.scheduling import roster as roster_module  # the Schedule page solves through the core

    def no_roster(*args, **kwargs):
        raise WfmError("roster: no roster found within 1 s for 3 agents × 1 days: allow more time (time limit)")

    monkeypatch.setattr(roster_module, "build_roster", no_roster)
    first = _window(qtbot, settings)
    page = first.page("Schedule")
    starts = pd.date_range("2026-01-05", periods=48, freq="30min")
    hour = starts.hour + starts.minute / 60
    path = tmp_path / "need.csv"
    pd.DataFrame({"start": starts, "agents_schedule": np.where((hour >= 8) & (hour < 18), 3.0, 0.0)}).to_csv(
        path, index=False)
    page.load_requirement(str(path))
    page.templates.item(0, 3).setText("60")
    page.time_limit.setValue(45)
    assert page.roster_rules().time_limit_s == 45  # the page's time limit is the roster's too
    with qtbot.waitSignal(page.runner.done, timeout=WAIT_MS):
        page.solve_button.click()
    assert page.roster is None
    assert page.message.text() == "No roster found within 1 s for 3 agents × 1 days: allow more time (time limit)."

    plan = tmp_path / "no roster.wfmplan"
    with qtbot.waitSignal(first.documents.saved, timeout=WAIT_MS):
        first.documents.save_as(plan)
    _settle(qtbot, first)
    first.documents.close_window()

    second = _window(qtbot, settings)
    with qtbot.waitSignal(second.documents.opened, timeout=WAIT_MS):
        second.documents.open(plan)
    _settle(qtbot, second)
    again = second.page("Schedule")
    assert again.result is not None and "as saved" in again.progress_label.text()
    assert again.message.text() == page.message.text()
    assert again.roster_model.rowCount() == 1  # "not built"
    _fresh_is_clean(second)
