"""The Forecast page's Accuracy tab (snapshots, actuals, the comparison, re-forecast) and its abnormal periods
list (a check box per finding, the planner's own periods), driven through the widgets."""

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from tests.core.forecast.builders import daily_history, interval_history
from wfm_desktop.core.forecast.accuracy import accuracy_report
from wfm_desktop.core.history.table import History
from wfm_desktop.gui.pages.forecast import ForecastPage

SHOTS = os.environ.get("WFM_SHOTS")  # a folder to save screenshots in (to look at them), else none


@pytest.fixture
def page(main_window):
    main_window.show_page("Forecast")
    page = main_window.page("Forecast")
    assert isinstance(page, ForecastPage)
    return page


def _run(qtbot, page):
    with qtbot.waitSignal(page.runner.done, timeout=60_000):
        page.run_button.click()


def _wait_accuracy(qtbot, plan):
    qtbot.waitUntil(lambda: plan.result("accuracy") is not None and plan.state("accuracy").status in (
        "up to date", "flagged") and not plan.computing("accuracy"), timeout=30_000)


def test_keep_a_snapshot_import_actuals_compare_rename_and_reforecast(qtbot, page, main_window, tmp_path):
    plan = main_window.plan
    full = interval_history("2024-01-01", 7 * 14, queues=("Sales", "Support"), interval_min=30)
    cut = pd.Timestamp("2024-03-25")  # 12 weeks of weekday history (to Friday 22 March); then 2 weeks of actuals
    frame = full.frame
    plan.set_result("history", History(frame[frame["start"] < cut].reset_index(drop=True), 30, "history.csv"))
    actual_frame = frame[frame["start"] >= cut].reset_index(drop=True)
    actual_frame.loc[actual_frame["start"].dt.day_of_week == 2, "offered"] *= 1.3  # Wednesdays were busier
    actuals_path = tmp_path / "actuals.csv"
    actual_frame.to_csv(actuals_path, index=False)
    page.method.setCurrentIndex(page.method.findData("weekday_avg"))
    page.horizon.setValue(2)
    _run(qtbot, page)
    panel = page.accuracy
    page.views.setCurrentIndex(1)
    assert "keep one on the Forecast page" in panel.status.text()
    assert not panel.reforecast_button.isEnabled()

    panel.keep_button.click()
    kept = plan.input("forecast/snapshots")
    assert [s["name"] for s in kept] == ["Forecast from 2024-03-23 (weekday_avg)"]
    assert panel.snapshot_model.rowCount() == 1 and main_window.undo_action.text().startswith("&Undo Keep forecast")

    with qtbot.waitSignal(panel.importer.busy_changed, timeout=60_000, check_params_cb=lambda busy: not busy):
        panel.import_actuals(str(actuals_path))
    assert plan.input("accuracy/actuals") is not None, panel.status.text()
    _wait_accuracy(qtbot, plan)
    assert "actuals.csv, 2024-03-25 to 2024-04-05" in panel.actuals_label.text()
    # the tab shows the core's report of the kept forecast against the file's rows, per queue
    expected = accuracy_report(kept[0]["daily"], History(actual_frame, 30, "x"),
                               forecast_intervals=kept[0]["intraday"])
    view = panel.view
    assert view.summary_model.rowCount() == 2 and view.queue_box.currentText() == "Sales"
    wape_column = list(view.summary_model.frame().columns).index("wape")
    assert view.summary_model.data(view.summary_model.index(0, wape_column)) == f"{expected.summary['wape'].iloc[0]:.1%}"
    assert view.report.summary["bias"].tolist() == pytest.approx(expected.summary["bias"].tolist())
    assert expected.summary["bias"].iloc[0] < 0  # the busier Wednesdays were under-forecast
    assert view.level_model.rowCount() == 10 and len(view.chart.figure.axes) == 2  # 10 open days of the queue, chart
    assert "Compared 'Forecast from 2024-03-23 (weekday_avg)'" in panel.status.text()
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        main_window.resize(1500, 950)
        main_window.grab().save(str(Path(SHOTS) / "accuracy_tab.png"))

    panel.select(kept[0]["name"])
    panel.rename_snapshot(kept[0]["name"], "March plan")
    assert [s["name"] for s in plan.input("forecast/snapshots")] == ["March plan"]
    _wait_accuracy(qtbot, plan)
    assert plan.result("accuracy")["snapshot"] == "March plan"
    main_window.undo_action.trigger()  # the rename is one undoable step
    assert [s["name"] for s in plan.input("forecast/snapshots")] == [kept[0]["name"]]
    main_window.redo_action.trigger()

    # re-forecast: the actuals join the history and the forecast starts the day after them
    assert panel.reforecast_button.isEnabled()
    with qtbot.waitSignal(page.runner.done, timeout=60_000):
        panel.reforecast_button.click()
    assert f"added to the history: {len(actual_frame):,} new row(s)" in panel.status.text()
    assert plan.result("forecast").daily["date"].min() == pd.Timestamp("2024-04-06")  # the history (weekdays) ends Friday 5 April
    assert len(plan.result("history").frame) == len(frame)
    assert [s["name"] for s in plan.input("forecast/snapshots")] == ["March plan"]  # kept, still compared
    panel.keep_current("April plan")
    panel.select("March plan")
    panel.delete_button.click()
    assert [s["name"] for s in plan.input("forecast/snapshots")] == ["April plan"]
    _wait_accuracy(qtbot, plan)
    # the April forecast starts after the actuals: nothing to compare, said on the tab
    assert "cannot be compared" in panel.status.text() and panel.view.report is None


