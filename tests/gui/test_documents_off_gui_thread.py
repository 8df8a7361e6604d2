"""Opening, saving and autosaving a plan happen on a worker thread: the GUI's event loop keeps turning.

Each test wraps the slow step (reading the file, building the document, writing it) so that, on
whichever thread it runs, it waits until a 5 ms timer on the GUI thread has fired a few more
times. On a worker that happens at once; on the GUI thread the timer could not fire, the wait
would give up, and the test fails. No wall-clock thresholds: only counts of timer events.
"""

import threading

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QTimer

from wfm_desktop.core.history.table import History
from wfm_desktop.core.plan.document import to_document
from wfm_desktop.core.plan.file_format import save_plan
from wfm_desktop.core.plan import document as document_module
from wfm_desktop.gui import documents as documents_module
from wfm_desktop.gui.main_window import MainWindow

WAIT_MS = 60_000


class EventLoopTurns:
    """Counts the firings of a 5 ms timer on the GUI thread; a worker can wait for more of them."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()
        self._waiting: list[tuple[int, threading.Event]] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        with self._lock:
            self.count += 1
            for target, event in self._waiting:
                if self.count >= target:
                    event.set()

    def wait_for_more(self, turns: int, timeout_s: float = 20.0) -> bool:
        """Block until the timer fired `turns` more times (True), or give up after `timeout_s` (False)."""
        event = threading.Event()
        with self._lock:
            self._waiting.append((self.count + turns, event))
        return event.wait(timeout_s)


class Probe:
    """Wraps `fn`: notes whether it ran on the GUI thread and whether the event loop turned meanwhile."""

    def __init__(self, fn, turns: EventLoopTurns) -> None:
        self.fn, self.turns = fn, turns
        self.on_gui_thread: list[bool] = []
        self.loop_turned: list[bool] = []

    def __call__(self, *args, **kwargs):
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        self.loop_turned.append(self.turns.wait_for_more(3))
        return self.fn(*args, **kwargs)


def _big_history(queues: int = 6, days: int = 120) -> History:
    starts = pd.date_range("2024-01-01", periods=days * 96, freq="15min")
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({
        "queue": np.repeat([f"Queue {i}" for i in range(queues)], len(starts)),
        "start": np.tile(starts.to_numpy(), queues),
        "offered": rng.poisson(20, queues * len(starts)).astype(float),
        "aht_s": rng.normal(300, 30, queues * len(starts)),
    })
    return History(frame, 15, "synthetic")


@pytest.fixture
def window(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.documents.close_allowed = True
    window.close()


@pytest.fixture
def turns():
    counter = EventLoopTurns()
    yield counter
    counter.timer.stop()


def test_opening_a_large_plan_reads_it_on_a_worker(qtbot, window, turns, tmp_path, monkeypatch):
    history = _big_history()
    path = save_plan(to_document({"a setting": 1}, history), tmp_path / "big.wfmplan")
    probe = Probe(documents_module.load_plan, turns)
    monkeypatch.setattr(documents_module, "load_plan", probe)
    with qtbot.waitSignal(window.documents.opened, timeout=WAIT_MS):
        window.documents.open(path)
        assert window.documents.busy  # open() returned at once; the file is read behind the window
    assert probe.on_gui_thread == [False]
    assert probe.loop_turned == [True]
    assert len(window.plan.result("history").frame) == len(history.frame)


def test_saving_builds_and_writes_the_document_on_a_worker(qtbot, window, turns, tmp_path, monkeypatch):
    window.plan.load({"a setting": 1}, {"history": _big_history()})
    build = Probe(document_module.to_document, turns)
    write = Probe(documents_module.save_plan, turns)
    monkeypatch.setattr(document_module, "to_document", build)  # what a save snapshot turns into the file
    monkeypatch.setattr(documents_module, "save_plan", write)
    with qtbot.waitSignal(window.documents.saved, timeout=WAIT_MS):
        assert window.documents.save_as(tmp_path / "saved.wfmplan")
    assert build.on_gui_thread == [False] and write.on_gui_thread == [False]
    assert build.loop_turned == [True] and write.loop_turned == [True]
    assert (tmp_path / "saved.wfmplan").is_file()


def test_autosave_takes_a_snapshot_and_writes_it_on_a_worker(qtbot, window, turns, monkeypatch):
    window.plan.load({}, {"history": _big_history()})
    window.plan.set_input("a setting", 2, "Edit a setting")  # modified: an autosave is due
    build = Probe(document_module.to_document, turns)
    write = Probe(documents_module.save_plan, turns)
    monkeypatch.setattr(document_module, "to_document", build)  # what a save snapshot turns into the file
    monkeypatch.setattr(documents_module, "save_plan", write)
    with qtbot.waitSignal(window.documents.autosaved, timeout=WAIT_MS):
        assert window.documents.autosave()
        window.plan.set_input("a setting", 3, "Edit a setting")  # an edit while it writes: not in this copy
    assert build.on_gui_thread == [False] and write.on_gui_thread == [False]
    assert build.loop_turned == [True] and write.loop_turned == [True]
    from wfm_desktop.core.plan.document import from_document
    from wfm_desktop.core.plan.file_format import load_plan

    inputs, history, _cache = from_document(load_plan(window.documents.recovery.path))
    assert inputs["a setting"] == 2
    assert len(history.frame) == len(window.plan.result("history").frame)
