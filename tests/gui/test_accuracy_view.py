"""The Accuracy view shows the same numbers as the core report, per queue and level."""

import pandas as pd
import pytest

from tests.core.forecast.test_accuracy import ACTUALS, DAILY, DAILY_WAPE, INTERVALS
from wfm_desktop.core.forecast.accuracy import accuracy_report
from wfm_desktop.gui.widgets.accuracy_view import AccuracyView


def test_the_view_shows_the_summary_chart_and_levels_of_a_report(qtbot):
    view = AccuracyView()
    qtbot.addWidget(view)
    report = accuracy_report(DAILY, ACTUALS, forecast_intervals=INTERVALS)
    with qtbot.waitSignal(view.report_changed):
        view.set_report(report)
    assert view.summary_model.rowCount() == 1
    wape_column = list(view.summary_model.frame().columns).index("wape")
    shown = view.summary_model.data(view.summary_model.index(0, wape_column))
    assert shown == f"{DAILY_WAPE:.1%}"
    assert view.queue_box.currentText() == "Q"
    assert view.level_model.rowCount() == 2  # Days
    view.level_box.setCurrentIndex(3)  # Intervals
    assert view.level_model.rowCount() == 4
    assert len(view.chart.figure.axes) == 2


def test_compare_reads_the_files_and_a_bad_file_is_a_message_not_an_exception(qtbot, tmp_path):
    forecast = tmp_path / "forecast.csv"
    DAILY.assign(date=DAILY["date"].dt.strftime("%Y-%m-%d")).to_csv(forecast, index=False)
    actuals = tmp_path / "actuals.csv"
    ACTUALS.frame.assign(start=ACTUALS.frame["start"].dt.strftime("%Y-%m-%d %H:%M:%S")).to_csv(actuals, index=False)
    view = AccuracyView()
    qtbot.addWidget(view)
    view.set_files(forecast, actuals)
    assert view.compare_button.isEnabled()
    view.compare()
    assert view.report is not None and view.report.summary["wape"].iloc[0] == pytest.approx(DAILY_WAPE)
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"x": [1]}).to_csv(bad, index=False)
    view.set_files(bad, actuals)
    view.compare()
    assert "Cannot compare" in view.message.text()
