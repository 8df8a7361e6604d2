"""The plan pipeline's staffing step: channels, opening hours, minimum staff, shrinkage by month."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.export import SourceInfo, plan_workbook_data, write_plan_workbook
from wfm_desktop.core.plan.pipeline import plan_from_forecast
from wfm_desktop.core.staffing.intervals import interval_requirements
from wfm_desktop.core.staffing.queue_settings import OpenHours, PlanSettings, QueueSettings
from wfm_desktop.core.staffing.shrinkage import ShrinkageCategory, ShrinkageTable
from wfm_desktop.core.staffing.calculator import IntervalInputs, ServiceTarget, calculate_interval

FLAT_30 = ShrinkageTable((ShrinkageCategory("breaks", 0.1, scheduled=True), ShrinkageCategory("absence", 0.2)))


def _forecast(contacts, start="2027-03-01 08:00", interval_min=30, queue="Voice", aht_s=180.0) -> pd.DataFrame:
    starts = pd.date_range(start, periods=len(contacts), freq=f"{interval_min}min")
    return pd.DataFrame({"queue": queue, "start": starts, "contacts": np.asarray(contacts, float), "aht_s": aht_s})


def test_voice_interval_matches_the_calculator():
    qs = QueueSettings(max_occupancy=None, shrinkage=FLAT_30)
    req, notes = interval_requirements(_forecast([100.0]), PlanSettings(default=qs), 30)
    one = calculate_interval(IntervalInputs(100, 30, 180, target=ServiceTarget(0.8, 20), shrinkage=0.3))
    row = req.iloc[0]
    assert (row["agents_net"], row["agents_gross"]) == (14, 20) == (one.agents_net, one.agents_gross)
    assert row["agents_schedule"] == 18  # 14 ÷ (1 − 0.2 absence): breaks are placed by the schedule
    assert row["service_level"] == pytest.approx(one.service_level)
    assert row["asa_s"] == pytest.approx(7.84, abs=0.01)
    assert row["occupancy"] == pytest.approx(10 / 14)
    assert row["workload_erlangs"] == pytest.approx(10.0)
    assert notes == ()


def test_chat_uses_the_effective_handle_time():
    chat = QueueSettings(channel="chat", concurrency=2, max_occupancy=None)
    req, _ = interval_requirements(_forecast([200.0], aht_s=360.0), PlanSettings(default=chat), 30)
    voice, _ = interval_requirements(_forecast([200.0], aht_s=180.0), PlanSettings(default=QueueSettings(
        max_occupancy=None)), 30)
    assert req["agents_net"].iloc[0] == voice["agents_net"].iloc[0] == 24
    assert req["workload_erlangs"].iloc[0] == pytest.approx(20.0)


def test_minimum_staff_in_open_hours_and_nothing_when_closed():
    hours = OpenHours.parse("08:00-10:00")  # Monday 2027-03-01 08:00 onwards, 30-minute intervals
    qs = QueueSettings(open_hours=hours, min_staff=2)
    req, notes = interval_requirements(_forecast([0, 1, 0, 0, 7]), PlanSettings(default=qs), 30)
    assert req["open"].tolist() == [True, True, True, True, False]
    assert req["agents_net"].tolist()[:4] == [2, 2, 2, 2]
    assert req["agents_net"].iloc[4] == 0
    assert notes == ("Voice: 7 contacts forecast outside the opening hours are not staffed.",)
    assert OpenHours.parse("08:00-20:00").text(0) == "08:00–20:00" and hours.text(6) == "closed"


def test_deferred_work_spreads_over_the_response_target():
    qs = QueueSettings(channel="deferred", response_target_h=1, sl=None, max_occupancy=0.8,
                       open_hours=OpenHours.parse("08:00-12:00"))
    # 30-min intervals: a 1-hour target spreads each arrival over 2 open intervals.
    contacts = [60, 0, 0, 0, 0, 0, 0, 0]
    req, _ = interval_requirements(_forecast(contacts, aht_s=300.0), PlanSettings(default=qs), 30)
    # 60 × 300 s = 5 agent-hours of work, 2.5 per interval → 10 Erlangs over two intervals: 5 each, ÷ 0.8 → 7.
    assert req["agents_net"].tolist() == [7, 7, 0, 0, 0, 0, 0, 0]
    assert req["service_level"].isna().all()


def test_deferred_work_arriving_while_closed_waits_for_the_opening():
    qs = QueueSettings(channel="deferred", response_target_h=0.5, sl=None, max_occupancy=None,
                       open_hours=OpenHours.parse("08:00-09:00"))
    req, notes = interval_requirements(_forecast([12, 0, 0], start="2027-03-01 07:30", aht_s=150),
                                       PlanSettings(default=qs), 30)
    assert req["agents_net"].tolist() == [0, 1, 0]
    assert "worked in the next open interval" in notes[0]
    assert "cannot be done within the 0.5-hour response target" in notes[1]


def test_erlang_a_reports_abandonment():
    qs = QueueSettings(patience_s=60, max_occupancy=None)
    req, _ = interval_requirements(_forecast([100.0]), PlanSettings(default=qs), 30)
    assert 0 < req["abandon_rate"].iloc[0] < 0.1
    assert req["agents_net"].iloc[0] <= 14


def test_shrinkage_by_month_changes_gross():
    winter = ShrinkageTable((ShrinkageCategory("absence", 0.5),))
    qs = QueueSettings(max_occupancy=None, shrinkage=FLAT_30, shrinkage_by_month={3: winter})
    frame = pd.concat([_forecast([100.0], start="2027-02-26 08:00"), _forecast([100.0], start="2027-03-01 08:00")])
    req, _ = interval_requirements(frame, PlanSettings(default=qs), 30)
    assert req["agents_gross"].tolist() == [20, 28]


def test_bad_settings_are_named():
    with pytest.raises(WfmError, match="response target"):
        QueueSettings(channel="deferred")
    with pytest.raises(WfmError, match="channel"):
        QueueSettings(channel="fax")
    with pytest.raises(WfmError, match="HH:MM"):
        OpenHours.parse("8 till late")
    with pytest.raises(WfmError, match="only a chat queue"):
        QueueSettings(concurrency=3)


def _fake_forecast(days=14):
    starts = pd.date_range("2027-03-01", periods=days * 48, freq="30min")
    hour = starts.hour
    rows = []
    for queue, scale in (("Voice", 40), ("Chat", 20)):
        contacts = np.where((hour >= 8) & (hour < 20), scale * (1 + np.sin(hour / 3)), 0.0)
        rows.append(pd.DataFrame({"queue": queue, "start": starts, "contacts": contacts, "aht_s": 240.0}))
    intraday = pd.concat(rows, ignore_index=True)
    daily = (intraday.assign(date=intraday["start"].dt.normalize()).groupby(["queue", "date"], as_index=False)
             ["contacts"].sum())
    daily["lower"] = daily["contacts"] * 0.9
    daily["upper"] = daily["contacts"] * 1.1
    daily["aht_s"] = 240.0
    daily["method"] = "weekday_avg"
    daily["point"] = daily["contacts"]
    backtest = pd.DataFrame({"queue": ["Voice"], "method": ["weekday_avg"], "wape": [0.08], "bias": [-0.01],
                             "folds": [4], "days": [28], "chosen": [True]})
    settings = SimpleNamespace(method="auto", growth=0.05, deflection=0.0, events=(), overrides={}, percentile=None)
    return SimpleNamespace(intraday=intraday, daily=daily, interval_min=30, notes=(), backtest=backtest,
                           adjustments=pd.DataFrame(), settings=settings)


def test_plan_from_forecast_rolls_up_and_exports(tmp_path):
    forecast = _fake_forecast()
    before = forecast.intraday.copy(deep=True)
    settings = PlanSettings(queues={"Chat": QueueSettings(channel="chat", concurrency=3, hours_per_fte=40)})
    plan = plan_from_forecast(forecast, settings, source=SourceInfo("history.csv", "0" * 64))
    pd.testing.assert_frame_equal(forecast.intraday, before)
    assert len(plan.daily) == 2 * 14 and len(plan.weekly) == 2 * 2
    voice = plan.requirements[plan.requirements["queue"] == "Voice"]
    week1 = voice[voice["start"] < "2027-03-08"]
    expected_fte = week1["agents_gross"].sum() * 0.5 / 37.5
    got = plan.weekly[(plan.weekly["queue"] == "Voice")]["fte"].iloc[0]
    assert got == pytest.approx(expected_fte)
    assert plan.daily["contacts"].sum() == pytest.approx(forecast.intraday["contacts"].sum())
    data = plan_workbook_data(plan, title="Spring")
    assert [q.queue for q in data.queues] == ["Chat", "Voice"]
    assert data.queues[0].concurrency == 3 and data.queues[0].hours_per_fte == 40
    assert data.forecast.method_by_queue["Voice"] == "Weekday average"
    assert data.forecast.adjustments[0].kind == "Growth"
    write_plan_workbook(data, tmp_path / "spring.xlsx")
    assert (tmp_path / "spring.xlsx").stat().st_size > 10_000


def test_settings_round_trip_through_plain_json():
    import json

    from wfm_desktop.core.staffing.queue_settings import plan_settings_from_dict, plan_settings_to_dict

    settings = PlanSettings(
        default=QueueSettings(sl=0.9, answer_s=30, asa_s=25, shrinkage=FLAT_30,
                              shrinkage_by_month={12: ShrinkageTable((ShrinkageCategory("holiday", 0.25),))}),
        queues={"Email": QueueSettings(channel="deferred", response_target_h=8, sl=None, min_staff=1,
                                       open_hours=OpenHours.parse("08:00-18:00", saturday="09:00-12:30"))},
        title="Winter",
    )
    again = plan_settings_from_dict(json.loads(json.dumps(plan_settings_to_dict(settings))))
    assert again == settings
    with pytest.raises(WfmError, match="damaged"):
        plan_settings_from_dict({"default": {"shrinkage": [{"category": "x"}]}})
