"""Forecast against actuals: the measures on a table small enough to compute by hand."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast.accuracy import accuracy_report, long_table, write_accuracy
from wfm_desktop.core.history.table import History

# Two days, two 30-minute intervals each.
#   actual    Mon 09:00 100 @200 s, 09:30  50 @300 s  (day 150, AHT 35,000/150 = 233.3 s)
#             Tue 09:00  80 @250 s, 09:30 120 @250 s  (day 200, AHT 250 s)
#   forecast  Mon 09:00  90 @220 s, 09:30  70 @220 s  (day 160)
#             Tue 09:00 100 @240 s, 09:30 100 @240 s  (day 200)
STARTS = pd.to_datetime(["2024-01-01 09:00", "2024-01-01 09:30", "2024-01-02 09:00", "2024-01-02 09:30"])
ACTUALS = History(pd.DataFrame({"queue": "Q", "start": STARTS, "offered": [100.0, 50, 80, 120],
                                "aht_s": [200.0, 300, 250, 250]}), 30, "test")
INTERVALS = pd.DataFrame({"queue": "Q", "start": STARTS, "contacts": [90.0, 70, 100, 100], "aht_s": [220.0, 220, 240, 240]})
DAILY = pd.DataFrame({"queue": "Q", "date": pd.to_datetime(["2024-01-01", "2024-01-02"]), "contacts": [160.0, 200],
                      "aht_s": [220.0, 240]})

# by hand
DAILY_WAPE = (10 + 0) / 350
DAILY_BIAS = 10 / 350
INTERVAL_WAPE = (10 + 20 + 20 + 20) / 350
WORKLOAD = 100 * 200 + 50 * 300 + 80 * 250 + 120 * 250  # 85,000 contact-seconds
AHT_WAPE = (150 * abs(220 - 35000 / 150) + 200 * abs(240 - 250)) / WORKLOAD  # 4,000 / 85,000
AHT_BIAS = (150 * (220 - 35000 / 150) + 200 * (240 - 250)) / WORKLOAD


@pytest.mark.parametrize("daily", [DAILY, None], ids=["daily and intervals", "intervals only"])
def test_wape_and_bias_of_volume_and_aht_match_the_hand_computed_values(daily):
    report = accuracy_report(daily, ACTUALS, forecast_intervals=INTERVALS)
    summary = report.summary.iloc[0]
    assert summary["days"] == 2 and summary["actual"] == 350 and summary["forecast"] == 360
    assert summary["wape"] == pytest.approx(DAILY_WAPE)
    assert summary["bias"] == pytest.approx(DAILY_BIAS)
    assert summary["interval_wape"] == pytest.approx(INTERVAL_WAPE)
    assert summary["aht_actual_s"] == pytest.approx(WORKLOAD / 350)
    assert summary["aht_wape"] == pytest.approx(AHT_WAPE) and summary["aht_wape"] == pytest.approx(4000 / 85000)
    assert summary["aht_bias"] == pytest.approx(AHT_BIAS)
    month, week = report.by_month.iloc[0], report.by_week.iloc[0]
    assert month["month"] == "2024-01" and month["wape"] == pytest.approx(DAILY_WAPE)
    assert week["week"] == pd.Timestamp("2024-01-01") and week["bias"] == pytest.approx(DAILY_BIAS)
    days = report.by_day.set_index("date")
    assert days["wape"].tolist() == pytest.approx([30 / 150, 40 / 200])  # each day's interval WAPE
    assert days["bias"].tolist() == pytest.approx([10 / 150, 0.0])
    assert days["aht_bias"].tolist() == pytest.approx([(220 - 35000 / 150) / (35000 / 150), -10 / 250])
    assert report.worst_days["date"].iloc[0] == pd.Timestamp("2024-01-01")
    assert set(report.worst_intervals["error"].iloc[:3]) == {20.0, -20.0}


def test_daily_forecast_without_intervals_and_days_missing_from_the_actuals():
    daily = pd.concat([DAILY, pd.DataFrame({"queue": ["Q"], "date": [pd.Timestamp("2024-01-03")], "contacts": [50.0]})])
    actuals = History(pd.concat([ACTUALS.frame, pd.DataFrame({"queue": ["Q"], "start": [pd.Timestamp("2024-01-04 09:00")],
                                                             "offered": [10.0], "aht_s": [np.nan]})]), 30, "test")
    report = accuracy_report(daily, actuals)
    summary = report.summary.iloc[0]
    # Wednesday has a forecast and no actuals inside the compared span: 0 actual contacts
    assert summary["days"] == 3 and summary["wape"] == pytest.approx((10 + 0 + 50) / 350)
    assert np.isnan(summary["interval_wape"]) and report.by_interval.empty
    assert any("no actuals" in note for note in report.notes)


def test_queues_without_overlap_are_reported_and_nothing_comparable_is_an_error():
    other = DAILY.assign(queue="Other")
    report = accuracy_report(pd.concat([DAILY, other]), ACTUALS)
    assert report.summary["queue"].tolist() == ["Q"]
    assert any("Other" in note for note in report.notes)
    with pytest.raises(WfmError, match="no queue"):
        accuracy_report(DAILY.assign(date=DAILY["date"] + pd.Timedelta(days=30)), ACTUALS)


def test_report_files_csv_and_xlsx(tmp_path):
    report = accuracy_report(DAILY, ACTUALS, forecast_intervals=INTERVALS)
    csv_path = write_accuracy(report, tmp_path / "accuracy.csv")
    table = pd.read_csv(csv_path)
    assert table["level"].value_counts().to_dict() == {"queue": 1, "month": 1, "week": 1, "day": 2, "interval": 4}
    assert table.loc[table["level"] == "queue", "wape"].iloc[0] == pytest.approx(DAILY_WAPE, rel=1e-5)
    assert long_table(report)["level"].iloc[0] == "queue"
    from openpyxl import load_workbook

    book = load_workbook(write_accuracy(report, tmp_path / "accuracy.xlsx"))
    assert book.sheetnames == ["Summary", "Charts", "Months", "Weeks", "Days", "Intervals", "Worst days",
                               "Worst intervals", "Notes"]
    assert book["Summary"]["A1"].value == "Queue" and book["Summary"].freeze_panes == "A2"
    # one chart per queue: actual and forecast lines over the queue's rows of the Days sheet
    (chart,) = book["Charts"]._charts
    refs = [series.val.numRef.f for series in chart.series]
    assert refs == ["'Days'!$C$2:$C$3", "'Days'!$D$2:$D$3"]
    assert [book["Days"]["C1"].value, book["Days"]["D1"].value] == ["Actual", "Forecast"]
    assert book["Days"]["B2"].number_format == "yyyy-mm-dd"
    with pytest.raises(WfmError):
        write_accuracy(report, tmp_path / "accuracy.csv")  # never overwritten without force


def test_quality_bands_follow_the_planners_published_bands():
    from wfm_desktop.core.forecast.accuracy import DAILY_BANDS, INTERVAL_BANDS, band, poor_queues

    assert [band(w, DAILY_BANDS) for w in (0.099, 0.10, 0.15, 0.151, float("nan"))] == [
        "excellent", "acceptable", "acceptable", "poor", ""]
    assert [band(w, INTERVAL_BANDS) for w in (0.149, 0.25, 0.26)] == ["excellent", "acceptable", "poor"]
    report = accuracy_report(DAILY, ACTUALS, forecast_intervals=INTERVALS)
    # daily WAPE 10/350 = 2.9% excellent; interval WAPE 70/350 = 20% acceptable: nothing to flag
    assert report.summary[["daily_band", "interval_band"]].iloc[0].tolist() == ["excellent", "acceptable"]
    assert poor_queues(report) is None
    far = accuracy_report(DAILY.assign(contacts=DAILY["contacts"] * 1.5), ACTUALS)
    assert far.summary["daily_band"].iloc[0] == "poor" and "Q: daily WAPE" in poor_queues(far)
