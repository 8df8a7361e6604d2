"""`wfm-desktop erlang`: text and JSON output, options, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO
from wfm_desktop.cli import main

BASE = ["erlang", "--contacts", "100", "--interval-min", "30", "--aht-s", "180"]


def run_json(capsys, *extra):
    assert main(BASE + list(extra) + ["--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_published_example_json(capsys):
    out = run_json(capsys, "--sl", "80/20", "--shrinkage", "0.3")
    assert (out["agents_net"], out["agents_gross"]) == (14, 20)
    assert out["workload_erlangs"] == 10.0
    assert round(out["service_level"], 4) == 0.8884
    assert round(out["asa_s"], 2) == 7.84
    assert out["abandon_rate"] is None and out["model"] == "Erlang C"
    rows = {row["agents"]: row for row in out["table"]}
    assert [round(rows[n]["p_wait"], 4) for n in (11, 12, 13, 14)] == [0.6821, 0.4494, 0.2853, 0.1741]
    # N ≤ A: ASA undefined → null in JSON
    assert rows[10]["asa_s"] is None and rows[10]["service_level"] == 0.0


def test_occupancy_cap_and_asa_only(capsys):
    out = run_json(capsys, "--max-occupancy", "0.7", "--shrinkage", "0.3")
    assert (out["agents_net"], out["agents_gross"]) == (15, 22)
    out = run_json(capsys, "--sl", "none", "--asa-s", "10")
    assert out["agents_net"] == 14


def test_patience_switches_to_erlang_a(capsys):
    out = run_json(capsys, "--patience-s", "60")
    assert out["model"] == "Erlang A (patience 60 s)"
    assert out["agents_net"] == 12 and 0 < out["abandon_rate"] < 1
    assert "abandon_rate" in out["table"][0]


def test_chat_concurrency(capsys):
    out = run_json(capsys, "--concurrency", "2")
    assert out["workload_erlangs"] == 5.0
    assert "chat ×2" in out["model"]


def test_text_output_marks_the_answer(capsys):
    assert main(BASE + ["--shrinkage", "0.3"]) == 0
    text = capsys.readouterr().out
    assert "Required agents: 14 net, 20 gross" in text
    assert "← required" in text and "—" in text  # the undefined ASA rows show a dash


@pytest.mark.parametrize(
    "extra, words",
    [
        (["--sl", "80"], "PERCENT/SECONDS"),
        (["--max-occupancy", "85"], "above 1"),
        (["--shrinkage", "30"], "above 1"),
        (["--patience-s", "0"], "patience"),
        (["--concurrency", "0"], "concurrency"),
        (["--sl", "none"], "at least one"),
    ],
)
def test_bad_options_name_the_field(capsys, extra, words):
    assert main(BASE + extra) == 2
    assert words in capsys.readouterr().err


def test_negative_contacts_and_zero_aht(capsys):
    assert main(["erlang", "--contacts", "-5", "--interval-min", "30", "--aht-s", "180"]) == 2
    assert "contacts" in capsys.readouterr().err
    assert main(["erlang", "--contacts", "5", "--interval-min", "30", "--aht-s", "0"]) == 2
    assert "AHT" in capsys.readouterr().err


def test_zero_contacts(capsys):
    out = json.loads(_run(["erlang", "--contacts", "0", "--interval-min", "15", "--aht-s", "300", "--json"], capsys))
    assert (out["agents_net"], out["service_level"], out["asa_s"], out["occupancy"]) == (0, 1.0, 0.0, 0.0)


def _run(argv, capsys):
    assert main(argv) == 0
    return capsys.readouterr().out


def test_real_entry_point_in_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "wfm_desktop", *BASE, "--sl", "80/20", "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["agents_net"] == 14
    bad = subprocess.run([sys.executable, "-m", "wfm_desktop", *BASE, "--sl", "80/20", "--max-occupancy", "2"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "occupancy cap" in bad.stderr and "Traceback" not in bad.stderr


def test_multiply_convention_is_an_explicit_option(capsys):
    out = run_json(capsys, "--shrinkage", "0.3", "--convention", "multiply")
    assert (out["agents_net"], out["agents_gross"]) == (14, 19)
    assert "multiply convention" in out["method_note"]


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "erlang" in text and "staff" in text
