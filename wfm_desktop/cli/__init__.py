"""The command line: `wfm-desktop SUBCOMMAND ...` runs the core headless.

With no sub-command it opens the GUI. Each sub-command lives in its own module
``wfm_desktop/cli/<name>_cmd.py`` with two functions:

* ``add_parser(subparsers)`` — declare the sub-command and its options;
* ``run(args) -> int`` — do the work, return the exit code.

Planner errors (:class:`~wfm_desktop.core.errors.WfmError`) are printed to
stderr without a traceback and give exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from wfm_desktop import __version__
from wfm_desktop.core.errors import Cancelled, WfmError
from wfm_desktop.startup import prepare_process

# Sub-commands in the order `--help` lists them; each names a module in this package. Every one is
# imported to build the parser, so a command module imports the heavy core modules it runs (pandas
# engines, scipy, the solver) inside its run function: `--help` and the other commands stay fast.
COMMANDS: tuple[str, ...] = (
    "import",
    "forecast",
    "accuracy",
    "erlang",
    "staff",
    "plan",
    "schedule",
    "budget",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wfm-desktop",
        description="Workforce planning for contact centres. Without a sub-command, opens the GUI.",
    )
    parser.add_argument("--version", action="version", version=f"wfm-desktop {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="plan, schedule, budget and export the bundled sample, check the workbook, exit 0 "
                             "when everything works (no screen needed)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"wfm_desktop.cli.{name}_cmd")
        sub = module.add_parser(subparsers)
        sub.set_defaults(_run=module.run)
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
    parser = build_parser()
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
    except Cancelled:
        print(f"wfm-desktop {args.command}: cancelled", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(f"wfm-desktop {args.command}: interrupted", file=sys.stderr)
        return 130
