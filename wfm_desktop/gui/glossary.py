"""What each planner's term in a table heading means and how it is computed: the tooltips of every table.

:class:`~wfm_desktop.gui.models.dataframe_model.DataFrameModel` shows these as
header tooltips when a page gives none of its own, and :func:`apply_header_tips`
does the same for the editable tables (``QTableWidget``). Keys are the headings
as shown, compared without regard to case. The formulas are the ones of
``docs/user-guide.md`` and the core.
"""

from __future__ import annotations

TERMS: dict[str, str] = {
    # history and forecast
    "queue": "The queue (skill, channel or line) the contacts arrived on.",
    "interval start": "Start of the interval, local wall-clock time.",
    "interval": "Start of the planning interval (15, 30 or 60 minutes).",
    "offered": "Contacts offered in the interval (answered + abandoned).",
    "contacts": "Contacts offered (calls, chats, emails); in the future, the forecast.",
    "aht (s)": "Average handle time in seconds: talk + hold + after-contact work.",
    "date": "The calendar day.",
    "day": "Day of the week.",
    "forecast": "Forecast contacts for the day (after events, growth, deflection and overrides).",
    "lower": "Lower end of the prediction interval: the day is expected above it with the interval's probability.",
    "upper": "Upper end of the prediction interval: the day is expected below it with the interval's probability.",
    "override": "Type a number of contacts to replace the forecast of this day (applied on the next run).",
    "method": "Forecasting method: seasonal naive, weekday average, ETS, MSTL or a combination of two.",
    "wape": "Weighted absolute percentage error of the backtest: Σ|forecast − actual| ÷ Σ actual (lower is better).",
    "bias": "Backtest bias: Σ(forecast − actual) ÷ Σ actual; positive means the forecast ran high.",
    "folds": "Backtest folds: how many times the method was fitted on older history and scored on the days after.",
    "days scored": "Days compared with the actuals over all backtest folds.",
    "used": "Whether this method's forecast is the one used for the queue.",
    "type": "Kind of special day: a multiplier of the day's contacts, or closed.",
    "factor": "Multiplier of the day's contacts (1.2 = 20 % more); ignored for a closed day.",
    "label": "A name for the event (shown in the notes and the chart).",
    # staffing
    "workload (h)": "Hours of handling work: contacts × AHT ÷ 3600 (Erlangs × interval hours).",
    "workload (erl)": "Workload in Erlangs: contacts × AHT ÷ interval length — agents kept busy on average.",
    "net agent-hours": "Hours of agents on the phones needed to meet the targets (net agents × interval hours).",
    "gross hours": "Paid hours: net ÷ (1 − total shrinkage) × interval hours, not rounded; for FTE and budget "
    "(whole agents are for schedules).",
    "gross hours (sched.)": "Hours to schedule: net ÷ (1 − shrinkage the schedule does not model), rounded up per "
    "interval (breaks placed in shifts are not counted twice).",
    "expected sl": "Expected service level: Σ(SL × contacts) ÷ Σ contacts over the period's intervals.",
    "week commencing": "Monday of the week.",
    "days": "Days of the period inside the plan's horizon.",
    "fte": "Full-time equivalents: paid hours ÷ (the plan's contracted week × weeks). A month counts its days ÷ 7; "
    "a part week at the plan's edge its open days ÷ the open days a week.",
    "weeks": "Contracted weeks of the period: days ÷ 7 (a part week at the plan's edge: open days ÷ open days a "
    "week).",
    "open days": "Days of the week in the plan on which the centre is open (any queue staffed).",
    "category": "Shrinkage category (breaks, lunch, training, coaching, meetings, absence, holiday…).",
    "% of paid time": "Share of paid time this category takes; the total shrinkage is their sum.",
    "in schedule": "Ticked: the schedule places it inside shifts (breaks, lunch), so it is not added again "
    "to the hours to schedule.",
    "service level": "Share of contacts answered within the answer time T. Erlang C: SL = 1 − C·e^(−(N−A)·T/AHT).",
    "asa (s)": "Average speed of answer in seconds. Erlang C: ASA = C·AHT ÷ (N − A).",
    "occupancy": "Share of agents' available time spent handling contacts: A ÷ N.",
    "p(wait)": "Probability that a contact waits at all: Erlang C's C(N, A).",
    "agents": "Agents on the phones (net).",
    "meets targets": "Whether this number of agents meets every target set (SL, ASA, occupancy cap).",
    # schedule
    "req": "Required agents in the interval (from Staffing, after the shrinkage the schedule does not model).",
    "sched": "Agents scheduled in the interval (on shift and not on a break).",
    "diff": "Scheduled − required: negative is under-coverage, positive over-coverage.",
    "shift": "One shift: its day, start and end.",
    "template": "The shift template the shift was made from.",
    "start": "Start of the shift.",
    "end": "End of the shift.",
    "paid h": "Paid hours of the shift (length minus unpaid breaks).",
    "contract": "Contract type of the template (full-time, part-time…).",
    "breaks": "Breaks placed inside the shift.",
    "roster": "The agent (roster line) working the shift.",
    # budget and capacity
    "month": "Calendar month of the budget.",
    "period": "Week or month of the capacity plan.",
    "paid hours": "Paid agent hours of the period (gross, after shrinkage).",
    "headcount": "People employed (heads), after hires and attrition.",
    "hires": "People hired who start in the period.",
    "implementation": "One-off implementation costs of the period.",
    "total": "Total cost of the period: wages, overhead, licences, training and one-off costs.",
    "handled hours": "Hours of handling work (contacts × AHT), used for the cost per handled hour.",
    "required fte": "FTE needed: gross paid hours ÷ (the plan's contracted week × weeks of the period).",
    "opening heads": "Headcount at the start of the period.",
    "planned hires": "Hires of the classes you planned.",
    "suggested hires": "Hires the capacity plan suggests so that effective FTE covers the requirement, "
    "respecting lead time and minimum class size.",
    "in training": "New hires still in classroom training (not productive).",
    "nesting": "New hires in nesting: on the phones at reduced productivity.",
    "effective fte": "FTE available for contacts: tenured heads + nesting heads × nesting productivity.",
}


