from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from wfm_desktop.gui.widgets.number_box import number_box


def test_number_box_decimal_and_integer(qtbot):
    box = number_box(0, 100, 30, decimals=1, step=5, suffix=" %", special="none", tip="cap")
    qtbot.addWidget(box)
    assert isinstance(box, QDoubleSpinBox)
    assert (box.value(), box.decimals(), box.singleStep(), box.suffix(), box.toolTip()) == (30, 1, 5, " %", "cap")
    box.setValue(0)
    assert box.text() == "none"
    whole = number_box(1, 10, 3, integer=True)
    qtbot.addWidget(whole)
    assert isinstance(whole, QSpinBox) and whole.value() == 3 and whole.maximum() == 10
    unset = number_box(5, 9)
    qtbot.addWidget(unset)
    assert unset.value() == 5
