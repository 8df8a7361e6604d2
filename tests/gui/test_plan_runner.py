"""The plan recomputes its automatic stages off the GUI thread; pages only show what it holds."""

from __future__ import annotations

import threading

import pytest

from tests.core.plan.test_pipeline import _fake_forecast
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan import pipeline


@pytest.fixture
def staffing_threads(monkeypatch):
    """Every staffing computation's thread (the plan's staffing stage calls plan_from_forecast)."""
    threads: list[threading.Thread] = []
    original = pipeline.plan_from_forecast

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "plan_from_forecast", recording)
    return threads


def test_staffing_is_computed_off_the_gui_thread(qtbot, main_window, staffing_threads):
    staffing = main_window.page("Staffing")
    main_window.show_page("Staffing")
    with qtbot.waitSignal(staffing.shown, timeout=20_000):
        main_window.plan.set_result("forecast", _fake_forecast())
    staffing.queue.setCurrentText("Voice")
    with qtbot.waitSignal(staffing.shown, timeout=20_000):
        staffing.sl.setValue(90)  # an edit recomputes, on a worker
    assert staffing.result.settings.for_queue("Voice").sl == pytest.approx(0.9)
    assert len(staffing_threads) >= 2
    assert all(t is not threading.main_thread() for t in staffing_threads)
    assert main_window.plan.state("requirements").status == "up to date"


def test_a_burst_of_edits_is_one_computation(qtbot, main_window, staffing_threads):
    staffing, plan = main_window.page("Staffing"), main_window.plan
    with qtbot.waitSignal(staffing.shown, timeout=20_000):
        plan.set_result("forecast", _fake_forecast())
    qtbot.waitUntil(lambda: not plan.runner.busy, timeout=20_000)
    staffing_threads.clear()
    staffing.queue.setCurrentText("Voice")
    with qtbot.waitSignal(staffing.shown, timeout=20_000):
        for minimum in (1, 2, 3, 4, 5):  # typed in one go: one recompute, from the last value
            staffing.min_staff.setValue(minimum)
    qtbot.waitUntil(lambda: not plan.runner.busy, timeout=20_000)
    assert len(staffing_threads) == 1
    assert staffing.result.settings.for_queue("Voice").min_staff == 5


def test_the_page_shows_the_stages_state_and_a_failure(qtbot, main_window, monkeypatch):
    staffing, plan = main_window.page("Staffing"), main_window.plan
    with qtbot.waitSignal(staffing.shown, timeout=20_000):
        plan.set_result("forecast", _fake_forecast())
    first = staffing.result

    def failing(*_args, **_kwargs):
        raise WfmError("the answer time is longer than the interval")

    monkeypatch.setattr(pipeline, "plan_from_forecast", failing)
    staffing.queue.setCurrentText("Voice")
    with qtbot.waitSignal(plan.runner.failed, timeout=20_000):
        staffing.sl.setValue(95)
    assert "the answer time is longer than the interval" in staffing.message.text()
    assert isinstance(plan.failure("requirements"), WfmError)
    # The last result stays, shown as out of date; the page keeps no copy of its own.
    assert staffing.result is first and plan.result("requirements") is first
    assert plan.state("requirements").status == "out of date"
    # Not retried until what it reads changes; an edit tries again.
    monkeypatch.undo()
    with qtbot.waitSignal(staffing.shown, timeout=20_000):
        staffing.sl.setValue(90)
    assert plan.failure("requirements") is None and plan.state("requirements").status == "up to date"
    assert "Could not" not in staffing.message.text()


def test_budget_follows_the_staffing_without_a_page_computing(qtbot, main_window):
    budget, plan = main_window.page("Budget"), main_window.plan
    assert not hasattr(budget, "runner") and not hasattr(main_window.page("Staffing"), "runner")
    with qtbot.waitSignal(plan.changed, timeout=20_000, check_params_cb=lambda stage: stage == "budget"):
        plan.set_result("forecast", _fake_forecast())
    assert budget.result is plan.result("budget") and budget.use_plan.isChecked()
    assert plan.state("budget").status == "up to date"


def test_an_edit_during_a_computation_drops_the_stale_answer(qtbot, main_window, monkeypatch):
    staffing, plan = main_window.page("Staffing"), main_window.plan
    release = threading.Event()
    calls: list[float] = []
    original = pipeline.plan_from_forecast

    def slow_first(forecast, settings, **kwargs):
        calls.append(settings.for_queue("Voice").sl)
        if len(calls) == 1:
            release.wait(20)  # the first computation is still running when the planner edits
        return original(forecast, settings, **kwargs)

    monkeypatch.setattr(pipeline, "plan_from_forecast", slow_first)
    stored = []
    plan.changed.connect(lambda stage: stored.append(plan.result(stage)) if stage == "requirements" else None)
    plan.set_result("forecast", _fake_forecast())
    qtbot.waitUntil(lambda: plan.computing("requirements"), timeout=20_000)
    staffing.queue.setCurrentText("Voice")
    staffing.sl.setValue(90)
    first = plan.runner.tasks.generation
    qtbot.waitUntil(lambda: plan.runner.tasks.generation == first + 1, timeout=20_000)  # a new request, from the edit
    with qtbot.waitSignal(staffing.shown, timeout=20_000):
        release.set()
    qtbot.waitUntil(lambda: not plan.runner.busy, timeout=20_000)
    assert calls == [pytest.approx(0.8), pytest.approx(0.9)]
    assert [r.settings.for_queue("Voice").sl for r in stored] == [pytest.approx(0.9)]  # the old answer never shown
    assert plan.state("requirements").status == "up to date"
