"""The real entry points start: `python -m wfm_desktop`, `--help`, `--version`."""

import subprocess
import sys

from tests.conftest import REPO
from wfm_desktop import __version__
from wfm_desktop.cli import COMMANDS, main


def _run(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "wfm_desktop", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


def test_module_entry_point_prints_version():
    result = _run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_help_lists_every_subcommand(capsys):
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


def test_unknown_subcommand_fails_with_usage():
    result = _run("no-such-command")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
