"""Start the GUI: `wfm-desktop-gui`, or `wfm-desktop` with no arguments."""

from __future__ import annotations

import sys

from wfm_desktop import __version__


def create_application(argv: list[str] | None = None):
    """The QApplication, created once, with the names QSettings uses."""
    from PySide6.QtWidgets import QApplication

    from wfm_desktop.gui.settings import APPLICATION, ORGANIZATION

    app = QApplication.instance()
    if app is None:
        app = QApplication(["wfm-desktop", *(argv or [])])
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


def main(argv: list[str] | None = None) -> int:
    """Open the main window and run until it closes.

    A ``.wfmplan`` given on the command line (as the installer's file association
    does) is opened instead of the sample; a recovery copy left by a crash is
    offered first.
    """
    from wfm_desktop.startup import prepare_process

    prepare_process()
    argv = sys.argv[1:] if argv is None else list(argv)
    quit_after_ms = _pop_option(argv, "--quit-after-ms")
    files = [a for a in argv if not a.startswith("-")]
    app = create_application([a for a in argv if a not in files])
    from PySide6.QtCore import QTimer

    from wfm_desktop.gui.main_window import MainWindow

    window = MainWindow()
    if sys.platform == "darwin":
        _open_files_from_the_system(app, window)
    window.show()
    if quit_after_ms is not None:
        # Used by the start-up test and smoke checks: open, settle, close without questions.
        def quit_soon(*_args) -> None:
            QTimer.singleShot(int(quit_after_ms), window.documents.close_window)

        window.documents.opened.connect(lambda path: print(f"wfm_desktop opened {path}", flush=True))
        window.documents.failed.connect(lambda message: print(f"wfm_desktop error: {message}", flush=True))
        if files and window.documents.open_any(files[0]) and window.documents.busy:
            window.documents.opened.connect(quit_soon)
            window.documents.failed.connect(quit_soon)
        else:
            quit_soon()
        print("wfm_desktop window shown", flush=True)
    elif files:
        window.documents.offer_recovery(then=lambda: _open_given(window, files[0]))
    else:
        window.documents.offer_recovery(then=lambda: _open_sample_for_a_new_user(window))
    return int(app.exec())


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


def _open_sample_for_a_new_user(window) -> None:
    """A first start shows the bundled sample history on the Data page."""
    try:
        data_page = window.page("Data")
    except KeyError:
        return
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
