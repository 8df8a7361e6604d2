"""Each bad-input case gives the expected finding, or an error naming the place."""

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.importers import ImportFailed, import_history

from .builders import long_frame, volumes, write_csv, write_xlsx


def _simple(vol):
    return pd.DataFrame({"Start": vol["start"].dt.strftime("%Y-%m-%d %H:%M"), "Queue": vol["queue"],
                         "Offered": vol["offered"].astype(object)})


def _findings(result, text):
    return [f for f in result.findings if text in f.message]


def test_text_in_a_number_cell_names_sheet_row_and_column(tmp_path):
    vol = volumes(days=2)
    frame = long_frame(vol).astype({"Calls Offered": object})
    frame.loc[5, "Calls Offered"] = "12a"
    path = write_xlsx(tmp_path / "bad.xlsx", {"Calls": frame})
    with pytest.raises(ImportFailed) as info:
        import_history(path)
    message = str(info.value)
    assert message.startswith('bad.xlsx, sheet "Calls", row 7, column "Calls Offered": "12a" is not a number')
    finding = [f for f in info.value.findings if f.severity == "error"][0]
    assert (finding.severity, finding.sheet, finding.row, finding.column) == ("error", "Calls", 7, "Calls Offered")
    assert isinstance(info.value, WfmError)


def test_unparseable_date_is_an_error_with_its_row(tmp_path):
    vol = volumes(days=2, queues=("Q",))
    frame = _simple(vol)
    frame.loc[3, "Start"] = "31/02/2024 08:45"
    with pytest.raises(ImportFailed, match=r'd.csv, row 5, column "Start": "31/02/2024 08:45" is not a date'):
        import_history(write_csv(tmp_path / "d.csv", frame))


def test_negative_volume_is_an_error(tmp_path):
    vol = volumes(days=2, queues=("Q",))
    frame = _simple(vol)
    frame.loc[10, "Offered"] = -4
    with pytest.raises(ImportFailed, match=r'row 12, column "Offered": negative volume -4'):
        import_history(write_csv(tmp_path / "n.csv", frame))


def test_blank_and_dash_volumes_count_as_zero_and_totals_rows_are_skipped(tmp_path):
    vol = volumes(days=2, queues=("Q",))
    frame = _simple(vol)
    frame.loc[2, "Offered"] = "-"
    frame.loc[4, "Offered"] = ""
    total = pd.DataFrame({"Start": ["Total"], "Queue": [""], "Offered": [vol["offered"].sum()]})
    frame = pd.concat([frame, total], ignore_index=True)
    result = import_history(write_csv(tmp_path / "t.csv", frame))
    expected = vol["offered"].sum() - vol["offered"].iloc[2] - vol["offered"].iloc[4]
    assert result.history.frame["offered"].sum() == expected
    assert _findings(result, "2 empty volume cell(s) read as 0 (first on row 4)")
    assert _findings(result, "1 totals/summary row(s) skipped")


def test_duplicates_are_summed_or_rejected(tmp_path):
    vol = volumes(days=2, queues=("Q",))
    frame = pd.concat([_simple(vol), _simple(vol.iloc[[3]])], ignore_index=True)
    path = write_csv(tmp_path / "dup.csv", frame)
    result = import_history(path)
    dup = _findings(result, "appear more than once")
    assert dup and dup[0].severity == "warning" and "summed" in dup[0].action
    assert result.history.frame["offered"].sum() == vol["offered"].sum() + vol["offered"].iloc[3]
    with pytest.raises(ImportFailed, match="1 interval\\(s\\) appear more than once"):
        import_history(path, mapping=["duplicates=reject"])


def test_daylight_saving_repeat_and_gap(tmp_path):
    # US: 2024-03-10 02:00-02:59 does not exist; 2024-11-03 01:00-01:59 happens twice
    rows = []
    for day in pd.date_range("2024-03-03", periods=14).append(pd.date_range("2024-10-27", periods=14)):
        for m in range(0, 24 * 60, 30):
            ts = day + pd.Timedelta(minutes=m)
            if day == pd.Timestamp("2024-03-10") and ts.hour == 2:
                continue
            rows.append((ts, 10))
            if day == pd.Timestamp("2024-11-03") and ts.hour == 1:
                rows.append((ts, 5))
    frame = pd.DataFrame({"Start": [r[0].strftime("%Y-%m-%d %H:%M") for r in rows], "Calls": [r[1] for r in rows]})
    result = import_history(write_csv(tmp_path / "dst.csv", frame))
    repeat = _findings(result, "appears twice on 2024-11-03 (daylight saving time ended)")
    gap = _findings(result, "missing on 2024-03-10 (daylight saving time started)")
    assert repeat and repeat[0].severity == "info" and gap and gap[0].severity == "info"
    assert not _findings(result, "appear more than once") and not _findings(result, "inside open hours")
    h = result.history.frame
    assert h.loc[h["start"] == pd.Timestamp("2024-11-03 01:00"), "offered"].item() == 15


