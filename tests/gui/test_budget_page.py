"""The Budget page driven through its real widgets."""

import pandas as pd
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from wfm_desktop.core.budget.monthly import BudgetResult
from wfm_desktop.core.budget.inputs import BudgetInputs, Site
from wfm_desktop.gui.pages.budget import NO_BUDGET_YET, BudgetPage


@pytest.fixture
def page(main_window, qtbot):
    main_window.show_page("Budget")
    page = main_window.page("Budget")
    assert isinstance(page, BudgetPage)
    qtbot.waitUntil(lambda: page.source_label.text() == NO_BUDGET_YET, timeout=5000)
    return page


def _recompute(qtbot, page, change):
    # The plan recomputes its budget off the GUI thread: wait until the page shows the new budget.
    with qtbot.waitSignal(page.shown, timeout=5000):
        change()


def _type_table(page, months, fte):
    page.required.set_rows([{"period": m, "required_fte": str(f)} for m, f in zip(months, fte)])


def test_example_table_is_labelled_and_never_priced(qtbot, page, main_window):
    """A new plan's example rows show the table's format; the page shows no figures of them (issue #21)."""
    assert page._example and len(page.required.rows()) == 6
    assert "example figures, which are not priced" in page.source_label.text()
    assert "Run the Staffing step" in page.source_label.text()
    assert not page.use_plan.isEnabled()
    assert page.result is None and main_window.plan.result("budget") is None
    assert all(value.text() == "–" for value in page.figures.values())
    assert page.capacity_model.rowCount() == 0 and page.budget_model.rowCount() == 0
    assert page.suggestions.text() == "" and page.notes.text() == ""
    # An edit of the costs while the table holds the example prices nothing either.
    page.costs.attrition.setValue(5)
    qtbot.waitUntil(lambda: main_window.plan.input("budget") is not None, timeout=5000)
    assert page.result is None and page.source_label.text() == NO_BUDGET_YET
    assert page.figures["total"].text() == "–"
    # The plan's own requirement: figures appear; a new plan clears them again (no figure is left behind).
    starts = pd.date_range("2027-02-01 09:00", periods=16, freq="30min")
    req = pd.DataFrame({"queue": "Sales", "start": starts, "agents_gross": 10.0, "contacts": 5.0, "aht_s": 300.0})
    _recompute(qtbot, page, lambda: main_window.plan.set_result("requirements", req))
    assert page.figures["total"].text().startswith("USD ") and page.budget_model.rowCount() == 1
    headers = [page.budget_model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.budget_model.columnCount())]
    assert "Wages (USD)" in headers and "Total (USD)" in headers  # money columns name the currency,
    assert "Weeks" in headers and "FTE" in headers and "Paid hours" in headers  # weeks, FTE and hours do not
    _recompute(qtbot, page, lambda: main_window.plan.load({}, {}))
    assert page.result is None and page.figures["total"].text() == "–" and page.budget_model.rowCount() == 0
    assert page.source_label.text() == NO_BUDGET_YET


def test_typed_table_and_a_wage_change(qtbot, page):
    # One month, 25 FTE, one in-house site with no licences: 25 × 40 × 28/7 h × $20 × 1.3. The 40-hour week is
    # the plan's contracted week (issue #21: one week for the plan, 37.5 h unless set), set here.
    def setup():
        page.costs.contract.setValue(40)
        page.costs.set_inputs(BudgetInputs(licences=(), sites=(Site("US", 1.0, hourly_wage=20.0),)))
        _type_table(page, ["2027-02-01"], [25])
        page.costs.start_heads.setValue(25)
    _recompute(qtbot, page, setup)
    assert "load a file or type your own" not in page.source_label.text()
    assert page.result.budget.frame["total"].iloc[0] == pytest.approx(4000 * 20 * 1.3)
    assert page.figures["total"].text() == "USD 104,000"
    # Raise the wage in the sites table: 25 × 40 × 4 h × $25 (whole-plan scenarios replace the pinned
    # budget: tests/gui/test_scenarios_view.py).
    _recompute(qtbot, page, lambda: page.costs.sites.table.item(0, 3).setText("25"))
    assert page.result.budget.frame["wages"].iloc[0] == pytest.approx(100000.0)


def test_bad_input_shows_a_message_not_a_dialog(qtbot, page):
    page.costs.sites.table.item(0, 2).setText("0.5")
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=5000)
    assert "add up to 0.5" in page.message.text()
    page.costs.sites.table.item(0, 2).setText("1")
    qtbot.waitUntil(lambda: not page.message.isVisible(), timeout=5000)


def test_accepting_suggestions_plans_them(qtbot, page):
    _recompute(qtbot, page, lambda: _type_table(page, ["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01",
                                                       "2027-05-01", "2027-06-01"], [20, 20, 20, 20, 30, 30]))
    suggested = page.result.capacity.frame["suggested_hires"].sum()
    assert suggested > 0 and "Suggested classes" in page.suggestions.text()
    _recompute(qtbot, page, page.accept_suggestions)
    assert page.result.capacity.frame["planned_hires"].sum() == suggested
    assert page.costs.hires.table.rowCount() >= 1


