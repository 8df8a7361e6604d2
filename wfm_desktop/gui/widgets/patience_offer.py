"""The Staffing page's offer of the callers' patience estimated from the plan's history.

One line under the queue's Patience box: "Patience from history: 152 s (95% 147–158 s, from
waiting times, 5,839 abandons)" and a button that makes it the queue's patience (used by Erlang A
and by the simulation). When the history cannot give it, the line says so, and its tooltip says
why (no abandoned counts, no waiting times or agents): a note, not an error dialog.

The estimate (:func:`wfm_desktop.core.simulation.patience.queue_patience`) runs off the GUI
thread: from waiting times it is a sum; from counts and agents it is fitted by simulation and
may take seconds. Estimates are kept per history and queue for as long as the history is the
plan's (a view of the plan's data, not a result of its own).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from wfm_desktop.core.plan.compute import history_of
from wfm_desktop.gui.theme import set_role
from wfm_desktop.gui.workers import TaskRunner

PREFIX = "Patience from history: "
BUTTON_TIP = "Use this as the queue's patience: Erlang A and the simulation then let callers abandon after it."


def _estimate(history, queue: str, *, progress=None, cancel=None):
    from wfm_desktop.core.simulation.patience import queue_patience

    return queue_patience(history, queue, progress=progress, cancel=cancel)


class PatienceOffer(QWidget):
    """Label + "Use" button for one queue; emits :attr:`use` with the patience in seconds."""

    use = Signal(float)
    shown = Signal()  # an estimate or its reason is on the line (tests wait for it)

    def __init__(self, plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plan = plan
        self._queue = self._asked = ""
        self._history = None
        self._found: dict[str, object] = {}  # queue -> PatienceEstimate or the reason there is none
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton("Use")
        self.button.setToolTip(BUTTON_TIP)
        self.button.clicked.connect(self._use)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.runner = TaskRunner(self)
        self.runner.done.connect(self._done)
        self.runner.failed.connect(lambda exc, _details: self._done(str(exc)))
        plan.changed.connect(lambda stage: self._refresh() if stage == "history" else None)
        self._show()

    @property
    def estimate(self):
        """The shown queue's estimate (None while working, or when the history cannot give one)."""
        found = self._found.get(self._queue)
        return None if found is None or isinstance(found, str) else found

    def set_queue(self, queue: str) -> None:
        self._queue = queue or ""
        self._refresh()

    def _refresh(self) -> None:
        history = history_of(self._plan.result("history"))
        if history is not self._history:
            self._history, self._found = history, {}
            self.runner.cancel()
        if self._history is None or not self._queue:
            self._show()
            return
        if self._queue not in self._found:
            self._asked = self._queue
            self.runner.submit(_estimate, self._history, self._queue)
        self._show()

    def _done(self, result) -> None:
        from wfm_desktop.core.errors import WfmError

        if isinstance(result, WfmError):
            result = str(result)
        self._found[self._asked] = result
        self._show()
        if self._asked != self._queue:  # the queue changed while this one was worked out
            self._refresh()

    def _show(self) -> None:
        found = self._found.get(self._queue)
        if self._history is None or not self._queue:
            text, tip, role = PREFIX + "import a history with abandoned calls", "", "muted"
        elif found is None:
            text, tip, role = PREFIX + "working it out…", "", "muted"
        elif isinstance(found, str):
            text, tip, role = PREFIX + "not available (hover for why)", found, "muted"
        else:
            text, tip, role = PREFIX + found.summary(), found.text(), None
        self.label.setText(text)
        self.label.setToolTip(tip)
        set_role(self.label, role)
        self.button.setEnabled(self.estimate is not None)
        if found is not None:
            self.shown.emit()

    def _use(self) -> None:
        if self.estimate is not None:
            self.use.emit(round(self.estimate.patience_s))
