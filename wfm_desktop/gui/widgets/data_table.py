"""The one table view of the app: copies like a spreadsheet, sorts, filters and exports.

Every page shows its pandas tables in a :class:`DataTable` over a
:class:`~wfm_desktop.gui.models.dataframe_model.DataFrameModel`:

* **Ctrl+C** copies the selection *with its headings* as tab-separated text, the
  form Excel and LibreOffice paste as cells (any selection: the cells between
  the first and last selected row and column, unselected ones left empty);
  **Ctrl+Shift+C** copies the values only. The text is what the table shows,
  formatted like the workbook.
* The context menu: copy, copy with headings, copy the whole table, filter,
  and export the table (the rows shown, as sorted and filtered) to CSV or Excel.
* **Ctrl+F** (or *Filter rows…*) opens a filter bar under the table: a word kept
  in any column or in one, or a comparison such as ``>5`` or ``<80%`` on a
  numeric column. Clicking a heading sorts by it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QMimeData, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QWidget,
)

from wfm_desktop.gui.models.dataframe_model import DataFrameModel
from wfm_desktop.gui.workers import TaskRunner


def tsv_cell(text: str) -> str:
    """A cell for tab-separated text: quoted (quotes doubled) when it holds a tab, newline or quote."""
    if any(ch in text for ch in '\t\n\r"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def tsv(rows: list[list[str]]) -> str:
    """Rows of cells as the tab-separated text spreadsheets paste as cells (one line per row)."""
    return "".join("\t".join(tsv_cell(c) for c in row) + "\r\n" for row in rows)


def selection_rows(view: QTableView, *, headers: bool = True) -> list[list[str]]:
    """The selected cells of any table view as rows of shown text: the block from the first to the
    last selected row and column, cells not selected left empty; the headings first when `headers`."""
    model = view.model()
    indexes = view.selectionModel().selectedIndexes() if view.selectionModel() else []
    if model is None or not indexes:
        return []
    rows = sorted({i.row() for i in indexes})
    columns = sorted({i.column() for i in indexes if not view.isColumnHidden(i.column())})
    chosen = {(i.row(), i.column()) for i in indexes}
    out = []
    if headers:
        out.append([str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns])
    for r in rows:
        out.append([_cell_text(model, r, c) if (r, c) in chosen else "" for c in columns])
    return out


def _cell_text(model, row: int, column: int) -> str:
    value = model.data(model.index(row, column))
    if value is None:  # a check box column of an editor
        state = model.data(model.index(row, column), Qt.ItemDataRole.CheckStateRole)
        return "" if state is None else ("yes" if Qt.CheckState(state) == Qt.CheckState.Checked else "no")
    return str(value)


def copy_selection(view: QTableView, *, headers: bool = True) -> str:
    """Put the view's selection on the clipboard as tab-separated text; returns the text."""
    text = tsv(selection_rows(view, headers=headers))
    if text:
        mime = QMimeData()
        mime.setText(text)
        QGuiApplication.clipboard().setMimeData(mime)
    return text


