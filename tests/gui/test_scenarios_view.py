"""Whole-plan scenarios in the window: added and edited on the Budget page's Scenarios view, computed
by the plan, saved, reopened in a new window and exported as the workbook's Scenarios sheet."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from wfm_desktop.core.plan.scenarios import Scenario, compare_scenarios
from wfm_desktop.gui.main_window import MainWindow

OLD = Path(__file__).parents[1] / "data" / "old_release" / "release_1.wfmplan"
WAIT_MS = 60_000


def _window(qtbot, settings) -> MainWindow:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _settled(qtbot, window, check=lambda r: True) -> None:
    plan = window.plan

    def done() -> bool:
        result = plan.result("scenarios")
        return (not plan.runner.busy and plan.state("scenarios").status == "up to date" and result is not None
                and check(result))
    qtbot.waitUntil(done, timeout=WAIT_MS)


def _open(qtbot, window, path) -> None:
    with qtbot.waitSignal(window.documents.opened, timeout=WAIT_MS):
        window.documents.open(path)
    qtbot.waitUntil(lambda: window.plan.result("requirements") is not None, timeout=WAIT_MS)


def test_scenarios_saved_reopened_and_exported(qtbot, settings, tmp_path):
    first = _window(qtbot, settings)
    _open(qtbot, first, OLD)
    first.show_page("Budget")
    view = first.page("Budget").scenarios
    first.page("Budget").tabs.setCurrentWidget(view)
    assert "No scenarios yet" in view.state.text()

    view.add_button.click()
    assert view.list.count() == 1 and view.name.text() == "Scenario 1"
    view.name.setText("Busy")
    view.name.editingFinished.emit()
    view.boxes["volume"].setValue(10)
    view.boxes["aht_s"].setValue(-5)
    view.boxes["sl"].setValue(85)
    view.hires.setText("2026-01-05 3")
    view.hires.editingFinished.emit()
    view.add_button.click()
    view.name.setText("Bot")
    view.name.editingFinished.emit()
    view.deflection.setText("5, 10, 15")
    view.deflection.editingFinished.emit()
    view.boxes["licence_month"].setValue(2000)
    view.boxes["implementation"].setValue(30000)
    assert view.form_error.text() == ""
    _settled(qtbot, first, lambda r: [o.scenario.name for o in r.outcomes] == ["Busy", "Bot"]
             and r.outcomes[0].scenario.hires != ()
             and r.outcomes[1].scenario.implementation == 30000)
    stored = [Scenario("Busy", volume=0.1, aht_s=-5, sl=0.85, hires=({"start": "2026-01-05", "count": 3},)),
              Scenario("Bot", deflection=(0.05, 0.1, 0.15), licence_month=2000, implementation=30000)]
    comparison = first.plan.result("scenarios")
    assert [o.scenario for o in comparison.outcomes] == stored
    # One truth: the view shows what the core computes from the plan's inputs, forecast and history.
    model = first.plan.model
    direct = compare_scenarios(model.resolved_inputs(), model.result("data"), model.result("forecast"), stored)
    pd.testing.assert_frame_equal(direct.totals(), comparison.totals())
    assert view.totals_model.rowCount() == 3
    assert view.totals_model.index(1, 0).data() == "Busy"
    qtbot.waitUntil(lambda: len(view.chart.figure.axes) == 2, timeout=WAIT_MS)  # FTE and cost by month
    assert [t.get_text() for t in view.chart.figure.axes[0].get_legend().get_texts()] == ["Base plan", "Busy", "Bot"]
    view.list.setCurrentRow(1)
    assert view.case_label.text().startswith("<b>Bot:") or view.case_label.text().startswith("Bot:")
    assert view.case_model.rowCount() == len(comparison.base.monthly)

    # Undo takes the last edit back (one step), redo restores it.
    first.plan.undo()
    assert first.plan.input("scenarios")[1]["implementation"] == 0
    first.plan.redo()
    assert first.plan.input("scenarios")[1]["implementation"] == 30000
    _settled(qtbot, first, lambda r: r.outcomes[1].scenario.implementation == 30000)

    path = tmp_path / "scenarios.wfmplan"
    with qtbot.waitSignal(first.documents.saved, timeout=WAIT_MS):
        assert first.documents.save_as(path)
    totals = first.plan.result("scenarios").totals()
    first.documents.close_window()

    second = _window(qtbot, settings)
    _open(qtbot, second, path)
    _settled(qtbot, second, lambda r: not r.empty)
    view2 = second.page("Budget").scenarios
    assert [view2.list.item(i).text() for i in range(view2.list.count())] == ["Busy", "Bot"]
    pd.testing.assert_frame_equal(second.plan.result("scenarios").totals(), totals)
    assert not second.documents.is_modified

    staffing = second.page("Staffing")
    out = tmp_path / "scenarios.xlsx"
    with qtbot.waitSignal(staffing.export_runner.done, timeout=WAIT_MS):
        staffing.export_to_excel(str(out))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ws = openpyxl.load_workbook(out, data_only=True)["Scenarios"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    head = cells["Average FTE"]
    for i, rec in enumerate(totals.to_dict("records"), start=1):
        assert ws.cell(head.row + i, 1).value == rec["scenario"]
        assert ws.cell(head.row + i, head.column).value == pytest.approx(rec["required_fte"], rel=1e-12)
    assert "Automation business case: Bot" in cells
    second.documents.close_window()


def test_in_presentation_mode_the_scenario_name_box_fills_its_row(qtbot, settings):
    window = _window(qtbot, settings)
    window.resize(1280, 800)
    window.show_page("Budget")
    budget = window.page("Budget")
    budget.tabs.setCurrentWidget(budget.scenarios)
    window.presentation_action.trigger()  # F5
    try:
        view = budget.scenarios
        qtbot.waitUntil(lambda: view.name.isVisible())
        box = view.name.parentWidget()
        qtbot.waitUntil(lambda: view.name.width() >= 0.8 * box.contentsRect().width(), timeout=5_000)
    finally:
        window.presentation_action.trigger()
