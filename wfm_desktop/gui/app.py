"""Start the GUI: `wfm-desktop-gui`, or `wfm-desktop` with no arguments."""

from __future__ import annotations

import builtins
import logging
import sys
import time
from contextlib import contextmanager

_T0 = time.perf_counter()

from wfm_desktop import __version__  # noqa: E402

GIL_SWITCH_S = 0.001  # see create_application

_PYTHON_IMPORT = builtins.__import__  # Python's own, taken before PySide6 is imported (see plain_imports)


@contextmanager
def plain_imports():
    """Import with Python's own ``__import__`` inside the block, not the one PySide6 installs.

    Importing PySide6 replaces ``builtins.__import__`` with a hook for its opt-in
    ``from __feature__ import snake_case`` syntax; after every import statement the hook reads the
    source file of each module it has not seen before, to look for that line. wfm_desktop never
    uses ``__feature__``, and the start-up imports about 800 modules (pandas, numpy, matplotlib and
    the app) after PySide6: with the hook they took 0.1–0.2 s longer (``benchmarks/cold_start.py``).
    A module imported here is simply not in PySide's list, which PySide treats as "no feature",
    the same as for a module it read. When this module was imported after PySide6 (tests), the
    block changes nothing.
    """
    installed = builtins.__import__
    builtins.__import__ = _PYTHON_IMPORT
    try:
        yield
    finally:
        builtins.__import__ = installed


def create_application(argv: list[str] | None = None):
    """The QApplication, created once, with the names QSettings uses."""
    from PySide6.QtWidgets import QApplication

    from wfm_desktop.gui.startup_window import APPLICATION, ORGANIZATION

    app = QApplication.instance()
    if app is None:
        app = QApplication(["wfm-desktop", *(argv or [])])
    # Each time Qt calls Python (an event filter, a slot, a paint) the GUI thread needs the GIL; a
    # worker thread computing holds it for up to the switch interval (5 ms by default) each time.
    sys.setswitchinterval(GIL_SWITCH_S)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("wfm_desktop")
    app.setApplicationVersion(__version__)
    _set_window_icon(app)
    return app


def _set_window_icon(app) -> None:
    """Every window's icon (title bar, task bar): resources/icons/wfm_desktop.png, if installed."""
    from PySide6.QtGui import QIcon

    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.resources import resource_path

    try:
        app.setWindowIcon(QIcon(str(resource_path("icons", "wfm_desktop.png"))))
    except WfmError:
        pass  # a missing icon must never stop the app from starting


