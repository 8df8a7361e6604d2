"""`wfm-desktop staff IN -o OUT`: columns, overrides, inference, models, errors, overwrite."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from tests.conftest import REPO
from wfm_desktop.cli import main


def write_csv(path, **columns):
    pd.DataFrame(columns).to_csv(path, index=False)
    return path


def staff(tmp_path, src, *extra, out="out.csv"):
    target = tmp_path / out
    code = main(["staff", str(src), "-o", str(target), *extra])
    return code, target


def test_basic_table_with_interval_column(tmp_path, capsys):
    src = write_csv(tmp_path / "in.csv", contacts=[100, 1000, 0], aht_s=[180, 120, 200], interval_min=[30, 60, 30])
    code, out = staff(tmp_path, src, "--shrinkage", "0.3")
    assert code == 0
    frame = pd.read_csv(out)
    assert list(frame.columns) == ["contacts", "aht_s", "interval_min", "workload_erlangs", "agents_net",
                                   "agents_gross", "service_level", "asa_s", "occupancy"]
    assert frame["agents_net"].tolist() == [14, 38, 0]
    assert frame["agents_gross"].tolist() == [20, 55, 0]
    assert round(frame["service_level"][1], 4) == 0.8468
    assert "3 rows" in capsys.readouterr().out


def test_offered_column_and_interval_from_start_spacing(tmp_path):
    starts = pd.date_range("2025-03-03 08:00", periods=4, freq="30min").strftime("%Y-%m-%d %H:%M")
    src = write_csv(tmp_path / "in.csv", queue=["q"] * 4, start=starts, Offered=[100, 100, 50, 0], AHT_S=[180] * 4)
    code, out = staff(tmp_path, src)
    assert code == 0
    frame = pd.read_csv(out)
    assert frame["workload_erlangs"].tolist() == [10.0, 10.0, 5.0, 0.0]
    assert frame["agents_net"].tolist()[:2] == [14, 14]
    assert "Offered" in frame.columns  # input columns kept as they were


def test_per_row_overrides_and_defaults(tmp_path):
    src = write_csv(
        tmp_path / "in.csv",
        contacts=[100] * 4, aht_s=[180] * 4, interval_min=[30] * 4,
        max_occupancy=[np.nan, 0.7, np.nan, np.nan],
        shrinkage=[0.3, 0.3, np.nan, 0.0],
        sl_target=[0.8, 0.8, 0.8, np.nan],
        asa_target_s=[np.nan, np.nan, np.nan, 10],
    )
    code, out = staff(tmp_path, src, "--shrinkage", "0.5")
    assert code == 0
    frame = pd.read_csv(out)
    assert frame["agents_net"].tolist() == [14, 15, 14, 14]
    assert frame["agents_gross"].tolist() == [20, 22, 28, 14]  # the blank shrinkage takes --shrinkage 0.5


def test_patience_rows_use_erlang_a_and_others_blank(tmp_path):
    src = write_csv(tmp_path / "in.csv", contacts=[100, 100], aht_s=[180, 180], interval_min=[30, 30],
                    patience_s=[np.nan, 60])
    code, out = staff(tmp_path, src)
    assert code == 0
    frame = pd.read_csv(out)
    assert frame["agents_net"].tolist() == [14, 12]
    assert np.isnan(frame["abandon_rate"][0]) and 0 < frame["abandon_rate"][1] < 0.2
    text = (tmp_path / "out.csv").read_text().splitlines()
    assert text[1].endswith(",")  # blank abandon_rate for the Erlang C row


def test_no_abandon_column_without_patience(tmp_path):
    src = write_csv(tmp_path / "in.csv", contacts=[10], aht_s=[180], interval_min=[30])
    assert staff(tmp_path, src)[0] == 0
    assert "abandon_rate" not in pd.read_csv(tmp_path / "out.csv").columns


def test_default_options_fill_absent_columns_and_patience_option(tmp_path):
    src = write_csv(tmp_path / "in.csv", contacts=[100, 0])
    code, out = staff(tmp_path, src, "--aht-s", "180", "--interval-min", "30", "--patience-s", "60")
    assert code == 0
    assert pd.read_csv(out)["agents_net"].tolist() == [12, 0]


def test_required_agents_stay_above_the_workload_even_at_a_full_occupancy_cap(tmp_path):
    # Erlang C output never has N ≤ A (where ASA is undefined): a cap of 1 alone still gives N > A
    src = write_csv(tmp_path / "in.csv", contacts=[0, 100], aht_s=[180, 180], interval_min=[30, 30])
    assert staff(tmp_path, src, "--sl", "none", "--max-occupancy", "1")[0] == 0
    frame = pd.read_csv(tmp_path / "out.csv")
    assert frame["agents_net"].tolist() == [0, 11]
    assert frame["asa_s"].notna().all()


def test_undefined_values_are_blank_cells(tmp_path):
    # deferred rows have no ASA: the cell is empty, not "nan"
    src = write_csv(tmp_path / "in.csv", contacts=[4, 0], aht_s=[1800, 1800], interval_min=[30, 30])
    assert staff(tmp_path, src, "--response-h", "1")[0] == 0
    lines = (tmp_path / "out.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    assert cells[header.index("asa_s")] == ""
    assert "nan" not in (tmp_path / "out.csv").read_text().lower()


def test_chat_and_deferred_rows(tmp_path):
    src = write_csv(tmp_path / "in.csv", contacts=[300, 8, 0, 0, 0], aht_s=[540, 1800, 1800, 1800, 1800],
                    interval_min=[30] * 5, concurrency=[3, 1, 1, 1, 1],
                    response_h=[np.nan, 2, 2, 2, 2])
    code, out = staff(tmp_path, src)
    assert code == 0
    frame = pd.read_csv(out)
    assert frame["workload_erlangs"][0] == pytest.approx(30.0)
    assert frame["agents_net"].tolist()[1:] == [2, 2, 2, 2]  # 8 half-hour emails spread over 2 hours


def test_xlsx_in_and_out(tmp_path):
    src = tmp_path / "in.xlsx"
    pd.DataFrame({"contacts": [100, 50], "aht_s": [180, 180], "interval_min": [30, 30]}).to_excel(src, index=False)
    code, out = staff(tmp_path, src, out="out.xlsx")
    assert code == 0
    frame = pd.read_excel(out, engine="calamine")
    assert frame["agents_net"].tolist()[0] == 14


def test_refuses_to_overwrite_without_force(tmp_path, capsys):
    src = write_csv(tmp_path / "in.csv", contacts=[100], aht_s=[180], interval_min=[30])
    (tmp_path / "out.csv").write_text("keep me")
    code, out = staff(tmp_path, src)
    assert code == 2 and "--force" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    code, out = staff(tmp_path, src, "--force")
    assert code == 0 and "agents_net" in out.read_text()


@pytest.mark.parametrize(
    "columns, words",
    [
        (dict(contacts=[100, "lots"], aht_s=[180, 180], interval_min=[30, 30]), "row 3, column contacts: 'lots'"),
        (dict(contacts=[100, -1], aht_s=[180, 180], interval_min=[30, 30]), "row 3, column contacts"),
        (dict(contacts=[100, 5], aht_s=[180, 0], interval_min=[30, 30]), "row 3, column aht_s"),
        (dict(contacts=[100, 5], aht_s=[180, 180], interval_min=[30, 30], sl_target=[80, 0.8]), "above 1"),
        (dict(contacts=[100, 5], aht_s=[180, 180], interval_min=[30, 30], max_occupancy=[0.8, 0]), "column max_occupancy"),
        (dict(contacts=[100, 5], aht_s=[180, 180], interval_min=[30, -30]), "column interval_min"),
        (dict(contacts=[100, 5], aht_s=[180, 180], interval_min=[30, 30], concurrency=[1, 2.5]), "whole number"),
        (dict(contacts=[100, np.nan], aht_s=[180, 180], interval_min=[30, 30]), "row 3, column contacts"),
        (dict(calls=[100], aht_s=[180], interval_min=[30]), "no 'contacts'"),
        (dict(contacts=[100], aht_s=[180]), "interval length is unknown"),
        (dict(contacts=[1, 2], aht_s=[180, 180], start=["2025-01-01 08:00", "soon"]), "column start"),
    ],
)
def test_bad_rows_name_file_row_and_column(tmp_path, capsys, columns, words):
    src = write_csv(tmp_path / "in.csv", **columns)
    code, out = staff(tmp_path, src)
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and "in.csv" in err
    assert not out.exists()


def test_missing_input_and_bad_extension(tmp_path, capsys):
    code, _ = staff(tmp_path, tmp_path / "nope.csv")
    assert code == 2 and "no such file" in capsys.readouterr().err
    src = write_csv(tmp_path / "in.csv", contacts=[1], aht_s=[180], interval_min=[30])
    code, _ = staff(tmp_path, src, out="out.json")
    assert code == 2 and ".csv or .xlsx" in capsys.readouterr().err


def test_json_summary(tmp_path, capsys):
    src = write_csv(tmp_path / "in.csv", contacts=[100, 1000], aht_s=[180, 120], interval_min=[30, 60])
    assert staff(tmp_path, src, "--json")[0] == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 2 and summary["peak_agents_net"] == 38


def test_real_bank_data_interval_inferred_from_start(tmp_path, shared_data):
    """Real 5-minute volumes (renamed to our column names); the 5-minute length comes from the start spacing."""
    path = shared_data / "bank_calls_2003" / "bank_calls_2003_5min.csv"
    raw = pd.read_csv(path, nrows=3000)
    src = tmp_path / "bank.csv"
    raw.rename(columns={"interval_start": "start", "calls": "offered"}).to_csv(src, index=False)
    code, out = staff(tmp_path, src, "--aht-s", "180")
    assert code == 0
    frame = pd.read_csv(out)
    first = frame.iloc[0]
    assert first["workload_erlangs"] == pytest.approx(first["offered"] * 180 / 300)
    busy = frame["offered"] > 0
    assert (frame.loc[busy, "agents_net"] > frame.loc[busy, "workload_erlangs"]).all()


@pytest.mark.slow
def test_year_of_intervals_end_to_end_in_a_subprocess(tmp_path):
    starts = pd.date_range("2025-01-01", periods=35_040, freq="15min")
    tod = (np.arange(starts.size) % 96) / 96
    volume = np.round(300 * np.clip(np.sin(np.pi * (tod - 0.25) / 0.6), 0, None) ** 1.5)
    src = tmp_path / "year.csv"
    pd.DataFrame({"queue": "sales", "start": starts.strftime("%Y-%m-%d %H:%M"), "contacts": volume,
                  "aht_s": 300}).to_csv(src, index=False)
    out = tmp_path / "req.csv"
    result = subprocess.run([sys.executable, "-m", "wfm_desktop", "staff", str(src), "-o", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out)
    assert len(frame) == 35_040
    assert (frame.loc[frame["contacts"] == 0, "agents_net"] == 0).all()
    assert (frame.loc[frame["contacts"] > 0, "service_level"] >= 0.8 - 1e-9).all()


def test_xlsx_with_date_times_and_two_queues_infers_the_interval(tmp_path):
    src = tmp_path / "q.xlsx"
    starts = list(pd.date_range("2025-01-06 08:00", periods=3, freq="15min")) * 2
    pd.DataFrame({"Queue": ["a"] * 3 + ["b"] * 3, "Start": starts, "Offered": [10, 20, 30, 5, 5, 5],
                  "AHT_s": [200] * 6}).to_excel(src, index=False)
    code, out = staff(tmp_path, src)
    assert code == 0
    frame = pd.read_csv(out)
    assert frame["workload_erlangs"].round(4).tolist() == [2.2222, 4.4444, 6.6667, 1.1111, 1.1111, 1.1111]
