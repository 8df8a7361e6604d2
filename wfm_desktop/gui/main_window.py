"""The main window: the planning steps in order down the left, one page each."""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from wfm_desktop import __version__
from wfm_desktop.core.errors import WfmError
from wfm_desktop.gui.dialogs.convention_changes import MENU_TEXT as CHANGES_MENU_TEXT
from wfm_desktop.gui.dialogs.errors import show_error
from wfm_desktop.gui.dialogs.user_guide import UserGuide
from wfm_desktop.gui.documents import DocumentController
from wfm_desktop.gui.glossary import share_field_tips
from wfm_desktop.gui.logs import current_log_file, log, versions_line
from wfm_desktop.gui.pages.base import AppContext, Page, narrow_combo_boxes
from wfm_desktop.gui.plan_controller import PlanController
from wfm_desktop.gui.presentation import NAV_FONT_PT, window_stylesheet
from wfm_desktop.gui.settings import Settings
from wfm_desktop.gui.startup_window import STEP_TITLES
from wfm_desktop.gui.theme import is_dark, role_stylesheet
from wfm_desktop.gui.undo_keys import UndoKeyFilter

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
    """The main window. ``later_pages=True`` (a first start, `gui/app.py`) builds only the Data page
    now: the other steps show "Loading…" until :meth:`build_next_page` has built them (or
    :meth:`page` / choosing the step needs them), so the sample is shown without waiting for
    the pages, and the imports, a new user does not look at yet."""

    def __init__(self, settings: Settings | None = None, recovery_dir: Path | None = None, *,
                 later_pages: bool = False) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.plan = PlanController(self)
        self.ctx = AppContext(
            plan=self.plan,
            settings=self.settings,
            status=lambda msg: self.statusBar().showMessage(msg, 5000),
            show_error=self.report_error,
        )
        self.presentation = False
        self.fit_presentation_to_screen = True  # tools/screenshots.py renders larger than its virtual screen
        self._user_guide = None
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        self.pages: list[Page] = []
        self.pending_pages: list[tuple[str, str]] = list(PAGES[1:] if later_pages else [])
        """The pages still to build (module, class), in order; their steps show a placeholder."""
        self._reset_while_pending = False
        for module_name, class_name in PAGES[: len(PAGES) - len(self.pending_pages)]:
            page_cls = getattr(importlib.import_module(module_name), class_name)
            self.add_page(page_cls(self.ctx))
        for title in STEP_TITLES[len(self.pages):]:
            self.nav.addItem(QListWidgetItem(title))
            placeholder = QLabel(f"Loading the {title} page…")
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self._show_row)
        self._fit_navigation()
        self.documents = DocumentController(self, self.plan, self.settings, show_error=self.ctx.show_error,
                                            status=self.ctx.status, import_data=self.import_data,
                                            recovery_dir=recovery_dir)
        self.documents.convention_changes.connect(lambda _changes: self.show_convention_changes())
        self.setAcceptDrops(True)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._apply_style()
        self.plan.states_changed.connect(self.update_step_states)
        self.plan.changed.connect(lambda _stage: self.update_step_states())
        self.plan.reset.connect(self._note_reset)
        self.update_step_states()
        self.statusBar().showMessage("Ready")
        self._restore_state()

    def add_page(self, page: Page) -> None:
        row = len(self.pages)
        self.pages.append(page)
        if row < self.stack.count():  # a step built later: the page takes its placeholder's place
            placeholder, shown = self.stack.widget(row), self.stack.currentIndex() == row
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if shown:
                self.stack.setCurrentIndex(row)
            item = self.nav.item(row)
        else:
            self.stack.addWidget(page)
            item = QListWidgetItem(page.title)
            self.nav.addItem(item)
        item.setToolTip(page.tooltip)
        if row < len(getattr(self, "go_actions", ())):
            self.go_actions[row].setToolTip(page.tooltip)
        page.presentation_requested.connect(self.set_presentation_mode)
        if hasattr(page, "changes_requested"):  # the Data page's link to the opened plan's convention changes
            page.changes_requested.connect(self.show_convention_changes)
        share_field_tips(page)
        narrow_combo_boxes(page, False)  # drop-downs do not hold the window wide (pages/base.py)

    def update_step_states(self) -> None:
        """The step list's indicators: each step's plan stage state (gui/step_states.py)."""
        from wfm_desktop.gui.step_states import show_states

        show_states(self.nav, self.pages, self.plan)

    def page(self, title: str) -> Page:
        """The page of a step (built now if it was still to be built)."""
        for page in self.pages:
            if page.title == title:
                return page
        if title in STEP_TITLES[len(self.pages):len(self.pages) + len(self.pending_pages)]:
            while self.build_next_page() and self.pages[-1].title != title:
                pass
            return self.pages[-1]
        raise KeyError(title)

    def build_next_page(self) -> bool:
        """Build the next step's page that was left for later; True when one was built."""
        if not self.pending_pages:
            return False
        module_name, class_name = self.pending_pages.pop(0)
        page = getattr(importlib.import_module(module_name), class_name)(self.ctx)
        self.add_page(page)
        self._catch_up(page)
        if self.presentation:
            page.set_presentation_mode(True)
        self.update_step_states()
        return True

    def build_all_pages(self) -> None:
        while self.build_next_page():
            pass

    def _catch_up(self, page: Page) -> None:
        """A page built after the plan changed shows the plan as it is now (as if it had seen the changes)."""
        if self._reset_while_pending:  # a plan was opened meanwhile: the page shows it as after New/Open
            for name in ("_on_reset", "_plan_reset"):
                if hasattr(page, name):
                    getattr(page, name)()
                    return
        if hasattr(page, "_plan_changed"):
            for stage in ("history", "forecast", "requirements"):
                if self.plan.result(stage) is not None:
                    page._plan_changed(stage)

    def _note_reset(self) -> None:
        if self.pending_pages:
            self._reset_while_pending = True

    def _show_row(self, row: int) -> None:
        """The step chosen in the list: its page (built first if it was left for later)."""
        if row >= len(self.pages) and row < self.nav.count():
            self.page(self.nav.item(row).text())
        self.stack.setCurrentIndex(row)

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
        self.changes_action = QAction(CHANGES_MENU_TEXT, self)
        self.changes_action.setToolTip("The figures this plan, saved by an earlier release, now computes differently")
        self.changes_action.triggered.connect(self.show_convention_changes)
        self.plan.reset.connect(lambda: self.changes_action.setEnabled(bool(self.plan.model.convention_changes)))
        self.changes_action.setEnabled(False)
        file_menu.addAction(self.changes_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        # The platform's Quit key (Cmd+Q on macOS) where it has one; Windows has none, so Ctrl+Q too.
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        quit_action.setShortcuts(quit_keys + [k for k in [QKeySequence("Ctrl+Q")] if k not in quit_keys])
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.documents.add_to_menu(file_menu)
        self.file_menu = file_menu

        self._build_view_menu()
        self._build_help_menu()

    def _build_view_menu(self) -> None:
        """View: presentation mode (F5) and Go to ▸ each page (Ctrl+1 … Ctrl+7)."""
        view_menu = self.menuBar().addMenu("&View")
        self.presentation_action = QAction("&Presentation mode", self)
        self.presentation_action.setCheckable(True)
        self.presentation_action.setShortcut(QKeySequence("F5"))
        self.presentation_action.setToolTip("Large fonts, thick lines and high contrast on every page, "
                                            "for a projector (F5 switches it on and off)")
        self.presentation_action.toggled.connect(self.set_presentation_mode)
        view_menu.addAction(self.presentation_action)
        go_menu = view_menu.addMenu("&Go to")
        self.go_actions: list[QAction] = []
        for i in range(self.nav.count()):
            action = QAction(f"&{i + 1} {self.nav.item(i).text()}", self)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.setToolTip(self.pages[i].tooltip if i < len(self.pages) else "")
            action.triggered.connect(lambda _checked=False, row=i: self.nav.setCurrentRow(row))
            go_menu.addAction(action)
            self.go_actions.append(action)
        self.view_menu = view_menu

    def _build_help_menu(self) -> None:
        help_menu = self.menuBar().addMenu("&Help")
        guide = QAction("&User guide", self)
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        guide.setToolTip("The workflow page by page, the planner's terms and formulas, the shortcuts (F1)")
        guide.triggered.connect(self.show_user_guide)
        help_menu.addAction(guide)
        self.user_guide_action = guide
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
        self.build_all_pages()
        page = next((p for p in self.pages if hasattr(p, "export_to_excel")), None)
        if page is None:
            self.statusBar().showMessage("Nothing to export yet.", 5000)
            return
        self.show_page(page.title)
        page.export_to_excel()

    def show_convention_changes(self, *_args):
        """The opened plan's changes of convention since it was saved, in a non-modal dialog (None: there are none)."""
        changes = list(self.plan.model.convention_changes)
        if not changes:
            self.statusBar().showMessage("This plan is computed as it was saved: nothing changed since.", 5000)
            return None
        from wfm_desktop.gui.dialogs.convention_changes import show_convention_changes

        return show_convention_changes(self, changes, self.documents.display_name)

    def show_about(self) -> QMessageBox:
        import html

        box = QMessageBox(self)
        box.setWindowTitle("About wfm_desktop")
        box.setTextFormat(Qt.TextFormat.RichText)
        log_file = current_log_file()
        log_line = (f"Log file: {html.escape(str(log_file))}" if log_file
                    else "No log file (logging starts with the application).")
        box.setText(
            f"<b>wfm_desktop {__version__}</b><br>"
            "Workforce planning for contact centres: forecast contacts, staff them with "
            "Erlang C / Erlang A and shrinkage, schedule, budget, and export to Excel.<br><br>"
            f"<small>{html.escape(versions_line())}<br>{log_line}</small>"
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        return box

    def show_user_guide(self):
        """Help ▸ User guide (F1): the guide in its own window (one, reused)."""
        try:
            if self._user_guide is None:
                self._user_guide = UserGuide(self)
        except WfmError as exc:
            self.report_error("User guide", exc)
            return None
        self._user_guide.show()
        self._user_guide.raise_()
        self._user_guide.activateWindow()
        return self._user_guide

    # -- presentation, errors ------------------------------------------------
    def set_presentation_mode(self, on: bool) -> None:
        """Large fonts and high contrast on every page, the navigation and the charts (F5)."""
        on = bool(on)
        if self.presentation_action.isChecked() != on:
            self.presentation_action.setChecked(on)  # comes back here through toggled
            return
        if on == self.presentation:
            return
        if on:  # the window as the planner left it, to come back to exactly
            self._normal_geometry = (self.saveGeometry(), self.geometry(), self.windowState())
        self.presentation = on
        self._apply_style()
        for page in self.pages:
            page.set_presentation_mode(on)
        self._fit_navigation()
        if on:
            self._keep_on_screen()
        else:
            self._restore_normal_geometry()
        self.statusBar().showMessage("Presentation mode (F5 to leave)" if on else "Normal mode", 4000)

    def _keep_on_screen(self) -> None:
        """Larger fonts must not push the window past the screen's edge: fit it to the screen."""
        if not self.fit_presentation_to_screen:
            return
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        frame = self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        width = min(self.width(), screen.width() - extra_w)
        height = min(self.height(), screen.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        left = min(max(frame.left(), screen.left()), max(screen.left(), screen.right() - frame.width() + 1))
        top = min(max(frame.top(), screen.top()), max(screen.top(), screen.bottom() - frame.height() + 1))
        if (left, top) != (frame.left(), frame.top()):
            self.move(left, top)

    def _restore_normal_geometry(self) -> None:
        """Back from presentation mode: the window's size, place and state exactly as before (F5 twice is a no-op)."""
        saved = getattr(self, "_normal_geometry", None)
        if saved is None:
            return
        geometry, rect, state = saved
        for _ in range(3):  # the normal fonts' smaller minimum sizes first, child to parent, or they hold the window wide
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.restoreGeometry(geometry)
        if not state & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
            self.setGeometry(rect)
        self._normal_geometry = None

    def _apply_style(self) -> None:
        """The window's style sheet: text colour roles for the palette, plus presentation mode's look."""
        self.setStyleSheet(window_stylesheet(self.presentation)
                           + role_stylesheet(dark=is_dark(QApplication.palette()), presentation=self.presentation))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ApplicationPaletteChange:  # the desktop switched light/dark
            self._apply_style()
        super().changeEvent(event)

    def _fit_navigation(self) -> None:
        """Navigation as wide as its longest title (and a typical key-figure line under it) in the
        current font (High-DPI and presentation safe)."""
        self.nav.ensurePolished()
        font = QFont(self.nav.font())
        if self.presentation:  # the style sheet's larger font is applied to the items at paint time
            font.setPointSize(NAV_FONT_PT)
            font.setBold(True)
        metrics = QFontMetrics(font)
        small = QFont(font)
        if small.pointSizeF() > 0:
            small.setPointSizeF(max(7.0, small.pointSizeF() * 0.82))
        # normally room for a typical key-figure line too; in presentation mode the names set the width
        # (the larger lines are elided) so that the pages keep their room on a 1,280-pixel screen
        sample = [] if self.presentation else [QFontMetrics(small).horizontalAdvance("Out of date · 46.3 FTE")]
        titles = [self.nav.item(row).text() for row in range(self.nav.count())]
        text = max([metrics.horizontalAdvance(title) for title in titles] + sample, default=0)
        icon = self.nav.iconSize().width() or 16
        self.nav.setFixedWidth(text + icon + metrics.averageCharWidth() * 4 + self.nav.frameWidth() * 2)

    def report_error(self, title: str, exc: BaseException, details: str = "") -> QMessageBox:
        """Show an error a page caught (its worker failed, a save was refused) and log it."""
        if isinstance(exc, WfmError):
            log.info("%s: %s", title, exc)
        else:
            log.error("%s: %s: %s\n%s", title, type(exc).__name__, exc, details.rstrip())
        return show_error(self, title, exc, details, log_file=current_log_file())

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
        self.nav.setCurrentRow(row if 0 <= row < self.nav.count() else 0)

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.documents.confirm_close():  # asks "Save changes?"; closes the window when answered
            event.ignore()
            return
        self.documents.shutdown()
        self.plan.runner.shutdown()  # no plan stage is stored into pages that are closing
        for page in self.pages:
            page.shutdown()
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/page", self.nav.currentRow())
        self.settings.sync()
        super().closeEvent(event)


def _local_files(event) -> list[str]:
    mime = event.mimeData()
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
