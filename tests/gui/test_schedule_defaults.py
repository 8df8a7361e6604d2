"""A new plan's templates follow the opening hours; Reset brings them back; a saved plan keeps its own."""

import numpy as np
import pandas as pd

from wfm_desktop.core.scheduling.templates import parse_clock


def _requirement(hours, days=7):
    starts = pd.date_range("2026-01-05", periods=days * 96, freq="15min")
    minute = starts.hour * 60 + starts.minute
    need = np.where((minute >= hours[0]) & (minute + 15 <= hours[1]), 4.0, 0.0)
    return pd.DataFrame({"start": starts, "agents_schedule": need})


def _rows(page):
    frame = page.templates.frame()
    return {row["name"]: (parse_clock(row["start_earliest"], "t"), parse_clock(row["start_latest"], "t"))
            for _, row in frame.iterrows()}


def test_a_247_queue_gets_night_templates_and_starts_round_the_clock(main_window, tmp_path):
    page, plan = main_window.page("Schedule"), main_window.plan
    assert set(_rows(page)) == {"Full 8h", "Part 4h"}  # no requirement yet: the examples
    path = tmp_path / "open_247.csv"
    _requirement((0, 1440)).to_csv(path, index=False)
    page.load_requirement(str(path))
    rows = _rows(page)
    assert set(rows) == {"Full 8h", "Night 8h"}
    assert rows["Full 8h"] == (0, 23 * 60 + 30)  # a start at every half hour of the day
    assert rows["Night 8h"][0] == 20 * 60 and rows["Night 8h"][1] == 23 * 60 + 30  # nights into the morning
    assert list(plan.input("schedule/templates")["name"]) == ["Full 8h", "Night 8h"]  # the plan's, not the page's
    assert main_window.undo_action.text() == "&Undo Load requirement open_247.csv"  # not an edit of its own
    # an edit, then Reset: the opening hours again, as one undo step
    page.templates.item(0, 1).setText("06:00")
    assert _rows(page)["Full 8h"][0] == 6 * 60
    reset = next(b for b in page.findChildren(type(page.solve_button)) if b.text() == "Reset to the opening hours")
    assert reset.toolTip()
    reset.click()
    assert _rows(page)["Full 8h"] == (0, 23 * 60 + 30)
    assert main_window.undo_action.text() == "&Undo Reset templates to the opening hours"
    main_window.undo_action.trigger()
    assert _rows(page)["Full 8h"][0] == 6 * 60


def test_opening_hours_0700_2100_and_a_saved_plan_keeps_its_templates(qtbot, main_window, settings, tmp_path):
    from wfm_desktop.gui.main_window import MainWindow

    page = main_window.page("Schedule")
    path = tmp_path / "day.csv"
    _requirement((7 * 60, 21 * 60)).to_csv(path, index=False)
    page.load_requirement(str(path))
    rows = _rows(page)
    assert rows == {"Full 8h": (7 * 60, 12 * 60 + 30), "Part 4h": (7 * 60, 17 * 60)}  # last starts end by 21:00
    # a saved plan with other templates: opened, its templates stay, whatever its requirement's hours
    kept = page.templates.frame().assign(start_earliest="09:00")
    other = MainWindow(settings)
    qtbot.addWidget(other)
    other.plan.load({"schedule/requirement": _requirement((0, 1440)), "schedule/templates": kept}, {}, {})
    assert _rows(other.page("Schedule"))["Full 8h"][0] == 9 * 60
    assert "Night 8h" not in _rows(other.page("Schedule"))
    other.close()


def test_the_thresholds_flag_and_clear_the_same_schedule_on_the_page(qtbot, main_window, tmp_path):
    from tests.core.scheduling.test_flag_thresholds import DAY_ONLY, requirement

    page, plan = main_window.page("Schedule"), main_window.plan
    assert page.gap_threshold.value() == 5 and page.under_threshold.value() == 2
    assert "gap" in page.gap_threshold.toolTip() and "uncovered" in page.under_threshold.toolTip()
    path = tmp_path / "req.csv"
    requirement().to_csv(path, index=False)
    page.load_requirement(str(path))
    page.templates.set_frame(pd.DataFrame([DAY_ONLY]).astype(str))
    page._templates_edited()
    page.do_roster.setChecked(False)
    with qtbot.waitSignal(page.runner.done, timeout=60_000):
        page.solve_button.click()
    solved = page.result
    assert page.quality_box.isVisibleTo(page) and "(4.0%, above 2%)" in page.quality_box.text()
    assert plan.state("schedule").status == "flagged"
    page.under_threshold.setValue(5)  # raised: the same schedule, no longer flagged, not solved again
    assert not page.runner.busy
    assert page.result.shifts is solved.shifts
    assert not page.quality_box.isVisibleTo(page)
    assert plan.state("schedule").status == "up to date"
    assert plan.input("schedule/options")["under_warning"] == 0.05
    assert plan.cache("schedule/info")["summary"]["warning"] is None  # what the saved plan keeps
    assert main_window.undo_action.text() == "&Undo Edit the under-coverage threshold"
    main_window.undo_action.trigger()  # back to 2%: flagged again
    assert page.under_threshold.value() == 2
    assert page.quality_box.isVisibleTo(page) and plan.state("schedule").status == "flagged"
    page.gap_threshold.setValue(0.5)  # the gap of this optimal schedule is below 0.5%: still only the under flag
    assert "gap above" not in page.quality_box.text()


def test_the_staffing_requirement_of_a_new_plan_sets_its_templates(qtbot, main_window):
    from tests.core.plan.test_pipeline import _fake_forecast

    page, plan = main_window.page("Schedule"), main_window.plan
    plan.set_result("forecast", _fake_forecast(days=7))  # contacts 08:00-20:00 every day
    qtbot.waitUntil(lambda: plan.result("requirements") is not None and not plan.runner.busy, timeout=60_000)
    qtbot.waitUntil(lambda: plan.input("schedule/templates") is not None, timeout=10_000)
    rows = _rows(page)
    assert rows["Full 8h"][0] == 8 * 60 and rows["Part 4h"][0] == 8 * 60  # from opening, not 07:00
    assert rows["Full 8h"][1] == 11 * 60 + 30 and rows["Part 4h"][1] == 16 * 60  # ending by 20:00
    assert not plan.inputs.can_undo  # the plan's default made explicit, not an edit
