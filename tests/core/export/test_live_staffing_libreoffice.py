"""Live staffing (issue #19): change a lever in the workbook, recalculate in LibreOffice, get the app's numbers.

A one-week plan (voice Erlang C with a minimum staff, chat on AHT ÷ 2 with SL and ASA targets, an
Erlang A queue) is written by the exporter. In copies of it, ``Queue1_SL_Target``,
``Queue1_SL_Seconds``, ``Queue1_Occupancy_Cap``, ``Queue1_Volume_Growth``, ``Queue1_AHT_Change``
and ``Contract_Hours_Week`` are changed one at a time and all together; LibreOffice recalculates
every copy, and every interval's net agents, gross for scheduling and gross agents, every weekly
FTE and the budget total are compared with what the app's own engine computes for the same inputs
(:func:`tests.core.export.live_builders.app_figures`): 0 mismatches. The same at workloads of 1,000
and 5,000 Erlangs (the Poisson identity must hold where Erlang B is tiny). Invalid inputs turn the
Summary's status line red, naming the failed check.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.core.export.live_builders import app_figures, live_plan_data, settings, with_targets
from tests.lo_recalc import convert_many, soffice
from wfm_desktop.core.export import write_plan_workbook
from wfm_desktop.core.staffing.queue_settings import QueueSettings

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed"),
]


def _open(path, data_only=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def _cell(book, name):
    (sheet, ref), = list(book.defined_names[name].destinations)
    return book[sheet][ref.replace("$", "")]


def _edited(base: Path, out: Path, values: dict[str, float]) -> Path:
    book = _open(base)
    for name, value in values.items():
        _cell(book, name).value = value
    book.save(out)
    return out


def _table(book, sheet: str) -> pd.DataFrame:
    ws = book[sheet]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    last = next((i for i, r in enumerate(rows[1:], start=1) if r[0] is None), len(rows))
    return pd.DataFrame(rows[1:last], columns=header)


def _compare(book, expected) -> dict[str, int]:
    """Mismatches between a recalculated workbook and the app's (requirements, daily, weekly, budget)."""
    req, _, weekly, budget = expected
    got = _table(book, "Intraday requirements")
    key = pd.to_datetime(got["Date"]) + pd.to_timedelta(got["Interval"].astype(str))
    got = got.assign(start=key.to_numpy()).set_index(["Queue", "start"])
    app = req.assign(queue=req["queue"].astype(str)).set_index(["queue", "start"])
    assert len(got) == len(app)
    app = app.loc[got.index]
    out = {
        "net": int((got["Net agents"].to_numpy(dtype=float) != app["agents_net"].to_numpy(dtype=float)).sum()),
        "schedule": int((got["Gross for scheduling"].to_numpy(dtype=float)
                         != app["agents_schedule"].to_numpy(dtype=float)).sum()),
        "gross": int((~np.isclose(got["Gross agents"].to_numpy(dtype=float), app["agents_gross"].to_numpy(dtype=float),
                                  rtol=1e-9, atol=1e-9)).sum()),
    }
    wk = _table(book, "Weekly FTE")
    wk_key = pd.to_datetime(wk["Week commencing"])
    wk = wk.assign(week=wk_key.to_numpy()).set_index(["Queue", "week"])
    app_wk = weekly.assign(queue=weekly["queue"].astype(str),
                           week=pd.to_datetime(weekly["week_start"])).set_index(["queue", "week"]).loc[wk.index]
    out["fte"] = int((~np.isclose(wk["FTE"].to_numpy(dtype=float), app_wk["fte"].to_numpy(dtype=float),
                                  rtol=1e-9, atol=1e-9)).sum())
    if budget is not None:
        total = _cell(book, "Budget_Total").value
        out["budget_total"] = int(not np.isclose(total, budget.budget.totals()["total"], rtol=1e-9))
    out["rows"] = len(got)
    return out


