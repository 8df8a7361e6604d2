"""What every page of the main window is given and offers.

A page is a QWidget for one step of the flow (Data, Forecast, Staffing, ...).
It receives an :class:`AppContext` — the shared plan, the preferences and a way
to talk to the status bar and show errors — and nothing else: no global main
window, no global plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.model import NOT_RUN, OUT_OF_DATE

from wfm_desktop.gui.plan_controller import PlanController
from wfm_desktop.gui.presentation import font_ratio
from wfm_desktop.gui.settings import Settings
from wfm_desktop.gui.theme import error_html
from wfm_desktop.gui.widgets.mpl_canvas import ChartWidget
from wfm_desktop.gui.workers import TaskRunner


@dataclass
class AppContext:
    plan: PlanController
    settings: Settings
    status: Callable[[str], None]  # show a short message in the status bar
    show_error: Callable[[str, BaseException, str], None]  # (title, exception, details)


class Page(QWidget):
    """Base class of the main window's pages.

    Subclasses set :attr:`title` (the navigation label) and :attr:`tooltip`, and
    build their widgets in ``__init__(ctx)``. The wiring every page needs is here:

    * :meth:`show_message` — the page's one-line message (``self.message``, a QLabel);
    * :meth:`report_failure` — the one failure handler: a :class:`WfmError` is the planner's to act
      on and shows as the page's message; anything else opens the error dialog with its details;
    * :meth:`task_runner` — a :class:`TaskRunner` for the page's own off-thread work, its failures
      wired to :meth:`report_failure`;
    * :meth:`observe_stage` — show a plan stage: ``shown()`` when its result changes, and its state
      (computing / out of date / failed) in the message. Plan stages are computed by the plan
      (:class:`~wfm_desktop.gui.plan_runner.PlanRunner`), never by the page.
    """

    title: str = ""
    tooltip: str = ""
    message: QLabel | None = None

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
        scale_fixed_widths(self, font_ratio(self) if on else 1.0)
        fit_table_columns(self, on)
        stack_long_form_rows(self, on)
        narrow_combo_boxes(self, on)
        if on:
            fit_scroll_panels(self)
        for chart in self.findChildren(ChartWidget):
            chart.set_presentation(on)

    def status_if_shown(self, message: str) -> None:
        """Post a result to the status bar only while this page is shown.

        Pages compute on their own (defaults at start-up, a forecast re-run after
        Open); a hidden page's result must not replace what the visible page said.
        Messages answering a planner's action on the page use ``ctx.status``.
        """
        if self.isVisible():
            self.ctx.status(message)

    def shutdown(self) -> None:
        """Called when the window closes: cancel running work, save page settings."""

    # -- wiring every page shares ------------------------------------------------------------
    def show_message(self, text: str, *, error: bool = False) -> None:
        """The page's message (an error in the error colour); an empty text clears it."""
        if self.message is not None:
            self.message.setText(error_html(text) if error and text else text)

    def report_failure(self, title: str, exc: BaseException, details: str = "") -> None:
        """The default failure handler: a planner's error as the page's message, a bug as the error dialog."""
        if isinstance(exc, WfmError):
            self.show_message(str(exc), error=True)
        else:
            self.ctx.show_error(title, exc, details)

    def task_runner(self, done: Callable[[Any], None], *, failure_title: str | None = None,
                    dialog: bool = False) -> TaskRunner:
        """A runner for the page's own work (not a plan stage): ``done(result)``, failures reported
        (``dialog``: every failure in the error dialog, e.g. a file that was not saved)."""
        runner = TaskRunner(self)
        runner.done.connect(done)
        title = failure_title or self.title
        if dialog:
            runner.failed.connect(lambda exc, details: self.ctx.show_error(title, exc, details))
        else:
            runner.failed.connect(lambda exc, details: self.report_failure(title, exc, details))
        return runner

    def observe_stage(self, stage: str, shown: Callable[[], None], *, failure_title: str | None = None) -> None:
        """Call ``shown()`` whenever `stage`'s result in the plan changes; report its automatic
        computation's failures; :meth:`stage_message` tells its state (call it from ``shown``)."""
        plan = self.ctx.plan
        title = failure_title or self.title
        plan.changed.connect(lambda name: shown() if name == stage else None)
        plan.runner.failed.connect(lambda name, exc, details: self.report_failure(title, exc, details)
                                   if name == stage else None)
        plan.runner.started.connect(lambda name: self.stage_state_changed(stage) if name == stage else None)
        plan.states_changed.connect(lambda: self.stage_state_changed(stage))

    def stage_state_changed(self, stage: str) -> None:
        """The stage's state may have changed (override to show it; pages usually call :meth:`stage_message`)."""

    def stage_message(self, stage: str) -> str:
        """What the page says about `stage`'s state: computing, failed, out of date (why), not run ("" when current)."""
        plan = self.ctx.plan
        if plan.computing(stage):
            return "Computing…"
        failure = plan.failure(stage)
        if failure is not None:
            return f"Could not be computed: {failure}"
        state = plan.state(stage)
        if state.status == OUT_OF_DATE:
            return f"Out of date ({state.reason})" if state.reason else "Out of date"
        if state.status == NOT_RUN and state.reason:
            return f"Not computed yet: {state.reason}"
        return ""


_NO_LIMIT = 16777215  # QWIDGETSIZE_MAX


MIN_WIDTH_GROWTH = 1.0
"""Minimum widths grow at most this much. They do not grow: a widget's own minimum already follows the larger
font, and side panels are fitted to their content (:func:`fit_scroll_panels`); growing the pixel minimums
as well held presentation mode wider than a 1,280-pixel window."""


