"""Column names planners use, and the handle-time forms they write."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.importers.columns import parse_durations, parse_times_of_day, recognise, role_of
from wfm_desktop.core.importers.mapping import ColumnMapping


@pytest.mark.parametrize("header,role", [
    ("Date", "date"), ("Interval", "time"), ("Time", "time"), ("Start", "timestamp"), ("Period", "time"),
    ("Interval Start", "timestamp"), ("Offered", "offered"), ("Calls Offered", "offered"),
    ("CONTACTS", "offered"), ("Volume", "offered"), ("Received", "offered"), ("Handled", "handled"),
    ("Answered", "handled"), ("Calls Answered", "handled"), ("AHT", "aht"), ("Avg Handle Time", "aht"),
    ("AHT (sec)", "aht"), ("Talk", "talk"), ("Avg Talk Time", "talk"), ("Hold", "hold"), ("ACW", "wrap"),
    ("Wrap", "wrap"), ("Wrap-up", "wrap"), ("After Call Work", "wrap"), ("Abandoned", "abandoned"),
    ("Calls Abandoned", "abandoned"), ("Queue", "queue"), ("Skill", "queue"), ("Split", "queue"),
    ("Channel", "queue"), ("Skill Name", "queue"), ("Total Calls Offered", "offered"), ("Agent", None),
    ("Line of Business", "queue"), ("Service Level", None), ("Abandon Rate", None), ("Abandoned %", None),
    ("Avg Speed of Answer", "asa"), ("Calls per Agent", None), ("Forecast Calls", None), ("Total Talk Time", "talk"),
    ("Avg Handle Time (sec)", "aht"), ("ACD Calls", "handled"),
])
def test_role_of_header(header, role):
    assert role_of(header) == role


def test_first_column_wins_a_role():
    assert recognise(["Date", "Calls", "Calls Offered", "Skill"]) == {"date": 0, "offered": 1, "queue": 3}


def test_handle_time_forms():
    text = pd.Series(["3:20", "00:03:20", "1:02:03", None, "-"], dtype=object)
    seconds, bad, _how = parse_durations(text, None)
    assert seconds[:3].tolist() == [200, 200, 3723] and np.isnan(seconds[3:]).all() and not bad.any()
    excel = pd.Series([dt.time(0, 3, 20), dt.timedelta(minutes=5)], dtype=object)
    assert parse_durations(excel, None)[0].tolist() == [200, 300]
    fractions = pd.Series([200 / 86400, 300 / 86400])
    assert parse_durations(fractions, None)[0] == pytest.approx([200, 300])
    assert parse_durations(pd.Series([3.5, 4.0]), "min")[0].tolist() == [210, 240]
    minutes, _bad, how = parse_durations(pd.Series([3.5, 4.0]), None)
    assert minutes.tolist() == [210, 240] and "minutes" in how
    assert parse_durations(pd.Series([180.0, 240.0]), None)[0].tolist() == [180, 240]
    junk = parse_durations(pd.Series(["3:20", "soon"], dtype=object), None)[1]
    assert junk.tolist() == [False, True]


def test_time_of_day_forms():
    values = pd.Series(["08:30", "8:30 PM", "08:30-08:45", "0830", "12:00 AM"], dtype=object)
    minutes, bad, _ = parse_times_of_day(values)
    assert minutes.tolist() == [510, 1230, 510, 510, 0] and not bad.any()
    numbers, _, how = parse_times_of_day(pd.Series([0, 1, 47]))
    assert numbers.tolist() == [0, 30, 1410] and "30-minute" in how


def test_mapping_pairs_round_trip_and_errors():
    m = ColumnMapping.from_pairs(["offered=Calls Offered", "header_row=3", "layout=long"])
    assert (m.offered, m.header_row, m.layout) == ("Calls Offered", 3, "long")
    assert ColumnMapping.from_pairs(m.to_pairs()) == m
    with pytest.raises(ValueError, match="unknown field 'volume'"):
        ColumnMapping.from_pairs(["volume=X"])
    with pytest.raises(ValueError, match="write field=Column"):
        ColumnMapping.from_pairs(["offered"])
    with pytest.raises(ValueError, match="layout 'tall'"):
        ColumnMapping(layout="tall")


def test_excel_serial_dates_around_the_phantom_29_february_1900():
    """Excel counts a 29 February 1900 that never was: 1-59 are one day later than the 1899-12-30 count."""
    from wfm_desktop.core.importers.columns import is_excel_phantom_day, parse_datetimes

    values = pd.Series([1.0, 59.0, 60.0, 61.0, 45292.25])
    out, bad = parse_datetimes(values)
    assert [str(v)[:19] for v in out] == ["1900-01-01T00:00:00", "1900-02-28T00:00:00", "NaT",
                                          "1900-03-01T00:00:00", "2024-01-01T06:00:00"]
    assert bad.tolist() == [False, False, True, False, False]
    assert is_excel_phantom_day(values).tolist() == [False, False, True, False, False]