def copy_all(view: QTableView) -> str:
    """The whole table as shown (sorted, filtered), with its headings, on the clipboard; the
    selection is kept."""
    selection = view.selectionModel()
    if view.model() is None or selection is None:
        return ""
    kept = selection.selection()
    view.selectAll()
    text = copy_selection(view, headers=True)
    selection.select(kept, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    return text


def install_copy(view: QTableView) -> None:
    """Spreadsheet copying for an editable table (the input grids): Ctrl+C with headings,
    Ctrl+Shift+C values only, and both plus "copy the whole table" in its context menu."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    for text, shortcut, slot in (
        ("Copy with headings", QKeySequence.StandardKey.Copy, lambda: copy_selection(view)),
        ("Copy values only", QKeySequence("Ctrl+Shift+C"), lambda: copy_selection(view, headers=False)),
        ("Copy the whole table", None, lambda: copy_all(view)),
    ):
        action = QAction(text, view)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        view.addAction(action)


class FilterBar(QWidget):
    """Filter: [column ▾] [text] (n of m rows) [×] — shown under a table by Ctrl+F."""

    def __init__(self, table: "DataTable") -> None:
        super().__init__(table)
        self.table = table
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Filter"))
        self.column = QComboBox()
        self.column.setToolTip("The column the filter looks in")
        self.text = QLineEdit()
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText("text, or >5, <80% in one numeric column")
        self.text.setToolTip("Rows whose shown text contains this; in one numeric column also a comparison: "
                             ">5, >=5, <0.8, <80%, =3, <>0")
        self.count = QLabel()
        close = QToolButton()
        close.setText("×")
        close.setToolTip("Close the filter and show every row (Esc)")
        close.setAutoRaise(True)
        close.clicked.connect(self.close_filter)
        layout.addWidget(self.column)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.count)
        layout.addWidget(close)
        self.text.textChanged.connect(self.apply)
        self.column.currentIndexChanged.connect(self.apply)
        self.hide()

    def open_filter(self) -> None:
        model = self.table.model()
        current = self.column.currentData()
        self.column.blockSignals(True)
        self.column.clear()
        self.column.addItem("All columns", None)
        if model is not None:
            for c in range(model.columnCount()):
                self.column.addItem(str(model.headerData(c, Qt.Orientation.Horizontal)), c)
        self.column.setCurrentIndex(max(0, self.column.findData(current)))
        self.column.blockSignals(False)
        self.show()
        self.table.updateGeometries()
        self.text.setFocus()
        self.text.selectAll()

    def close_filter(self) -> None:
        self.text.clear()
        self.hide()
        self.table.updateGeometries()
        self.table.setFocus()

    def apply(self, *_args) -> None:
        model = self.table.model()
        if not isinstance(model, DataFrameModel):
            return
        model.set_filter(self.text.text(), self.column.currentData())
        total = len(model.frame())
        self.count.setText(f"{model.rowCount():,} of {total:,} rows" if self.text.text().strip() else "")

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close_filter()
            return
        super().keyPressEvent(event)


class DataTable(QTableView):
    """A QTableView for a DataFrameModel with spreadsheet copying, a context menu, a filter and export."""

    def __init__(self, parent: QWidget | None = None, *, sortable: bool = True, name: str = "table") -> None:
        super().__init__(parent)
        self.export_name = name  # suggested file name of an export
        self.setSortingEnabled(sortable)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        self.filter_bar = FilterBar(self)
        self.export_runner = TaskRunner(self)
        self.export_runner.failed.connect(self._export_failed)
        self.export_runner.done.connect(self._exported)
        self.last_export: Path | None = None
        self.actions_ = self._make_actions()

    # -- the actions ----------------------------------------------------------------------------
    def _make_actions(self) -> dict[str, QAction]:
        made = {}
        for key, text, shortcut, slot in (
            ("copy_headers", "Copy with headings", QKeySequence.StandardKey.Copy, self.copy_selection),
            ("copy", "Copy values only", QKeySequence("Ctrl+Shift+C"), lambda: self.copy_selection(headers=False)),
            ("copy_all", "Copy the whole table", None, self.copy_all),
            ("filter", "Filter rows…", QKeySequence.StandardKey.Find, self.filter_bar.open_filter),
            ("export_csv", "Export this table to CSV…", None, lambda: self.export_dialog("csv")),
            ("export_xlsx", "Export this table to Excel…", None, lambda: self.export_dialog("xlsx")),
        ):
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(shortcut)
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self.addAction(action)
            action.triggered.connect(slot)
            made[key] = action
        return made

    def _show_menu(self, pos) -> None:
        menu = QMenu(self)
        has_rows = self.model() is not None and self.model().rowCount() > 0
        for key in ("copy_headers", "copy", "copy_all", None, "filter", None, "export_csv", "export_xlsx"):
            if key is None:
                menu.addSeparator()
                continue
            action = self.actions_[key]
            action.setEnabled(has_rows or key == "filter")
            menu.addAction(action)
        menu.popup(self.viewport().mapToGlobal(pos))

    # -- copying --------------------------------------------------------------------------------
    def selection_rows(self, *, headers: bool = True) -> list[list[str]]:
        return selection_rows(self, headers=headers)

    def copy_selection(self, *_args, headers: bool = True) -> str:
        """Put the selection on the clipboard as tab-separated text; returns the text."""
        return copy_selection(self, headers=headers)

    def copy_all(self, *_args) -> str:
        """The whole table as shown (sorted, filtered), with its headings, on the clipboard."""
        return copy_all(self)

    # -- export ---------------------------------------------------------------------------------
    def export_dialog(self, kind: str) -> None:
        filters = {"csv": "CSV (*.csv)", "xlsx": "Excel workbook (*.xlsx)"}
        path, _ = QFileDialog.getSaveFileName(self, "Export this table", f"{self.export_name}.{kind}", filters[kind])
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> int:
        """Write the rows shown (as sorted and filtered) to `path` (.csv or .xlsx) off the GUI thread."""
        from wfm_desktop.core.export.table_file import write_table

        model = self.model()
        frame = model.shown_frame() if isinstance(model, DataFrameModel) else None
        if frame is None:
            return 0
        return self.export_runner.submit(write_table, frame, path, sheet=self.export_name, force=True)

    def _exported(self, path) -> None:
        self.last_export = Path(path)
        window = self.window()
        bar = window.statusBar() if hasattr(window, "statusBar") else None
        if bar is not None:
            bar.showMessage(f"Table exported to {path}", 8000)

    def _export_failed(self, exc, details) -> None:
        from wfm_desktop.gui.dialogs.errors import show_error

        show_error(self, "The table could not be exported", exc, details)

    # -- the filter bar's place -----------------------------------------------------------------
    def updateGeometries(self) -> None:  # noqa: N802
        super().updateGeometries()
        bar = getattr(self, "filter_bar", None)
        if bar is None:
            return
        margins = self.viewportMargins()
        height = bar.sizeHint().height() if bar.isVisible() else 0
        if margins.bottom() != height:
            self.setViewportMargins(margins.left(), margins.top(), margins.right(), height)
        if bar.isVisible():
            frame = self.frameWidth()
            scroll = self.horizontalScrollBar()
            below = scroll.height() if scroll.isVisible() else 0
            bar.setGeometry(frame, self.height() - frame - below - height, self.width() - 2 * frame, height)