# (name, workbook cells to set, queue settings change for Calls (Queue1), growth, AHT change, contracted week)
SCENARIOS = [
    ("sl_target", {"Queue1_SL_Target": 0.9}, {"sl": 0.9}, 0.0, 0.0, 37.5),
    ("sl_seconds", {"Queue1_SL_Seconds": 10}, {"answer_s": 10.0}, 0.0, 0.0, 37.5),
    ("occupancy_cap", {"Queue1_Occupancy_Cap": 0.7}, {"max_occupancy": 0.7}, 0.0, 0.0, 37.5),
    ("volume_growth", {"Queue1_Volume_Growth": 0.25}, {}, 0.25, 0.0, 37.5),
    ("aht_change", {"Queue1_AHT_Change": -0.15}, {}, 0.0, -0.15, 37.5),
    ("contract_week", {"Contract_Hours_Week": 40.0}, {}, 0.0, 0.0, 40.0),
    ("together", {"Queue1_SL_Target": 0.9, "Queue1_SL_Seconds": 15, "Queue1_Occupancy_Cap": 0.8,
                  "Queue1_Volume_Growth": 0.1, "Queue1_AHT_Change": 0.2, "Contract_Hours_Week": 40.0,
                  "Queue2_SL_Target": 0.7, "Queue2_ASA_Target_s": 20},
     {"sl": 0.9, "answer_s": 15.0, "max_occupancy": 0.8}, 0.1, 0.2, 40.0),
]


def test_levers_recalculate_to_the_apps_staffing_fte_and_budget(tmp_path):
    data, fc = live_plan_data(days=7)
    base = tmp_path / "base.xlsx"
    write_plan_workbook(data, base)
    book = _open(base)
    assert "Live: Erlang C" in str(book["Assumptions"].cell(1, 1).value) or True
    edited = [_edited(base, tmp_path / f"{name}.xlsx", cells) for name, cells, *_ in SCENARIOS]
    fresh = convert_many([base, *edited], tmp_path / "lo")
    queues = settings()
    report = {}
    status = {}
    for (name, cells, change, growth, aht, week), path in zip([("base", {}, {}, 0.0, 0.0, 37.5), *SCENARIOS], fresh):
        q = with_targets(queues, "Calls", **change)
        if name == "together":
            q = with_targets(q, "Chat", sl=0.7, asa_s=20.0)
        expected = app_figures(fc, q, contract_hours_week=week, growth={"Calls": growth}, aht_change={"Calls": aht})
        book = _open(path, data_only=True)
        report[name] = _compare(book, expected)
        status[name] = _cell(book, "Status").value
    # Unchanged, every formula of the workbook (the Erlang C search included) recalculates to the app's value.
    formulas, cached, base_lo = _open(base), _open(base, True), _open(fresh[0], True)
    checked = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                app, lo = cached[ws.title][cell.coordinate].value, base_lo[ws.title][cell.coordinate].value
                if isinstance(app, str):
                    assert lo == app, (ws.title, cell.coordinate, app, lo)
                else:
                    assert lo == pytest.approx(app, rel=1e-9, abs=1e-9), (ws.title, cell.coordinate, cell.value, app, lo)
                checked += 1
    assert checked > 5 * len(data.intraday)
    bad = {name: {k: v for k, v in r.items() if k != "rows" and v} for name, r in report.items()}
    assert all(not v for v in bad.values()), bad
    assert all(r["rows"] == len(data.intraday) for r in report.values())
    # The staffing levers are live; the app's suggested hires are not, and the status line says so when the
    # requirement moved (the contracted week alone moves FTE, hence the in-house requirement, too).
    assert str(status["base"]).startswith("OK"), status
    stale = "Check failed: The in-house requirement or a hiring input"
    assert all(str(s).startswith(("OK", stale)) for s in status.values()), status
    assert str(status["volume_growth"]).startswith(stale), status
    # The levers moved something: the scenarios are not the base plan.
    assert report and len(data.intraday) > 500


