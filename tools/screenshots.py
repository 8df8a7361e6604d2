"""Screenshots of every page of the real main window, in normal and presentation mode.

Runs the whole flow on the bundled sample, offscreen, as a planner would:
Data (open the sample) → Forecast (run, 4 weeks) → Staffing (computed from the
forecast) → Schedule (solve with a short time limit) → Budget (from the
staffing), then the Calculator and the Trade-offs page with their defaults.
Each page is saved at every window size (default 1,280 × 800 and 1,920 × 1,080), in normal
and presentation mode: ``<page>-1280.png``, ``<page>-1280-presentation.png``, ``<page>-1920.png``…
The images are stored with an 8-bit palette (a third of the size; screenshots have few colours).

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [--out docs/images/screens]
        [--dark] [--sizes 1280x800,1920x1080] [--scale 1] [--solve-s 15]

``--dark`` applies a dark palette first (the check that nothing is black on
dark grey); ``--scale 2`` renders at 200 % (QT_SCALE_FACTOR), the High-DPI check.
Preferences and the autosave copy go to a temporary folder; the user's are never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "images" / "screens"), help="output folder")
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--sizes", default="1280x800,1920x1080",
                        help="window sizes, WIDTHxHEIGHT separated by commas")
    parser.add_argument("--full-colour", action="store_true", help="save 24-bit PNGs (no 8-bit palette)")
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio (2 = 200 %%)")
    parser.add_argument("--solve-s", type=int, default=15, help="the Schedule page's time limit, seconds")
    parser.add_argument("--weeks", type=int, default=4, help="forecast horizon, weeks")
    return parser.parse_args(argv)


def dark_palette():
    """A dark palette like the desktops' dark themes (light text on dark grey)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#2f2f2f",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#3a3a3a",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.ToolTipBase: "#3a3a3a",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#6ea8fe",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a", QPalette.ColorRole.Mid: "#555555",
        QPalette.ColorRole.Dark: "#1a1a1a", QPalette.ColorRole.Light: "#4a4a4a",
        QPalette.ColorRole.Midlight: "#404040", QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.BrightText: "#ff6b6b",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def wait_for(signal, timeout_s: float, what: str) -> None:
    """Run the event loop until `signal` fires (raises after `timeout_s`)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired = []
    signal.connect(lambda *a: (fired.append(a), loop.quit()))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    if not fired:
        raise SystemExit(f"timed out after {timeout_s:.0f} s waiting for {what}")


def wait_until(app, predicate, timeout_s: float, what: str) -> None:
    """Run the event loop until `predicate()` is true (raises after `timeout_s`)."""
    deadline = time.perf_counter() + timeout_s
    while not predicate():
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out after {timeout_s:.0f} s waiting for {what}")
        settle(app, 50)


def settle(app, ms: int = 300) -> None:
    """Let pending work (chart draws, layouts) finish."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def run_flow(window, app, args) -> None:
    """Data → Forecast → Staffing → Schedule → Budget on the bundled sample."""
    data = window.page("Data")
    window.show_page("Data")
    t0 = time.perf_counter()
    data.open_sample()
    wait_for(data.runner.done, 120, "the sample import")
    print(f"  sample imported ({time.perf_counter() - t0:.1f} s)")

    forecast = window.page("Forecast")
    window.show_page("Forecast")
    forecast.horizon.setValue(args.weeks)
    staffing = window.page("Staffing")
    t0 = time.perf_counter()
    forecast.run_button.click()
    wait_for(forecast.runner.done, 300, "the forecast")
    print(f"  forecast run ({time.perf_counter() - t0:.1f} s)")
    # The plan computes the staffing from its forecast (off the GUI thread): wait for its requirements.
    wait_until(app, lambda: window.plan.result("requirements") is not None and not window.plan.runner.busy,
               120, "the staffing")
    settle(app)

    schedule = window.page("Schedule")
    window.show_page("Schedule")
    schedule.time_limit.setValue(args.solve_s)
    if not schedule.solve_button.isEnabled():
        raise SystemExit("the Schedule page cannot solve (no requirement from Staffing?)")
    t0 = time.perf_counter()
    schedule.solve_button.click()
    failed = []
    schedule.runner.failed.connect(lambda exc, _details: failed.append(exc))
    wait_until(app, lambda: failed or (not schedule.runner.busy and window.plan.result("schedule") is not None),
               args.solve_s * 20 + 900, "the schedule")  # a loaded machine: minutes
    if failed:  # the page shows the message; the screenshots go on
        print(f"  schedule NOT solved ({time.perf_counter() - t0:.1f} s): {failed[0]}")
    else:
        print(f"  schedule solved ({time.perf_counter() - t0:.1f} s)")
    settle(app)
    budget = window.page("Budget")
    wait_until(app, lambda: budget.result is not None and not window.plan.runner.busy, 300, "the budget")
    settle(app)


def save_pages(window, app, out: Path, suffix: str, *, palette: bool = True) -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    saved = []
    for page in window.pages:
        window.show_page(page.title)
        settle(app, 400)
        path = out / f"{page.title.lower().replace(' ', '-')}{suffix}.png"
        image = window.grab().toImage()
        if palette:
            image = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
                                          | Qt.ImageConversionFlag.AvoidDither)
        image.save(str(path), "PNG")  # default compression (quality 100 would store it uncompressed)
        saved.append(path)
    return saved


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    from PySide6.QtCore import QSettings

    from wfm_desktop.gui.app import create_application
    from wfm_desktop.gui.settings import Settings

    app = create_application([])
    tmp = tempfile.TemporaryDirectory()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp.name)
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())

    from wfm_desktop.gui.main_window import MainWindow

    window = MainWindow(Settings(), recovery_dir=Path(tmp.name) / "recovery")  # never the user's folder
    window.fit_presentation_to_screen = False  # the offscreen screen (800 × 800) is smaller than the window
    sizes = [tuple(int(v) for v in size.lower().split("x")) for size in args.sizes.split(",") if size.strip()]
    width, height = sizes[0]
    window.resize(width, height)
    window.show()
    settle(app)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"screenshots of every page into {out}")
    run_flow(window, app, args)
    saved = []
    for width, height in sizes:
        window.resize(width, height)
        settle(app, 600)
        suffix = f"-{width}" + ("-dark" if args.dark else "")
        saved += save_pages(window, app, out, suffix, palette=not args.full_colour)
        window.presentation_action.trigger()
        settle(app, 600)
        saved += save_pages(window, app, out, f"{suffix}-presentation", palette=not args.full_colour)
        if window.size().width() != width:
            print(f"  note: presentation mode at {width} px: the window is {window.size().width()} px wide")
        window.presentation_action.trigger()
        settle(app, 300)
    window.documents.close_window()  # no "save changes?" question; the autosave copy is in tmp
    for path in saved:
        print(f"  {path}")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
