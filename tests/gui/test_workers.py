import threading

import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.progress import check_cancel, report
from wfm_desktop.gui.workers import TaskRunner


def _square(x, *, progress=None, cancel=None):
    report(progress, 1.0, "done")
    return x * x, threading.get_ident()


def test_runner_returns_result_on_gui_thread(qtbot):
    runner = TaskRunner()
    seen = []
    runner.done.connect(lambda r: seen.append((r, threading.get_ident())))
    with qtbot.waitSignal(runner.done, timeout=5000):
        runner.submit(_square, 7)
    (value, worker_thread), gui_thread = seen[0]
    assert value == 49
    assert worker_thread != gui_thread == threading.get_ident()
    assert not runner.busy


def test_runner_reports_failure_with_the_exception(qtbot):
    def boom(*, progress=None, cancel=None):
        raise WfmError("contacts: -1 is negative")

    runner = TaskRunner()
    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.submit(boom)
    exc, details = blocker.args
    assert isinstance(exc, WfmError) and "contacts" in str(exc)
    assert "Traceback" in details


def test_newer_request_wins_and_older_is_cancelled(qtbot):
    gate = threading.Event()
    cancelled_seen = threading.Event()

    def slow(tag, *, progress=None, cancel=None):
        if tag == "old":
            gate.wait(5)
            if cancel():
                cancelled_seen.set()
            check_cancel(cancel)
        return tag

    runner = TaskRunner()
    results = []
    runner.done.connect(results.append)
    runner.submit(slow, "old")
    with qtbot.waitSignal(runner.done, timeout=5000):
        runner.submit(slow, "new")
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert results == ["new"]
    assert cancelled_seen.is_set()


@pytest.mark.parametrize("fraction", [0.5])
def test_progress_reaches_the_gui(qtbot, fraction):
    def work(*, progress=None, cancel=None):
        report(progress, 1.0, "finished")
        return True

    runner = TaskRunner()
    with qtbot.waitSignals([runner.progress, runner.done], timeout=5000):
        runner.submit(work)
