"""The Schedule page's agents file and published weeks: loaded into the plan, kept by the next Solve."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.gui.pages.schedule import SchedulePage


@pytest.fixture
def page(main_window):
    main_window.show_page("Schedule")
    page = main_window.page("Schedule")
    assert isinstance(page, SchedulePage)
    return page


def two_weeks(extra_week2=0.0):
    starts = pd.date_range("2026-01-05", periods=14 * 48, freq="30min")
    need = np.where((starts.hour >= 8) & (starts.hour < 16), 3.0, 0.0)
    need = need + np.where(starts >= pd.Timestamp("2026-01-12"), extra_week2, 0.0) * (need > 0)
    return pd.DataFrame({"start": starts, "agents_schedule": need})


def test_agents_file_publish_and_resolve(qtbot, page, tmp_path):
    agents = tmp_path / "agents.csv"
    agents.write_text("name,time_off,preferred_days_off\n" + "".join(
        f"Agent {i},{'2026-01-07' if i == 1 else ''},{'Sat-Sun' if i == 2 else ''}\n" for i in range(1, 11)),
        encoding="utf-8")
    page.roster_inputs.load_agents(str(agents))
    assert "10 from the agents file (1 with time off, 1 with preferences)" in page.roster_inputs.agents_label.text()
    assert len(page.ctx.plan.input("schedule/agents")) == 10
    first = tmp_path / "req1.csv"
    two_weeks().to_csv(first, index=False)
    page._templates_edited()  # the example templates as the plan's (else they follow the 08:00-16:00 hours)
    page.load_requirement(str(first))
    page.templates.item(0, 3).setText("60")
    page.templates.selectRow(1)
    page.templates.remove_selected()
    page.time_limit.setValue(20)
    with qtbot.waitSignal(page.runner.done, timeout=120_000):
        page.solve_button.click()
    assert page.roster is not None, page.message.text()
    assert "roster:" in page.summary.text() and "preferred days off kept" in page.summary.text()
    wed = page.roster.grid.set_index("agent").filter(like="07 Jan").iloc[:, 0]
    assert wed["Agent 1"] == "off"
    before = page.roster.assignments
    page.roster_inputs.weeks.setValue(1)
    page.roster_inputs.lock_button.click()
    locked = page.ctx.plan.input("schedule/locked")
    assert len(locked) > 0 and "Published: Mon 05 Jan to Sun 11 Jan 2026" in page.roster_inputs.locked_label.text()
    assert "press Solve" in page.progress_label.text()  # locking changed what the schedule reads
    # the second week needs more; the first is published
    second = tmp_path / "req2.csv"
    two_weeks(extra_week2=2.0).to_csv(second, index=False)
    page.load_requirement(str(second))
    with qtbot.waitSignal(page.runner.done, timeout=120_000):
        page.solve_button.click()
    week1 = page.roster.assignments[pd.to_datetime(page.roster.assignments["day"]) < pd.Timestamp("2026-01-12")]
    old1 = before[pd.to_datetime(before["day"]) < pd.Timestamp("2026-01-12")]
    key = ["agent", "start", "end"]
    assert week1[key].sort_values(key).reset_index(drop=True).equals(old1[key].sort_values(key).reset_index(drop=True))
    assert page.result.summary["locked_shifts"] == len(locked)
    cover = page.result.coverage
    week2 = cover["start"] >= pd.Timestamp("2026-01-12")
    assert cover.loc[week2, "scheduled"].sum() >= 1.4 * cover.loc[~week2, "scheduled"].sum()  # 5 needed, not 3
    page.window().grab().save(str(tmp_path / "schedule_published.png"))
    # undo the lock: back to nothing published
    page.ctx.plan.undo()  # the requirement load
    page.ctx.plan.undo()  # the publish
    assert page.ctx.plan.input("schedule/locked") is None
    assert "none" in page.roster_inputs.locked_label.text()
