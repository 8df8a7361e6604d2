"""The Staffing page: settings → requirements off the GUI thread, heat map, FTE, Excel export."""

from __future__ import annotations

import warnings

import openpyxl
import pytest

from tests.core.plan.test_pipeline import _fake_forecast
from wfm_desktop.gui.pages.staffing import StaffingPage


@pytest.fixture
def page(qtbot, main_window):
    main_window.show_page("Staffing")
    page = main_window.page("Staffing")
    assert isinstance(page, StaffingPage)
    with qtbot.waitSignal(page.shown, timeout=10_000):
        main_window.plan.set_result("forecast", _fake_forecast())
    return page


def test_forecast_gives_requirements_and_views(page, main_window):
    assert [page.queue.itemText(i) for i in range(page.queue.count())] == ["Chat", "Voice"]
    assert main_window.plan.result("requirements") is page.result
    assert page.weekly_model.rowCount() == 2
    assert page.export_button.isEnabled()
    assert page.heatmap.figure.axes and page.sl_chart.figure.axes
    assert "Total <b>32.7%</b>" in page.shrinkage.total.text()


def test_changing_shrinkage_recomputes_gross_and_fte(qtbot, page):
    page.queue.setCurrentText("Voice")
    before = page.result.weekly.set_index("queue").loc["Voice", "fte"].iloc[0]
    item = page.shrinkage.grid.item(5, 1)  # absence 6% → 26%
    assert page.shrinkage.grid.item(5, 0).text() == "absence"
    with qtbot.waitSignal(page.shown, timeout=10_000):
        item.setText("26")
    after = page.result.weekly.set_index("queue").loc["Voice", "fte"].iloc[0]
    assert after > before
    assert page.result.settings.for_queue("Voice").shrinkage.total == pytest.approx(0.5267)
    assert page.result.settings.for_queue("Chat").shrinkage.total == pytest.approx(0.3267)
    assert "52.7%" in page.shrinkage.total.text()


def test_invalid_setting_shows_a_message_and_keeps_the_plan(qtbot, page):
    result = page.result
    page.queue.setCurrentText("Voice")
    page.hours.days[0].setText("8 till late")
    assert "HH:MM" in page.form_error.text()
    assert page.result is result


def test_chat_settings_take_effect(qtbot, page):
    page.queue.setCurrentText("Chat")
    assert page.channel.currentText() == "chat"  # the channel follows the queue's name
    assert page.result.settings.for_queue("Chat").channel == "chat"
    assert page.result.settings.for_queue("Voice").channel == "voice"
    assert page.concurrency.value() == 2  # a typical chat concurrency by default, not voice's 1
    assert page.result.settings.for_queue("Chat").concurrency == 2
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.concurrency.setValue(3)
    assert page.result.settings.for_queue("Chat").concurrency == 3
    assert "chat" in page.result.settings.for_queue("Chat").model


def test_export_to_excel_writes_the_workbook(qtbot, page, tmp_path):
    path = tmp_path / "plan.xlsx"
    with qtbot.waitSignal(page.export_runner.done, timeout=20_000):
        page.export_to_excel(str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["Summary", "Assumptions"]
    assert "Saved" in page.message.text()
    # a later refresh of the page (another stage finishing) keeps the confirmation while the result is the same
    page._show_state()
    assert "Saved" in page.message.text()


def test_file_menu_has_export(main_window):
    actions = [a.text() for a in main_window.file_menu.actions()]
    assert "&Export to Excel…" in actions


def test_source_comes_from_the_data_page_record(page, main_window):
    main_window.plan.set_input("history_import", {"path": "/data/calls.xlsx", "sha256": "f" * 64})
    source = page._source()
    assert (source.path, source.sha256) == ("/data/calls.xlsx", "f" * 64)


def test_schedule_page_receives_the_requirements(page, main_window):
    schedule = main_window.page("Schedule")
    assert schedule.requirement is page.result.requirements
    assert "agents_schedule" in schedule.requirement.columns


def test_export_includes_the_schedule_pages_result(qtbot, page, main_window, tmp_path):
    import numpy as np
    import pandas as pd

    from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, solve_schedule
    from wfm_desktop.core.scheduling.templates import template_from_record

    starts = pd.date_range("2026-01-05", periods=24, freq="60min")
    frame = pd.DataFrame({"start": starts, "agents_schedule": np.where((starts.hour >= 8) & (starts.hour < 16), 2.0, 0)})
    template = template_from_record({"name": "Day", "start_earliest": "08:00", "start_latest": "08:00",
                                     "start_step_min": 60, "paid_length_min": 480}, "test")
    result = solve_schedule(frame, [template], ScheduleSettings(time_limit_s=20))
    main_window.plan.set_result("schedule", {"schedule": result, "roster": None})
    path = tmp_path / "plan.xlsx"
    with qtbot.waitSignal(page.export_runner.done, timeout=20_000):
        page.export_to_excel(str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=True)
    assert "Schedule" in wb.sheetnames and "Coverage" in wb.sheetnames and "Roster" not in wb.sheetnames
    assert wb["Schedule"]["F2"].value == 2  # two identical 08:00 shifts


def test_empty_opening_hours_say_what_they_mean(qtbot, page):
    # All seven empty: the queue is staffed whenever the forecast has contacts.
    assert page.queue_settings_from_form().open_hours is None
    assert page.hours.days[5].placeholderText() == "as forecast"
    # Once Monday's hours are typed, every empty day is closed, and says so.
    page.hours.days[0].setText("08:00-20:00")
    assert page.hours.days[5].placeholderText() == "closed" and page.hours.days[6].placeholderText() == "closed"
    hours = page.queue_settings_from_form().open_hours
    assert hours is not None and hours.days[0] == (480, 1200) and not any(hours.days[1:])
