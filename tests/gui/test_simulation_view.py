"""The simulated plan on the Staffing and Schedule pages: computed by the plan off the GUI thread, shown beside
the Erlang figures; automatic while the plan is small, on request (Simulate) when it is large."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.core.plan.test_pipeline import _fake_forecast
from wfm_desktop.core.simulation import plan_stage


def _simulated(qtbot, plan, timeout=60_000):
    qtbot.waitUntil(lambda: plan.result("simulation") is not None and not plan.runner.busy, timeout=timeout)
    return plan.result("simulation")


@pytest.fixture
def staffing(qtbot, main_window):
    main_window.show_page("Staffing")
    page = main_window.page("Staffing")
    with qtbot.waitSignal(page.shown, timeout=10_000):
        main_window.plan.set_result("forecast", _fake_forecast())
    return page


def test_a_small_plan_is_simulated_by_itself_and_shown_beside_the_erlang_figures(qtbot, staffing, main_window):
    plan = main_window.plan
    sim = _simulated(qtbot, plan)
    view = staffing.simulated
    staffing.tabs.setCurrentWidget(view)
    staffing.queue.setCurrentText("Voice")
    days = sim.days()
    voice = days[days["queue"] == "Voice"].reset_index(drop=True)
    shown = view.model.frame()
    assert len(shown) == len(voice) == 14
    pd.testing.assert_series_equal(shown["sim_service_level"], voice["sim_service_level"])
    pd.testing.assert_series_equal(shown["erlang_service_level"], voice["erlang_service_level"])
    assert "p_sl_target" in shown.columns and shown["p_sl_target"].between(0, 1).all()
    assert view.message.text().startswith("Voice: simulated service level")
    assert "of 14 days under the 80% target" in view.message.text()
    assert view.days_chart.figure.axes and view.time_chart.figure.axes
    staffing.queue.setCurrentText("Chat")
    assert view.model.frame()["sim_service_level"].tolist() == \
        days.loc[days["queue"] == "Chat", "sim_service_level"].tolist()


def test_a_large_plan_waits_for_simulate(qtbot, main_window, monkeypatch):
    monkeypatch.setattr(plan_stage, "AUTO_LIMIT_CONTACTS", 10.0)
    main_window.show_page("Staffing")
    page = main_window.page("Staffing")
    plan = main_window.plan
    with qtbot.waitSignal(page.shown, timeout=10_000):
        plan.set_result("forecast", _fake_forecast(days=3))
    qtbot.waitUntil(lambda: not plan.runner.busy, timeout=30_000)
    assert plan.result("simulation") is None
    assert "press Simulate" in page.simulated.message.text()
    with qtbot.waitSignal(plan.changed, timeout=60_000, check_params_cb=lambda stage: stage == "simulation"):
        page.simulated.simulate_button.click()
    assert plan.state("simulation").status == "up to date"
    assert len(page.simulated.model.frame()) == 3


def test_the_chat_model_is_stated_for_chat_queues_only(staffing):
    staffing.queue.setCurrentText("Chat")
    assert not staffing.chat_note.isHidden() and "AHT ÷ k" in staffing.chat_note.text()
    assert "duration" in staffing.chat_note.toolTip()
    staffing.queue.setCurrentText("Voice")
    assert staffing.chat_note.isHidden()


def test_the_schedule_page_shows_the_schedule_simulated_with_its_breaks(qtbot, staffing, main_window):
    plan = main_window.plan
    _simulated(qtbot, plan)
    schedule = main_window.page("Schedule")
    main_window.show_page("Schedule")
    assert "not simulated" in schedule.simulated.message.text()
    req = plan.result("requirements").requirements
    two_days = req[pd.to_datetime(req["start"]) < pd.Timestamp("2027-03-03")]
    need = two_days.groupby("start", as_index=False)["agents_schedule"].sum()
    schedule.set_requirement(need, "two days of the plan")
    schedule.templates.item(0, 3).setText("60")
    schedule.time_limit.setValue(10)
    with qtbot.waitSignal(schedule.runner.done, timeout=120_000):
        schedule.solve_button.click()
    qtbot.waitUntil(lambda: plan.result("simulation") is not None and plan.result("simulation").schedule is not None
                    and not plan.runner.busy, timeout=60_000)
    sim = plan.result("simulation")
    shown = schedule.simulated.model.frame()
    assert len(shown) == 2 and shown["sim_service_level"].tolist() == sim.days("schedule")["sim_service_level"].tolist()
    assert schedule.simulated.message.text().startswith("Schedule (all queues,")


def _actuals_file(path, requirements, factors):
    """Actual arrivals of the plan's first days, as a history file: Poisson counts around the forecast × a factor
    per day (the importer reads it as it reads any history)."""
    import numpy as np

    rng = np.random.default_rng(3)
    req = requirements.copy()
    day = pd.to_datetime(req["start"]).dt.normalize()
    first = sorted(day.unique())[: len(factors)]
    req = req[day.isin(first)]
    factor = pd.to_datetime(req["start"]).dt.normalize().map(dict(zip(first, factors)))
    out = pd.DataFrame({"queue": req["queue"], "start": req["start"], "interval_min": 30,
                        "offered": rng.poisson(req["contacts"].to_numpy() * factor.to_numpy())})
    out.to_csv(path, index=False, date_format="%Y-%m-%d %H:%M:%S")
    return path


def test_the_post_mortem_view_replays_the_plan_against_loaded_actuals(qtbot, staffing, main_window, tmp_path):
    plan = main_window.plan
    _simulated(qtbot, plan)
    view = staffing.simulated.post_mortem
    assert view.sentence.text().startswith("Load the actual arrivals")
    path = _actuals_file(tmp_path / "actuals.csv", plan.result("requirements").requirements, (1.25, 1.0, 0.9))
    view.load(str(path))
    qtbot.waitUntil(lambda: plan.result("simulation") is not None and plan.result("simulation").post_mortem is not None
                    and not plan.runner.busy, timeout=120_000)
    pm = plan.result("simulation").post_mortem
    assert len(pm.days) == 3
    table = view.model.frame()
    assert list(table["day"])[-1] == "Whole period" and len(table) == 4
    assert view.sentence.text().startswith(pm.sentence(0.8)) and "AHT share is 0 by construction" in view.sentence.text()
    p = pm.period
    assert p["promised"] + p["staffing"] + p["volume"] + p["shape"] + p["aht"] == pytest.approx(p["achieved"])
    assert pm.days["volume"].iloc[0] < 0 < pm.days["volume"].iloc[2]  # 25% more calls cost, 10% fewer gave back
    assert p["aht"] == 0  # no handle times in the actuals
    with qtbot.waitSignal(plan.input_changed, timeout=5_000):
        view.clear_button.click()
    assert plan.input("simulation/actuals") is None
