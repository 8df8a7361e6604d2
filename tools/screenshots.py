"""Screenshots of every page of the real main window, in normal and presentation mode.

Runs the whole flow on the bundled sample, offscreen, as a planner would, so that every page shows a full
plan: Data (the sample up to November 2025) → Forecast (run, 4 weeks; kept as a snapshot) → Staffing
(computed from the forecast) → Schedule (solve with a short time limit) → Budget (from the staffing); then
December 2025 comes back as the actuals (the Forecast's Accuracy tab, the simulation's post-mortem), two
whole-plan scenarios are added on the Budget page, and the Calculator and Trade-offs keep their defaults.
Each page, and the tabs added for accuracy, abnormal periods, simulation, post-mortem and scenarios
(:func:`views`), is saved at every window size (default 1,280 × 800 and 1,920 × 1,080), in normal and
presentation mode: ``<page>-1280.png``, ``<page>-1280-presentation.png``, ``<page>-1920.png``…
with each page's and the window's minimum size printed beside it.
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
    parser.add_argument("--plan", help="open this plan file instead of running the flow (quicker)")
    parser.add_argument("--save-plan", help="save the full plan the flow built to this plan file")
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


def wait_for_charts(app, window, timeout_s: float = 60) -> None:
    """Until every chart on screen shows a finished image at its present size (the chart thread draws
    behind the GUI; a shot taken earlier shows a blank chart or one stretched from another size)."""
    from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget

    def drawn() -> bool:
        charts = [c for c in window.findChildren(ChartWidget) if c.isVisible()]
        return all(c.settled for c in charts)

    settle(app, 200)  # a resize timer started by the last layout
    wait_until(app, drawn, timeout_s, "the charts on screen")


def settle(app, ms: int = 300) -> None:
    """Let pending work (chart draws, layouts) finish."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


CUT = "2025-12-01"
"""The sample's last month is held back: the plan forecasts it, and it comes back as the actuals."""


def split_sample(folder: Path) -> tuple[Path, Path]:
    """The bundled sample cut at :data:`CUT`: the history before it, the actuals from it (two CSV files)."""
    import pandas as pd

    from wfm_desktop.core.history.sample import sample_history_path

    frame = pd.read_csv(sample_history_path())
    before = frame["start"] < CUT
    history, actuals = folder / "sample_history.csv", folder / "actuals_december_2025.csv"
    frame[before].to_csv(history, index=False)
    frame[~before].to_csv(actuals, index=False)
    return history, actuals


def run_flow(window, app, args, folder: Path) -> None:
    """Data → Forecast → Staffing → Schedule → Budget on the bundled sample (to November 2025), then what a full
    plan holds besides: a kept forecast compared with December's actuals (the Accuracy tab), the simulation and
    its post-mortem against the same actuals, and two whole-plan scenarios on the Budget page."""
    history, actuals = split_sample(folder)
    data = window.page("Data")
    window.show_page("Data")
    t0 = time.perf_counter()
    data.open_file(str(history))
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
    add_the_rest(window, app, actuals)


def add_the_rest(window, app, actuals: Path) -> None:
    """Accuracy (a kept forecast against the actuals), the post-mortem, and whole-plan scenarios."""
    from wfm_desktop.core.plan.scenarios import Scenario

    plan = window.plan
    panel = window.page("Forecast").accuracy
    panel.keep_button.click()
    panel.import_actuals(str(actuals))
    wait_until(app, lambda: plan.input("accuracy/actuals") is not None and not panel.importer.busy, 120,
               "the actuals")
    wait_until(app, lambda: plan.result("accuracy") is not None and not plan.runner.busy, 120, "the accuracy")
    post_mortem = window.page("Staffing").simulated.post_mortem
    post_mortem.load(str(actuals))
    wait_until(app, lambda: not post_mortem.reader.busy and not plan.runner.busy, 300, "the post-mortem")
    wait_until(app, lambda: plan.result("simulation") is not None and not plan.runner.busy, 300, "the simulation")
    scenarios = window.page("Budget").scenarios
    scenarios.add_scenario(Scenario("Volume +10%, AHT -5 s, 85/20", volume=0.10, aht_s=-5.0, sl=0.85))
    scenarios.add_scenario(Scenario("Chatbot", deflection=(0.05, 0.10, 0.15, 0.20), licence_month=4000.0,
                                    implementation=25000.0))
    wait_until(app, lambda: plan.result("scenarios") is not None and not plan.runner.busy, 300, "the scenarios")
    if plan.state("simulation").status not in ("up to date", "flagged"):  # a large plan's replay waits for Simulate
        window.page("Staffing").simulated.simulate_button.click()
        wait_until(app, lambda: not plan.runner.busy and plan.state("simulation").status in ("up to date", "flagged"),
                   600, "the simulation")
    settle(app)
    states = {stage: plan.state(stage).status for stage in ("forecast", "staffing", "schedule", "budget",
                                                            "scenarios", "simulation", "accuracy")}
    print(f"  stages: {states}")


