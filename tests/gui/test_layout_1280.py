"""Every page fits a 1,280 × 800 window with a full plan loaded, in normal and in presentation mode.

A full plan: history, forecast (kept as a snapshot and compared with actuals), staffing, a solved schedule,
budget, two whole-plan scenarios and the simulation with its post-mortem — so that every tab holds what a
planner sees (long file names, queue names, figures), not an empty page. For each page and mode: the window's
minimum size is at most 1,280 × 800, the window keeps 1,280 px (no horizontal overflow), the page fits in the
room the window gives it, and no side panel cuts off its inputs (they scroll vertically only).
"""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from tests.core.forecast.builders import interval_history
from wfm_desktop.core.history.table import History
from wfm_desktop.core.plan.scenarios import Scenario

WAIT_MS = 120_000
WIDTH, HEIGHT = 1280, 800


def _idle(window) -> bool:
    return (not window.plan.runner.busy and not window.documents.busy
            and not any(getattr(p, "runner", None) is not None and p.runner.busy for p in window.pages))


def _layout(window) -> None:
    """Apply pending style sheets and layouts (child to parent) before measuring."""
    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


@pytest.fixture
def full_plan(qtbot, main_window, tmp_path):
    window = main_window
    window.fit_presentation_to_screen = False  # the offscreen screen is smaller than 1,280 × 800
    plan = window.plan
    full = interval_history("2024-01-01", 7 * 10, queues=("Sales voice", "Customer support chat"), interval_min=30)
    cut = pd.Timestamp("2024-02-26")  # 8 weeks of history, then 2 weeks of actuals
    frame = full.frame
    plan.set_result("history", History(frame[frame["start"] < cut].reset_index(drop=True), 30,
                                       "contact_centre_history_2024.csv"))
    actuals = tmp_path / "actuals_february_march_2024.csv"
    frame[frame["start"] >= cut].reset_index(drop=True).to_csv(actuals, index=False)

    forecast = window.page("Forecast")
    forecast.method.setCurrentIndex(forecast.method.findData("weekday_avg"))
    forecast.horizon.setValue(2)
    with qtbot.waitSignal(forecast.runner.done, timeout=WAIT_MS):
        forecast.run_button.click()
    qtbot.waitUntil(lambda: plan.result("requirements") is not None and _idle(window), timeout=WAIT_MS)
    panel = forecast.accuracy
    panel.keep_button.click()
    with qtbot.waitSignal(panel.importer.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy):
        panel.import_actuals(str(actuals))

    schedule = window.page("Schedule")
    schedule.time_limit.setValue(5)
    with qtbot.waitSignal(schedule.runner.done, timeout=WAIT_MS):
        schedule.solve_button.click()
    post_mortem = window.page("Staffing").simulated.post_mortem
    post_mortem.load(str(actuals))
    qtbot.waitUntil(lambda: not post_mortem.reader.busy, timeout=WAIT_MS)
    scenarios = window.page("Budget").scenarios
    scenarios.add_scenario(Scenario("Volume +10%, AHT −5 s, 85/20", volume=0.10, aht_s=-5.0, sl=0.85))
    scenarios.add_scenario(Scenario("Chatbot deflecting 5% rising to 20%", deflection=(0.05, 0.10, 0.20),
                                    licence_month=4000.0, implementation=25000.0))
    qtbot.waitUntil(lambda: _idle(window) and all(plan.result(s) is not None for s in (
        "forecast", "requirements", "schedule", "budget", "scenarios", "simulation", "accuracy")), timeout=WAIT_MS)
    if plan.state("simulation").status not in ("up to date", "flagged"):  # a replay waits for Simulate
        window.page("Staffing").simulated.simulate_button.click()
        qtbot.waitUntil(lambda: _idle(window) and plan.state("simulation").status in ("up to date", "flagged"),
                        timeout=WAIT_MS)
    for stage in ("forecast", "staffing", "schedule", "budget", "scenarios", "simulation", "accuracy"):
        assert plan.state(stage).status in ("up to date", "flagged"), (stage, plan.state(stage))
    assert post_mortem.model.rowCount() > 0 and panel.view.summary_model.rowCount() == 2
    return window


