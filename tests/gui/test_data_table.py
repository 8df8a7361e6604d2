"""The one table view: copies a selection with headings as tab-separated text, filters, sorts, exports."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

from wfm_desktop.gui.glossary import method_name
from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.widgets.data_table import DataTable, tsv


def weekly() -> pd.DataFrame:
    return pd.DataFrame({
        "week_start": pd.to_datetime(["2024-03-04", "2024-03-11", "2024-03-18"]),
        "queue": ["Sales", "Support", "=HYPERLINK(\"x\")"],
        "fte": [28.2, 31.456, 9.0],
        "contacts": [12345.67, 15000.0, 812.25],
        "service_level": [0.8123, 0.7991, 0.9],
    })


@pytest.fixture
def table(qtbot):
    model = DataFrameModel()
    model.set_frame(weekly(), headers={"week_start": "Week commencing", "queue": "Queue", "fte": "FTE",
                                       "contacts": "Contacts", "service_level": "Expected SL"},
                    formatters={"week_start": lambda v: f"{pd.Timestamp(v):%Y-%m-%d}"})
    view = DataTable(name="weekly_fte")
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def _select(view, rows, columns):
    selection = view.selectionModel()
    selection.clearSelection()
    for r in rows:
        for c in columns:
            selection.select(view.model().index(r, c), QItemSelectionModel.SelectionFlag.Select)


def test_ctrl_c_copies_the_selection_with_headings_as_tsv(table, qtbot):
    _select(table, [0, 1], [2, 3, 4])
    table.setFocus()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == (
        "FTE\tContacts\tExpected SL\r\n"
        "28.2\t12,345.7\t81.2%\r\n"
        "31.5\t15,000.0\t79.9%\r\n")


def test_select_all_then_copy_is_the_whole_table_not_one_cell(table, qtbot):
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().split("\r\n")
    assert lines[0] == "Week commencing\tQueue\tFTE\tContacts\tExpected SL"
    assert lines[1] == "2024-03-04\tSales\t28.2\t12,345.7\t81.2%"
    assert lines[3] == '2024-03-18\t"=HYPERLINK(""x"")"\t9.0\t812.3\t90.0%'
    assert len(lines) == 5 and lines[4] == ""


def test_a_ragged_selection_leaves_unselected_cells_empty_and_values_only_copy(table, qtbot):
    _select(table, [0], [1])
    table.selectionModel().select(table.model().index(2, 2), QItemSelectionModel.SelectionFlag.Select)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == "Sales\t\r\n\t9.0\r\n"


def test_copy_all_keeps_the_selection(table):
    _select(table, [1], [0])
    text = table.copy_all()
    assert text.count("\r\n") == 4
    assert [i.row() for i in table.selectionModel().selectedIndexes()] == [1]


def test_sorted_and_filtered_rows_are_what_is_copied(table, qtbot):
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # FTE, high first
    table.filter_bar.open_filter()
    assert table.filter_bar.isVisible()
    qtbot.keyClicks(table.filter_bar.text, "s")  # "Sales", "Support" (and no other cell holds an s)
    assert table.model().rowCount() == 2
    assert table.filter_bar.count.text() == "2 of 3 rows"
    text = table.copy_all()
    assert [line.split("\t")[1] for line in text.split("\r\n")[1:-1]] == ["Support", "Sales"]
    qtbot.keyClick(table.filter_bar.text, Qt.Key.Key_Escape)
    assert not table.filter_bar.isVisible() and table.model().rowCount() == 3


@pytest.mark.parametrize("typed,kept", [(">10", [0, 1]), ("<80%", [1]), ("<0.8", [1]), (">=81.2%", [0, 2]),
                                        ("=9", [2]), ("<>9", [0, 1])])
def test_number_comparisons_in_one_column(typed, kept):
    model = DataFrameModel(weekly())
    column = {"<80%": 4, "<0.8": 4, ">=81.2%": 4}.get(typed, 2)
    if typed == ">=81.2%":
        typed = ">=0.812"
    model.set_filter(typed, column)
    assert [model.source_row(r) for r in range(model.rowCount())] == kept


def test_a_word_in_one_column_only():
    model = DataFrameModel(weekly())
    model.set_filter("sup", 1)
    assert model.rowCount() == 1 and model.source_row(0) == 1
    assert model.view_row(1) == 0 and model.view_row(0) is None
    model.set_filter("")
    assert model.rowCount() == 3


def test_numbers_are_shown_like_the_workbook():
    frame = pd.DataFrame({"contacts": [1234.56], "agents_gross": [12.345], "agents_net": [12.0], "fte": [3.14159],
                          "service_level": [0.80449], "aht_s": [301.6], "asa_s": [12.34]})
    model = DataFrameModel(frame)
    shown = [model.data(model.index(0, c)) for c in range(len(frame.columns))]
    assert shown == ["1,234.6", "12.35", "12", "3.1", "80.4%", "302", "12.3"]


def test_export_writes_the_shown_rows_with_full_values(table, qtbot, tmp_path):
    table.model().set_filter("s", 1)
    for name in ("t.csv", "t.xlsx"):
        with qtbot.waitSignal(table.export_runner.done, timeout=20_000):
            table.export_to(tmp_path / name)
    csv = pd.read_csv(tmp_path / "t.csv")
    assert csv.columns.tolist() == ["Week commencing", "Queue", "FTE", "Contacts", "Expected SL"]
    assert csv["Queue"].tolist() == ["Sales", "Support"]
    assert csv["FTE"].tolist() == [28.2, 31.456]  # full precision, not the one decimal shown
    assert csv["Week commencing"].tolist() == ["2024-03-04 00:00", "2024-03-11 00:00"]
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert ws.title == "weekly_fte"
    assert [c.value for c in ws[1]] == ["Week commencing", "Queue", "FTE", "Contacts", "Expected SL"]
    assert ws["C3"].value == pytest.approx(31.456) and ws["E2"].value == pytest.approx(0.8123)
    assert ws["A2"].is_date and ws.max_row == 3


def test_export_escapes_text_that_would_be_a_formula(table, qtbot, tmp_path):
    with qtbot.waitSignal(table.export_runner.done, timeout=20_000):
        table.export_to(tmp_path / "all.csv")
    text = (tmp_path / "all.csv").read_text()
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    with qtbot.waitSignal(table.export_runner.done, timeout=20_000):
        table.export_to(tmp_path / "all.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "all.xlsx").active
    assert ws["B4"].data_type == "s" and ws["B4"].quotePrefix


def test_the_context_menu_offers_copy_filter_and_export(table):
    texts = [a.text() for a in table.actions_.values()]
    assert texts == ["Copy with headings", "Copy values only", "Copy the whole table", "Filter rows…",
                     "Export this table to CSV…", "Export this table to Excel…"]


def test_tsv_quotes_cells_as_spreadsheets_do():
    assert tsv([["a\tb", 'say "hi"', "two\nlines", "plain"]]) == '"a\tb"\t"say ""hi"""\t"two\nlines"\tplain\r\n'


