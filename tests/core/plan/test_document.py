"""A plan's inputs, history and results cache through a .wfmplan file and back, exactly."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.table import History
from wfm_desktop.core.plan.document import from_document, to_document
from wfm_desktop.core.plan.file_format import load_plan, save_plan
from wfm_desktop.core.plan.inputs import same_value


def _history() -> History:
    rng = np.random.default_rng(3)
    starts = pd.date_range("2024-03-30 22:00", periods=20, freq="15min")
    frame = pd.DataFrame({
        "queue": ["Billing"] * 10 + ["Sales, voice"] * 10,
        "start": list(starts[:10]) + list(starts[:10]),
        "offered": rng.random(20) * 100,
        "aht_s": np.r_[rng.random(19) * 300, np.nan],
        "handled": rng.random(20) * 90,
        "abandoned": np.full(20, 1 / 3),
    })
    return History(frame, 15, "C:\\data\\calls 2024.xlsx", ("rolled up from 5-minute data",))


def _inputs() -> dict:
    templates = pd.DataFrame({"name": ["Early", "Late"], "start_min": np.array([420, 780], dtype="int64"),
                              "length_min": np.array([480, 480], dtype="int64"), "cost_h": [21.5, 0.1 + 0.2],
                              "weekend": [False, True]})
    return {
        "forecast/settings": {"method": "seasonal", "horizon_days": 56, "level": 0.95, "percentile": None,
                              "growth": 1e-17, "events": [{"name": "Sale", "lift": 0.3333333333333333}],
                              "overrides": [["Billing", "2024-05-01", 123.456]]},
        "staffing/settings": {"sl_target": 0.8, "answer_s": 20, "shrinkage": 0.3},
        "schedule/templates": templates,
        "budget/doc": {"rates": [1, 2.5, "x"], "tables": {"sites": pd.DataFrame({"site": ["Leeds"], "seats": [40]})}},
        "history_import": {"path": "C:\\data\\calls 2024.xlsx", "sha256": "ab" * 32, "sheets": ["Sheet1"],
                           "mapping": [["queue", "Queue"]], "interval_min": 15},
        "from/a newer version?": {"kept": True},  # a key this version does not know
        "a number": 0.1,
        "text": "ünïcode ✓",
    }


def _round_trip(tmp_path, inputs, history, cache):
    path = save_plan(to_document(inputs, history, cache), tmp_path / "plan.wfmplan")
    return from_document(load_plan(path))


def test_inputs_history_and_cache_come_back_exactly(tmp_path):
    history = _history()
    inputs = _inputs()
    schedule = pd.DataFrame({"agent": ["A1", "A2"], "start": pd.to_datetime(["2024-05-01 07:00", "2024-05-01 13:00"]),
                             "paid_h": [8.0, 7.75]})
    cache = {"schedule/solution": {"shifts": schedule, "objective": 1234.5678901234567, "status": "time limit"},
             "schedule/kpis": [0.1, 0.2]}
    back_inputs, back_history, back_cache = _round_trip(tmp_path, inputs, history, cache)

    assert set(back_inputs) == set(inputs)
    for key, value in inputs.items():
        assert same_value(back_inputs[key], value), key
    pd.testing.assert_frame_equal(back_inputs["schedule/templates"], inputs["schedule/templates"], check_exact=True)
    assert back_inputs["forecast/settings"] == inputs["forecast/settings"]  # JSON exactly, floats included

    pd.testing.assert_frame_equal(back_history.frame, history.frame, check_exact=True)
    assert back_history.frame["offered"].to_numpy().tobytes() == history.frame["offered"].to_numpy().tobytes()
    assert (back_history.interval_min, back_history.source, back_history.notes) == (
        history.interval_min, history.source, history.notes)

    assert set(back_cache) == set(cache)
    pd.testing.assert_frame_equal(back_cache["schedule/solution"]["shifts"], schedule, check_exact=True)
    assert back_cache["schedule/solution"]["objective"] == cache["schedule/solution"]["objective"]
    assert back_cache["schedule/kpis"] == [0.1, 0.2]


def test_an_empty_plan_round_trips(tmp_path):
    assert _round_trip(tmp_path, {}, None, {}) == ({}, None, {})


def test_table_names_are_safe_and_unique(tmp_path):
    frame = pd.DataFrame({"x": [1.5]})
    doc = to_document({"a/b": frame, "a b": frame, "history": frame}, None, {"a/b": frame})
    assert all(name.replace("_", "").replace("-", "").isalnum() for name in doc.tables)
    assert len(doc.tables) == 4 and "history" not in doc.tables
    back_inputs, _, back_cache = _round_trip(tmp_path, {"a/b": frame, "a b": frame, "history": frame}, None,
                                             {"a/b": frame})
    assert set(back_inputs) == {"a/b", "a b", "history"} and set(back_cache) == {"a/b"}


def test_a_frame_index_is_kept(tmp_path):
    frame = pd.DataFrame({"day": pd.to_datetime(["2024-01-01", "2024-01-02"]), "v": [1.0, 2.0]}).set_index("day")
    back, _, _ = _round_trip(tmp_path, {"k": frame}, None, {})
    pd.testing.assert_frame_equal(back["k"], frame, check_exact=True)


def test_values_that_cannot_be_saved_are_named(tmp_path):
    with pytest.raises(WfmError, match="budget"):
        to_document({"budget": {1: "x"}}, None, {})
    with pytest.raises(WfmError, match="columns"):
        to_document({"t": pd.DataFrame({0: [1]})}, None, {})


def test_a_document_with_a_missing_table_is_refused():
    doc = to_document({"t": pd.DataFrame({"x": [1]})}, _history(), {})
    doc.tables.pop("input-t")
    with pytest.raises(WfmError, match="missing"):
        from_document(doc)
    doc = to_document({}, _history(), {})
    doc.tables.clear()
    with pytest.raises(WfmError, match="history"):
        from_document(doc)
