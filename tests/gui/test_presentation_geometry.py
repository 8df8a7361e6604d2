"""Presentation mode (F5 on, then off) gives the window back exactly as it was."""

from __future__ import annotations

from PySide6.QtCore import QRect


def test_f5_twice_restores_the_window_geometry_exactly(main_window, qtbot):
    main_window.setGeometry(QRect(40, 30, 1280, 800))
    qtbot.waitUntil(lambda: main_window.size().width() == 1280)
    before = main_window.geometry()
    main_window.presentation_action.trigger()  # F5
    assert main_window.presentation
    main_window.presentation_action.trigger()  # F5 again
    assert not main_window.presentation
    assert main_window.geometry() == before
    # and again, after pages were shown in presentation mode (they widened the window to 1,374 px before)
    main_window.presentation_action.trigger()
    for title in ("Trade-offs", "Calculator", "Staffing"):
        main_window.show_page(title)
    main_window.presentation_action.trigger()
    assert main_window.geometry() == before


def test_presentation_mode_keeps_the_window_on_the_screen(main_window, qtbot):
    screen = main_window.screen().availableGeometry()
    main_window.setGeometry(QRect(screen.left(), screen.top(), screen.width() - 40, screen.height() - 40))
    main_window.presentation_action.trigger()
    frame = main_window.frameGeometry()
    assert screen.contains(frame) or frame.width() <= main_window.minimumSizeHint().width() + 1, (screen, frame)
    main_window.presentation_action.trigger()
