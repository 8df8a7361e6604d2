"""The Schedule page: templates, solve off the GUI thread, coverage chart, shifts, roster, cancel."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.gui.pages.schedule import SchedulePage


@pytest.fixture
def page(main_window):
    main_window.show_page("Schedule")
    page = main_window.page("Schedule")
    assert isinstance(page, SchedulePage)
    return page


def week_requirement(days=7):
    starts = pd.date_range("2026-01-05", periods=days * 48, freq="30min")
    hour = starts.hour + starts.minute / 60
    need = np.where((hour >= 8) & (hour < 20), np.round(4 + 3 * np.sin((hour - 8) / 12 * np.pi)), 0.0)
    return pd.DataFrame({"start": starts, "agents_schedule": need})


def test_solve_fills_coverage_shifts_and_roster(qtbot, page, tmp_path):
    page.set_requirement(week_requirement(days=3), "test days")
    page.templates.item(0, 3).setText("60")  # hourly starts and full-time only keep the model small
    page.templates.selectRow(1)
    page.templates.remove_selected()
    page.time_limit.setValue(20)
    with qtbot.waitSignal(page.runner.done, timeout=120_000):
        page.solve_button.click()
    assert page.result is not None and page.roster is not None
    assert page.shift_model.rowCount() == page.result.summary["shifts"] > 0
    assert page.roster_model.rowCount() == page.roster.summary["agents"]
    assert page.day.count() == 3
    assert "MIP gap" in page.summary.text()
    assert page.ctx.plan.result("schedule")["schedule"] is page.result
    assert list(page.ctx.plan.input("schedule/templates")["name"]) == ["Full 8h"]  # kept with the plan
    ax = page.chart.figure.axes[0]
    assert "under" in ax.get_title() and len(ax.get_legend().get_texts()) == 4
    page.day.setCurrentIndex(2)
    assert "Wednesday" in page.chart.figure.axes[0].get_title()
    table = page.coverage_model.frame()
    assert len(table) == 48 and (table["start"].dt.day_name() == "Wednesday").all()
    assert list(table.columns[:4]) == ["start", "required", "scheduled", "difference"]
    page.window().grab().save(str(tmp_path / "schedule_page.png"))
    page.tabs.setCurrentIndex(3)
    page.window().grab().save(str(tmp_path / "schedule_roster.png"))


def test_invalid_template_row_shows_a_message(qtbot, page):
    page.set_requirement(week_requirement(1), "one day")
    page.templates.item(0, 1).setText("7 o'clock")
    page.solve_button.click()
    assert page.message.isVisibleTo(page)
    assert "template table row 2" in page.message.text() and "start_earliest" in page.message.text()
    assert not page.runner.busy


def test_no_requirement_says_what_to_do(page):
    page.requirement = None
    page.solve()
    assert "no requirement" in page.message.text()


def test_cancel_stops_the_solver(qtbot, page):
    starts = pd.date_range("2026-01-05", periods=14 * 96, freq="15min")
    hour = starts.hour + starts.minute / 60
    rng = np.random.default_rng(3)
    need = np.where((hour >= 7) & (hour < 22), np.round(10 + 8 * np.sin((hour - 7) / 15 * np.pi)
                                                        + rng.normal(0, 2, len(hour))), 0.0)
    page.set_requirement(pd.DataFrame({"start": starts, "agents_schedule": np.maximum(need, 0)}), "two weeks")
    page.templates.item(0, 3).setText("15")  # every 15 minutes: a harder model
    page.templates.item(0, 1).setText("06:00")
    page.time_limit.setValue(600)
    with qtbot.waitSignal(page.runner.progress, timeout=60_000):
        page.solve_button.click()
    with qtbot.waitSignal(page.runner.cancelled, timeout=30_000):
        page.cancel_button.click()
    assert "Cancelled" in page.progress_label.text()
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=30_000)
    assert page.solve_button.isEnabled()