def test_missing_intervals_inside_open_hours_and_missing_days(tmp_path):
    vol = volumes(days=21, queues=("Q",), weekdays_only=True)
    lost = vol["start"].isin(pd.to_datetime(["2024-03-12 10:00", "2024-03-12 10:15"]))
    gone_day = vol["start"].dt.normalize() == pd.Timestamp("2024-03-14")
    result = import_history(write_csv(tmp_path / "gaps.csv", _simple(vol[~lost & ~gone_day])))
    inside = _findings(result, "missing inside open hours")
    assert inside and "2 interval(s)" in inside[0].message and "2024-03-12 10:00 (+1)" in inside[0].message
    days = _findings(result, "missing entirely")
    assert days and "2024-03-14" in days[0].message and days[0].severity == "warning"
    closed = _findings(result, "no data on Sat, Sun")
    assert closed and closed[0].severity == "info"
    assert len(result.history.frame) == (~lost & ~gone_day).sum()  # nothing invented


def test_outlier_day_is_flagged(tmp_path):
    days = pd.date_range("2024-01-01", periods=70)
    calls = np.full(70, 1000) + np.arange(70) % 5
    calls[40] = 9000
    frame = pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Calls": calls})
    result = import_history(write_csv(tmp_path / "o.csv", frame))
    out = _findings(result, "unusual daily volume")
    assert out and "2024-02-10 (9,000" in out[0].message and out[0].severity == "warning"


def test_mixed_interval_lengths_roll_up_to_the_coarsest(tmp_path):
    fine = volumes(days=3, queues=("Q",), step_min=15)
    coarse = volumes(days=3, queues=("Q",), step_min=30, start="2024-03-07")
    result = import_history(write_csv(tmp_path / "mix.csv", _simple(pd.concat([fine, coarse]))))
    mixed = _findings(result, "mixed interval lengths")
    assert mixed and mixed[0].severity == "warning" and "rolled up to 30" in mixed[0].action
    assert result.history.interval_min == 30
    assert result.history.frame["offered"].sum() == fine["offered"].sum() + coarse["offered"].sum()


def test_off_grid_start_times_are_floored(tmp_path):
    vol = volumes(days=2, queues=("Q",))
    frame = _simple(vol)
    frame.loc[1, "Start"] = "2024-03-04 08:22"
    result = import_history(write_csv(tmp_path / "g.csv", frame))
    assert _findings(result, "not on the 15-minute grid")


def test_empty_workbook_sheet_and_empty_file(tmp_path):
    path = write_xlsx(tmp_path / "empty.xlsx", {"Sheet1": pd.DataFrame()})
    with pytest.raises(ImportFailed, match='empty.xlsx, sheet "Sheet1": the sheet is empty'):
        import_history(path)
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"")
    with pytest.raises(WfmError, match="blank.csv: the file is empty"):
        import_history(blank)


def test_no_volume_or_date_column_gives_actionable_error(tmp_path):
    frame = pd.DataFrame({"Agent": ["Ann", "Bob"], "Team": ["A", "B"]})
    with pytest.raises(ImportFailed, match="no header row found|no volume column|no date column"):
        import_history(write_csv(tmp_path / "agents.csv", frame))
    frame = pd.DataFrame({"Start": ["2024-01-01 08:00", "2024-01-01 08:15"], "Calls": [1, 2]})
    with pytest.raises(ImportFailed, match='offered="Volume", but there is no such column'):
        import_history(write_csv(tmp_path / "x.csv", frame), mapping=["offered=Volume"])


def test_missing_file_and_unknown_sheet(tmp_path):
    with pytest.raises(WfmError, match="nope.csv: the file does not exist"):
        import_history(tmp_path / "nope.csv")
    path = write_xlsx(tmp_path / "s.xlsx", {"Calls": long_frame(volumes(days=1))})
    with pytest.raises(WfmError, match='there is no sheet "Volumes"; the sheets are: Calls'):
        import_history(path, sheet="Volumes")


def test_bad_planning_interval_is_refused(tmp_path):
    with pytest.raises(WfmError, match="choose 15, 30 or 60"):
        import_history(tmp_path / "x.csv", interval_min=20)


def test_a_cut_off_last_day_is_reported_as_incomplete(tmp_path):
    vol = volumes(days=14, queues=("Q",))
    cut = vol[~((vol["start"].dt.normalize() == vol["start"].max().normalize()) & (vol["start"].dt.hour >= 12))]
    result = import_history(write_csv(tmp_path / "cut.csv", _simple(cut)))
    edge = _findings(result, "the last day, 2024-03-17, stops at 12:00")
    assert edge and edge[0].severity == "warning" and not _findings(result, "inside open hours")


def test_a_single_interval_spike_is_flagged(tmp_path):
    vol = volumes(days=35, queues=("Q",))
    at = pd.Timestamp("2024-03-20 11:00")
    vol.loc[vol["start"] == at, "offered"] = 900
    result = import_history(write_csv(tmp_path / "spike.csv", _simple(vol)))
    spikes = _findings(result, "unusually high volume")
    assert len(spikes) == 1 and "2024-03-20 11:00 (900 vs usual" in spikes[0].message
    assert spikes[0].severity == "warning"


def test_rows_without_a_queue_go_to_the_file_queue(tmp_path):
    vol = volumes(days=2)
    frame = _simple(vol)
    frame.loc[3, "Queue"] = ""
    result = import_history(write_csv(tmp_path / "Center.csv", frame))
    assert result.history.queues == ["Center", "Sales", "Support"]
    assert _findings(result, "1 row(s) have no Queue (first on row 5)")
