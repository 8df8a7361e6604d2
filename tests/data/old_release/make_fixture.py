"""How ``release_1.wfmplan`` and ``release_1_numbers.json`` were made (run once, before the plan model).

The "old release" fixture of issue #21: a plan saved by the GUI as it was before the plan
model moved into the core (schema version 1, commit caf8bb1), through the GUI's own save path
(``DocumentController.save_as``). It holds the last six weeks of the bundled sample (cut so the
fixture stays small, imported on the Data page), a forecast run (weekday average, one week),
the default staffing, a small schedule (one template, 5 s limit) and a budget on the plan's
requirements; ``release_1_numbers.json`` holds the numbers that window showed.
``tests/core/plan/test_old_release.py`` opens it and checks the same inputs and numbers come back.

Kept for the record: re-running it with a later version makes a *new* release's fixture.

    QT_QPA_PLATFORM=offscreen python tests/data/old_release/make_fixture.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def main() -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from wfm_desktop.core.history.sample import sample_history_path
    from wfm_desktop.gui.main_window import MainWindow
    from wfm_desktop.gui.settings import Settings

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="wfm-fixture-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    frame = pd.read_csv(sample_history_path())
    start = pd.to_datetime(frame["start"])
    cut = frame[start >= start.max().normalize() - pd.Timedelta(days=41)]
    csv = tmp / "sample_last_6_weeks.csv"
    cut.to_csv(csv, index=False)

    window = MainWindow(Settings(), recovery_dir=tmp / "recovery")
    window.show()

    def wait(condition, timeout_s=300.0):
        import time

        end = time.monotonic() + timeout_s
        while not condition():
            app.processEvents()
            if time.monotonic() > end:
                raise TimeoutError("the GUI did not finish")
            time.sleep(0.01)

    def idle():
        return (not window.plan.runner.busy and not window.documents.busy
                and not any(getattr(p, "runner", None) is not None and p.runner.busy for p in window.pages))

    def settle():
        wait(idle)
        for _ in range(20):
            app.processEvents()
        wait(idle)

    data, forecast, staffing, schedule, budget = (window.page(t) for t in
                                                  ("Data", "Forecast", "Staffing", "Schedule", "Budget"))
    settle()
    import os

    os.chdir(tmp)  # the plan records the source as it was given: a bare file name, no folder of this machine
    data.open_file(csv.name)
    wait(lambda: window.plan.result("history") is not None)
    settle()
    forecast.method.setCurrentIndex(forecast.method.findData("weekday_avg"))
    forecast.horizon.setValue(1)
    forecast.run_button.click()
    wait(lambda: window.plan.result("requirements") is not None)
    settle()
    schedule.templates.item(0, 1).setText("08:00")
    schedule.templates.item(0, 3).setText("60")
    schedule.time_limit.setValue(5)
    schedule.do_roster.setChecked(False)
    schedule.solve_button.click()
    wait(lambda: window.plan.result("schedule") is not None)
    settle()
    budget.costs.attrition.setValue(budget.costs.attrition.value() + 2)
    settle()
    assert budget.use_plan.isChecked() and window.plan.result("budget") is not None
    path = HERE / "release_1.wfmplan"
    window.documents.save_as(path)
    settle()
    assert not window.documents.is_modified

    plan = window.plan
    req, bud, sched = plan.result("requirements"), plan.result("budget"), plan.result("schedule")["schedule"]
    numbers = {
        "app_version": __import__("wfm_desktop").__version__,
        "forecast_daily": plan.result("forecast").daily[["queue", "date", "contacts", "aht_s"]].astype(
            {"date": str}).to_dict("list"),
        "weekly": req.weekly[["queue", "week_start", "fte", "agents_gross_h", "contacts"]].astype(
            {"week_start": str}).to_dict("list"),
        "intervals": {"rows": len(req.requirements),
                      "agents_net_sum": float(req.requirements["agents_net"].sum()),
                      "agents_gross_sum": float(req.requirements["agents_gross"].sum())},
        "schedule": {"shifts": int(sched.summary["shifts"]), "coverage_rows": len(sched.coverage),
                     "scheduled_sum": float(sched.coverage["scheduled"].sum())},
        "budget": {k: (None if pd.isna(v) else float(v)) for k, v in bud.budget.totals().items()},
        "capacity_required_fte": [float(v) for v in bud.capacity.frame["required_fte"]],
    }
    (HERE / "release_1_numbers.json").write_text(json.dumps(numbers, indent=1) + "\n")
    window.documents.close_allowed = True
    window.close()
    print("wrote", path, path.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
