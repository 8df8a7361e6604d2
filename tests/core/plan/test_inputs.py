"""Undo/redo of plan inputs (core, no Qt)."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from wfm_desktop.core.plan.inputs import PlanInputs, same_value


def test_set_undo_redo_round_trip():
    inputs = PlanInputs()
    inputs.set("staffing/settings", {"aht_s": 180}, "Edit AHT")
    inputs.set("forecast/settings", {"method": "auto"}, "Change method")
    assert inputs.undo_label == "Change method"
    assert inputs.undo().key == "forecast/settings"
    assert "forecast/settings" not in inputs
    assert inputs.redo_label == "Change method"
    inputs.redo()
    assert inputs.get("forecast/settings") == {"method": "auto"}
    assert inputs.undo_label == "Change method" and not inputs.can_redo


def test_same_label_edits_merge_into_one_step():
    inputs = PlanInputs({"s": {"aht_s": 180}})
    for aht in (181, 182, 183):
        inputs.set("s", {"aht_s": aht}, "Edit AHT")
    inputs.set("s", {"aht_s": 183, "sl": 0.9}, "Edit SL")
    inputs.undo()
    assert inputs.get("s") == {"aht_s": 183}
    inputs.undo()
    assert inputs.get("s") == {"aht_s": 180}
    assert not inputs.can_undo


def test_end_step_and_undo_stop_merging():
    inputs = PlanInputs({"s": 1})
    inputs.set("s", 2, "Edit")
    inputs.end_step()
    inputs.set("s", 3, "Edit")
    assert inputs.undo().before == 2


def test_equal_value_records_nothing_and_dataframes_compare_by_content():
    frame = pd.DataFrame({"a": [1.0, math.nan]})
    inputs = PlanInputs({"t": frame})
    assert inputs.set("t", frame.copy(), "Edit table") is None
    assert not inputs.can_undo
    assert inputs.set("t", pd.DataFrame({"a": [2.0, math.nan]}), "Edit table") is not None
    assert same_value({"x": [1.0, math.nan]}, {"x": [1.0, math.nan]})
    assert not same_value({"x": 1}, {"x": 1, "y": 2})


def test_new_edit_clears_redo():
    inputs = PlanInputs()
    inputs.set("a", 1, "one")
    inputs.undo()
    inputs.set("b", 2, "two")
    assert not inputs.can_redo and inputs.get("a") is None


def test_modified_follows_save_point():
    inputs = PlanInputs({"a": 1})
    assert not inputs.is_modified
    inputs.set("a", 2, "Edit a")
    assert inputs.is_modified
    inputs.mark_clean()
    assert not inputs.is_modified
    inputs.set("a", 3, "Edit a")  # does not merge into the saved step
    inputs.undo()
    assert not inputs.is_modified and inputs.get("a") == 2
    inputs.undo()
    assert inputs.is_modified and inputs.get("a") == 1
    inputs.set("a", 5, "Edit b")  # the saved state is now unreachable
    assert inputs.is_modified
    inputs.undo()
    assert inputs.is_modified


def test_edit_back_to_start_of_a_merged_step_removes_it():
    inputs = PlanInputs({"a": 1})
    inputs.mark_clean()
    inputs.set("a", 2, "Edit a")
    inputs.end_step()
    inputs.set("a", 3, "Edit a")
    inputs.set("a", 2, "Edit a")
    assert inputs.undo().after == 2 and inputs.get("a") == 1 and not inputs.is_modified


def test_undo_limit_drops_oldest():
    inputs = PlanInputs(limit=3)
    for i in range(5):
        inputs.set(f"k{i}", i, f"step {i}")
    undone = [inputs.undo().label for _ in range(3)]
    assert undone == ["step 4", "step 3", "step 2"] and not inputs.can_undo
    assert inputs.is_modified  # the clean (empty) state fell off the stack


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 3), st.sampled_from(["x", "y"])), max_size=30))
def test_undo_everything_then_redo_everything(edits):
    inputs = PlanInputs({"a": 0})
    states = [inputs.values()]
    for key, value, label in edits:
        if inputs.set(key, value, label, merge=False) is not None:
            states.append(inputs.values())
    for expected in reversed(states[:-1]):
        inputs.undo()
        assert inputs.values() == expected
    assert not inputs.can_undo and not inputs.is_modified
    for expected in states[1:]:
        inputs.redo()
        assert inputs.values() == expected


def test_a_change_without_undo_step_still_counts_as_modified():
    inputs = PlanInputs()
    inputs.set("forecast/settings", {"method": "ets"}, "Change method")
    inputs.set("history_import", {"path": "calls.csv"}, undoable=False)
    assert inputs.is_modified and inputs.undo_label == "Change method"
    inputs.mark_clean()
    assert not inputs.is_modified
    inputs.undo()
    assert inputs.get("history_import") == {"path": "calls.csv"} and inputs.is_modified