def main(argv: list[str] | None = None, *, log_folder=None) -> int:
    """Open the main window and run until it closes.

    A ``.wfmplan`` given on the command line (as the installer's file association
    does) is opened instead of the sample; a recovery copy left by a crash is
    offered first. The window paints first: a light window that needs only Qt
    (`gui/startup_window.py`) is shown at once, the main window's modules are imported
    and it is built behind it, one step per turn of the event loop, and the plan (the
    sample on a first start) is read off the GUI thread after the main window's first
    paint. `log_folder` (tests) replaces
    the user's log folder. A main window that cannot be built (a broken install) is
    reported in a dialog and the log, and the exit code is 1.

    ``--quit-after-ms MS`` (smoke checks, tests, benchmarks) opens, settles and closes
    without questions; with ``--until-sample-shown`` it starts as a new user's first
    start does, prints ``wfm_desktop sample shown`` once the Data page has drawn the
    sample, and then closes (``benchmarks/cold_start.py``).
    """
    from wfm_desktop.startup import prepare_process

    prepare_process()
    argv = sys.argv[1:] if argv is None else list(argv)
    quit_after_ms = _pop_option(argv, "--quit-after-ms")
    until_sample = "--until-sample-shown" in argv
    argv = [a for a in argv if a != "--until-sample-shown"]
    files = [a for a in argv if not a.startswith("-")]
    app = create_application([a for a in argv if a not in files])
    from PySide6.QtCore import QTimer

    from wfm_desktop.gui.error_hook import ErrorHook
    from wfm_desktop.gui.logs import setup_logging

    log_file = setup_logging(log_folder)  # needs the application's names (the log folder is per app)
    hook = ErrorHook(log_file=log_file).install()  # from here on no exception is lost
    from wfm_desktop.gui.startup_window import StartupWindow

    shell = StartupWindow()  # Qt only: paints at once; the main window is built behind it
    hook.parent_widget = shell
    started: dict = {}  # "window": the main window once built, "code": the exit code when it could not be

    def quit_soon(*_args) -> None:
        QTimer.singleShot(int(quit_after_ms), started["window"].documents.close_window)

    def load_behind_the_window() -> None:
        """What the window shows first: the file given, a recovery copy, or the sample on a first start."""
        window = started["window"]
        if quit_after_ms is not None and not until_sample:
            # Open, settle, close without questions: after the file given is open, or at once.
            window.documents.opened.connect(lambda path: print(f"wfm_desktop opened {path}", flush=True))
            window.documents.failed.connect(lambda message: print(f"wfm_desktop error: {message}", flush=True))
            if files and window.documents.open_any(files[0]) and window.documents.busy:
                window.documents.opened.connect(quit_soon)
                window.documents.failed.connect(quit_soon)
            else:
                quit_soon()
        elif files:
            window.documents.offer_recovery(then=lambda: _open_given(window, files[0]))
        else:
            if until_sample:
                _report_when_sample_shown(window, quit_soon)
            if window.pending_pages:  # the other steps' pages once the sample is drawn (or a little later)
                build = _PageBuilder(window, alive=lambda: not started.get("over"))
                _when_sample_drawn(window, build.start)
                QTimer.singleShot(LATER_PAGES_AT_THE_LATEST_MS, build.start)
            window.documents.offer_recovery(then=lambda: _open_sample_for_a_new_user(window, started.get("early")))

    def on_first_paint() -> None:
        # The window is on screen and the event loop runs: the app is usable from here.
        if started.get("over"):  # main() has returned (a test runs it in a process that goes on)
            return
        seconds = time.perf_counter() - _T0
        logging.getLogger("wfm_desktop").info("window shown %.2f s after start-up began", seconds)
        if quit_after_ms is not None:
            # Used by the start-up test, benchmarks/cold_start.py and smoke checks: open, settle, close.
            print(f"wfm_desktop window shown ({seconds:.3f} s after the app module loaded)", flush=True)
        from wfm_desktop.core import sandbox

        sandbox.start_early()  # the reader child imports pandas while this process imports the main window
        first_start = not files and (quit_after_ms is None or until_sample) and _new_user()

        def imported(module_name: str) -> None:
            if module_name == IMPORTER and first_start:  # a first start shows the sample: read it meanwhile
                started["early"] = _EarlySample()

        _build_in_steps(shell, then=main_window_built, failed=main_window_failed,
                        alive=lambda: not started.get("over"), imported=imported, later_pages=first_start)

    def main_window_built(window) -> None:
        if started.get("over"):
            window.close()
            return
        started["window"] = window
        hook.parent_widget = window
        if sys.platform == "darwin":
            _open_files_from_the_system(app, window)
        started["paint"] = _FirstPaint(window, after_main_window_painted)
        window.show()
        shell.close()
        if started.get("early") is not None:
            # A first start read the sample meanwhile: the Data page takes it now, before the main
            # window's first paint, so its charts render while the window paints instead of after.
            after_main_window_painted()

    def after_main_window_painted() -> None:
        if started.get("over") or started.get("loaded"):
            return
        started["loaded"] = True
        started["window"].documents.remove_stale_temporaries()  # left beside recent plans by interrupted saves
        load_behind_the_window()

    def main_window_failed(exc: BaseException) -> None:
        hook.uninstall()
        started["code"] = _report_start_failure(exc, log_file, interactive=quit_after_ms is None)
        shell.close()
        app.exit(started["code"])

    first_paint = _FirstPaint(shell, on_first_paint)
    shell.show()
    code = int(app.exec())
    started["over"] = True  # callbacks still queued in Qt's event loop must do nothing now
    del first_paint
    hook.uninstall()
    return started.get("code", code)


IMPORTER = "wfm_desktop.core.importers"
"""Imported first when the app starts: a first start reads the sample with it while the rest loads."""

LATER_PAGES_AT_THE_LATEST_MS = 3000
"""A first start builds the pages other than Data once the sample is drawn, or this long after the
main window painted (the sample could not be read, or the planner opened something else)."""


