"""The whole window's presentation mode: large fonts and high contrast for a projector.

View ▸ Presentation mode (F5) puts :func:`window_stylesheet` on the main window
(every page, the navigation, the menus and the status bar inherit it) and calls
each page's ``set_presentation_mode(on)``; a page's charts switch to the
projector style there (:meth:`wfm_desktop.gui.pages.base.Page.set_presentation_mode`).

The style sheet sets every colour itself (black on white, blue selection, thick
borders) rather than trusting the desktop's palette, so a dark theme looks the
same on the projector. Normal mode sets no style sheet at all: the desktop's
own theme (light or dark) applies.
"""

from __future__ import annotations

FONT_PT = 14
"""Text size of every widget in presentation mode (normal desktop text is about 9–10 pt)."""

NAV_FONT_PT = FONT_PT + 1
"""The step list's (bold) text in presentation mode: one point larger, so the pages keep their room at 1,280 px."""


def font_ratio(widget) -> float:
    """How much larger presentation text is than the widget's normal font (at least 1)."""
    from PySide6.QtWidgets import QApplication

    normal = QApplication.font(widget).pointSizeF()
    return max(1.0, FONT_PT / normal) if normal > 0 else 1.0


def window_stylesheet(on: bool) -> str:
    """The main window's style sheet: empty normally, large and high-contrast when `on`."""
    if not on:
        return ""
    return f"""
        QWidget {{ font-size: {FONT_PT}pt; color: #000000; background-color: #ffffff; }}
        QWidget:disabled {{ color: #6e6e6e; }}
        QListWidget#navigation {{ font-size: {NAV_FONT_PT}pt; font-weight: bold; border: 2px solid #000000; }}
        QListWidget#navigation::item {{ padding: 6px 4px; }}
        QListWidget#navigation::item:selected {{ background-color: #0050c8; color: #ffffff; }}
        QMenuBar, QMenu, QStatusBar {{ font-size: {FONT_PT}pt; }}
        QMenu::item:selected, QMenuBar::item:selected {{ background-color: #0050c8; color: #ffffff; }}
        QGroupBox {{ font-weight: bold; border: 2px solid #000000; border-radius: 6px; margin-top: 1.3em; }}
        QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
        QPushButton {{ background-color: #e6e6e6; border: 2px solid #000000; border-radius: 5px;
                      padding: 3px 12px; }}
        QPushButton:checked {{ background-color: #0050c8; color: #ffffff; }}
        QPushButton:disabled {{ color: #6e6e6e; border-color: #8c8c8c; }}
        QAbstractSpinBox, QComboBox, QLineEdit {{ border: 2px solid #000000; border-radius: 4px;
                                                 padding: 1px 4px; }}
        QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ width: 0px; border: none; }}
        QComboBox::drop-down {{ border: none; width: 0px; }}
        QComboBox QAbstractItemView {{ selection-background-color: #0050c8; selection-color: #ffffff; }}
        QTabWidget::pane {{ border: 2px solid #000000; }}
        QTabBar::tab {{ background-color: #e6e6e6; border: 2px solid #000000; padding: 4px 12px;
                       margin-right: 3px; }}
        QTabBar::tab:selected {{ background-color: #ffffff; font-weight: bold; }}
        QTableView, QTreeView, QListView {{ gridline-color: #000000; alternate-background-color: #eeeeee;
                                            selection-background-color: #0050c8; selection-color: #ffffff; }}
        QHeaderView::section {{ background-color: #e6e6e6; color: #000000; font-weight: bold;
                               border: 1px solid #000000; padding: 2px 4px; }}
        QToolTip {{ background-color: #ffffe0; color: #000000; border: 1px solid #000000; }}
        QProgressBar {{ border: 2px solid #000000; text-align: center; }}
        QProgressBar::chunk {{ background-color: #0050c8; }}
    """
