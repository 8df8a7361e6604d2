"""Each layout, in each format, imports to the same canonical history."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.history.table import DAILY
from wfm_desktop.core.importers import ColumnMapping, import_history

from .builders import excel_time, long_frame, volumes, wide_interval_frame, write_csv, write_xlsx


def _same_volumes(history, vol):
    got = history.frame.groupby(["queue", "start"])["offered"].sum()
    vol = vol.assign(start=vol["start"].astype("datetime64[ns]"))
    want = vol.groupby(["queue", "start"])["offered"].sum().astype(float)
    pd.testing.assert_series_equal(got, want, check_names=False)


def test_long_acd_export_with_interval_ranges_mmss_aht_and_title_rows(tmp_path):
    vol = volumes(days=7)
    path = write_xlsx(tmp_path / "acd.xlsx", {"Report": long_frame(vol)}, startrow=3,
                      titles={"Report": ["Interval report", "Site: Leeds"]})
    result = import_history(path)
    h = result.history
    assert h.interval_min == 15 and h.queues == ["Sales", "Support"]
    _same_volumes(h, vol)
    assert np.allclose(h.frame["aht_s"], vol.sort_values(["queue", "start"])["aht_s"])
    assert np.allclose(h.frame["abandoned"], vol.sort_values(["queue", "start"])["abandoned"])
    m = result.mapping
    assert (m.layout, m.header_row, m.date, m.time, m.queue, m.offered) == (
        "long", 4, "Date", "Interval", "Skill", "Calls Offered")
    assert any("header is on row 4" in f.message for f in result.findings)
    assert result.sheets == ["Report"] and result.raw_preview.iloc[0, 0] == "Interval report"


def test_long_timestamp_csv_with_one_queue_named_after_the_file(tmp_path):
    vol = volumes(days=5, queues=("Only",))
    path = write_csv(tmp_path / "Billing line.csv",
                     pd.DataFrame({"Interval Start": vol["start"].dt.strftime("%Y-%m-%d %H:%M"),
                                   "Contacts": vol["offered"]}))
    h = import_history(path).history
    assert h.queues == ["Billing line"]
    _same_volumes(h, vol.assign(queue="Billing line"))
    assert h.frame["aht_s"].isna().all()


def test_excel_dates_and_time_values_and_talk_hold_wrap_parts(tmp_path):
    vol = volumes(days=3, queues=("Q",), step_min=30)
    frame = pd.DataFrame({
        "Day": [d.date() for d in vol["start"]],
        "Time": [excel_time(d.hour * 60 + d.minute) for d in vol["start"]],
        "Received": vol["offered"],
        "Avg Talk (s)": vol["aht_s"] - 40,
        "Avg Hold (s)": 10.0,
        "ACW (s)": 30.0,
    })
    path = write_xlsx(tmp_path / "parts.xlsx", {"Q": frame})
    result = import_history(path)
    h = result.history
    assert h.interval_min == 30
    assert np.allclose(h.frame["aht_s"].to_numpy(), vol["aht_s"].to_numpy())
    assert any("AHT computed as talk + hold + wrap" in f.message for f in result.findings)


def test_interval_numbers_and_handled_plus_abandoned(tmp_path):
    vol = volumes(days=3, queues=("Q",), open_h=0, close_h=24)
    frame = pd.DataFrame({
        "Date": vol["start"].dt.strftime("%Y-%m-%d"),
        "Interval": (vol["start"].dt.hour * 4 + vol["start"].dt.minute // 15 + 1),
        "Answered": vol["handled"], "Abandoned": vol["abandoned"],
    })
    result = import_history(write_csv(tmp_path / "n.csv", frame))
    h = result.history
    assert h.interval_min == 15
    _same_volumes(h, vol.assign(queue="n"))
    assert any("offered = handled + abandoned" in f.message for f in result.findings)
    assert any("interval numbers 1–96 as 15-minute" in f.message for f in result.findings)


def test_wide_interval_report(tmp_path):
    vol = volumes(days=10)
    path = write_xlsx(tmp_path / "wide.xlsx", {"Volumes": wide_interval_frame(vol)})
    result = import_history(path, interval_min=30)
    assert result.mapping.layout == "wide_interval"
    assert result.source_interval_min == 15 and result.history.interval_min == 30
    daily = result.history.daily().set_index(["queue", "date"])["offered"]
    want = vol.groupby(["queue", vol["start"].dt.normalize()])["offered"].sum().astype(float)
    assert np.array_equal(daily.to_numpy(), want.to_numpy())


def test_wide_interval_with_excel_time_headers(tmp_path):
    vol = volumes(days=4, queues=("Q",), step_min=60)
    wide = wide_interval_frame(vol).drop(columns="Queue")
    path = tmp_path / "times.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        wide.to_excel(writer, index=False, sheet_name="Sheet1")
        ws = writer.sheets["Sheet1"]
        for col in range(2, ws.max_column + 1):  # replace text headers by real Excel times
            text = ws.cell(row=1, column=col).value
            ws.cell(row=1, column=col).value = dt.time(int(text[:2]), int(text[3:]))
            ws.cell(row=1, column=col).number_format = "hh:mm"
    h = import_history(path).history
    assert h.interval_min == 60 and h.queues == ["times"]
    _same_volumes(h, vol.assign(queue="times"))


def test_wide_queue_columns(tmp_path):
    vol = volumes(days=5, step_min=30)
    wide = vol.pivot_table(index="start", columns="queue", values="offered").reset_index()
    wide["Total"] = wide["Sales"] + wide["Support"]
    wide = wide.rename(columns={"start": "Start"})
    result = import_history(write_csv(tmp_path / "q.csv", wide))
    assert result.mapping.layout == "wide_queue" and result.mapping.queue_columns == ("Sales", "Support")
    _same_volumes(result.history, vol)


def test_daily_totals_only(tmp_path):
    days = pd.date_range("2024-01-01", periods=60)
    frame = pd.DataFrame({"Date": days.strftime("%m/%d/%Y"), "Calls Offered": np.arange(60) + 100})
    result = import_history(write_csv(tmp_path / "daily.csv", frame), interval_min=30)
    h = result.history
    assert h.interval_min == DAILY and h.is_daily and len(h.frame) == 60
    assert h.frame["offered"].sum() == sum(range(100, 160))
    assert any("daily totals only" in f.message for f in result.findings)
    assert any("cannot be split into 30-minute" in f.message and f.severity == "warning" for f in result.findings)


def test_one_sheet_per_queue_combined_and_one_sheet_picked(tmp_path):
    vol = volumes(days=4)
    sheets = {q: long_frame(vol[vol["queue"] == q]).drop(columns="Skill") for q in ("Sales", "Support")}
    sheets = {"Notes": pd.DataFrame({"Read me": ["exported from the ACD"]}), **sheets, "Empty": pd.DataFrame()}
    path = write_xlsx(tmp_path / "per_queue.xlsx", sheets)
    result = import_history(path)
    assert result.used_sheets == ["Sales", "Support"] and result.history.queues == ["Sales", "Support"]
    _same_volumes(result.history, vol)
    one = import_history(path, sheet="Support")
    assert one.history.queues == ["Support"] and one.used_sheets == ["Support"]


def test_explicit_mapping_overrides_detection(tmp_path):
    vol = volumes(days=3, queues=("Q",))
    frame = pd.DataFrame({"When": vol["start"].dt.strftime("%Y-%m-%d %H:%M"), "Calls": vol["offered"],
                          "Mystery": vol["handled"]})
    path = write_csv(tmp_path / "m.csv", frame)
    result = import_history(path, mapping=["offered=Mystery", "timestamp=When", "queue_name=Retail"])
    assert result.history.queues == ["Retail"]
    assert result.history.frame["offered"].sum() == vol["handled"].sum()
    by_letter = import_history(path, mapping=ColumnMapping(offered="C", timestamp="A"))
    assert by_letter.history.frame["offered"].sum() == vol["handled"].sum()


def test_headerless_csv_is_read_by_content(tmp_path):
    vol = volumes(days=3, queues=("Q",))
    path = tmp_path / "bare.csv"
    path.write_text("".join(f"{s:%Y-%m-%d %H:%M:%S},{o}\n" for s, o in zip(vol["start"], vol["offered"])))
    result = import_history(path)
    assert result.mapping.header_row == 0
    _same_volumes(result.history, vol.assign(queue="bare"))


def test_canonical_history_csv_chains(tmp_path):
    from wfm_desktop.core.importers import read_history_csv, write_history_csv

    vol = volumes(days=3)
    first = import_history(write_xlsx(tmp_path / "a.xlsx", {"R": long_frame(vol)}))
    out = write_history_csv(first.history, tmp_path / "history.csv")
    again = import_history(out)
    assert again.mapping.layout == "long" and any("canonical" in f.message for f in again.findings)
    pd.testing.assert_frame_equal(again.history.frame, first.history.frame)
    direct = read_history_csv(out)
    pd.testing.assert_frame_equal(direct.frame, first.history.frame)
    assert direct.interval_min == 15


def test_canonical_csv_with_a_negative_volume_is_refused(tmp_path):
    from wfm_desktop.core.errors import WfmError

    path = tmp_path / "h.csv"
    path.write_text("queue,start,interval_min,offered,aht_s\nQ,2024-01-01 08:00:00,15,-2,\n")
    with pytest.raises(WfmError, match='h.csv, row 2, column "offered": -2 is negative'):
        import_history(path)


def test_interval_column_with_full_date_times_beside_a_date_column(tmp_path):
    vol = volumes(days=2, queues=("Q",))
    frame = pd.DataFrame({"Date": vol["start"].dt.strftime("%Y-%m-%d"),
                          "Interval": vol["start"].dt.strftime("%Y-%m-%d %H:%M"), "Offered": vol["offered"]})
    result = import_history(write_csv(tmp_path / "dt.csv", frame))
    assert result.mapping.timestamp == "Interval" and result.history.interval_min == 15
    _same_volumes(result.history, vol.assign(queue="dt"))


def test_hhmm_interval_ranges(tmp_path):
    vol = volumes(days=2, queues=("Q",), step_min=30)
    ends = vol["start"] + pd.Timedelta(minutes=30)
    frame = pd.DataFrame({"Date": vol["start"].dt.strftime("%Y-%m-%d"),
                          "Interval": vol["start"].dt.strftime("%H%M") + "-" + ends.dt.strftime("%H%M"),
                          "Calls": vol["offered"]})
    h = import_history(write_csv(tmp_path / "hhmm.csv", frame)).history
    assert h.interval_min == 30
    _same_volumes(h, vol.assign(queue="hhmm"))


def test_one_day_reports_with_the_date_in_the_title(tmp_path):
    """Avaya CMS style: one sheet per day, "Date: 03/04/2024" above the table, intervals as "8:00 AM"."""
    vol = volumes(days=3, queues=("Q",), step_min=30)
    path = tmp_path / "CMS split report.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for day, part in vol.groupby(vol["start"].dt.normalize()):
            frame = pd.DataFrame({
                "Interval": part["start"].dt.strftime("%I:%M %p").str.lstrip("0"),
                "ACD Calls": part["handled"], "Aband Calls": part["abandoned"],
                "Avg ACD Time": part["aht_s"] - 30, "Avg ACW Time": 30,
            })
            name = f"{day:%a %d %b}"
            frame.to_excel(writer, sheet_name=name, index=False, startrow=3)
            writer.sheets[name].cell(row=1, column=1, value="Split/Skill Interval Report")
            writer.sheets[name].cell(row=2, column=1, value=f"Date: {day:%m/%d/%Y}  Split: Sales")
    result = import_history(path)
    h = result.history
    assert h.queues == ["CMS split report"] and h.interval_min == 30
    _same_volumes(h, vol.assign(queue="CMS split report"))
    assert np.allclose(h.frame["aht_s"], vol["aht_s"])
    assert any("the date in the title" in f.message for f in result.findings)


def test_interval_numbers_covering_open_hours_only_need_the_slot_length(tmp_path):
    vol = volumes(days=2, queues=("Q",), open_h=7, close_h=12)  # slots 29..48 of 96
    frame = pd.DataFrame({"Date": vol["start"].dt.strftime("%Y-%m-%d"),
                          "Interval": vol["start"].dt.hour * 4 + vol["start"].dt.minute // 15 + 1,
                          "Offered": vol["offered"]})
    path = write_csv(tmp_path / "slots.csv", frame)
    guessed = import_history(path)
    assert guessed.history.interval_min == 30  # 48 fits half hours: ambiguous, and the report says how it read
    assert any("as 30-minute slots" in f.message for f in guessed.findings)
    told = import_history(path, mapping=["slot_min=15"])
    assert told.history.interval_min == 15
    _same_volumes(told.history, vol.assign(queue="slots"))


def test_two_row_header_names_each_column_from_its_merged_title_and_name():
    from wfm_desktop.core.importers.layouts import two_row_header

    rows = [["Date", "Interval", "Calls", None, "Handle time", "Service"],
            [None, None, "Offered", "Handled", "AHT (s)", "In"],
            ["2024-03-04", "08:00", 12, 11, 300, 3]]
    assert two_row_header(rows, 1) == ["Date", "Interval", "Offered", "Handled", "AHT (s)", "Service In"]
    assert two_row_header(rows, 2) is None  # a data row is never a header row


def test_a_title_row_or_a_plain_header_is_not_a_two_row_header():
    from wfm_desktop.core.importers.layouts import two_row_header

    assert two_row_header([["Daily report", None, None], ["Date", "Interval", "Offered"]], 1) is None
    assert two_row_header([["Date", "Interval", "Offered"], ["2024-03-04", "08:00", "12"]], 1) is None


def test_a_measure_column_left_out_is_named_in_a_warning(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("Date,Interval,Queue,Offered,AHT,Handle time (min)\n"
                    "2024-03-04,08:00,Sales,12,300,5\n2024-03-04,08:30,Sales,15,310,5\n")
    result = import_history(path)
    assert result.history.frame["aht_s"].tolist() == [300.0, 310.0]
    [warning] = [f for f in result.findings if "was not imported" in f.message]
    assert warning.column == "Handle time (min)" and 'the aht read is "AHT"' in warning.message
