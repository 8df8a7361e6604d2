"""A slider and a spin box showing one value: drag for speed, type for precision."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget


class SliderSpin(QWidget):
    """A labelled slider linked to a spin box; :attr:`valueChanged` fires once per change.

    The slider moves in steps of `step` from `minimum` to `maximum`; the spin
    box may hold any value in range with `decimals` decimals (the slider then
    shows the nearest step). ``special`` is the spin box's text at `minimum`
    (e.g. "no cap").
    """

    valueChanged = Signal(float)  # noqa: N815 - Qt naming

    def __init__(self, label: str, minimum: float, maximum: float, value: float, *, step: float = 1.0,
                 decimals: int = 0, suffix: str = "", tooltip: str = "", special: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minimum, self.maximum, self.step = float(minimum), float(maximum), float(step)
        self.label = QLabel(label)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setDecimals(decimals)
        self.spin.setSingleStep(step)
        self.spin.setSuffix(suffix)
        self.spin.setKeyboardTracking(False)
        self.spin.setAccelerated(True)
        self.spin.setMinimumWidth(96)
        if special:
            self.spin.setSpecialValueText(special)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, round((self.maximum - self.minimum) / self.step))
        self.slider.setSingleStep(1)
        self.slider.setPageStep(max(1, self.slider.maximum() // 10))
        for widget in (self.label, self.spin, self.slider):
            widget.setToolTip(tooltip)
        name = "".join(ch for ch in label.lower() if ch.isalnum())
        self.setObjectName(f"slider_{name}")
        self.slider.setAccessibleName(label)
        self.spin.setAccessibleName(label)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.label, 1)
        top.addWidget(self.spin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(1)
        layout.addLayout(top)
        layout.addWidget(self.slider)

        self._value = float(value)
        self.setValue(value)
        self.slider.valueChanged.connect(self._from_slider)
        self.spin.valueChanged.connect(self._from_spin)

    def value(self) -> float:
        return self._value

    def setValue(self, value: float) -> None:  # noqa: N802 - Qt naming
        """Set both widgets; emits :attr:`valueChanged` when the value changes."""
        self.spin.setValue(value)  # → _from_spin (clamps to the range)
        self._sync(self.spin.value(), emit=True)

    def _position(self, value: float) -> int:
        return round((value - self.minimum) / self.step)

    def _from_slider(self, position: int) -> None:
        self._sync(self.minimum + position * self.step, emit=True)

    def _from_spin(self, value: float) -> None:
        self._sync(value, emit=True)

    def _sync(self, value: float, *, emit: bool) -> None:
        value = min(max(round(float(value), 10), self.minimum), self.maximum)
        for widget, shown in ((self.spin, value), (self.slider, self._position(value))):
            if widget.value() != shown:
                widget.blockSignals(True)
                widget.setValue(shown)
                widget.blockSignals(False)
        if value != self._value:
            self._value = value
            if emit:
                self.valueChanged.emit(value)
