"""The plan as a document: File ▸ New, Open, Save, Save As, Open Recent; autosave and recovery.

:class:`DocumentController` owns the file side of the open plan so the main window
stays small: which file it is, whether it is modified (the window title shows
``name.wfmplan* — wfm_desktop``), the "Save changes?" question before New, Open
and closing, reading and writing ``.wfmplan`` files off the GUI thread (a busy
indicator appears when it takes longer than half a second), the recent files,
dropped files, and the recovery copy written every :data:`AUTOSAVE_S` seconds
while the plan is modified (see :mod:`wfm_desktop.gui.recovery`).

Dialog questions are opened window-modal with ``QMessageBox.open()`` and answered
through callbacks, so nothing blocks and tests can click the buttons; each method
that asks returns its QMessageBox.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QProgressBar

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import remove_stale_temporaries_beside
from wfm_desktop.core.history.table import History
from wfm_desktop.core.importers.readers import can_import
from wfm_desktop.core.plan import saved
from wfm_desktop.core.plan.file_format import SUFFIX, load_plan, save_plan
from wfm_desktop.core.plan.inputs import same_value
from wfm_desktop.gui.plan_controller import PlanController
from wfm_desktop.gui.recovery import RecoveryStore
from wfm_desktop.gui.settings import Settings
from wfm_desktop.gui.workers import TaskRunner

AUTOSAVE_S = 60
BUSY_AFTER_MS = 500
PLAN_FILTER = f"wfm_desktop plans (*{SUFFIX});;All files (*)"
APP = "wfm_desktop"


def _write_plan(snapshot: saved.PlanSnapshot, path: Path, *, progress=None, cancel=None) -> Path:
    """Save (or autosave) on a worker thread: the snapshot becomes a document and the file here."""
    return save_plan(snapshot.document(), path, force=True)


def _read_plan(path: Path, *, progress=None, cancel=None):
    """Open on a worker thread: the core plan a file holds (inputs, history, stored results and
    fingerprints, the history's queue list and daily totals worked out) and its recovery note."""
    document = load_plan(path)
    plan = saved.from_document(document)
    history = history_of(plan.result("data"))
    if history is not None:
        history.warm()
    recovery = document.settings.get("recovery") if isinstance(document.settings, dict) else None
    return plan, recovery if isinstance(recovery, dict) else {}


def history_of(value: Any) -> History | None:
    """The History held by the plan's "history" result (a History or an import result)."""
    return value if value is None or isinstance(value, History) else getattr(value, "history", None)


def is_plan_file(path: str | Path) -> bool:
    return str(path).lower().endswith(SUFFIX)


class DocumentController(QObject):
    """New/Open/Save/Save As/recent files/autosave for one main window's plan.

    `import_data(path)` is called for a dropped or recent spreadsheet (the Data page's import).
    """

    opened = Signal(str)  # a plan file was opened (or recovered): its path
    saved = Signal(str)  # the plan was saved to this path
    failed = Signal(str)  # opening or saving failed: the message shown
    autosaved = Signal(str)  # a recovery copy was written to this path
    state_changed = Signal()  # the file name or the modified flag changed
    convention_changes = Signal(list)  # an opened plan was saved under older conventions: what changed since
    temporaries_removed = Signal(list)  # start-up: temporary files interrupted saves left beside recent plans

    def __init__(self, window: QMainWindow, plan: PlanController, settings: Settings, *,
                 show_error: Callable[[str, BaseException, str], Any], status: Callable[[str], None],
                 import_data: Callable[[str], Any] | None = None, recovery_dir: Path | None = None,
                 autosave_s: float = AUTOSAVE_S) -> None:
        super().__init__(window)
        self.window, self.plan, self.settings = window, plan, settings
        self._show_error, self._status, self._import_data = show_error, status, import_data
        self.path: Path | None = None
        self.recovery = RecoveryStore(recovery_dir)
        self._recovered = False  # opened from a recovery copy: modified until saved
        self._saved_cache: dict[str, Any] = {}
        self._revision = 0  # counts input changes, to tell whether a save is still current
        self._autosaved: tuple[int, dict] | None = None
        self._job: tuple[str, Path, Callable[[], Any] | None, int, dict] | None = None
        self._close_when_saved = False
        self.close_allowed = False
        self.last_message: str = ""
        self.prompt: QMessageBox | None = None  # the last question asked (tests answer it)

        self.runner = TaskRunner(self)
        self.runner.done.connect(self._job_done)
        self.runner.failed.connect(self._job_failed)
        self.runner.cancelled.connect(self._job_cancelled)
        self._autosave_pool = QThreadPool(self)  # its own pool, so closing can wait for a write in progress
        self._autosave_pool.setMaxThreadCount(1)
        self.autosave_runner = TaskRunner(self, self._autosave_pool)
        self.autosave_runner.done.connect(lambda path: self.autosaved.emit(str(path)))
        self.autosave_runner.failed.connect(self._autosave_failed)
        self.sweep_runner = TaskRunner(self)
        self.sweep_runner.done.connect(lambda removed: self.temporaries_removed.emit([str(p) for p in removed]))
        self.sweep_runner.failed.connect(lambda *_: self.temporaries_removed.emit([]))
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(int(autosave_s * 1000))
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.hide()
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(lambda: self.busy_bar.setVisible(self.busy))
        window.statusBar().addPermanentWidget(self.busy_bar)

        plan.undo_changed.connect(self._inputs_changed)
        plan.changed.connect(lambda _stage: self.update_title())
        plan.cache_changed.connect(self._cache_changed)
        self._build_actions()
        self.update_title()

    # -- actions ---------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(text: str, shortcut, tip: str, slot) -> QAction:
            act = QAction(text, self.window)
            act.setShortcut(QKeySequence(shortcut))
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(lambda *_: slot())
            return act

        self.new_action = action("&New plan", QKeySequence.StandardKey.New, "Start an empty plan", self.new)
        self.open_action = action("&Open plan…", QKeySequence.StandardKey.Open,
                                  f"Open a saved plan ({SUFFIX} file)", self.open)
        self.save_action = action("&Save plan", QKeySequence.StandardKey.Save,
                                  "Save the plan: history, every setting and the solved schedule, in one file",
                                  self.save)
        self.save_as_action = action("Save plan &as…", QKeySequence("Ctrl+Shift+S"),
                                     "Save the plan in a new file", self.save_as)
        self.recent_menu = QMenu("Open &recent", self.window)
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.fill_recent_menu()

    def add_to_menu(self, menu: QMenu) -> None:
        """Put New, Open, Open recent, Save and Save As at the top of `menu` (the File menu)."""
        first = menu.actions()[0] if menu.actions() else None
        for item in (self.new_action, self.open_action, self.recent_menu, None, self.save_action,
                     self.save_as_action, None):
            if item is None:
                menu.insertSeparator(first) if first is not None else menu.addSeparator()
            elif isinstance(item, QMenu):
                menu.insertMenu(first, item) if first is not None else menu.addMenu(item)
            else:
                menu.insertAction(first, item) if first is not None else menu.addAction(item)

    def remove_stale_temporaries(self) -> None:
        """At start-up: remove the temporary files interrupted saves (kill -9, power cut) left beside
        the recent plans, on a pool thread (a recent plan may sit on a slow or absent network drive).
        Opening or saving a plan does the same for that plan (core/files.py)."""
        recent = self.settings.recent_files()
        if recent:
            self.sweep_runner.submit(remove_stale_temporaries_beside, recent)

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for number, name in enumerate(files, start=1):
            label = Path(name).name if is_plan_file(name) else f"{Path(name).name} (import history)"
            act = self.recent_menu.addAction(f"&{number % 10} {label}" if number <= 10 else label)
            act.setToolTip(name)
            act.setStatusTip(name)
            act.setData(name)
            act.triggered.connect(lambda *_, p=name: self.open_recent(p))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear the list", self._clear_recent)
        else:
            self.recent_menu.addAction("(no recent files)").setEnabled(False)

    def _clear_recent(self) -> None:
        self.settings.set("recent/files", [])
        self.fill_recent_menu()

    def open_recent(self, path: str) -> None:
        if not Path(path).is_file():
            self.settings.set("recent/files", [p for p in self.settings.recent_files() if p != path])
            self.fill_recent_menu()
            self._report("Open recent", WfmError(f"{path}: the file no longer exists (removed from the list)"))
            return
        self.open_any(path)

    def open_any(self, path: str) -> bool:
        """A plan file opens as the plan; a spreadsheet is imported on the Data page. False when neither."""
        if is_plan_file(path):
            self.open(path)
            return True
        if self._import_data is not None and can_import(path):
            self._import_data(path)
            return True
        return False

    # -- state -----------------------------------------------------------------
    @property
    def is_modified(self) -> bool:
        return (self._recovered or self.plan.is_modified
                or not same_value(self.plan.caches(), self._saved_cache))

    @property
    def display_name(self) -> str:
        return self.path.name if self.path is not None else "Untitled"

    @property
    def busy(self) -> bool:
        return self._job is not None

    def mark_clean(self) -> None:
        """Count the plan as it is now as unchanged (e.g. the sample a new user sees first)."""
        self._recovered = False
        self._saved_cache = self.plan.caches()
        self.plan.mark_saved()
        self.update_title()

    def update_title(self) -> None:
        self.window.setWindowTitle(f"{self.display_name}[*] — {APP}")
        self.window.setWindowModified(self.is_modified)
        self.state_changed.emit()

    def _refuse_while_busy(self) -> bool:
        """True (with a status message) while a plan is being read or written: one file job at a time."""
        if self.busy:
            self._status("Please wait: the plan is still being read or saved")
        return self.busy

    def _inputs_changed(self) -> None:
        self._revision += 1
        self.update_title()

    def _cache_changed(self, _key: str) -> None:
        """A result kept in the plan file changed (e.g. a new solve): modified now, autosaved soon."""
        self.update_title()

    # -- new / open --------------------------------------------------------------
    def new(self) -> QMessageBox | None:
        """File ▸ New: an empty plan (after asking to save a modified one)."""
        return self.maybe_save(self._new)

    def _new(self) -> None:
        if self._refuse_while_busy():
            return
        self.plan.load()
        self._set_document(None, {}, recovered=False)
        self._status("New plan")

    def open(self, path: str | Path | None = None) -> QMessageBox | None:
        """File ▸ Open: ask for a plan file when `path` is None; then read it off the GUI thread."""
        if path is None:
            folder = str(self.path.parent) if self.path else _recent_folder(self.settings)
            chosen, _ = QFileDialog.getOpenFileName(self.window, "Open plan", folder, PLAN_FILTER)
            if not chosen:
                return None
            path = chosen
        target = Path(path)
        return self.maybe_save(lambda: self._start_load(target))

    def _start_load(self, path: Path, *, recovered_from: Path | None = None) -> bool:
        if self._refuse_while_busy():
            return False
        self._job = ("recover" if recovered_from else "load", path, None, self._revision, {})
        self._busy(f"Opening {path.name}…")
        self.runner.submit(_read_plan, path)
        return True

    def _set_document(self, path: Path | None, cache: dict, *, recovered: bool) -> None:
        self.path = path
        self._saved_cache = dict(cache)
        self._recovered = recovered
        self._autosaved = None
        self.recovery.discard()
        self.update_title()

    # -- save --------------------------------------------------------------------
    def save(self, then: Callable[[], Any] | None = None) -> bool:
        """File ▸ Save (Save As for a new plan). True when a save started; `then` runs after it succeeded."""
        if self._refuse_while_busy():
            return False
        if self.path is None:
            return self.save_as(then=then)
        return self._start_save(self.path, then)

    def save_as(self, path: str | Path | None = None, then: Callable[[], Any] | None = None) -> bool:
        if self._refuse_while_busy():
            return False
        if path is None:
            folder = self.path.parent if self.path else Path(_recent_folder(self.settings))
            suggested = str(folder / (self.path.name if self.path else f"plan{SUFFIX}"))
            chosen, _ = QFileDialog.getSaveFileName(self.window, "Save plan as", suggested, PLAN_FILTER)
            if not chosen:
                return False
            path = chosen
        path = Path(path)
        if not is_plan_file(path):
            path = path.with_name(path.name + SUFFIX)
        return self._start_save(path, then)

    def _start_save(self, path: Path, then: Callable[[], Any] | None) -> bool:
        if self._refuse_while_busy():
            return False
        snapshot = self.snapshot()
        self._job = ("save", path, then, self._revision, snapshot.cache)
        self._busy(f"Saving {path.name}…")
        self.runner.submit(_write_plan, snapshot, path)
        return True

    def snapshot(self, extra: dict | None = None) -> saved.PlanSnapshot:
        """The open plan as it is now: every value it computes with (defaults made explicit, no undo
        step), the history, the results it keeps and their fingerprints (see core/plan/saved.py).
        Cheap: a save or an autosave turns it into the file off the GUI thread."""
        return saved.snapshot(self.plan.model, extra)

    # -- finishing background jobs -------------------------------------------------
    def _job_done(self, result: Any) -> None:
        kind, path, then, revision, cache = self._job
        self._job = None
        self._idle()
        if kind == "save":
            if revision == self._revision:
                self.plan.mark_saved()
            self.path, self._saved_cache, self._recovered = path, cache, False
            self._autosaved = None
            if not self.is_modified:
                self.recovery.discard()
            self.settings.add_recent_file(str(path))
            self.update_title()
            self._status(f"Saved {path}")
            self.saved.emit(str(path))
            if then is not None:
                then()
            elif self._close_when_saved:
                self.close_window()
            return
        opened, recovery = result
        cache = dict(opened.cache)
        self.plan.load_plan(opened)
        if kind == "recover":
            original = recovery.get("path")
            self._set_document(Path(original) if original else None, {}, recovered=True)
            if self.recovery.adopt(path):  # the copy becomes this window's recovery file: never lost
                self._autosaved = (self._revision, self.plan.caches())
            self._status("Recovered the unsaved plan; save it to keep it")
        else:
            self._set_document(path, cache, recovered=False)
            self.settings.add_recent_file(str(path))
            self._status(f"Opened {path}")
        if opened.convention_changes:  # the window lists them (a dialog; File ▸ What changed…)
            count = len(opened.convention_changes)
            self._status(f"Opened {self.display_name}, saved by an earlier release: {count} change{'s' * (count != 1)} "
                         "in how its figures are computed (File ▸ What changed since this plan was saved…)")
            self.convention_changes.emit(list(opened.convention_changes))
        self.opened.emit(str(self.path or path))

    def _job_failed(self, exc: BaseException, details: str) -> None:
        kind, path, _then, _revision, _cache = self._job
        self._job = None
        self._close_when_saved = False
        self._idle()
        title = "Save plan" if kind == "save" else "Open plan"
        if isinstance(exc, OSError):
            exc = WfmError(f"{path}: cannot be {'saved' if kind == 'save' else 'read'} ({exc.strerror or exc})")
        if isinstance(exc, WfmError) and str(path) not in str(exc):
            exc = WfmError(f"{path}: {exc}")
        self._report(title, exc, details)
        if kind == "save":
            self._status(f"Not saved: {path.name} is as it was before; your plan is still open")

    def _job_cancelled(self) -> None:
        self._job = None
        self._idle()

    def _report(self, title: str, exc: BaseException, details: str = "") -> None:
        self.last_message = str(exc)
        self._show_error(title, exc, details)
        self.failed.emit(str(exc))

    def _busy(self, message: str) -> None:
        self._status(message)
        self._busy_timer.start()

    def _idle(self) -> None:
        self._busy_timer.stop()
        self.busy_bar.hide()

    # -- asking ------------------------------------------------------------------
    def maybe_save(self, then: Callable[[], Any]) -> QMessageBox | None:
        """Run `then` now if the plan is saved; otherwise ask Save / Discard / Cancel first (returns the box)."""
        if self.prompt is not None and self.prompt.isVisible():
            return self.prompt  # one question at a time
        if not self.is_modified:
            then()
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Save changes?",
                          f"Do you want to save the changes to {self.display_name}?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setInformativeText("Your changes are lost if you don't save them.")
        box.setDefaultButton(QMessageBox.StandardButton.Save)

        def answered(button) -> None:
            choice = box.standardButton(button)
            if choice == QMessageBox.StandardButton.Save:
                self.save(then=then)
            elif choice == QMessageBox.StandardButton.Discard:
                then()

        box.buttonClicked.connect(answered)
        box.open()
        self.prompt = box
        return box

    # -- closing -------------------------------------------------------------------
    def confirm_close(self) -> bool:
        """True when the window may close now; otherwise a question or a save is under way and
        the window is closed when it is done."""
        if self.close_allowed:
            return True
        if self._job is not None and self._job[0] == "save":
            self._close_when_saved = True
            return False
        if not self.is_modified:
            return True
        self.maybe_save(self.close_window)
        return False

    def close_window(self) -> None:
        self.close_allowed = True
        self.window.close()

    def shutdown(self) -> None:
        """The window closes cleanly: stop autosaving and delete the recovery copy."""
        self.autosave_timer.stop()
        self.runner.cancel()
        self._autosave_pool.waitForDone(30_000)  # a copy being written must not outlive its deletion
        self.recovery.release()

    # -- autosave and recovery -------------------------------------------------
    def autosave(self) -> bool:
        """Write the recovery copy if the plan changed since the last one; True when a write started."""
        if not self.is_modified or self.busy or self.autosave_runner.busy:
            return False
        cache = self.plan.caches()
        if self._autosaved is not None and self._autosaved[0] == self._revision and same_value(
                self._autosaved[1], cache):
            return False
        try:
            self.recovery.claim()
        except OSError as exc:
            self._status(f"Autosave failed: {exc}")
            return False
        snapshot = self.snapshot({"recovery": {"path": str(self.path) if self.path else None}})
        self._autosaved = (self._revision, cache)
        self.autosave_runner.submit(_write_plan, snapshot, self.recovery.path)
        return True

    def _autosave_failed(self, exc: BaseException, _details: str) -> None:
        self._autosaved = None
        self._status(f"Autosave failed: {exc}")

    def offer_recovery(self, then: Callable[[], Any] | None = None) -> QMessageBox | None:
        """After a crash: offer the newest recovery copy a closed-unclean window left (returns the box).

        Recover opens it as a modified plan (under its original file name, if it had one);
        Discard deletes it and runs `then`. With nothing to recover, `then` runs at once.
        """
        orphans = self.recovery.orphans()
        if not orphans:
            if then is not None:
                then()
            return None
        path = orphans[0]
        when = RecoveryStore.saved_at(path).strftime("%Y-%m-%d %H:%M")
        original = RecoveryStore.original_path(path)
        what = f"the unsaved changes to {Path(original).name}" if original else "the unsaved plan"
        box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved plan",
                          f"wfm_desktop did not close properly last time. Recover {what} from {when}?",
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setInformativeText("Recover opens it so you can save it; Discard deletes the recovery copy.")
        recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)  # Qt owns buttons made this way
        recover.setObjectName("recover")
        box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole).setObjectName("discard")
        box.setDefaultButton(recover)

        def answered(button) -> None:
            if button is recover:
                self._start_load(path, recovered_from=path)
            else:
                RecoveryStore.remove(path)
                if then is not None:
                    then()

        box.buttonClicked.connect(answered)
        box.open()
        self.prompt = box
        return box

    # -- drag and drop ---------------------------------------------------------------
    def accepts(self, paths: list[str]) -> bool:
        return any(is_plan_file(p) or can_import(p) for p in paths)

    def drop(self, paths: list[str]) -> bool:
        """Open the first plan file dropped, else import the first spreadsheet; True when one was taken."""
        plans = [p for p in paths if is_plan_file(p)]
        if plans:
            return self.open_any(plans[0])
        sheets = [p for p in paths if can_import(p)]
        return bool(sheets) and self.open_any(sheets[0])


def _recent_folder(settings: Settings) -> str:
    """The folder of the last plan opened or saved (the home folder when there is none)."""
    plans = [p for p in settings.recent_files() if is_plan_file(p)]
    return str(Path(plans[0]).parent) if plans else str(Path.home())
