"""The Forecast page driven through its widgets, with a history put in the plan."""

import datetime as dt

import pandas as pd
import pytest

from tests.core.forecast.builders import daily_history, interval_history
from wfm_desktop.core.forecast import ForecastResult, ForecastSettings
from wfm_desktop.gui.pages.forecast import ForecastPage


@pytest.fixture
def page(main_window):
    main_window.show_page("Forecast")
    page = main_window.page("Forecast")
    assert isinstance(page, ForecastPage)
    return page


def _run(qtbot, page):
    with qtbot.waitSignal(page.runner.done, timeout=30_000):
        page.run_button.click()


def test_without_history_the_page_says_where_to_get_one(page):
    assert "Data page" in page.history_label.text()
    page.run_button.click()
    assert "Data page" in page.message.text()


def test_run_stores_the_forecast_in_the_plan_and_shows_it(qtbot, page, main_window, tmp_path):
    main_window.plan.set_result("history", interval_history("2024-01-01", 7 * 12, queues=("Sales", "Support"), interval_min=30))
    assert "2 queue(s)" in page.history_label.text()
    page.horizon.setValue(4)
    _run(qtbot, page)
    result = main_window.plan.result("forecast")
    assert isinstance(result, ForecastResult) and len(result.daily) == 2 * 28
    assert page.queue.count() == 2 and page.queue.currentText() == "Sales"
    assert page.backtest_model.rowCount() == 2 * 5  # 4 single methods and their best-two combination per queue
    assert page.daily.rowCount() == 28
    assert page.progress.value() == 100 and page.run_button.isEnabled() and not page.cancel_button.isEnabled()
    assert page.chart.figure.axes[0].get_title(loc="left") == "Sales: daily contacts"
    page.queue.setCurrentText("Support")
    assert page.profile_chart.figure.axes[0].get_title(loc="left") == "Support: share of the day per interval"
    main_window.grab().save(str(tmp_path / "forecast_page.png"))


def test_events_and_overrides_are_applied_on_the_next_run(qtbot, page, main_window):
    main_window.plan.set_result("history", daily_history("2024-01-01", 7 * 10))
    page.method.setCurrentIndex(page.method.findData("seasonal_naive"))
    page.horizon.setValue(2)
    _run(qtbot, page)
    first_day = dt.date.fromisoformat(page.daily.item(2, 0).text())  # a Monday: history ends on a Friday
    page.add_event()
    page.events.item(0, 0).setText(first_day.isoformat())
    page.events.item(0, 3).setText("Office move")
    page.daily.item(3, 6).setText("1234")  # Tuesday override
    assert "1 override" in page.message.text()
    _run(qtbot, page)
    daily = main_window.plan.result("forecast").daily.set_index("date")["contacts"]
    assert daily[pd.Timestamp(first_day)] == 0.0
    assert daily[pd.Timestamp(first_day) + pd.Timedelta(days=1)] == 1234.0
    assert "Office move" in page.notes.toPlainText()


def test_bad_event_row_is_reported_not_run(qtbot, page, main_window):
    main_window.plan.set_result("history", daily_history("2024-01-01", 7 * 10))
    page.add_event()
    page.events.item(0, 0).setText("tomorrow")
    page.run_button.click()
    assert "event row 1, Date" in page.message.text()
    assert main_window.plan.result("forecast") is None


def test_cancel_stops_a_long_forecast(qtbot, page, main_window):
    history = daily_history("2021-01-04", 3 * 365, weekday_factors=(1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.3), noise=0.05)
    frames = [history.frame.assign(queue=f"Q{i}") for i in range(6)]
    main_window.plan.set_result("history", type(history)(pd.concat(frames, ignore_index=True), history.interval_min))
    page.run_button.click()
    assert page.cancel_button.isEnabled()
    page.cancel_button.click()
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=30_000)
    assert "Cancelled" in page.message.text()
    assert main_window.plan.result("forecast") is None
    assert page.run_button.isEnabled()


def test_settings_are_stored_in_the_plan_and_filled_back_from_it(qtbot, page, main_window):
    from wfm_desktop.core.forecast import settings_from_dict, settings_to_dict

    main_window.plan.set_result("history", daily_history("2024-01-01", 7 * 10))
    page.country.setText("GB")
    page.growth.setValue(5)
    _run(qtbot, page)
    stored = settings_from_dict(main_window.plan.input("forecast/settings"))
    assert stored.country == "GB" and stored.growth == pytest.approx(0.05) and stored.horizon_days == 13 * 7
    opened = ForecastSettings(method="ets", horizon_days=28, country="US", overrides={("Q", dt.date(2024, 3, 12)): 5.0})
    main_window.plan.set_input("forecast/settings", settings_to_dict(opened))
    assert page.method.currentData() == "ets" and page.horizon.value() == 4 and page.country.text() == "US"
    assert page.growth.value() == 0 and page.overrides == {("Q", dt.date(2024, 3, 12)): 5.0}


def test_save_csv_writes_daily_and_interval_files_and_never_overwrites_silently(qtbot, page, main_window, tmp_path):
    main_window.plan.set_result("history", interval_history("2024-01-01", 7 * 6, interval_min=60))
    page.horizon.setValue(1)
    assert not page.save_csv.isEnabled()
    _run(qtbot, page)
    target = tmp_path / "fc.csv"
    written = page.save_forecast_csv(str(target))
    assert written == [str(target), str(tmp_path / "fc_intervals.csv")]
    assert list(pd.read_csv(target).columns) == ["queue", "date", "contacts", "lower", "upper", "aht_s", "method"]
    assert len(pd.read_csv(tmp_path / "fc_intervals.csv")) == 5 * 10
    assert page.save_forecast_csv(str(target)) == []
    assert "already exists" in page.message.text()


def test_events_load_from_csv_and_a_bad_file_is_reported(page, tmp_path):
    good = tmp_path / "events.csv"
    good.write_text("date,type,factor,label\n2024-12-25,closed,,Christmas\n2024-12-24,factor,0.5,Eve\n")
    page.events_editor.load_csv(str(good))
    assert [e.label for e in page.event_list()] == ["Christmas", "Eve"]
    assert page.event_list()[1].factor == 0.5
    bad = tmp_path / "bad.csv"
    bad.write_text("when,what\n2024-12-25,closed\n")
    page.events_editor.load_csv(str(bad))
    assert "missing date, type" in page.message.text()
    page.events.selectRow(0)
    page.events_editor.remove_selected()
    assert [e.label for e in page.event_list()] == ["Eve"]


def test_history_imported_on_the_data_page_is_forecast(qtbot, main_window):
    from wfm_desktop.core.history.sample import sample_history_path

    data = main_window.page("Data")
    qtbot.waitUntil(lambda: not data.runner.busy, timeout=30_000)  # a first start may open the sample itself
    with qtbot.waitSignal(data.runner.done, timeout=60_000):
        data.open_file(str(sample_history_path()))
    page = main_window.page("Forecast")
    assert "3 queue(s)" in page.history_label.text()
    page.horizon.setValue(2)
    _run(qtbot, page)
    result = main_window.plan.result("forecast")
    assert sorted(result.daily["queue"].unique()) == ["Chat", "Sales voice", "Support voice"]
    assert not result.intraday.empty and result.daily["aht_s"].notna().all()