def test_abnormal_periods_are_listed_with_a_check_box_and_the_planners_periods(qtbot, page, main_window):
    plan = main_window.plan
    history = daily_history("2024-01-01", 7 * 16, noise=0.03, seed=3)
    frame = history.frame.copy()
    low = (frame["start"] >= "2024-02-12") & (frame["start"] <= "2024-02-16")  # a festival week at 55%
    frame.loc[low, "offered"] *= 0.55
    plan.set_result("history", History(frame, history.interval_min, "festival.csv"))
    page.method.setCurrentIndex(page.method.findData("weekday_avg"))
    page.horizon.setValue(2)
    _run(qtbot, page)
    editor = page.findings_editor
    rows = editor.rows()
    festival = [i for i, r in enumerate(rows) if r["start"] <= dt.date(2024, 2, 14) <= r["end"]]
    assert len(festival) == 1 and rows[festival[0]]["kind"] == "abnormal" and rows[festival[0]]["out"]
    item = editor.table.item(festival[0], 0)
    assert item.checkState() == Qt.CheckState.Checked
    item.setCheckState(Qt.CheckState.Unchecked)  # the planner keeps it in
    keep = plan.input("forecast/settings")["keep_periods"]
    assert len(keep) == 1 and keep[0]["start"] <= "2024-02-14" <= keep[0]["end"]
    assert "press Run forecast" in page.message.text()
    editor.add_period(dt.date(2024, 3, 4), dt.date(2024, 3, 5), None, "system outage")
    assert plan.input("forecast/settings")["exclude_periods"] == [
        {"start": "2024-03-04", "end": "2024-03-05", "queue": None, "label": "system outage"}]
    _run(qtbot, page)
    findings = plan.result("forecast").findings
    kept_in = findings[findings["kind"] == "abnormal"]
    assert not kept_in["excluded"].any() and (findings["kind"] == "user").sum() == 1
    assert editor.table.item(festival[0], 0).checkState() == Qt.CheckState.Unchecked
    main_window.undo_action.trigger()  # the added period
    main_window.undo_action.trigger()  # the kept-in festival
    assert plan.input("forecast/settings")["keep_periods"] == [] and editor.rows()[festival[0]]["out"]
    assert editor.table.rowCount() == len(rows)


def test_an_opened_plan_shows_its_snapshots_and_their_comparison(qtbot, page, main_window, tmp_path):
    from tests.core.forecast.test_accuracy import DAILY_WAPE
    from tests.core.forecast.test_snapshots import _plan_with_snapshots
    from wfm_desktop.core.plan.saved import open_plan, save

    path = save(_plan_with_snapshots(), tmp_path / "kept.wfmplan")
    main_window.plan.load_plan(open_plan(path))
    _wait_accuracy(qtbot, main_window.plan)
    panel = page.accuracy
    assert panel.snapshot_model.rowCount() == 2 and "actuals.csv, 2024-01-01 to 2024-01-02" in panel.actuals_label.text()
    assert panel.view.report.summary["wape"].iloc[0] == pytest.approx(DAILY_WAPE)
    assert "Compared 'as forecast'" in panel.status.text()
    panel.compare("50% high")  # the other snapshot: daily WAPE 54%, poor, said in red on the tab
    _wait_accuracy(qtbot, main_window.plan)
    assert "poor: Q: daily WAPE 54.3%" in panel.status.text()
    assert panel.view.report.summary["daily_band"].iloc[0] == "poor"
