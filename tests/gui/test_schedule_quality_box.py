"""The Schedule page shows a flagged schedule's warning in a visible box, and hides it for a good one."""

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui.test_schedule_page import week_requirement
from wfm_desktop.gui.pages.schedule import SchedulePage


@pytest.fixture
def page(main_window):
    main_window.show_page("Schedule")
    page = main_window.page("Schedule")
    assert isinstance(page, SchedulePage)
    return page


def solve(qtbot, page, max_count: str):
    page.set_requirement(week_requirement(days=1), "one day")
    page.templates.item(0, 3).setText("60")  # hourly starts, full-time only: a small model
    page.templates.item(0, 9).setText(max_count)  # max_count per day
    page.templates.selectRow(1)
    page.templates.remove_selected()
    page.do_roster.setChecked(False)
    page.time_limit.setValue(20)
    with qtbot.waitSignal(page.runner.done, timeout=120_000):
        page.solve_button.click()
    return page.result


def test_a_flagged_schedule_shows_the_warning_box_and_the_step_state(qtbot, page, tmp_path):
    result = solve(qtbot, page, "1")  # one shift a day cannot cover a peak of 7: under-covered
    warning = result.summary["warning"]
    assert warning and "uncovered" in warning
    assert page.quality_box.isVisibleTo(page) and warning in page.quality_box.text()
    assert "Allow more time" in page.quality_box.text()  # what to do
    assert page.ctx.plan.state("schedule").flag == warning
    page.tabs.setCurrentIndex(1)
    QApplication.processEvents()  # the layout and the chart follow the new result
    page.window().grab().save(str(tmp_path / "schedule_flagged.png"))


def test_a_good_schedule_has_no_warning_box(qtbot, page, tmp_path):
    result = solve(qtbot, page, "")
    assert result.summary["warning"] is None
    assert not page.quality_box.isVisibleTo(page)
    assert "efficiency" in page.summary.text()
    page.tabs.setCurrentIndex(1)
    QApplication.processEvents()  # the layout and the chart follow the new result
    page.window().grab().save(str(tmp_path / "schedule_unflagged.png"))
