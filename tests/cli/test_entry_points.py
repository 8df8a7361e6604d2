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


HEAVY = ("pandas", "numpy", "scipy", "matplotlib", "PySide6", "openpyxl")


def test_version_and_help_import_no_pandas():
    """`--version` and `--help` answer without loading the sub-commands' libraries (they are slow to import)."""
    for option in ("--version", "--help"):
        probe = ("import sys\nfrom wfm_desktop.cli import main\ntry:\n    main([%r])\nexcept SystemExit:\n    pass\n"
                 "print('LOADED', sorted(m for m in %r if m in sys.modules))" % (option, HEAVY))
        result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "LOADED []", (option, result.stdout)


def test_help_summaries_are_the_subcommands_own():
    """The summaries `--help` lists without importing a command are the ones each command declares."""
    from wfm_desktop.cli import build_parser

    actions = build_parser()._subparsers._group_actions[0]._choices_actions
    assert {action.dest: action.help for action in actions} == COMMANDS


def test_a_subcommand_still_has_its_own_options(capsys):
    try:
        main(["erlang", "--help"])
    except SystemExit as exc:
        assert exc.code == 0
    assert "--aht" in capsys.readouterr().out
