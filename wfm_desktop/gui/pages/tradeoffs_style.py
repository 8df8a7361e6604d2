"""The Trade-offs page's sliders (ranges, defaults, tooltips) and its two looks (normal, presentation)."""

from __future__ import annotations

SLIDERS: dict[str, dict] = {
    "contacts": {
        "label": "Contacts per interval", "min": 0, "max": 2000, "value": 100, "step": 5,
        "tip": "Contacts offered in the interval (calls or chats), before deflection.",
    },
    "aht_s": {
        "label": "Handle time (AHT)", "min": 30, "max": 1200, "value": 180, "step": 5, "suffix": " s",
        "tip": "Average handle time: talk + hold + after-call work.\n"
        "Workload (Erlangs) A = contacts × AHT ÷ interval length.",
    },
    "sl_target": {
        "label": "Service level target", "min": 50, "max": 99, "value": 80, "step": 1, "suffix": " %",
        "tip": "Share of contacts to answer within the answer time.\nSL = 1 − C(N, A)·e^(−(N−A)·T/AHT) (Erlang C).",
    },
    "answer_s": {
        "label": "Answer within", "min": 0, "max": 120, "value": 20, "step": 5, "suffix": " s",
        "tip": "Target answer time T in seconds (the '20' of 80/20).",
    },
    "occupancy_cap": {
        "label": "Occupancy cap", "min": 60, "max": 100, "value": 85, "step": 1, "suffix": " %",
        "tip": "Highest share of logged-in time agents may spend handling contacts (occupancy = A ÷ N).\n"
        "100 % means no cap. 85 % is the Staffing page's default too.",
    },
    "shrinkage": {
        "label": "Shrinkage", "min": 0, "max": 60, "value": 30, "step": 1, "suffix": " %",
        "tip": "Share of paid time agents are not available (breaks, training, absence…).\n"
        "Gross agents = net ÷ (1 − shrinkage), rounded up: whole agents to schedule (FTE uses the unrounded\n"
        "gross hours).",
    },
    "deflection": {
        "label": "Deflection", "min": 0, "max": 60, "value": 0, "step": 1, "suffix": " %",
        "tip": "Share of contacts self-service or a chatbot resolves before they reach an agent.\n"
        "Contacts to agents = contacts × (1 − deflection).",
    },
    "patience_s": {
        "label": "Patience (Erlang A)", "min": 0, "max": 600, "value": 0, "step": 5, "suffix": " s",
        "special": "none (Erlang C)",
        "tip": "Average time a waiting caller holds before hanging up. Set it to use Erlang A\n"
        "(callers abandon; abandons count as missing the target); 0 = Erlang C (nobody abandons).",
    },
    "concurrency": {
        "label": "Chats per agent", "min": 1, "max": 5, "value": 1, "step": 1, "special": "1 (voice)",
        "tip": "Chats one agent handles at once. Model: effective handle time per chat = AHT ÷ chats at once.",
    },
    "hourly_cost": {
        "label": "Cost per agent hour", "min": 0, "max": 200, "value": 25, "step": 0.5, "decimals": 2,
        "tip": "Loaded cost of one paid agent hour (wage + overhead such as taxes and benefits), typed here;\n"
        "any currency. Cost per hour = gross agents × this; the default 25 is only an illustration.",
    },
    "pools": {
        "label": "Split into pools (k)", "min": 2, "max": 12, "value": 3, "step": 1,
        "tip": "Split the same contacts evenly into k separate queues (skills, sites, languages),\n"
        "each meeting the same targets on its own, and compare with one shared pool.",
    },
}
"""Slider key → label, range, default (the published 80/20 example), step and tooltip."""

FIGURE_TIPS = {
    "agents_net": "Agents needed on the phones (logged in, available) to meet every target.",
    "agents_gross": "Whole agents to schedule: net ÷ (1 − shrinkage), rounded up. A plan's FTE and budget use the\n"
                    "unrounded paid hours.",
    "service_level": "Share of contacts answered within the answer time, at the net agents.",
    "asa_s": "Average speed of answer of answered contacts, at the net agents.",
    "occupancy": "Share of agents' available time spent handling contacts (A ÷ N; with Erlang A only answered work).",
    "abandon_rate": "Share of offered contacts that hang up before an answer (Erlang A only).",
    "cost_per_hour": "Gross agents × cost per agent hour.",
    "cost_per_contact": "Cost per hour × interval length ÷ contacts reaching agents (after deflection).",
    "workload_erlangs": "Workload A = contacts after deflection × AHT (÷ chats at once) ÷ interval length.",
}


def stylesheet(presentation: bool) -> str:
    """The page's style sheet: normal (follows the light or dark palette), or large for a projector.

    Normal mode sets sizes only, never text colours, so a dark palette stays readable.
    Presentation mode sets every colour itself: black on white with thick borders, whatever
    the desktop's theme (a palette is not enough: style sheets override it piecemeal).
    """
    if not presentation:
        return """
            QLabel#figure_big { font-size: 20pt; font-weight: bold; }
            QLabel#figure_value { font-size: 13pt; }
            QLabel#message { color: #d0343e; font-weight: bold; }
            QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }
            QLabel#card_title { font-size: 12pt; font-weight: bold; }
            QLabel#card_name, QLabel#card_value, QLabel#card_difference { font-size: 12pt; }
            QLabel#card_difference { font-weight: bold; }
        """
    return """
        QWidget { font-size: 14pt; color: #000000; background-color: #ffffff; }
        QGroupBox { font-weight: bold; border: 2px solid #000000; border-radius: 6px; margin-top: 1.3em; }
        QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
        QPushButton { background-color: #e6e6e6; border: 2px solid #000000; border-radius: 5px; padding: 3px 12px; }
        QPushButton:checked { background-color: #0050c8; color: #ffffff; }
        QPushButton:disabled { color: #8c8c8c; border-color: #8c8c8c; }
        QAbstractSpinBox, QComboBox { border: 2px solid #000000; border-radius: 4px; padding: 1px 4px; }
        QAbstractSpinBox::up-button, QAbstractSpinBox::down-button { width: 0px; border: none; }
        QComboBox::drop-down { border: none; width: 0px; }
        QTabWidget::pane { border: 2px solid #000000; }
        QTabBar::tab { background-color: #e6e6e6; border: 2px solid #000000; padding: 4px 12px; margin-right: 3px; }
        QTabBar::tab:selected { background-color: #ffffff; font-weight: bold; }
        QScrollArea { border: none; }
        QToolTip { background-color: #ffffe0; color: #000000; border: 1px solid #000000; }
        QLabel#figure_name { font-size: 13pt; }
        QLabel#figure_big { font-size: 30pt; font-weight: bold; }
        QLabel#figure_value { font-size: 19pt; font-weight: bold; }
        QLabel#model_note { font-size: 12pt; }
        QLabel#message { color: #c00000; font-weight: bold; }
        QFrame#card { border: 2px solid #000000; border-radius: 6px; }
        QLabel#card_title { font-size: 17pt; font-weight: bold; }
        QLabel#card_inputs { font-size: 10pt; }
        QLabel#card_name, QLabel#card_value, QLabel#card_difference { font-size: 16pt; }
        QLabel#card_value, QLabel#card_difference { font-weight: bold; }
        QSlider::groove:horizontal { height: 10px; background: #bbbbbb; border-radius: 5px; }
        QSlider::handle:horizontal { background: #0050c8; width: 26px; margin: -9px 0; border-radius: 13px; }
        QSlider::sub-page:horizontal { background: #0050c8; border-radius: 5px; }
    """
