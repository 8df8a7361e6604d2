"""The Edit menu's labels for input edits (plain functions, no widgets)."""

import pandas as pd

from wfm_desktop.core.forecast import ForecastSettings, settings_to_dict
from wfm_desktop.core.staffing.queue_settings import QueueSettings, queue_settings_to_dict
from wfm_desktop.gui.edit_labels import budget_label, forecast_label, staffing_label, table_label


def test_forecast_labels_name_the_field_not_the_value():
    base = settings_to_dict(ForecastSettings())
    assert forecast_label(base, {**base, "method": "mstl"}) == "Change method to MSTL"
    assert forecast_label(base, {**base, "growth": 0.05}) == forecast_label(base, {**base, "growth": 0.07}) \
        == "Edit growth %"
    event = {"date": "2025-12-25", "closed": True, "factor": 0.0, "label": "", "queue": None}
    with_event = {**base, "events": [event]}
    assert forecast_label(base, with_event) == "Add event 2025-12-25"
    assert forecast_label(with_event, base) == "Remove event 2025-12-25"
    assert forecast_label(with_event, {**base, "events": [{**event, "label": "Xmas"}]}) == "Edit event 2025-12-25"
    override = [{"queue": "Billing", "date": "2026-01-05", "contacts": 900.0}]
    assert forecast_label(base, {**base, "overrides": override}) == "Override 2026-01-05 (Billing)"
    assert forecast_label({**base, "overrides": override}, base) == "Clear override 2026-01-05 (Billing)"


def test_staffing_labels_carry_the_queue():
    voice = queue_settings_to_dict(QueueSettings())
    assert staffing_label("Billing", voice, {**voice, "sl": 0.9}) == "Edit service level target (Billing)"
    assert staffing_label("Billing", voice, {**voice, "channel": "chat"}) == "Change channel to chat (Billing)"
    shrink = [dict(row) for row in voice["shrinkage"]]
    shrink[1]["fraction"] = 0.2
    assert staffing_label("Billing", voice, {**voice, "shrinkage": shrink}) == "Edit shrinkage lunch (Billing)"


def test_table_and_budget_labels():
    old = pd.DataFrame({"name": ["Full", "Part"], "start_step_min": ["30", "30"]})
    assert table_label("template", old, old.iloc[:1]) == "Remove template"
    assert table_label("template", old, old.assign(start_step_min=["30", "60"]),
                       headers={"start_step_min": "Step (min)"}) == "Edit Step (min) (Part)"
    site = {"name": "Manila", "kind": "outsourced", "share": 1.0, "rate": 9.0}
    doc = {"inputs": {"currency": "USD", "sites": [site], "capacity": {"attrition_month": 0.03}},
           "period": "month", "source": "table", "required_table": []}
    changed = {**doc, "inputs": {**doc["inputs"], "sites": [{**site, "rate": 10.0}]}, "source": "plan"}
    assert budget_label(doc, changed) == "Edit vendor rate (Manila)"  # the source switch is not the edit
    assert budget_label(doc, {**doc, "period": "week"}) == "Plan capacity by week"
    assert budget_label(doc, {**doc, "inputs": {**doc["inputs"], "capacity": {"attrition_month": 0.04}}}) \
        == "Edit attrition"