def _build_in_steps(shell, *, then, failed, alive=lambda: True, imported=lambda _name: None,
                    later_pages: bool = False) -> None:
    """Import the importers, the main window and its pages, one module per turn of the event loop,
    then build the main window.

    The startup window repaints between the steps and says what is loading; `imported(name)` is
    called after each module; `then(window)` is called with the main window, or `failed(exc)` when
    it cannot be built (a broken install). The importers come first and alone: a module is never
    imported by two threads at once (the first start's sample read uses them while the rest loads).
    `later_pages` (a first start): only the Data page is imported and built now; the window builds
    the others later (:class:`_PageBuilder`).
    """
    import gc
    import importlib

    from PySide6.QtCore import QTimer

    modules = [IMPORTER, "wfm_desktop.gui.main_window"]

    def step() -> None:
        if not alive():
            return
        try:
            if modules:
                with plain_imports():
                    module = importlib.import_module(modules.pop(0))
                # The modules' objects live as long as the app: out of the cyclic garbage collector's
                # sight, its full passes (during the next imports and the first charts) get shorter.
                gc.freeze()
                imported(module.__name__)
                if module.__name__ == "wfm_desktop.gui.main_window":
                    modules.extend(name for name, _cls in module.PAGES[: 1 if later_pages else None])
                if modules:
                    shell.set_message(f"Loading the {_page_name(modules[0])} page…")
                else:
                    shell.set_message("Building the window…")
                QTimer.singleShot(0, step)
                return
            from wfm_desktop.gui.main_window import MainWindow

            window = MainWindow(later_pages=later_pages)
        except Exception as exc:  # noqa: BLE001 - nothing to run without a window: say why, then stop
            failed(exc)
            return
        then(window)

    shell.set_message("Loading wfm_desktop…")
    QTimer.singleShot(0, step)


def _page_name(module_name: str) -> str:
    return module_name.rsplit(".", 1)[-1].replace("tradeoffs", "trade-offs").capitalize()


def _report_start_failure(exc: BaseException, log_file, *, interactive: bool) -> int:
    """The main window could not be built: log it, tell the planner (a dialog, or stderr), exit code 1."""
    import traceback

    from wfm_desktop.gui.dialogs.errors import show_error

    details = traceback.format_exc()
    logging.getLogger("wfm_desktop").error("the main window could not be built:\n%s", details.rstrip())
    print(f"wfm_desktop could not start: {type(exc).__name__}: {exc} (details in {log_file})",
          file=sys.stderr, flush=True)
    if interactive:
        show_error(None, "wfm_desktop could not start", exc, details, log_file=log_file).exec()
    return 1


