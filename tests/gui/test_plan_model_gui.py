"""The GUI over the core plan model (#21): the whole flow exports every sheet; a solve keeps the budget;
`wfm-desktop export` of a plan saved in the GUI writes the GUI's own workbook; the step list shows states."""

from __future__ import annotations

import warnings

import openpyxl

from tests.cli.test_export_cmd import assert_same_cells
from tests.core.importers.builders import volumes, write_csv
from wfm_desktop.cli import main
from wfm_desktop.gui.main_window import MainWindow
from wfm_desktop.gui.step_states import STATE_ROLE

WAIT_MS = 60_000


def _settle(qtbot, window) -> None:
    def idle() -> bool:
        return (not window.plan.runner.busy
                and not window.documents.busy
                and not any(getattr(p, "runner", None) is not None and p.runner.busy for p in window.pages))
    qtbot.waitUntil(idle, timeout=WAIT_MS)
    qtbot.wait(50)
    qtbot.waitUntil(idle, timeout=WAIT_MS)


def _step(window, title: str) -> str:
    return window.nav.item([p.title for p in window.pages].index(title)).data(STATE_ROLE)


def _whole_flow(qtbot, window, tmp_path) -> None:
    data, forecast, staffing, schedule = (window.page(t) for t in ("Data", "Forecast", "Staffing", "Schedule"))
    csv = write_csv(tmp_path / "calls.csv", volumes(days=28, step_min=30, open_h=9, close_h=17))
    with qtbot.waitSignal(data.runner.done, timeout=WAIT_MS):
        data.open_file(str(csv))
    assert _step(window, "Data") == "up to date" and _step(window, "Forecast") == "not run"
    forecast.method.setCurrentIndex(forecast.method.findData("weekday_avg"))
    forecast.horizon.setValue(1)
    with qtbot.waitSignal(staffing.shown, timeout=WAIT_MS):
        forecast.run_button.click()
    _settle(qtbot, window)
    schedule.templates.item(0, 1).setText("09:00")
    schedule.templates.item(0, 3).setText("60")
    schedule.templates.selectRow(1)
    schedule.templates.remove_selected()
    schedule.time_limit.setValue(5)
    assert _step(window, "Schedule") == "not run"
    with qtbot.waitSignal(schedule.runner.done, timeout=WAIT_MS):
        schedule.solve_button.click()
    _settle(qtbot, window)


def test_import_forecast_staffing_schedule_budget_then_export_has_every_sheet(qtbot, settings, tmp_path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _whole_flow(qtbot, window, tmp_path)
    budget = window.plan.result("budget")
    assert budget is not None and window.plan.result("schedule") is not None  # the solve kept the budget
    for title in ("Data", "Forecast", "Staffing", "Schedule", "Budget"):
        assert _step(window, title) == "up to date", title
    out = tmp_path / "plan.xlsx"
    staffing = window.page("Staffing")
    with qtbot.waitSignal(staffing.export_runner.done, timeout=WAIT_MS):
        staffing.export_to_excel(str(out))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert {"Budget", "Capacity plan", "Schedule", "Coverage"} <= set(names)

    # An edit of the templates: the schedule is out of date (and says why), the budget is not touched.
    window.page("Schedule").time_limit.setValue(6)
    assert _step(window, "Schedule") == "out of date" and _step(window, "Budget") == "up to date"
    row = [p.title for p in window.pages].index("Schedule")
    assert "the schedule options" in window.nav.item(row).toolTip()
    assert window.plan.result("budget") is budget
    window.documents.close_allowed = True
    window.close()


def test_cli_export_of_a_plan_saved_in_the_gui_is_the_guis_own_workbook(qtbot, settings, tmp_path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _whole_flow(qtbot, window, tmp_path)
    gui_book, path, cli_book = tmp_path / "gui.xlsx", tmp_path / "saved.wfmplan", tmp_path / "cli.xlsx"
    staffing = window.page("Staffing")
    with qtbot.waitSignal(staffing.export_runner.done, timeout=WAIT_MS):
        staffing.export_to_excel(str(gui_book))
    with qtbot.waitSignal(window.documents.saved, timeout=WAIT_MS):
        assert window.documents.save_as(path)
    _settle(qtbot, window)
    assert main(["export", str(path), "-o", str(cli_book)]) == 0
    assert_same_cells(gui_book, cli_book)
    window.documents.close_allowed = True
    window.close()