def scale_fixed_widths(root: QWidget, factor: float) -> None:
    """Scale every explicit minimum/maximum width under `root` for a font `factor` times larger.

    Maximum widths (which cut text off) grow by the whole factor plus a tenth; minimum widths
    by at most :data:`MIN_WIDTH_GROWTH`. ``factor=1.0`` restores the original widths.
    """
    for widget in root.findChildren(QWidget):
        original = widget.property("wfm_fixed_widths")
        if original is None:
            if factor == 1.0 or (widget.minimumWidth() == 0 and widget.maximumWidth() == _NO_LIMIT):
                continue
            original = [widget.minimumWidth(), widget.maximumWidth()]
            widget.setProperty("wfm_fixed_widths", original)
        low, high = original
        grow_max = factor * 1.1 if factor != 1.0 else 1.0
        new_high = high if high == _NO_LIMIT else round(high * grow_max)
        new_low = round(low * min(factor, MIN_WIDTH_GROWTH))
        if factor != 1.0 and high != _NO_LIMIT:
            # a panel held narrow by its maximum: as wide as its (larger) content needs, within it
            widget.ensurePolished()
            if widget.layout() is not None:
                widget.layout().invalidate()
                widget.layout().activate()
            new_low = max(new_low, min(widget.minimumSizeHint().width(), new_high))
        widget.setMinimumWidth(new_low)
        widget.setMaximumWidth(new_high)


def stack_long_form_rows(root: QWidget, on: bool) -> None:
    """Presentation mode: a form's label goes above its field when the two do not fit side by side.

    The larger font makes "label | field" rows wider than a 1,280-pixel window leaves a side panel;
    stacking only the rows that do not fit keeps the panel narrow. Off: each form's own policy again.
    """
    from PySide6.QtWidgets import QFormLayout

    for form in root.findChildren(QFormLayout):
        saved = form.property("wfm_row_wrap")
        if on:
            if saved is None:
                form.setProperty("wfm_row_wrap", [int(form.rowWrapPolicy().value),
                                                  int(form.fieldGrowthPolicy().value)])
            # a form that mixes short and long labels (marked "wfm_stack_all") stacks every row: with only
            # the long rows wrapped, its short rows' fields were left a few letters wide
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows if form.property("wfm_stack_all")
                                  else QFormLayout.RowWrapPolicy.WrapLongRows)
            # fields fill the row (a name box beside its label was left a few letters wide)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        elif saved is not None:
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy(saved[0]))
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy(saved[1]))
            form.setProperty("wfm_row_wrap", None)


COMBO_CHARS = 16
"""A drop-down is sized to this many characters (or its own minimum, if larger), not to its longest item."""

PRESENTATION_COMBO_CHARS = 12
"""The same in presentation mode (its characters are larger)."""


def narrow_combo_boxes(root: QWidget, on: bool) -> None:
    """Size every drop-down under `root` to :data:`COMBO_CHARS` characters (:data:`PRESENTATION_COMBO_CHARS`
    when `on`); the list that opens still shows every item in full.

    Sized to their longest item, drop-downs that fill up later (kept forecasts named after their date and
    method, long queue names) held side panels, and so the window, wider than 1,280 pixels; and a drop-down
    sized when first shown came back wider after presentation mode. The main window applies this to every
    page (normal mode) and :meth:`Page.set_presentation_mode` on each switch.
    """
    from PySide6.QtWidgets import QComboBox

    for box in root.findChildren(QComboBox):
        original = box.property("wfm_combo_chars")
        if original is None:
            original = box.minimumContentsLength()
            box.setProperty("wfm_combo_chars", original)
        box.setMinimumContentsLength(PRESENTATION_COMBO_CHARS if on else max(int(original), COMBO_CHARS))
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)


def fit_scroll_panels(root: QWidget) -> None:
    """Widen each vertical-scrolling panel under `root` to its content's minimum width (no clipping)."""
    from PySide6.QtWidgets import QScrollArea

    from wfm_desktop.gui.widgets.side_panel import SidePanel

    for area in root.findChildren(QScrollArea):
        content = area.widget()
        if content is None or not area.widgetResizable() or isinstance(area, SidePanel):  # it fits itself
            continue
        content.ensurePolished()
        for child in content.findChildren(QWidget):
            child.ensurePolished()
        if content.layout() is not None:
            content.layout().invalidate()
            content.layout().activate()
        bar = area.verticalScrollBar().sizeHint().width()
        need = content.minimumSizeHint().width() + bar + 2 * area.frameWidth()
        if need > area.minimumWidth():
            if area.property("wfm_fixed_widths") is None:  # so that scale_fixed_widths(…, 1.0) restores it
                area.setProperty("wfm_fixed_widths", [area.minimumWidth(), area.maximumWidth()])
            area.setMinimumWidth(need)


def fit_table_columns(root: QWidget, on: bool) -> None:
    """Presentation mode: widen hand-sized table columns to their larger headings; restore them after."""
    from PySide6.QtWidgets import QHeaderView, QTableView

    for table in root.findChildren(QTableView):
        header = table.horizontalHeader()
        saved = table.property("wfm_column_widths")
        if not on:
            if saved is not None:
                for column, width in enumerate(saved[: header.count()]):
                    if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
                        header.resizeSection(column, width)
                table.setProperty("wfm_column_widths", None)
            continue
        if saved is None:
            table.setProperty("wfm_column_widths", [header.sectionSize(c) for c in range(header.count())])
        for column in range(header.count()):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
                needed = max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
                if needed > header.sectionSize(column):
                    header.resizeSection(column, needed)
