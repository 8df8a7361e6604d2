"""The main window: the planning steps in order down the left, one page each."""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from wfm_desktop import __version__
from wfm_desktop.gui.dialogs.errors import show_error
from wfm_desktop.gui.documents import DocumentController
from wfm_desktop.gui.pages.base import AppContext, Page
from wfm_desktop.gui.plan_controller import PlanController
from wfm_desktop.gui.settings import Settings

# The pages in the order of the planning flow: (module, class). Only pages that work are listed.
PAGES: list[tuple[str, str]] = [
    ("wfm_desktop.gui.pages.data", "DataPage"),
    ("wfm_desktop.gui.pages.forecast", "ForecastPage"),
    ("wfm_desktop.gui.pages.staffing", "StaffingPage"),
    ("wfm_desktop.gui.pages.schedule", "SchedulePage"),
    ("wfm_desktop.gui.pages.budget", "BudgetPage"),
    ("wfm_desktop.gui.pages.calculator", "CalculatorPage"),
    ("wfm_desktop.gui.pages.tradeoffs", "TradeoffsPage"),
]


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, recovery_dir: Path | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.plan = PlanController(self)
        self.ctx = AppContext(
            plan=self.plan,
            settings=self.settings,
            status=lambda msg: self.statusBar().showMessage(msg, 5000),
            show_error=lambda title, exc, details="": show_error(self, title, exc, details),
        )
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        self.pages: list[Page] = []
        for module_name, class_name in PAGES:
            page_cls = getattr(importlib.import_module(module_name), class_name)
            self.add_page(page_cls(self.ctx))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.documents = DocumentController(self, self.plan, self.settings, show_error=self.ctx.show_error,
                                            status=self.ctx.status, import_data=self.import_data,
                                            recovery_dir=recovery_dir)
        self.setAcceptDrops(True)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.statusBar().showMessage("Ready")
        self._restore_state()

    def add_page(self, page: Page) -> None:
        self.pages.append(page)
        self.stack.addWidget(page)
        item = QListWidgetItem(page.title)
        item.setToolTip(page.tooltip)
        self.nav.addItem(item)

    def page(self, title: str) -> Page:
        for page in self.pages:
            if page.title == title:
                return page
        raise KeyError(title)

    def show_page(self, title: str) -> None:
        self.nav.setCurrentRow(self.pages.index(self.page(title)))

    # -- menus ---------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._build_edit_menu()  # Edit comes right after File
        export_action = QAction("&Export to Excel…", self)
        export_action.setShortcut(QKeySequence("Ctrl+E"))
        export_action.setToolTip("Write the staffing plan workbook (the Staffing page's Export to Excel…)")
        export_action.triggered.connect(self.export_to_excel)
        file_menu.addAction(export_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.documents.add_to_menu(file_menu)
        self.file_menu = file_menu

        view_menu = self.menuBar().addMenu("&View")
        for page in self.pages:
            action = getattr(page, "presentation_action", None)
            if action is not None:
                view_menu.addAction(action)
        self.view_menu = view_menu

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About wfm_desktop", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)
        self.help_menu = help_menu

    # -- Edit menu: undo/redo of the plan's input edits -------------------------------------------
    def _build_edit_menu(self) -> None:
        """Edit ▸ Undo/Redo over the plan's labelled steps ("Undo Edit AHT (Billing)").

        Ctrl+Z/Ctrl+Y (and Ctrl+Shift+Z) undo the *plan* even while a spin box or a
        line edit has focus: those widgets record a step as they change, so the
        plan's undo is the one that matches what the planner sees. Only a table
        cell being edited keeps its own text undo (its text is not an input yet).
        """
        from wfm_desktop.gui.undo_keys import UndoKeyFilter

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", self)
        redo_keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        for extra in ("Ctrl+Y", "Ctrl+Shift+Z"):
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        self.redo_action.setShortcuts(redo_keys)
        self.redo_action.triggered.connect(self.redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        self.edit_menu = edit_menu
        self._undo_keys = UndoKeyFilter(self, self.undo_action, self.redo_action)
        QApplication.instance().installEventFilter(self._undo_keys)
        self.plan.undo_changed.connect(self._update_undo_actions)
        self._update_undo_actions()

    def _update_undo_actions(self) -> None:
        inputs = self.plan.inputs
        self.undo_action.setEnabled(inputs.can_undo)
        self.undo_action.setText(f"&Undo {inputs.undo_label}" if inputs.can_undo else "&Undo")
        self.undo_action.setToolTip(f"Undo {inputs.undo_label}" if inputs.can_undo else "Nothing to undo")
        self.redo_action.setEnabled(inputs.can_redo)
        self.redo_action.setText(f"&Redo {inputs.redo_label}" if inputs.can_redo else "&Redo")
        self.redo_action.setToolTip(f"Redo {inputs.redo_label}" if inputs.can_redo else "Nothing to redo")

    def undo(self) -> None:
        label = self.plan.undo()
        if label:
            self.statusBar().showMessage(f"Undone: {label}", 5000)

    def redo(self) -> None:
        label = self.plan.redo()
        if label:
            self.statusBar().showMessage(f"Redone: {label}", 5000)

    def export_to_excel(self) -> None:
        """File ▸ Export to Excel…: the Staffing page asks for a file name and writes the plan workbook."""
        page = next((p for p in self.pages if hasattr(p, "export_to_excel")), None)
        if page is None:
            self.statusBar().showMessage("Nothing to export yet.", 5000)
            return
        self.show_page(page.title)
        page.export_to_excel()

    def show_about(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setWindowTitle("About wfm_desktop")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            f"<b>wfm_desktop {__version__}</b><br>"
            "Workforce planning for contact centres: forecast contacts, staff them with "
            "Erlang C / Erlang A and shrinkage, schedule, budget, and export to Excel."
        )
        box.open()
        return box

    def import_data(self, path: str) -> None:
        """Import a spreadsheet of history on the Data page (dropped or chosen from the recent files)."""
        self.show_page("Data")
        self.page("Data").open_file(path)

    # -- drag and drop: plan files open, spreadsheets are imported -------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self.documents.accepts(_local_files(event)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        if self.documents.drop(_local_files(event)):
            event.acceptProposedAction()
        else:
            event.ignore()

    # -- state ---------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.get("window/geometry")
        if geometry and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 780)
        row = self.settings.get("window/page")
        self.nav.setCurrentRow(row if 0 <= row < len(self.pages) else 0)

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.documents.confirm_close():  # asks "Save changes?"; closes the window when answered
            event.ignore()
            return
        self.documents.shutdown()
        for page in self.pages:
            page.shutdown()
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/page", self.nav.currentRow())
        self.settings.sync()
        super().closeEvent(event)


def _local_files(event) -> list[str]:
    mime = event.mimeData()
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