def views(window) -> list[tuple[str, str, object]]:
    """Each shot: (page title, file name stem, how to show it). First each page as it opens (Forecast with its
    backtest, Staffing its heat map, Schedule its coverage, Budget its capacity plan), then the tabs a planner
    would otherwise not see: the Forecast's Accuracy and Abnormal-periods tabs, the Simulated tabs of Staffing
    (with its post-mortem) and Schedule, and the Budget's whole-plan scenarios."""
    forecast, staffing, schedule, budget = (window.page(t) for t in ("Forecast", "Staffing", "Schedule", "Budget"))

    def default():
        forecast.views.setCurrentIndex(0)
        forecast.tabs.setCurrentIndex(0)
        staffing.tabs.setCurrentIndex(0)
        staffing.simulated.charts.setCurrentIndex(0)
        schedule.tabs.setCurrentIndex(1)
        budget.tabs.setCurrentIndex(0)

    def tab(tabs, widget):
        return lambda: (default(), tabs.setCurrentWidget(widget))

    shots = [(page.title, page.title.lower().replace(" ", "-"), default) for page in window.pages]
    shots += [
        ("Forecast", "forecast-accuracy", tab(forecast.views, forecast.accuracy)),
        ("Forecast", "forecast-abnormal-periods", tab(forecast.tabs, forecast.findings_editor)),
        ("Staffing", "staffing-simulated", tab(staffing.tabs, staffing.simulated)),
        ("Staffing", "staffing-post-mortem", lambda: (tab(staffing.tabs, staffing.simulated)(),
                                                      staffing.simulated.charts.setCurrentWidget(
                                                          staffing.simulated.post_mortem))),
        ("Schedule", "schedule-simulated", tab(schedule.tabs, schedule.simulated)),
        ("Budget", "budget-scenarios", tab(budget.tabs, budget.scenarios)),
    ]
    return shots


def save_pages(window, app, out: Path, suffix: str, *, palette: bool = True) -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    saved = []
    for title, stem, show in views(window):
        window.show_page(title)
        show()
        settle(app, 400)
        wait_for_charts(app, window)
        page = window.page(title)
        hint = page.minimumSizeHint()
        print(f"  {stem}{suffix}: page at least {hint.width()} × {hint.height()} px, "
              f"window at least {window.minimumSizeHint().width()} × {window.minimumSizeHint().height()} px, "
              f"window {window.width()} × {window.height()} px")
        path = out / f"{stem}{suffix}.png"
        image = window.grab().toImage()
        if palette:
            image = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
                                          | Qt.ImageConversionFlag.AvoidDither)
        image.save(str(path), "PNG")  # default compression (quality 100 would store it uncompressed)
        saved.append(path)
    views(window)[0][2]()  # each page back on its first tab
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
    if args.plan:
        opened = []
        window.documents.opened.connect(opened.append)
        window.documents.open(Path(args.plan))
        wait_until(app, lambda: opened, 120, "the plan")
        wait_until(app, lambda: not window.plan.runner.busy and window.plan.result("budget") is not None, 600,
                   "the plan's stages")
        settle(app, 1000)
    else:
        run_flow(window, app, args, Path(tmp.name))
    if args.save_plan:
        window.documents.save_as(Path(args.save_plan))
        wait_until(app, lambda: not window.documents.busy, 120, "the save")
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