def _clipped_panels(page) -> list[str]:
    """Scroll areas without a horizontal bar whose content is wider than the room they show it in."""
    out = []
    for area in page.findChildren(QScrollArea):
        content = area.widget()
        if (content is None or not area.isVisible() or not area.widgetResizable()
                or area.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff):
            continue
        if content.minimumSizeHint().width() > area.viewport().width():
            out.append(f"{type(area).__name__} shows {area.viewport().width()} px of "
                       f"{content.minimumSizeHint().width()} px")
    return out


def _views(window):
    """Every page, then the tabs a page does not open on (a hidden tab takes its fonts when first shown)."""
    forecast, staffing, schedule, budget = (window.page(t) for t in ("Forecast", "Staffing", "Schedule", "Budget"))
    shots = [(page.title, page.title, lambda: None) for page in window.pages]
    shots += [
        ("Forecast", "Forecast, Accuracy", lambda: forecast.views.setCurrentWidget(forecast.accuracy)),
        ("Forecast", "Forecast, Abnormal periods", lambda: (forecast.views.setCurrentIndex(0),
                                                            forecast.tabs.setCurrentWidget(forecast.findings_editor))),
        ("Staffing", "Staffing, Simulated", lambda: staffing.tabs.setCurrentWidget(staffing.simulated)),
        ("Staffing", "Staffing, Post-mortem",
         lambda: staffing.simulated.charts.setCurrentWidget(staffing.simulated.post_mortem)),
        ("Schedule", "Schedule, Simulated", lambda: schedule.tabs.setCurrentWidget(schedule.simulated)),
        ("Budget", "Budget, Scenarios", lambda: budget.tabs.setCurrentWidget(budget.scenarios)),
    ]
    return shots


def _problems(window) -> list[str]:
    """What does not fit, page by page and tab by tab, in the current mode (empty when everything fits)."""
    mode = "presentation" if window.presentation else "normal"
    problems = []
    for title, name, show in _views(window):
        page = window.page(title)
        window.show_page(title)
        show()
        window.resize(WIDTH, HEIGHT)
        _layout(window)
        minimum = window.minimumSizeHint()
        room = window.stack.contentsRect()
        hint = page.minimumSizeHint()
        where = f"{name} ({mode})"
        if minimum.width() > WIDTH or minimum.height() > HEIGHT:
            widest = max(window.pages, key=lambda p: p.minimumSizeHint().width())
            problems.append(f"{where}: the window needs at least {minimum.width()} × {minimum.height()} px "
                            f"(the widest page: {widest.title}, {widest.minimumSizeHint().width()} px)")
        if window.width() != WIDTH or window.height() != HEIGHT:
            problems.append(f"{where}: the window is {window.width()} × {window.height()} px")
        if hint.width() > room.width() or hint.height() > room.height():
            problems.append(f"{where}: the page needs {hint.width()} × {hint.height()} px, "
                            f"the window gives it {room.width()} × {room.height()} px")
        problems += [f"{where}: {p}" for p in _clipped_panels(page)]
    return problems


def test_every_page_of_a_full_plan_fits_1280_by_800_in_both_modes(full_plan):
    window = full_plan
    window.resize(WIDTH, HEIGHT)
    _layout(window)
    before = window.geometry()
    problems = _problems(window)
    window.presentation_action.trigger()  # F5
    assert window.presentation
    problems += _problems(window)
    assert not problems, "\n".join(problems)
    window.presentation_action.trigger()  # F5 again: the window exactly as it was, and every page still fits
    assert not window.presentation and window.geometry() == before
    _layout(window)
    assert window.minimumSizeHint().width() <= WIDTH  # before any page is shown again
    assert not _problems(window)