METHOD_NAMES = {
    "auto": "Auto (best backtest)",
    "seasonal_naive": "Seasonal naive",
    "weekday_avg": "Weekday average",
    "weekday_level": "Weekday pattern × smoothed level",
    "ets": "Holt-Winters / ETS",
    "mstl": "MSTL (weekly + yearly)",
    "harmonic": "Harmonic regression",
    "combo": "Combination",
}


def method_name(code: object) -> str:
    """A forecasting method as a planner reads it: ``weekday_avg`` → "Weekday average",
    ``combo(weekday_avg+ets)`` → "Weekday average + Holt-Winters / ETS (mean)"; unknown codes unchanged."""
    text = str(code)
    if text.startswith("combo(") and text.endswith(")"):
        members = [METHOD_NAMES.get(m.strip(), m.strip()) for m in text[len("combo("):-1].split("+") if m.strip()]
        return " + ".join(members) + " (mean)" if members else METHOD_NAMES["combo"]
    return METHOD_NAMES.get(text, text)


def term_tip(heading: str) -> str:
    """The tooltip of a table heading ("" when the heading is not a known term)."""
    return TERMS.get(str(heading).strip().lower(), "")


def apply_header_tips(table) -> None:
    """Give the headings of a QTableWidget their glossary tooltips (those without one already)."""
    for column in range(table.columnCount()):
        item = table.horizontalHeaderItem(column)
        if item is not None and not item.toolTip():
            tip = term_tip(item.text())
            if tip:
                item.setToolTip(tip)


def share_field_tips(root) -> int:
    """Give each form label under `root` its field's tooltip (hovering "Occupancy cap" explains it too).

    Returns how many labels received one. Labels that have their own tooltip keep it.
    """
    from PySide6.QtWidgets import QFormLayout, QWidget

    shared = 0
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item is not None else None
            field = field_item.widget() if field_item is not None else None
            if isinstance(label, QWidget) and isinstance(field, QWidget) and not label.toolTip() and field.toolTip():
                label.setToolTip(field.toolTip())
                shared += 1
    return shared
