"""The command line: `wfm-desktop SUBCOMMAND ...` runs the core headless.

With no sub-command it opens the GUI. Each sub-command lives in its own module
``wfm_desktop/cli/<name>_cmd.py`` with two functions:

* ``add_parser(subparsers)`` — declare the sub-command and its options;
* ``run(args) -> int`` — do the work, return the exit code.

:data:`COMMANDS` lists them with their one-line summaries; a command's module is imported
only when that command runs, so ``--version`` and ``--help`` answer at once.

Planner errors (:class:`~wfm_desktop.core.errors.WfmError`) are printed to
stderr without a traceback and give exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Iterable

from wfm_desktop import __version__
from wfm_desktop.core.errors import Cancelled, WfmError
from wfm_desktop.startup import prepare_process

# Sub-commands in the order `--help` lists them, each naming a module in this package, with the
# one-line summary `--help` shows (the module's own help text; a test keeps the two equal). The
# summaries are here so that `--help` and `--version` import no sub-command module, and so no pandas;
# a command module imports the heavy core modules it runs inside its run function, so running one
# command does not import what the others need.
COMMANDS: dict[str, str] = {
    "import": "import historical volumes (xlsx, xls, ods, csv) into a canonical history CSV",
    "forecast": "forecast daily contacts, intraday shape and handle time",
    "accuracy": "compare a forecast (CSV, or a plan's snapshot) with actuals (WAPE and bias by month, week, day, interval)",
    "reforecast": "add new actuals to a plan's history and forecast again from the day after them",
    "erlang": "required agents for one interval (Erlang C, Erlang A, chat)",
    "staff": "requirements for a table of intervals (CSV or Excel)",
    "simulate": "simulate a requirement (or schedule) to check its service level",
    "plan": "history file in, intraday staffing plan out (Excel workbook)",
    "schedule": "choose the shifts that cover a requirement (and roster them to agents)",
    "budget": "capacity (hiring) plan and monthly budget from required FTE or interval requirements",
    "export": "saved plan (.wfmplan) in, plan workbook (Excel) out",
    "scenarios": "whole-plan scenarios side by side, and the automation business case",
}


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; only the sub-commands in `commands` (None: all) import their module.

    The others are listed with their summary and no options, enough for `--help` and for an
    unknown command's "invalid choice" message.
    """
    wanted = set(COMMANDS if commands is None else commands)
    parser = argparse.ArgumentParser(
        prog="wfm-desktop",
        description="Workforce planning for contact centres. Without a sub-command, opens the GUI.",
    )
    parser.add_argument("--version", action="version", version=f"wfm-desktop {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="plan, schedule, budget and export the bundled sample, check the workbook, exit 0 "
                             "when everything works (no screen needed)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in COMMANDS.items():
        if name in wanted:
            module = importlib.import_module(f"wfm_desktop.cli.{name}_cmd")
            sub = module.add_parser(subparsers)
            sub.set_defaults(_run=module.run)
        else:
            subparsers.add_parser(name, help=summary, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `wfm-desktop` console script."""
    prepare_process()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0].lower().endswith(".wfmplan") or argv[0] == "--quit-after-ms":
        # `wfm-desktop` alone, or `wfm-desktop PLAN.wfmplan` (how a file association starts it), or the
        # GUI's smoke-check option `wfm-desktop --quit-after-ms MS`: the GUI (Qt loads only here).
        from wfm_desktop.gui.app import main as gui_main

        return gui_main(argv)
    chosen = next((a for a in argv if not a.startswith("-")), None)  # the sub-command, if any
    parser = build_parser([chosen] if chosen in COMMANDS else [])
    args = parser.parse_args(argv)
    if args.self_test:
        if args.command is not None:
            parser.error("--self-test takes no sub-command")
        from wfm_desktop.selftest import run_self_test  # the whole pipeline: loaded only for --self-test

        return run_self_test()
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 0
    try:
        return int(args._run(args) or 0)
    except WfmError as exc:
        print(f"wfm-desktop {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # unreadable input, read-only or full folder, a locked file: one line, no traceback
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"wfm-desktop {args.command}: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except MemoryError:
        print(f"wfm-desktop {args.command}: error: out of memory; the input is too large for this computer",
              file=sys.stderr)
        return 2
    except Cancelled:
        print(f"wfm-desktop {args.command}: cancelled", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(f"wfm-desktop {args.command}: interrupted", file=sys.stderr)
        return 130
