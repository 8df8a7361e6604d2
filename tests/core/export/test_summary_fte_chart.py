"""The Summary's weekly FTE chart leaves part weeks out (a stub's FTE is the rate of its few days)."""

from __future__ import annotations

import re
import zipfile

from tests.core.plan_builders import plan_data
from wfm_desktop.core.export import write_plan_workbook


def _fte_chart(path) -> str:
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")]
    (chart,) = [c for c in charts if "FTE per week" in c]
    return chart


def _value_rows(chart: str) -> list[tuple[int, int]]:
    # FTE is column K since the Open days and Weeks columns (issue #21).
    refs = re.findall(r"<c:val><c:numRef><c:f>'Weekly FTE'!\$K\$(\d+)(?::\$K\$(\d+))?</c:f>", chart)
    return [(int(a), int(b or a)) for a, b in refs]


def test_a_part_week_at_the_end_is_left_out_of_the_chart(tmp_path):
    data = plan_data(days=10)  # Mon 25 Jan – Wed 3 Feb: one whole week, then a 3-day stub
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(data, path)
    chart = _fte_chart(path)
    weekly = data.weekly
    assert sorted(weekly["days"].unique().tolist()) == [3, 7]
    # Rows of the sorted Weekly FTE sheet: per queue a whole week (7 days) then the stub (3 days).
    rows = _value_rows(chart)
    assert len(rows) == len(data.queues)
    assert all(a == b for a, b in rows)  # one week per queue: the whole one
    assert [a % 2 for a, _ in rows] == [0] * len(rows)  # sheet rows 2, 4, 6: the first week of each queue
    assert "whole weeks only" in chart


def test_whole_weeks_only_are_charted_unchanged(tmp_path):
    data = plan_data(days=14)  # two whole weeks
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(data, path)
    chart = _fte_chart(path)
    assert [(a, b) for a, b in _value_rows(chart)] == [(2, 3), (4, 5), (6, 7)]
    assert "whole weeks only" not in chart


def test_a_horizon_without_a_whole_week_charts_its_part_weeks(tmp_path):
    data = plan_data(days=5)
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(data, path)
    chart = _fte_chart(path)
    assert len(_value_rows(chart)) == 3
    assert "whole weeks only" not in chart