class _FirstPaint:
    """Calls `callback` once, from the event loop, after `widget` has painted for the first time."""

    def __init__(self, widget, callback) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        class Filter(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint and not self.seen:
                    self.seen = True
                    widget.removeEventFilter(self)
                    QTimer.singleShot(0, callback)  # after this paint has been completed
                return False

        self.filter = Filter()
        self.filter.seen = False
        widget.installEventFilter(self.filter)


def _open_given(window, path: str) -> None:
    """Open the file named on the command line: a plan, or a spreadsheet to import."""
    if not window.documents.open_any(path):
        from wfm_desktop.core.errors import WfmError

        window.ctx.show_error("Open", WfmError(f"{path}: not a plan (.wfmplan) or a spreadsheet wfm_desktop reads"), "")


def _open_files_from_the_system(app, window) -> None:
    """macOS hands a double-clicked plan to the running app as a FileOpen event, not in argv."""
    from PySide6.QtCore import QEvent, QObject

    class _FileOpenFilter(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.FileOpen and event.file():
                window.documents.open_any(event.file())
                return True
            return False

    window._file_open_filter = _FileOpenFilter(window)
    app.installEventFilter(window._file_open_filter)


def _import_sample(*, progress=None, cancel=None):
    """The bundled sample as the Data page imports it: (its path, the import result)."""
    from wfm_desktop.core.history.sample import sample_history_path
    from wfm_desktop.core.importers import import_history

    path = sample_history_path()
    result = import_history(path, progress=progress, cancel=cancel)
    result.history.warm()
    return str(path), result


class _EarlySample:
    """The sample a first start shows, read off the GUI thread from the light window's first paint on.

    Reading it (a reader child parses the file) then overlaps importing and building the main
    window instead of following it. ``then(callback)`` gives ``(path, result)``, or None when the
    read failed (the Data page then imports it itself and shows why).
    """

    def __init__(self) -> None:
        from wfm_desktop.gui.workers import TaskRunner

        self.runner = TaskRunner()
        self.outcome: tuple | None = None
        self._waiting = None
        self.runner.done.connect(lambda result: self._settle(result))
        self.runner.failed.connect(lambda _exc, _details: self._settle(None))
        self.runner.cancelled.connect(lambda: self._settle(None))
        self.runner.submit(_import_sample)

    def _settle(self, result) -> None:
        self.outcome = (result,)
        if self._waiting is not None:
            callback, self._waiting = self._waiting, None
            callback(result)

    def then(self, callback) -> None:
        if self.outcome is not None:
            callback(self.outcome[0])
        else:
            self._waiting = callback

    def cancel(self) -> None:
        self._waiting = None
        self.runner.cancel()


def _open_sample_for_a_new_user(window, early: _EarlySample | None = None) -> None:
    """A first start shows the bundled sample history on the Data page (read already when `early`)."""
    try:
        data_page = window.page("Data")
    except KeyError:
        return
    if early is not None and data_page.wants_sample():
        window.show_page("Data")
        data_page.summary.setText("Opening the sample…")

        def show(outcome) -> None:
            if not data_page.wants_sample():
                return  # the planner opened something else meanwhile
            if outcome is None:
                _open_sample_for_a_new_user(window)  # the page imports it and says what went wrong
                return
            data_page.show_import(*outcome)
            window.documents.mark_clean()  # the sample is a demo: closing it asks no "Save changes?"

        early.then(show)
        return
    if early is not None:
        early.cancel()
    opener = getattr(data_page, "open_sample_if_new", None)
    if opener is not None and opener():
        window.show_page("Data")
        signals = (data_page.runner.done, data_page.runner.failed, data_page.runner.cancelled)

        def settled(*args) -> None:  # the sample is a demo: closing it asks no "Save changes?"
            for signal in signals:
                signal.disconnect(settled)
            if args and not isinstance(args[0], BaseException):
                window.documents.mark_clean()

        for signal in signals:
            signal.connect(settled)


def _new_user() -> bool:
    """No file was ever opened (what the Data page checks before it opens the sample; read with Qt
    alone: gui/settings.py imports the core, which the light window must not wait for)."""
    from PySide6.QtCore import QSettings

    return not QSettings().value("recent/files")


def _report_when_sample_shown(window, then) -> None:
    """Print ``wfm_desktop sample shown`` when the Data page has drawn the imported sample, then `then()`."""

    def shown() -> None:
        seconds = time.perf_counter() - _T0
        print(f"wfm_desktop sample shown ({seconds:.3f} s after the app module loaded)", flush=True)
        then()

    _when_sample_drawn(window, shown)


def _when_sample_drawn(window, then) -> None:
    """Call `then()` once, when the Data page has drawn its charts of a history the plan received."""
    data_page = window.page("Data")
    charts = (data_page.daily_chart, data_page.heat_chart)
    imported = []

    def rendered() -> None:
        if imported and not any(chart.busy for chart in charts) and not done[0]:
            done[0] = True
            then()

    done = [False]
    window.plan.changed.connect(lambda stage: imported.append(True) if stage == "history" else None)
    for chart in charts:
        chart.rendered.connect(rendered)


class _PageBuilder:
    """Builds the main window's pages left for later, one per turn of the event loop (started once)."""

    def __init__(self, window, alive=lambda: True) -> None:
        self.window, self.alive, self.started = window, alive, False

    def start(self) -> None:
        if not self.started:
            self.started = True
            self._step()

    def _step(self) -> None:
        from PySide6.QtCore import QTimer

        if self.alive() and self.window.isVisible() and self.window.build_next_page():
            QTimer.singleShot(0, self._step)


def _pop_option(argv: list[str], name: str) -> str | None:
    """Remove `name VALUE` from argv and return VALUE (None when absent)."""
    if name in argv:
        i = argv.index(name)
        value = argv[i + 1] if i + 1 < len(argv) else "0"
        del argv[i : i + 2]
        return value
    return None


if __name__ == "__main__":
    raise SystemExit(main())
