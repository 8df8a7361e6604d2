"""The Qt binding keeps Python's reference counts intact (a long GUI session must not crash).

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of a
void method (``QSlider.setValue``) and one to ``True`` on every ``Signal.emit``;
Python 3.11 then frees ``None``/``True`` after some thousands of calls and the
application aborts ("Fatal Python error: none_dealloc"). Python 3.12+ hides it
(immortal objects). pyproject.toml therefore asks for PySide6-Essentials < 6.12.
"""

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSlider

CALLS = 200
FIX = "reinstall the binding within pyproject's range: pip install 'PySide6-Essentials>=6.6,<6.12'"


class _Emitter(QObject):
    changed = Signal(float)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12")
def test_void_calls_and_emits_keep_none_and_true_alive(qtbot):
    import PySide6

    slider = QSlider()
    slider.setRange(0, 10)
    emitter = _Emitter()
    received = []
    emitter.changed.connect(received.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(CALLS):
        slider.setValue(i % 10)
        emitter.changed.emit(float(i))
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    assert len(received) == CALLS
    assert lost_none < CALLS // 2, f"PySide6 {PySide6.__version__} lost {lost_none} references to None: {FIX}"
    assert lost_true < CALLS // 2, f"PySide6 {PySide6.__version__} lost {lost_true} references to True: {FIX}"
