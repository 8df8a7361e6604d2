"""`wfm-desktop import`: writes the canonical CSV, prints the report, exit codes."""

import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import REPO
from tests.core.importers.builders import long_frame, volumes, write_xlsx
from wfm_desktop.cli import main


def test_import_writes_canonical_history_and_prints_report(tmp_path, capsys):
    vol = volumes(days=3)
    src = write_xlsx(tmp_path / "acd.xlsx", {"Calls": long_frame(vol)})
    out = tmp_path / "history.csv"
    assert main(["import", str(src), "--interval-min", "30", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "15-minute intervals rolled up to 30 minutes" in printed and "wrote" in printed
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame.columns) == ["queue", "start", "interval_min", "offered", "aht_s", "abandoned"]
    assert set(frame["interval_min"]) == {30} and frame["offered"].sum() == vol["offered"].sum()
    assert frame["start"].iloc[0] == "2024-03-04 08:00:00"


def test_aht_column_is_present_and_blank_when_unknown_and_queue_named_after_file(tmp_path, capsys):
    src = tmp_path / "Retail line.csv"
    src.write_text("Start,Calls\n2024-01-01 08:00,5\n2024-01-01 08:30,7\n2024-01-02 08:00,1\n")
    out = tmp_path / "h.csv"
    assert main(["import", str(src), "-o", str(out)]) == 0
    assert out.read_text().splitlines() == [
        "queue,start,interval_min,offered,aht_s",
        "Retail line,2024-01-01 08:00:00,30,5,",
        "Retail line,2024-01-01 08:30:00,30,7,",
        "Retail line,2024-01-02 08:00:00,30,1,",
    ]


def test_daily_data_is_written_as_dates_at_midnight(tmp_path):
    src = tmp_path / "daily.csv"
    src.write_text("Date,Offered\n2024-01-01,100\n2024-01-02,120\n")
    out = tmp_path / "h.csv"
    assert main(["import", str(src), "-o", str(out)]) == 0
    assert out.read_text().splitlines()[1] == "daily,2024-01-01 00:00:00,1440,100,"


def test_errors_give_exit_2_with_report_and_message(tmp_path, capsys):
    src = tmp_path / "bad.csv"
    src.write_text("Start,Calls\n2024-01-01 08:00,5\n2024-01-01 08:30,lots\n")
    out = tmp_path / "h.csv"
    assert main(["import", str(src), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert 'ERROR: bad.csv, row 3, column "Calls": "lots" is not a number' in captured.out
    assert captured.err.startswith('wfm-desktop import: error: bad.csv, row 3, column "Calls"')
    assert not out.exists()


def test_refuses_to_overwrite_without_force_and_map_option(tmp_path, capsys):
    src = tmp_path / "m.csv"
    src.write_text("When,Mystery\n2024-01-01 08:00,5\n2024-01-01 08:15,6\n")
    out = tmp_path / "h.csv"
    out.write_text("keep me")
    args = ["import", str(src), "--map", "timestamp=When", "--map", "offered=Mystery", "-o", str(out)]
    assert main(args) == 2
    assert "already exists" in capsys.readouterr().err and out.read_text() == "keep me"
    assert main(args + ["--force"]) == 0
    assert pd.read_csv(out)["offered"].sum() == 11


def test_output_chains_into_import_again(tmp_path):
    src = write_xlsx(tmp_path / "a.xlsx", {"Calls": long_frame(volumes(days=2))})
    first, second = tmp_path / "h15.csv", tmp_path / "h60.csv"
    assert main(["import", str(src), "-o", str(first)]) == 0
    assert main(["import", str(first), "--interval-min", "60", "-o", str(second)]) == 0
    a, b = pd.read_csv(first), pd.read_csv(second)
    assert a["offered"].sum() == b["offered"].sum() and set(b["interval_min"]) == {60}


@pytest.mark.slow
def test_sample_through_the_real_entry_point(tmp_path):
    out = tmp_path / "sample.csv"
    proc = subprocess.run([sys.executable, "-m", "wfm_desktop", "import", "--sample", "--interval-min", "30",
                           "-o", str(out)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "3 queue(s) (Chat, Sales voice, Support voice), 30-minute intervals" in proc.stdout
    frame = pd.read_csv(out)
    assert frame["start"].min() == "2024-01-01 08:00:00" and frame["start"].max().startswith("2025-12-31")


def test_input_or_sample_required(tmp_path, capsys):
    assert main(["import", "-o", str(tmp_path / "x.csv")]) == 2
    assert "give either INPUT or --sample" in capsys.readouterr().err
