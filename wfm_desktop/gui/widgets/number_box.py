"""The numeric input every page uses: a spin box with range, unit, tooltip and 'none' text."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox


def number_box(minimum: float, maximum: float, value: float | None = None, *, decimals: int = 0,
               step: float = 1.0, suffix: str = "", special: str | None = None, tip: str = "",
               integer: bool = False) -> QDoubleSpinBox | QSpinBox:
    """A spin box from `minimum` to `maximum`.

    `special` is the text shown at the minimum (e.g. "none" for an unset target);
    `integer` gives a QSpinBox (whole numbers), otherwise a QDoubleSpinBox with
    `decimals` places.
    """
    if integer:
        box: QDoubleSpinBox | QSpinBox = QSpinBox()
        box.setRange(int(minimum), int(maximum))
        box.setSingleStep(max(1, int(step)))
    else:
        box = QDoubleSpinBox()
        box.setDecimals(decimals)
        box.setRange(minimum, maximum)
        box.setSingleStep(step)
    if value is not None:
        box.setValue(int(value) if integer else value)
    box.setSuffix(suffix)
    box.setAccelerated(True)
    if special:
        box.setSpecialValueText(special)
    if tip:
        box.setToolTip(tip)
    return box
