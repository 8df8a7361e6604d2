"""A Sunday-first week with a Friday half day, entered on the Staffing page, flows into the
requirements, the weekly FTE and the workbook (issue #20, any working week)."""

from __future__ import annotations

import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.core.plan.test_pipeline import _fake_forecast
from tests.lo_recalc import convert, soffice
from wfm_desktop.gui.pages.staffing import StaffingPage

GULF = {6: "08:00-17:00", 0: "08:00-17:00", 1: "08:00-17:00", 2: "08:00-17:00", 3: "08:00-17:00",
        4: "08:00-12:00", 5: "closed"}  # weekday (Monday = 0) → hours


@pytest.fixture
def page(qtbot, main_window):
    main_window.show_page("Staffing")
    page = main_window.page("Staffing")
    assert isinstance(page, StaffingPage)
    with qtbot.waitSignal(page.shown, timeout=10_000):
        main_window.plan.set_result("forecast", _fake_forecast())  # Mon 1 – Sun 14 March 2027, 08–20 h
    return page


def _settled(qtbot, page, check):
    qtbot.waitUntil(lambda: page.result is not None and page.ctx.plan.state("requirements").status == "up to date"
                    and check(page.result), timeout=20_000)


def test_sunday_first_week_with_a_friday_half_day(qtbot, page, main_window, tmp_path):
    page.week_start.setCurrentText("Sunday")
    assert page.hours.labels[6] is page.hours._grid.itemAtPosition(0, 0).widget()  # Sunday's box comes first
    assert page.hours._grid.itemAtPosition(6, 0).widget().text() == "Sat"
    for queue in ("Voice", "Chat"):
        page.queue.setCurrentText(queue)
        for day, text in GULF.items():
            page.hours.days[day].setText(text)
    page.hours.special.setText("2027-03-10 closed")  # Chat only (the queue shown): a Wednesday closed
    assert page.form_error.text() == ""
    _settled(qtbot, page, lambda r: r.settings.first_day == 6 and
             r.settings.for_queue("Chat").special_hours != ())

    req = page.result.requirements
    start = pd.to_datetime(req["start"])
    end_min = start.dt.hour * 60 + start.dt.minute + 30
    close = start.dt.day_of_week.map({d: int(t[6:8]) * 60 if t != "closed" else 0 for d, t in GULF.items()})
    outside = (start.dt.hour < 8) | (end_min > close)
    assert (req.loc[outside, "agents_net"] == 0).all()
    open_ = ~outside & ~((req["queue"] == "Chat") & (start.dt.date == pd.Timestamp("2027-03-10").date()))
    assert (req.loc[open_, "agents_net"] > 0).all()
    friday = req[(req["queue"] == "Voice") & (start.dt.date == pd.Timestamp("2027-03-05").date())]
    assert (friday["agents_net"] > 0).sum() == 8  # 08:00–12:00: eight half hours

    weekly = page.result.weekly
    assert weekly["week_start"].drop_duplicates().tolist() == [pd.Timestamp(d) for d in
                                                               ("2027-02-28", "2027-03-07", "2027-03-14")]
    # Open Sunday–Friday (6 days a week). Part weeks by open days: Mon 1 – Sat 6 has 5 → 5/6 of a week;
    # Sun 14 alone 1 → 1/6. FTE = Σ gross agents × 0.5 h ÷ (37.5 h × weeks), from the requirements.
    voice = req[req["queue"] == "Voice"]
    week_of = pd.to_datetime(voice["start"]).dt.normalize()
    week_of = week_of - pd.to_timedelta((week_of.dt.day_of_week + 1) % 7, unit="D")
    hours = (voice["agents_gross"] * 0.5).groupby(week_of.to_numpy()).sum()
    got = weekly[weekly["queue"] == "Voice"].set_index("week_start")
    assert got["weeks"].tolist() == pytest.approx([5 / 6, 1.0, 1 / 6])
    assert got["fte"].tolist() == pytest.approx((hours.to_numpy() / (37.5 * np.array([5 / 6, 1, 1 / 6]))).tolist(),
                                                rel=1e-9)  # weeks are kept to 12 decimals
    model = page.weekly_model  # the queue shown (Chat): its three weeks, each commencing on a Sunday
    assert model.rowCount() == 3 and model.index(0, 0).data() == "Sun 28 Feb 2027"

    path = tmp_path / "gulf.xlsx"
    with qtbot.waitSignal(page.export_runner.done, timeout=30_000):
        page.export_to_excel(str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, data_only=True)
    ws = book["Weekly FTE"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=2) if r[0].value is not None]
    assert {r["Week commencing"].strftime("%A") for r in rows} == {"Sunday"}
    voice_rows = [r for r in rows if r["Queue"] == "Voice"]
    assert [r["FTE"] for r in voice_rows] == pytest.approx(got["fte"].tolist(), rel=1e-12)
    assumptions = book["Assumptions"]
    labels = {row[0].value: [c.value for c in row[1:]] for row in assumptions.iter_rows() if row[0].value}
    assert labels["First day of the week"][0] == "Sunday"
    assert labels["Open hours Fri"][:2] == ["08:00–12:00", "08:00–12:00"]
    assert labels["Open hours Sat"][:2] == ["closed", "closed"]
    assert labels["Special dates"][:2] == ["2027-03-10 closed", "none"]  # Chat, Voice (queues by name)
    if soffice() is not None:  # the workbook's weekly formulas (SUMPRODUCT over the week) give the same FTE
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            again = openpyxl.load_workbook(convert(path, tmp_path / "lo", "xlsx"), data_only=True)["Weekly FTE"]
        col = header.index("FTE") + 1
        recalculated = [again.cell(i + 2, col).value for i, r in enumerate(rows) if r["Queue"] == "Voice"]
        assert recalculated == pytest.approx(got["fte"].tolist(), rel=1e-9)


def test_the_week_start_is_one_undoable_plan_setting(qtbot, page, main_window):
    page.week_start.setCurrentText("Saturday")
    _settled(qtbot, page, lambda r: r.settings.first_day == 5)
    assert page.result.weekly["week_start"].dt.day_name().unique().tolist() == ["Saturday"]
    assert main_window.plan.input("assumptions/week_start") == "Saturday"
    main_window.plan.undo()
    assert page.week_start.currentText() == "Monday"
    _settled(qtbot, page, lambda r: r.settings.first_day == 0)
    assert page.hours._grid.itemAtPosition(0, 0).widget().text() == "Mon"
