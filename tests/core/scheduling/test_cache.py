"""A solved schedule and roster as plain tables and back (the plan's results cache), and its checksum."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.scheduling.roster import RosterResult
from wfm_desktop.core.scheduling.cache import (
    cache_checksum,
    frame_checksum,
    schedule_from_cache,
    schedule_to_cache,
    solve_checksum,
)
from wfm_desktop.core.scheduling.result import ScheduleResult


def _result() -> tuple[ScheduleResult, RosterResult]:
    starts = pd.to_datetime(["2026-01-05 08:00", "2026-01-05 09:00"])
    shifts = pd.DataFrame({"shift_id": [1, 2], "template": ["Full 8h", "Full 8h"], "day": starts.normalize(),
                           "start": starts, "end": starts + pd.Timedelta(hours=8), "paid_h": [8.0, 8.0],
                           "contract": ["full", "full"], "cost": [160.0, 160.0], "breaks": ["", "lunch 12:00"]})
    coverage = pd.DataFrame({"start": pd.date_range("2026-01-05", periods=48, freq="30min"),
                             "required": np.arange(48.0), "scheduled": np.ones(48), "difference": 1 - np.arange(48.0),
                             "over": np.zeros(48), "under": np.zeros(48)})
    mix = pd.DataFrame({"template": ["Full 8h"], "day": starts[:1].normalize(), "start": starts[:1],
                        "end": starts[:1] + pd.Timedelta(hours=8), "count": [2]})
    breaks = pd.DataFrame({"shift_id": [2], "break": ["lunch"], "paid": [False], "start": starts[1:] + pd.Timedelta(hours=3),
                           "end": starts[1:] + pd.Timedelta(hours=3.5)})
    summary = {"status": "optimal", "objective": np.float64(320.0), "bound": 320.0, "gap": 0.0, "solve_s": 0.1,
               "wall_s": 0.5, "nodes": 0, "model_size": "9 variables", "shifts": np.int64(2), "paid_h": 16.0,
               "wage_cost": 320.0, "required_h": 16.0, "scheduled_h": 16.0, "over_h": 0.0, "under_h": 0.0,
               "service_level_mean": None, "service_level_min": float("nan")}
    result = ScheduleResult(shifts, breaks, mix, coverage, summary, 30, ("requirement column: agents_schedule",))
    assignments = shifts.assign(agent=["A1", "A2"])[["agent", "shift_id", "template", "day", "start", "end"]]
    grid = pd.DataFrame({"agent": ["A1", "A2"], "Mon 05 Jan": ["08:00-16:00", ""]})
    agents = pd.DataFrame({"agent": ["A1", "A2"], "contract": ["full", "full"], "days": [1, 1], "paid_h": [8.0, 8.0]})
    roster = RosterResult(assignments, grid, agents, {"status": "optimal", "agents": 2}, ())
    return result, roster


def _through_csv(entries: dict) -> dict:
    """What a plan file does: every table through CSV text, the info dict as is."""
    out = {}
    for name, value in entries.items():
        out[name] = pd.read_csv(io.StringIO(value.to_csv(index=False))) if isinstance(value, pd.DataFrame) else value
    return out


def test_round_trip_keeps_every_table_and_the_summary():
    result, roster = _result()
    entries = schedule_to_cache(result, roster, checksum="abc")
    assert cache_checksum(entries) == "abc"
    assert entries["info"]["summary"]["shifts"] == 2 and type(entries["info"]["summary"]["shifts"]) is int
    assert entries["info"]["summary"]["service_level_min"] is None  # NaN is not JSON
    back, back_roster = schedule_from_cache(entries)
    pd.testing.assert_frame_equal(back.shifts, result.shifts)
    pd.testing.assert_frame_equal(back.coverage, result.coverage)
    assert back.interval_min == 30 and back.notes == result.notes
    assert back.summary_lines()[2].startswith("shifts: 2")
    pd.testing.assert_frame_equal(back_roster.grid, roster.grid)
    assert back_roster.summary["agents"] == 2


def test_round_trip_through_csv_gives_dates_back():
    result, roster = _result()
    back, back_roster = schedule_from_cache(_through_csv(schedule_to_cache(result, roster)))
    assert back.coverage["start"].tolist() == result.coverage["start"].tolist()
    assert back.shifts["end"].tolist() == result.shifts["end"].tolist()
    assert back.shifts["breaks"].tolist() == ["", "lunch 12:00"]
    assert back_roster.grid["Mon 05 Jan"].tolist() == ["08:00-16:00", ""]


def test_without_a_roster_and_with_damaged_entries():
    result, _ = _result()
    entries = schedule_to_cache(result, None)
    assert not any(name.startswith("roster_") for name in entries)
    assert schedule_from_cache(entries)[1] is None
    assert schedule_from_cache({}) is None
    assert schedule_from_cache({**entries, "coverage": "not a table"}) is None


def test_checksum_ignores_csv_types_but_not_values():
    req = pd.DataFrame({"start": pd.date_range("2026-01-05", periods=4, freq="30min"), "agents_schedule": [1, 2, 3, 4]})
    from_csv = pd.read_csv(io.StringIO(req.to_csv(index=False)), parse_dates=["start"])
    from_csv["agents_schedule"] = from_csv["agents_schedule"].astype(float)
    assert frame_checksum(req) == frame_checksum(from_csv)
    assert frame_checksum(req) != frame_checksum(req.assign(agents_schedule=[1, 2, 3, 5]))
    templates = pd.DataFrame({"name": ["Full 8h"], "start_step_min": ["30"]})
    options = {"time_limit_s": 30, "roster": True}
    base = solve_checksum(req, templates, options)
    assert base == solve_checksum(from_csv, templates, {"time_limit_s": 30.0, "roster": True})
    assert base != solve_checksum(req, templates, {"time_limit_s": 31, "roster": True})
    assert base != solve_checksum(req, templates.assign(start_step_min=["60"]), options)


@pytest.mark.parametrize("name, channel", [("Chat", "chat"), ("Web chat", "chat"), ("WhatsApp", "chat"),
                                           ("Email", "deferred"), ("Back office", "deferred"), ("Billing", "voice"),
                                           ("Voice", "voice"), ("Sales", "voice")])
def test_default_channel_follows_the_queue_name(name, channel):
    from wfm_desktop.core.staffing.queue_settings import channel_from_name, default_queue_settings

    assert channel_from_name(name) == channel
    settings = default_queue_settings(name)  # valid settings for every channel (deferred needs a target)
    assert settings.channel == channel
    if channel == "deferred":
        assert settings.response_target_h == 24.0
    assert settings.concurrency == (2 if channel == "chat" else 1)  # a typical chat concurrency, not voice's 1


def test_checksum_of_text_columns_is_the_same_whatever_the_text_dtype():
    """A text column checksums alike as object, pandas 'str' or nullable 'string' (missing text as
    empty); the 'string' dtype's pd.NA used to stop it with "boolean value of NA is ambiguous"."""
    texts = ["Voice", None, "Chat", "Voice"]
    as_object = pd.DataFrame({"queue": pd.Series(texts, dtype=object), "offered": [1.0, 2.0, 3.0, 4.0]})
    as_str = as_object.assign(queue=as_object["queue"].astype("str"))
    as_string = as_object.assign(queue=as_object["queue"].astype("string"))
    assert str(as_str["queue"].dtype) == "str" and str(as_string["queue"].dtype) == "string"
    expected = frame_checksum(as_object)
    assert frame_checksum(as_str) == expected
    assert frame_checksum(as_string) == expected
    assert frame_checksum(as_object.assign(queue=["Voice", "", "Chat", "Voice"])) == expected  # missing = empty text
    assert frame_checksum(as_str.assign(queue=["Voice", None, "Chat", "Chat"])) != expected
    mixed = pd.DataFrame({"value": pd.Series(["x", 1, 1.0, None], dtype=object)})
    assert frame_checksum(mixed) != frame_checksum(mixed.assign(value=["x", 1, 1, None]))  # 1.0 is not 1 here
