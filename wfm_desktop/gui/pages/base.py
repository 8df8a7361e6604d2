"""What every page of the main window is given and offers.

A page is a QWidget for one step of the flow (Data, Forecast, Staffing, ...).
It receives an :class:`AppContext` — the shared plan, the preferences and a way
to talk to the status bar and show errors — and nothing else: no global main
window, no global plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from wfm_desktop.gui.plan_controller import PlanController
from wfm_desktop.gui.settings import Settings


@dataclass
class AppContext:
    plan: PlanController
    settings: Settings
    status: Callable[[str], None]  # show a short message in the status bar
    show_error: Callable[[str, BaseException, str], None]  # (title, exception, details)


class Page(QWidget):
    """Base class of the main window's pages.

    Subclasses set :attr:`title` (the navigation label) and :attr:`tooltip`, and
    build their widgets in ``__init__(ctx)``.
    """

    title: str = ""
    tooltip: str = ""

    presentation_requested = Signal(bool)
    """The page asks for the window-wide presentation mode (e.g. a button of its own)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def set_presentation_mode(self, on: bool) -> None:
        """Switch the page's charts to the projector style (the window sets fonts and colours).

        Widths a page fixed in pixels for the normal font (a panel's minimum or maximum
        width) grow with the presentation font, so nothing is cut off. Pages with more to
        change (the Trade-offs page) override this.
        """
        from wfm_desktop.gui.presentation import font_ratio
        from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget

        scale_fixed_widths(self, font_ratio(self) if on else 1.0)
        for chart in self.findChildren(ChartWidget):
            chart.set_presentation(on)

    def shutdown(self) -> None:
        """Called when the window closes: cancel running work, save page settings."""


_NO_LIMIT = 16777215  # QWIDGETSIZE_MAX


def scale_fixed_widths(root: QWidget, factor: float) -> None:
    """Multiply every explicit minimum/maximum width under `root` by `factor` (1.0 restores them)."""
    for widget in root.findChildren(QWidget):
        original = widget.property("wfm_fixed_widths")
        if original is None:
            if factor == 1.0 or (widget.minimumWidth() == 0 and widget.maximumWidth() == _NO_LIMIT):
                continue
            original = [widget.minimumWidth(), widget.maximumWidth()]
            widget.setProperty("wfm_fixed_widths", original)
        low, high = original
        widget.setMinimumWidth(round(low * factor))
        widget.setMaximumWidth(high if high == _NO_LIMIT else round(high * factor))
