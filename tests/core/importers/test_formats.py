"""Every file format and text encoding reads to the same history."""

import gzip
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.importers import import_history

from .builders import long_frame, volumes, write_csv, write_xlsx


@pytest.fixture
def vol():
    return volumes(days=3, queues=("Sales", "Support"))


def _check(history, vol):
    assert history.interval_min == 15 and history.queues == ["Sales", "Support"]
    assert history.frame["offered"].sum() == vol["offered"].sum()
    assert np.allclose(history.frame["aht_s"], vol.sort_values(["queue", "start"])["aht_s"])


def test_semicolon_decimal_comma_cp1252_with_accents(tmp_path, vol):
    frame = long_frame(vol)
    frame["Skill"] = frame["Skill"].replace({"Sales": "Sales", "Support": "Support"})
    frame["Durée moyenne de traitement (min)"] = (vol["aht_s"] / 60).round(6)
    frame = frame.drop(columns="AHT")
    path = write_csv(tmp_path / "fr.csv", frame, sep=";", decimal=",", encoding="cp1252")
    assert ",".encode() in path.read_bytes() and "é".encode("cp1252") in path.read_bytes()
    result = import_history(path, mapping=["aht=Durée moyenne de traitement (min)"])
    _check(result.history, vol)


def test_utf8_bom_tab_separated_txt(tmp_path, vol):
    path = write_csv(tmp_path / "export.txt", long_frame(vol), sep="\t", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = import_history(path)
    _check(result.history, vol)
    assert result.mapping.date == "Date"  # the BOM is not part of the first header
    # worked out in the reader process and passed back with the history (History.warm)
    assert {"_checksum", "_daily", "_queues"} <= set(result.history.__dict__)


def test_gzip_csv(tmp_path, vol):
    plain = write_csv(tmp_path / "x.csv", long_frame(vol))
    packed = tmp_path / "x.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    _check(import_history(packed).history, vol)


def test_ods(tmp_path, vol):
    path = tmp_path / "calls.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        long_frame(vol).to_excel(writer, sheet_name="Calls", index=False)
    _check(import_history(path).history, vol)


def test_xlsm(tmp_path, vol):
    xlsx = write_xlsx(tmp_path / "book.xlsx", {"Calls": long_frame(vol)})
    xlsm = tmp_path / "book.xlsm"
    shutil.copy(xlsx, xlsm)
    _check(import_history(xlsm).history, vol)


def test_xls_converted_by_libreoffice(tmp_path, vol):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot create an .xls file (xlwt is not available)")
    xlsx = write_xlsx(tmp_path / "legacy.xlsx", {"Calls": long_frame(vol)})
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xls",
                    "--outdir", str(tmp_path / "out"), str(xlsx)], check=True, capture_output=True, timeout=120)
    xls = tmp_path / "out" / "legacy.xls"
    assert xls.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    _check(import_history(xls).history, vol)


def test_text_export_named_xls(tmp_path, vol):
    path = write_csv(tmp_path / "acd_export.xls", long_frame(vol), sep="\t")
    result = import_history(path)
    _check(result.history, vol)
    assert any("really a text file" in f.message for f in result.findings)


def test_day_first_and_month_first_dates_are_told_apart(tmp_path):
    days = pd.date_range("2024-01-01", periods=40)
    for fmt, name in (("%d/%m/%Y", "dmy.csv"), ("%m/%d/%Y", "mdy.csv")):
        frame = pd.DataFrame({"Date": days.strftime(fmt), "Volume": range(40)})
        h = import_history(write_csv(tmp_path / name, frame)).history
        assert list(h.frame["start"]) == list(days)


def test_thousands_separators_and_excel_text_numbers(tmp_path):
    frame = pd.DataFrame({"Date": ["2024-01-01", "2024-01-02", "2024-01-03"],
                          "Offered": ['"1,234"', '"12,005"', "7"]})
    path = tmp_path / "k.csv"
    path.write_text("Date,Offered\n" + "".join(f"{d},{o}\n" for d, o in zip(frame["Date"], frame["Offered"])))
    h = import_history(path).history
    assert h.frame["offered"].tolist() == [1234.0, 12005.0, 7.0]


def test_timestamps_with_utc_offsets(tmp_path):
    starts = pd.date_range("2024-03-30 08:00", periods=96 * 3, freq="15min", tz="Europe/Paris")
    local = pd.DataFrame({"Start": [t.isoformat() for t in starts], "Calls": 1})
    result = import_history(write_csv(tmp_path / "local.csv", local))
    assert list(result.history.frame["start"]) == list(starts.tz_localize(None))
    assert any("read as local wall-clock" in f.message for f in result.findings)

    utc = pd.DataFrame({"Start": [t.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ") for t in starts], "Calls": 1})
    path = write_csv(tmp_path / "utc.csv", utc)
    kept = import_history(path)
    assert any("UTC offset Z" in f.message and f.severity == "warning" for f in kept.findings)
    converted = import_history(path, mapping=["timezone=Europe/Paris"])
    assert list(converted.history.frame["start"]) == list(starts.tz_localize(None))
    assert any("converted to Europe/Paris" in f.message for f in converted.findings)
    # the spring-forward gap of 2024-03-31 is reported as daylight saving, not as missing
    assert any("daylight saving time started" in f.message for f in converted.findings)


def test_html_report_saved_as_xls(tmp_path, vol):
    frame = long_frame(vol)
    rows = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in frame.astype(str).to_numpy())
    head = "<tr>" + "".join(f"<th>{c}</th>" for c in frame.columns) + "</tr>"
    page = (f"<html><body><table><tr><td colspan='6'>Interval report &amp; totals</td></tr>{head}{rows}</table>"
            "</body></html>")
    path = tmp_path / "cms_export.xls"
    path.write_text(page, encoding="utf-8")
    result = import_history(path)
    _check(result.history, vol)
    assert any("really a web page" in f.message for f in result.findings)
    assert result.mapping.header_row == 2


def test_excel_unicode_text_utf16_tab_separated(tmp_path, vol):
    path = tmp_path / "unicode.txt"
    path.write_bytes(long_frame(vol).to_csv(index=False, sep="\t").encode("utf-16"))
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    _check(import_history(path).history, vol)


def test_cloud_export_timestamps_with_milliseconds_and_z(tmp_path):
    starts = pd.date_range("2024-06-03 08:00", periods=40, freq="30min")
    frame = pd.DataFrame({"Interval Start": starts.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "Media Type": "voice",
                          "Queue": "Billing", "Offered": 3})
    result = import_history(write_csv(tmp_path / "cloud.csv", frame), mapping=["timezone=Europe/London"])
    h = result.history
    assert h.interval_min == 30 and h.queues == ["Billing"]
    assert h.frame["start"].iloc[0] == pd.Timestamp("2024-06-03 09:00")  # BST = UTC+1
