"""`wfm-desktop scenarios PLAN.wfmplan --scenario …`: the comparison printed, the workbook and plan written."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest

from wfm_desktop.cli import main
from wfm_desktop.core.plan.saved import open_plan
from wfm_desktop.core.plan.scenarios import Scenario, compare_scenarios, scenarios_from_list

OLD = Path(__file__).parents[1] / "data" / "old_release" / "release_1.wfmplan"


def test_scenarios_printed_exported_and_saved(tmp_path, capsys):
    out, saved = tmp_path / "sc.xlsx", tmp_path / "sc.wfmplan"
    code = main(["scenarios", str(OLD), "--scenario", "Busy:volume=+10%,aht=-5,sl=85/20",
                 "--scenario", "Bot:deflection=20%,licence=1000,implementation=5000", "-o", str(out),
                 "--save", str(saved)])
    assert code == 0
    text = capsys.readouterr().out
    plan = open_plan(saved)
    stored = scenarios_from_list(plan.input("scenarios"))
    assert stored == (Scenario("Busy", volume=0.1, aht_s=-5, sl=0.85, answer_s=20),
                      Scenario("Bot", deflection=(0.2,), licence_month=1000, implementation=5000))
    plan.refresh()
    direct = compare_scenarios(plan.resolved_inputs(), plan.result("data"), plan.result("forecast"), stored)
    for rec in direct.totals().to_dict("records"):  # the printed figures are the core's
        line = next((t for t in text.splitlines() if t.startswith(rec["scenario"] + " ")), None)
        assert line is not None, (rec["scenario"], text)
        assert f"{rec['required_fte']:.1f}" in line and f"{rec['total_cost']:,.0f}" in line
    assert "Automation business case — Bot:" in text and "Busy: volume +10%, AHT -5 s, SL 85% in 20 s" in text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert "Scenarios" in openpyxl.load_workbook(out).sheetnames
    # Again on the saved plan, without --scenario: its own scenarios; --only with one replaces them.
    assert main(["scenarios", str(saved), "--only", "--scenario", "Calm:volume=-10%"]) == 0
    assert "Calm" in capsys.readouterr().out


@pytest.mark.parametrize("args, words", [
    (["--scenario", "Busy:speed=3"], "speed"),
    (["--scenario", "Busy"], "NAME:key=value"),
    ([], "has no scenarios"),
])
def test_bad_scenarios_get_a_clear_message(args, words, capsys):
    assert main(["scenarios", str(OLD), *args]) != 0
    assert words in capsys.readouterr().err
