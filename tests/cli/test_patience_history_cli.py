"""`--patience-s history` on `plan`, `simulate` and `staff`: each queue's patience from the history's waiting times."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.core.importers.test_queue_measures import TRUE_PATIENCE_S, _acd_export, simulated  # noqa: F401
from wfm_desktop.cli import main
from wfm_desktop.core.importers import import_history
from wfm_desktop.core.plan.defaults import STAFFING_SETTINGS
from wfm_desktop.core.plan.saved import open_plan
from wfm_desktop.core.simulation.patience import queue_patience
from wfm_desktop.core.staffing.queue_settings import plan_settings_from_dict


@pytest.fixture(scope="module")
def export(simulated, tmp_path_factory):  # noqa: F811 - the fixture imported above
    path = tmp_path_factory.mktemp("acd") / "acd report.csv"
    _acd_export(simulated, path)
    return path


def test_plan_and_simulate_take_each_queues_patience_from_the_history(export, tmp_path, capsys):
    saved, out = tmp_path / "plan.wfmplan", tmp_path / "plan.xlsx"
    code = main(["plan", str(export), "-o", str(out), "--save", str(saved), "--horizon-days", "7",
                 "--method", "weekday_avg", "--patience-s", "history"])
    err = capsys.readouterr().err
    assert code == 0, err
    expected = queue_patience(import_history(export).history, "Support", simulate=False)
    assert expected.low_s <= TRUE_PATIENCE_S <= expected.high_s
    assert f"note: Support: patience from the history: {expected.summary()}" in err
    settings = plan_settings_from_dict(open_plan(saved).resolved(STAFFING_SETTINGS))
    assert settings.queues["Support"].patience_s == pytest.approx(round(expected.patience_s, 1))

    sim = tmp_path / "sim.csv"
    assert main(["simulate", str(saved), "-o", str(sim), "--replications", "2", "--patience-s", "history"]) == 0
    err = capsys.readouterr().err
    assert f"Support: patience from the history: {expected.summary()}" in err
    frame = pd.read_csv(sim)
    assert frame["patience_s"].dropna().round(1).unique().tolist() == [round(expected.patience_s, 1)]
    assert frame["sim_abandon_rate"].max() > 0


def test_staff_estimates_from_the_tables_own_columns_and_says_why_when_it_cannot(simulated, tmp_path,  # noqa: F811
                                                                                  capsys):
    table = simulated[["start", "offered", "handled", "abandoned", "asa_s", "abandon_wait_s"]].assign(
        queue="Support", contacts=simulated["offered"], aht_s=240.0)
    src, out = tmp_path / "table.csv", tmp_path / "req.csv"
    table.to_csv(src, index=False)
    assert main(["staff", str(src), "-o", str(out), "--interval-min", "15", "--patience-s", "history"]) == 0
    assert "Support: patience from the history:" in capsys.readouterr().err
    result = pd.read_csv(out)
    assert result["abandon_rate"].notna().all()  # Erlang A, with the estimate

    bare = tmp_path / "bare.csv"
    table[["queue", "start", "contacts", "aht_s"]].to_csv(bare, index=False)
    assert main(["staff", str(bare), "-o", str(tmp_path / "r2.csv"), "--interval-min", "15",
                 "--patience-s", "history"]) != 0
    err = capsys.readouterr().err
    assert "cannot give the callers' patience" in err and "no abandoned counts" in err
    with pytest.raises(SystemExit) as exited:  # argparse's own exit for a bad option value
        main(["staff", str(bare), "-o", str(tmp_path / "r3.csv"), "--patience-s", "soon"])
    assert exited.value.code == 2
    assert "give seconds (e.g. 180) or 'history'" in capsys.readouterr().err
