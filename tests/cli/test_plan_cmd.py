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
                 "--shrinkage", "0.3", "--contract-hours-week", "40", "--method", "weekday_avg"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    # The summary names each queue's channel and its average FTE over the horizon (issue #21).
    assert "Sales (voice):" in printed.out and "average" in printed.out and "FTE" in printed.out
    assert "40-hour contracted week" in printed.out and f"wrote {out}" in printed.out
    wb = _open(out)
    # (a plan this small is also simulated by itself: the Simulation and Confidence sheets, docs/simulation.md)
    assert wb.sheetnames == ["Summary", "Assumptions", "Daily forecast", "Intraday requirements", "Weekly FTE",
                             "Simulation", "Confidence"]
    names = wb.defined_names
    (sheet, ref), = list(names["Queue1_SL_Target"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == 0.9
    # Convention change (issue #21, one contracted week): one Contract_Hours_Week cell, no Queue<k>_Hours_per_FTE.
    (sheet, ref), = list(names["Contract_Hours_Week"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == 40
    assert not any("Hours_per_FTE" in name for name in names)
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
    code = main(["plan", "--sample", "-o", str(out), "--horizon-days", "7", "--method", "weekday_avg", "--no-schedule"])
    assert code == 0, capsys.readouterr().err
    assert _open(out)["Weekly FTE"].max_row >= 4  # three queues, at least one week each


def test_plan_gives_every_queue_the_guis_defaults(tmp_path):
    # Issue #21: `plan --sample` staffed the sample's Chat queue as voice (one chat at a time) while the GUI
    # staffs it as chat, 2 per agent. Both now start from default_queue_settings; options change every queue.
    import argparse

    from wfm_desktop.cli import plan_cmd
    from wfm_desktop.core.staffing.queue_settings import default_queue_settings

    parser = argparse.ArgumentParser()
    plan_cmd.add_parser(parser.add_subparsers())
    args = parser.parse_args(["plan", "--sample", "-o", str(tmp_path / "p.xlsx")])
    queues = ("Chat", "Sales voice", "Email")
    settings = plan_cmd._settings(args, queues, 37.5)
    for queue in queues:
        assert settings.for_queue(queue) == default_queue_settings(queue)
    chat = settings.for_queue("Chat")
    assert (chat.channel, chat.concurrency, chat.max_occupancy) == ("chat", 2, 0.85)
    args = parser.parse_args(["plan", "--sample", "-o", "p.xlsx", "--sl", "90/30", "--max-occupancy", "0.8",
                              "--contract-hours-week", "40"])
    settings = plan_cmd._settings(args, queues, 40.0)
    assert (settings.for_queue("Chat").sl, settings.for_queue("Chat").concurrency) == (0.9, 2)
    email = settings.for_queue("Email")
    assert email.channel == "deferred" and email.sl is None and email.max_occupancy == 0.8
    assert settings.contract_hours_week == 40.0
