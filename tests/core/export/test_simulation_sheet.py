"""The Simulation sheet: the plan's simulation in the workbook, recalculated by LibreOffice to the app's numbers."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.lo_recalc import convert, soffice
from wfm_desktop.core.export import write_plan_workbook
from wfm_desktop.core.export.simulation_sheets import CONFIDENCE, POST_MORTEM, SHEET, cost_per_paid_hour, sheet_rows
from wfm_desktop.core.plan.saved import open_plan

OLD = Path(__file__).parents[2] / "data" / "old_release" / "release_1.wfmplan"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The previous release's plan, scheduled and simulated; its export data and workbook."""
    plan = open_plan(OLD)
    plan.inputs.set("simulation/settings", {**plan.resolved("simulation/settings"), "replications": 4}, "fast")
    plan.refresh()
    plan.run("schedule")
    req = plan.result("staffing").requirements  # actual arrivals of the first two days: 10% more than forecast
    first = req[req["start"] < req["start"].min().normalize() + pd.Timedelta(days=2)]
    plan.inputs.set("simulation/actuals", first[["queue", "start"]].assign(
        offered=np.round(first["contacts"].to_numpy() * 1.1)), "actuals")
    plan.run("simulation")  # with a post-mortem: on request
    plan.refresh()
    data = plan.result("export")
    path = tmp_path_factory.mktemp("sim") / "plan.xlsx"
    write_plan_workbook(data, path)
    return plan, data, path


def _open(path, data_only):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


def _table(ws):
    rows = list(ws.iter_rows(values_only=True))
    header = [h for h in rows[0] if h is not None]
    return header, [r[: len(header)] for r in rows[1:] if r[0] is not None]


def test_the_export_carries_the_simulation_and_the_sheet_shows_its_days(exported):
    plan, data, path = exported
    sim = plan.result("simulation")
    assert data.simulation is sim
    header, rows = _table(_open(path, True)[SHEET])
    assert header[:5] == ["Date", "Queue", "Contacts (simulated mean)", "SL promised (Erlang)", "SL simulated"]
    expected = sheet_rows(sim)
    assert len(rows) == len(expected) == len(sim.days()) + len(sim.days("schedule"))
    col = {h: i for i, h in enumerate(header)}
    got = np.array([r[col["SL simulated"]] for r in rows], dtype=float)
    np.testing.assert_allclose(got, expected["sim_service_level"].to_numpy(), rtol=1e-12)
    p = np.array([np.nan if r[col["P(SL ≥ target)"]] is None else r[col["P(SL ≥ target)"]] for r in rows], dtype=float)
    np.testing.assert_allclose(p[: len(sim.days())], sim.days()["p_sl_target"].to_numpy(), rtol=1e-12)
    assert [r[col["Queue"]] for r in rows][-1] == "Schedule: all queues"


def test_a_plan_without_a_simulation_has_no_simulation_sheet(exported, tmp_path):
    from dataclasses import replace

    _, data, _ = exported
    path = write_plan_workbook(replace(data, simulation=None), tmp_path / "none.xlsx")
    assert SHEET not in _open(path, True).sheetnames and CONFIDENCE not in _open(path, True).sheetnames


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_the_simulation_sheet_to_the_apps_numbers(exported, tmp_path):
    _, _, path = exported
    recalculated = convert(path, tmp_path / "lo", "xlsx")
    counts = {}
    for sheet in (SHEET, CONFIDENCE, POST_MORTEM):
        formulas, cached, fresh = _open(path, False)[sheet], _open(path, True)[sheet], _open(recalculated, True)[sheet]
        counts[sheet] = 0
        for row in formulas.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                app, lo = cached[cell.coordinate].value, fresh[cell.coordinate].value
                assert isinstance(lo, (int, float)), (cell.coordinate, cell.value, lo)
                assert lo == pytest.approx(app, rel=1e-12, abs=1e-9), (cell.coordinate, cell.value, app, lo)
                counts[sheet] += 1
        for row in fresh.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(("#", "Err:"))), value
    assert counts[SHEET] > 40  # Sim − Erlang and Sim − target on each of the 26 rows (where both exist)
    assert counts[CONFIDENCE] == 3 * 7  # extra FTE, cost, extra cost for each of the 7 confidences
    assert counts[POST_MORTEM] == 3  # achieved = promised + the four effects, two days and the period


def test_the_post_mortem_sheet_adds_up_to_what_was_achieved(exported):
    plan, _, path = exported
    pm = plan.result("simulation").post_mortem
    header, rows = _table(_open(path, True)[POST_MORTEM])
    col = {h: i for i, h in enumerate(header)}
    assert [r[col["Day"]] for r in rows][-1] == "Whole period" and len(rows) == 3
    np.testing.assert_allclose([r[col["SL achieved"]] for r in rows][:2], pm.days["achieved"], rtol=1e-12)
    assert rows[-1][col["Contacts actual"]] == pytest.approx(pm.period["actual_contacts"])
    assert pm.period["volume"] < 0  # 10% more calls than forecast cost service level
    assert pm.period["aht"] == 0  # no handle times in the actuals


def test_the_confidence_sheet_prices_the_curve_with_its_cost_cell(exported):
    plan, data, path = exported
    header, rows = _table(_open(path, True)[CONFIDENCE])
    curve = plan.result("simulation").confidence
    col = {h: i for i, h in enumerate(header)}
    rate = cost_per_paid_hour(data)
    assert rate == pytest.approx(20.0 * 1.3)  # the default in-house wage and overhead
    np.testing.assert_allclose([r[col["FTE (all queues)"]] for r in rows], curve["fte"], rtol=1e-12)
    np.testing.assert_allclose([r[col["Cost"]] for r in rows], curve["gross_hours"] * rate, rtol=1e-12)
    assert rows[0][col["Days meeting the target (confidence)"]] == 0.5 and rows[0][col["Cost above the point forecast"]] == 0
