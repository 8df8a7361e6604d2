"""The sample plan through every page of the real main window, saved, closed and opened again.

Starts the GUI offscreen (or on the screen with ``--show``) with its preferences in a temporary
folder, opens the bundled sample as a new user sees it, forecasts one week, lets Staffing compute,
solves a schedule with a short time limit, lets the Budget compute, makes an edit on each page,
saves the plan, closes the window, opens the file in a new window and waits until every page has
recomputed. Prints how long each step took and whether the reopened plan is identical and
unmodified; with ``--shots DIR`` it writes a PNG of every page before saving and after reopening.

    QT_QPA_PLATFORM=offscreen python benchmarks/plan_round_trip_gui.py --shots /tmp/shots
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=Path, help="folder for the page screenshots")
    parser.add_argument("--show", action="store_true", help="use the real screen, not offscreen")
    parser.add_argument("--time-limit-s", type=int, default=10, help="the schedule solve's time limit")
    args = parser.parse_args()
    if not args.show:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="wfm_round_trip_"))
    os.environ["WFM_DESKTOP_RECOVERY_DIR"] = str(work / "recovery")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from wfm_desktop.gui.app import _open_sample_for_a_new_user, create_application

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    app = create_application()
    from wfm_desktop.gui.main_window import MainWindow

    def wait_until(condition, what: str, timeout_s: float = 300) -> float:
        started = time.perf_counter()
        while not condition():
            app.processEvents()
            time.sleep(0.01)
            if time.perf_counter() - started > timeout_s:
                raise SystemExit(f"timed out waiting for {what}")
        return time.perf_counter() - started

    def idle(window) -> bool:
        return (not window.plan.runner.busy and not window.documents.busy
                and not any(getattr(p, "runner", None) is not None and p.runner.busy for p in window.pages))

    def settle(window, what: str) -> float:
        took = wait_until(lambda: idle(window), what)
        for _ in range(20):
            app.processEvents()
        return took + wait_until(lambda: idle(window), what)

    def shots(window, tag: str) -> None:
        if args.shots is None:
            return
        args.shots.mkdir(parents=True, exist_ok=True)
        for number, page in enumerate(window.pages, start=1):
            window.show_page(page.title)
            for _ in range(10):
                app.processEvents()
            name = args.shots / f"{tag}_{number}_{page.title.lower().replace(' ', '_')}.png"
            window.grab().save(str(name))
        print(f"screenshots: {args.shots}/{tag}_*.png")

    window = MainWindow()
    window.show()
    data = window.page("Data")
    started = time.perf_counter()
    _open_sample_for_a_new_user(window)
    wait_until(lambda: data.result is not None, "the sample import")
    settle(window, "the first start")
    print(f"sample imported and pages settled: {time.perf_counter() - started:.2f} s; "
          f"modified after the first start: {window.isWindowModified()}; undo enabled: "
          f"{window.undo_action.isEnabled()}")

    forecast, staffing, schedule, budget = (window.page(t) for t in ("Forecast", "Staffing", "Schedule", "Budget"))
    forecast.horizon.setValue(1)
    forecast.growth.setValue(3)
    started = time.perf_counter()
    forecast.run_button.click()
    wait_until(lambda: window.plan.result("requirements") is not None, "forecast and staffing")
    settle(window, "forecast and staffing")
    print(f"forecast + staffing: {time.perf_counter() - started:.2f} s")
    queue = staffing.queue.itemText(0)
    staffing.queue.setCurrentText(queue)
    staffing.min_staff.setValue(staffing.min_staff.value() + 1)
    settle(window, "staffing")
    schedule.time_limit.setValue(args.time_limit_s)
    started = time.perf_counter()
    schedule.solve_button.click()
    wait_until(lambda: window.plan.result("schedule") is not None, "the schedule solve", 600)
    settle(window, "the budget")
    print(f"schedule solve + budget: {time.perf_counter() - started:.2f} s "
          f"({schedule.result.summary['shifts']} shifts, status {schedule.result.summary['status']})")
    budget.costs.attrition.setValue(budget.costs.attrition.value() + 1)
    settle(window, "the budget")
    shots(window, "before")

    path = work / "sample plan.wfmplan"
    started = time.perf_counter()
    window.documents.save_as(path)
    wait_until(lambda: not window.documents.busy, "the save")
    print(f"save: {time.perf_counter() - started:.2f} s, {path.stat().st_size / 1e6:.2f} MB; "
          f"modified after saving: {window.isWindowModified()}")
    before = {stage: window.plan.result(stage) for stage in ("forecast", "requirements", "schedule", "budget")}
    inputs = window.plan.inputs.values()
    window.documents.close_window()

    again = MainWindow()
    again.show()
    settle(again, "the new window")
    started = time.perf_counter()
    again.documents.open(path)
    wait_until(lambda: again.plan.result("budget") is not None and again.plan.result("schedule") is not None,
               "the reopened plan's pages")
    settle(again, "the reopened plan")
    print(f"open + recompute every page: {time.perf_counter() - started:.2f} s")
    shots(again, "after")

    from wfm_desktop.core.plan.inputs import same_value

    after = {stage: again.plan.result(stage) for stage in before}
    checks = {
        "inputs": same_value(again.plan.inputs.values(), inputs),
        "forecast daily": before["forecast"].daily.equals(after["forecast"].daily),
        "requirements": before["requirements"].frame.equals(after["requirements"].frame),
        "schedule shifts": before["schedule"]["schedule"].shifts.equals(after["schedule"]["schedule"].shifts),
        "schedule coverage": before["schedule"]["schedule"].coverage.equals(after["schedule"]["schedule"].coverage),
        "budget": before["budget"].budget.frame.equals(after["budget"].budget.frame),
        "not modified": not again.isWindowModified() and not again.documents.is_modified,
        "nothing to undo": not again.undo_action.isEnabled(),
    }
    for name, ok in checks.items():
        print(f"  {name}: {'same' if ok else 'DIFFERENT'}")
    again.documents.close_window()
    app.processEvents()
    QApplication.processEvents()
    import shutil

    shutil.rmtree(work, ignore_errors=True)  # the plan file, preferences and recovery folder of this run
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