def test_method_codes_read_as_words():
    assert method_name("weekday_avg") == "Weekday average"
    assert method_name("combo(weekday_avg+ets)") == "Weekday average + Holt-Winters / ETS (mean)"
    assert method_name("something_new") == "something_new"


def test_every_page_table_is_the_one_table_widget_and_every_grid_copies(main_window, qtbot):
    from PySide6.QtWidgets import QTableView, QTableWidget

    views = main_window.findChildren(QTableView)
    tables = [v for v in views if not isinstance(v, QTableWidget)]
    assert len(tables) >= 10 and all(isinstance(v, DataTable) for v in tables)
    grids = [v for v in views if isinstance(v, QTableWidget)]  # the editable input grids
    assert len(grids) >= 8
    assert all(v.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu for v in grids)
    assert all([a.text() for a in v.actions()][:3] == ["Copy with headings", "Copy values only",
                                                       "Copy the whole table"] for v in grids)


def test_an_input_grid_copies_with_headings(qtbot):
    from wfm_desktop.core.staffing.shrinkage import ShrinkageCategory, ShrinkageTable
    from wfm_desktop.gui.widgets.shrinkage_editor import ShrinkageEditor

    editor = ShrinkageEditor()
    qtbot.addWidget(editor)
    editor.set_table(ShrinkageTable((ShrinkageCategory("Breaks", 0.1, True), ShrinkageCategory("Absence", 0.05, False))))
    grid = editor.grid
    grid.selectAll()
    copy = grid.actions()[0]
    assert copy.shortcut() == QKeySequence(QKeySequence.StandardKey.Copy)
    copy.trigger()
    lines = QGuiApplication.clipboard().text().split("\r\n")
    headings = [grid.horizontalHeaderItem(c).text() for c in range(grid.columnCount())]
    assert lines[0] == "\t".join(headings)
    assert lines[1:] == ["Breaks\t10\tyes", "Absence\t5\tno", ""]