def test_uses_the_plan_when_it_has_requirements(qtbot, page, main_window):
    starts = pd.date_range("2027-02-01 09:00", periods=16, freq="30min")
    req = pd.DataFrame({"queue": "Sales", "start": starts, "agents_gross": 10.0, "contacts": 5.0, "aht_s": 300.0})
    _recompute(qtbot, page, lambda: main_window.plan.set_result("requirements", req))
    assert page.use_plan.isChecked()
    assert "plan's staffing requirements" in page.source_label.text()
    # One day × 8 h × 10 agents = 80 paid hours in February.
    assert page.result.periods.frame["paid_hours"].sum() == pytest.approx(80.0)
    assert isinstance(main_window.plan.result("budget"), BudgetResult)


def test_load_required_staff_file(qtbot, page, tmp_path):
    path = tmp_path / "fte.csv"
    pd.DataFrame({"week": ["2027-01-04", "2027-01-11", "2027-01-18"], "required_fte": [10, 11, 12]}).to_csv(path, index=False)
    _recompute(qtbot, page, lambda: page.load_required(str(path)))
    assert page.period.currentText() == "week"
    assert page.result.capacity.kind == "week"
    assert page.result.periods.frame["required_fte"].tolist() == pytest.approx([10, 11, 12])


def test_inputs_are_kept_in_the_plan_and_restored(qtbot, page, main_window):
    page.costs.currency.setText("GBP")
    page.costs.currency.textEdited.emit("GBP")
    qtbot.waitUntil(lambda: main_window.plan.input("budget") is not None, timeout=5000)
    doc = main_window.plan.input("budget")
    assert doc["inputs"]["currency"] == "GBP" and doc["inputs"]["sites"][0]["name"] == "In-house"
    assert len(doc["required_table"]) == 6 and doc["example"] and page.result is None  # example: not priced
    # A reopened plan sets the inputs: the page shows them and recomputes.
    changed = {**doc, "inputs": {**doc["inputs"], "currency": "EUR"}, "required_table": doc["required_table"][:2],
               "example": False}
    _recompute(qtbot, page, lambda: main_window.plan.set_input("budget", changed))
    assert page.costs.currency.text() == "EUR"
    assert page.result.budget.currency == "EUR" and len(page.result.budget.frame) == 2


def test_example_figures_are_not_published_as_the_plans_budget(qtbot, page, main_window):
    assert page._example and main_window.plan.result("budget") is None
    _recompute(qtbot, page, lambda: _type_table(page, ["2027-01-01"], [10]))
    assert isinstance(main_window.plan.result("budget"), BudgetResult)


def test_big_totals_fit_a_1200_px_window(qtbot, main_window):
    """Seven- and eight-digit figures on every tab must not widen the window (it grew to ~1,330 px)."""
    main_window.resize(1200, 800)
    qtbot.waitUntil(lambda: main_window.width() == 1200, timeout=5000)
    page = main_window.page("Budget")
    main_window.show_page("Budget")
    qtbot.waitUntil(lambda: page.source_label.text() == NO_BUDGET_YET, timeout=5000)
    _recompute(qtbot, page, lambda: _type_table(page, ["2027-01-01", "2027-02-01", "2027-03-01"], [24500] * 3))
    assert len(page.figures["total"].text()) >= len("USD 100,000,000")
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        for _ in range(3):  # run the pending layout requests, child to parent: the window widens then
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QApplication.processEvents()
        assert main_window.minimumSizeHint().width() <= 1200, page.tabs.tabText(index)
        assert main_window.width() == 1200, page.tabs.tabText(index)


def test_the_contracted_week_is_the_plans_one_setting(qtbot, page, main_window):
    # Issue #21: the Staffing page's hours per FTE and the Budget page's contracted week were two inputs
    # (37.5 and 40 h by default). Now both pages show the plan's one week.
    from wfm_desktop.core.conventions import CONTRACT_WEEK_KEY

    staffing = main_window.page("Staffing")
    assert page.costs.contract.value() == staffing.contract.value() == 37.5
    _type = lambda: _type_table(page, ["2027-02-01"], [30])  # noqa: E731
    _recompute(qtbot, page, _type)
    paid = page.result.budget.frame["paid_hours"].iloc[0]
    assert paid == pytest.approx(30 * 37.5 * 4)  # 30 FTE × 37.5 h × 28/7 weeks
    _recompute(qtbot, page, lambda: staffing.contract.setValue(40))
    assert main_window.plan.input(CONTRACT_WEEK_KEY) == 40 and page.costs.contract.value() == 40
    assert page.result.inputs.contract_hours_week == 40
    assert "contract_hours_week" not in main_window.plan.input("budget")["inputs"]  # not a second copy
    _recompute(qtbot, page, main_window.plan.undo)
    assert page.costs.contract.value() == staffing.contract.value() == 37.5