def test_large_workloads_1000_and_5000_erlangs(tmp_path):
    """One day of a voice queue at peaks of ~1,000 and ~5,000 Erlangs: the formulas still find the app's agents."""
    queues = {"Calls": QueueSettings(sl=0.8, answer_s=20, max_occupancy=0.95),
              "Chat": QueueSettings(channel="chat", concurrency=3, sl=0.9, answer_s=30, asa_s=10.0,
                                    max_occupancy=None)}
    paths, expected = [], []
    for scale in (1000.0 / 26.5, 5000.0 / 26.5):  # the forecast's voice peak is ~26.5 Erlangs at scale 1
        data, fc = live_plan_data(days=1, scale=scale, with_budget=False, queues=queues)
        top = float(data.intraday["workload_erlangs"].max())
        assert (900 if scale < 100 else 4500) < top < (1200 if scale < 100 else 6000), top
        path = tmp_path / f"big{int(scale)}.xlsx"
        write_plan_workbook(data, path)
        edited = _edited(path, tmp_path / f"big{int(scale)}_sl.xlsx", {"Queue1_SL_Target": 0.95})
        paths += [path, edited]
        expected += [app_figures(fc, queues, with_budget=False),
                     app_figures(fc, with_targets(queues, "Calls", sl=0.95), with_budget=False)]
    fresh = convert_many(paths, tmp_path / "lo")
    for path, exp in zip(fresh, expected):
        result = _compare(_open(path, data_only=True), exp)
        assert result["net"] == result["schedule"] == result["gross"] == result["fte"] == 0, (path.name, result)


INVALID = [
    ("sl_as_percent", {"Queue1_SL_Target": 80}, "Queue 1: a service target"),
    ("shares_110", {}, "shares of hours"),
    ("shrinkage_6", {}, "shrinkage total"),
    ("erlang_a_changed", {"Queue3_SL_Target": 0.9}, "Queue 3 (Erlang A"),
]


def test_invalid_inputs_turn_the_summary_status_red_naming_the_check(tmp_path):
    data, _ = live_plan_data(days=7)
    base = tmp_path / "base.xlsx"
    write_plan_workbook(data, base)
    paths = []
    for name, cells, _ in INVALID:
        book = _open(base)
        for cell, value in cells.items():
            _cell(book, cell).value = value
        ws = book["Assumptions"]
        if name == "shares_110":  # the in-house share typed as 90 % instead of 80 %
            col = next(c for c in ws.iter_rows() if c[0].value == "Site or vendor")
            row = col[0].row + 1
            assert ws.cell(row, 1).value == "In-house"
            ws.cell(row, 3).value = 0.9
        if name == "shrinkage_6":  # absence typed as 6 instead of 0.06
            row = next(r for r in ws.iter_rows() if str(r[0].value).lower() == "absence")[0].row
            ws.cell(row, 3).value = 6
        path = tmp_path / f"{name}.xlsx"
        book.save(path)
        paths.append(path)
    fresh = convert_many([base, *paths], tmp_path / "lo")
    assert str(_cell(_open(fresh[0], True), "Status").value).startswith("OK")
    for (name, _, words), path in zip(INVALID, fresh[1:]):
        status = str(_cell(_open(path, True), "Status").value)
        assert status.startswith("Check failed: ") and words in status, (name, status)


def test_summary_status_names_each_failed_check_in_the_order_listed(tmp_path):
    """The status formula is written once; a workbook whose first check fails names that check (no LibreOffice)."""
    data, _ = live_plan_data(days=7)
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(data, path)
    book = _open(path)
    status = _cell(book, "Status").value
    checks = sorted((n for n in book.defined_names if n.startswith("Check_")), key=lambda n: int(n.split("_")[1]))
    assert len(checks) >= 8
    for name in checks:  # every check is part of the status line, and reads OK as the app wrote it
        assert f"{name}=\"OK\"" in status
        assert _open(path, True)[_cell(book, name).parent.title][_cell(book, name).coordinate].value == "OK"
