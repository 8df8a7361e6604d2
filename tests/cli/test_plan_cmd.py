"""`wfm-desktop plan`: history file in, workbook out."""

from __future__ import annotations

import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest

from wfm_desktop.cli import main


def _history(path, weeks=6, queues=("Sales", "=1+2")):
    rng = np.random.default_rng(7)
    rows = []
    for queue in queues:
        for day in pd.date_range("2026-01-05", periods=weeks * 7, freq="D"):
            if day.day_of_week >= 5:
                continue
            for start in pd.date_range(day + pd.Timedelta(hours=8), periods=20, freq="30min"):
                rows.append({"queue": queue, "start": start, "interval_min": 30,
                             "offered": float(rng.poisson(40 if 10 <= start.hour < 16 else 15)),
                             "aht_s": float(rng.integers(200, 260))})
    pd.DataFrame(rows).to_csv(path, index=False, date_format="%Y-%m-%d %H:%M:%S")
    return path


def _open(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path)


def test_plan_writes_the_workbook(tmp_path, capsys):
    history = _history(tmp_path / "history.csv")
    out = tmp_path / "plan.xlsx"
    code = main(["plan", str(history), "-o", str(out), "--horizon-days", "14", "--sl", "90/30",
                 "--shrinkage", "0.3", "--hours-per-fte", "40", "--method", "weekday_avg"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "Sales:" in printed.out and "FTE a week" in printed.out and f"wrote {out}" in printed.out
    wb = _open(out)
    assert wb.sheetnames == ["Summary", "Assumptions", "Daily forecast", "Intraday requirements", "Weekly FTE"]
    names = wb.defined_names
    (sheet, ref), = list(names["Queue1_SL_Target"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == 0.9
    (sheet, ref), = list(names["Queue2_Hours_per_FTE"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == 40
    queues = {c.value for c in wb["Intraday requirements"]["C"][1:]}
    assert queues == {"Sales", "=1+2"}
    assert all(c.data_type == "s" for c in wb["Intraday requirements"]["C"][1:])
    days = {c.value.date() for c in wb["Daily forecast"]["A"][1:]}
    assert len(days) == 14


def test_plan_refuses_to_overwrite_without_force(tmp_path, capsys):
    history = _history(tmp_path / "history.csv", weeks=3, queues=("Sales",))
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"manager's copy")
    code = main(["plan", str(history), "-o", str(out), "--horizon-days", "7"])
    err = capsys.readouterr().err
    assert code == 2 and "already exists" in err and "--force" in err
    assert out.read_bytes() == b"manager's copy"


@pytest.mark.parametrize("args, message", [
    (["--max-occupancy", "85"], "fraction"),
    (["--shrinkage", "30"], "fraction"),
    (["--sl", "80"], "80/20"),
])
def test_plan_rejects_percentages_where_fractions_belong(tmp_path, capsys, args, message):
    history = _history(tmp_path / "history.csv", weeks=3, queues=("Sales",))
    code = main(["plan", str(history), "-o", str(tmp_path / "p.xlsx"), *args])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "p.xlsx").exists()


def test_plan_needs_a_history_or_the_sample(tmp_path, capsys):
    assert main(["plan", "-o", str(tmp_path / "p.xlsx")]) == 2
    assert "--sample" in capsys.readouterr().err


@pytest.mark.slow
def test_plan_sample(tmp_path, capsys):
    out = tmp_path / "sample.xlsx"
    code = main(["plan", "--sample", "-o", str(out), "--horizon-days", "7", "--method", "weekday_avg"])
    assert code == 0, capsys.readouterr().err
    assert _open(out)["Weekly FTE"].max_row >= 4  # three queues, at least one week each
