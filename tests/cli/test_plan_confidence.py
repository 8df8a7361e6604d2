"""`wfm-desktop plan --confidence C`: staff to meet the target on a share C of days, and say what it costs."""

from __future__ import annotations

import re

import pytest

from tests.cli.test_plan_cmd import _history
from wfm_desktop.cli import main


def _run(tmp_path, capsys, name, *extra):
    history = tmp_path / "history.csv"
    if not history.exists():
        _history(history, queues=("Sales",))
    assert main(["plan", str(history), "-o", str(tmp_path / f"{name}.xlsx"), "--horizon-days", "14",
                 "--method", "weekday_avg", "--shrinkage", "0.3", *extra]) == 0
    return capsys.readouterr().out


def _fte(out):
    return float(re.search(r"average ([\d.]+) FTE", out).group(1))


def _p_day(out):
    return int(re.search(r"P\(a day meets 80%\) (\d+)% on average", out).group(1))


def test_confidence_staffs_more_meets_the_target_more_often_and_prices_it_against_the_point_plan(tmp_path, capsys):
    point = _run(tmp_path, capsys, "point")
    sure = _run(tmp_path, capsys, "sure", "--confidence", "0.9")
    assert "staffed on the point forecast" in point and "staffed on 90% confidence" in sure
    assert _fte(sure) > _fte(point)
    assert _p_day(sure) > _p_day(point)
    assert _p_day(sure) >= 85  # about 90% of days (more where whole agents and the occupancy cap leave slack)
    price = re.search(r"price of 90% confidence: \+([\d.]+) FTE \(([\d.]+) against ([\d.]+) on the point", sure)
    assert price, sure
    extra, with_c, without = (float(v) for v in price.groups())
    # the point-forecast FTE it prices against is the plan made without --confidence, computed independently
    assert without == pytest.approx(_fte(point), abs=0.051)
    assert with_c == pytest.approx(_fte(sure), abs=0.051)
    assert extra == pytest.approx(with_c - without, abs=0.11)


def test_confidence_must_be_a_share_of_days(tmp_path, capsys):
    _history(tmp_path / "history.csv", queues=("Sales",))
    assert main(["plan", str(tmp_path / "history.csv"), "-o", str(tmp_path / "x.xlsx"), "--confidence", "90"]) == 2
    assert "--confidence 90: give the share of days" in capsys.readouterr().err
