"""`wfm-desktop staff IN -o OUT`: requirements for every interval of a CSV or Excel table.

    wfm-desktop staff intervals.csv -o requirements.csv --sl 80/20 --shrinkage 0.3
    wfm-desktop staff history.xlsx -o req.xlsx --aht-s 240 --patience-s 90 --force

See :mod:`wfm_desktop.core.staffing.intervals` for the columns. Heavy modules load
only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from wfm_desktop.cli.erlang_cmd import add_target_options, service_target, warn_multiply

READABLE = (".csv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")
WRITABLE = (".csv", ".xlsx")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "staff",
        help="requirements for a table of intervals (CSV or Excel)",
        description="Net and gross agents, service level, ASA and occupancy for every row of an "
                    "interval table. Options give defaults for columns the table lacks.",
    )
    parser.add_argument("input", metavar="INTERVALS", help="CSV or Excel table of intervals")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output .csv or .xlsx")
    parser.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    parser.add_argument("--sheet", help="Excel sheet to read (default: the first)")
    parser.add_argument("--aht-s", type=float, metavar="S", help="AHT in seconds for rows without one")
    parser.add_argument("--interval-min", type=float, metavar="MIN",
                        help="interval length when there is no interval_min column (else inferred from 'start')")
    parser.add_argument("--response-h", type=float, metavar="H",
                        help="deferred work: response target in hours (spreads the work instead of Erlang C)")
    add_target_options(parser, for_table=True)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    return parser


def read_table(path: str, sheet: str | None = None):
    """Read a CSV or Excel interval table, with file-naming errors."""
    import pandas as pd

    from wfm_desktop.core.errors import WfmError

    ext = os.path.splitext(path)[1].lower()
    if not os.path.exists(path):
        raise WfmError(f"{path}: no such file")
    if ext not in READABLE:
        raise WfmError(f"{path}: cannot read {ext or 'files without an extension'}; use .csv or .xlsx")
    from wfm_desktop.core.importers.safe_read import read_user_file

    return read_user_file(path, _parse_table, sheet)


def _parse_table(path, sheet: str | None):
    """The table itself; runs in the reader child (see read_user_file)."""
    import pandas as pd

    from wfm_desktop.core.errors import WfmError

    ext = os.path.splitext(path)[1].lower()
    try:
        if ext in (".csv", ".txt"):
            return pd.read_csv(path, sep=None if ext == ".txt" else ",", engine="python" if ext == ".txt" else "c")
        return pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, engine="calamine")
    except WfmError:
        raise
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise WfmError(f"{path}: cannot be read as a table ({exc})") from exc


def write_table(frame, path: str, *, force: bool) -> None:
    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.core.files import write_atomic

    ext = os.path.splitext(path)[1].lower()
    if ext not in WRITABLE:
        raise WfmError(f"{path}: the output must end in .csv or .xlsx")
    from wfm_desktop.core import formula_safety

    if ext == ".csv":
        write_atomic(path, lambda tmp: formula_safety.write_csv(frame, tmp, index=False), force=force)
    else:
        write_atomic(path, lambda tmp: _write_xlsx(frame, tmp), force=force)


def _write_xlsx(frame, tmp) -> None:
    import pandas as pd

    from wfm_desktop.core import formula_safety

    with pd.ExcelWriter(tmp, engine="xlsxwriter",
                        engine_kwargs={"options": formula_safety.XLSXWRITER_OPTIONS}) as writer:
        frame.to_excel(writer, index=False, sheet_name="requirements")
        formula_safety.quote_xlsxwriter_text(writer, "requirements", frame)


def check_table_sizes(frame, where: str) -> None:
    """Bound the volumes before any Erlang table is built (1e12 contacts would exhaust memory)."""
    import pandas as pd

    from wfm_desktop.core import limits

    for column, high in (("contacts", limits.MAX_CONTACTS), ("aht_s", limits.MAX_AHT_S),
                         ("interval_min", limits.MAX_INTERVAL_MIN)):
        if column in frame.columns:
            values = pd.to_numeric(frame[column], errors="coerce")
            if values.notna().any():
                biggest = values.abs().max()
                limits.check_max(f"{where}, column {column!r}", biggest, high)


def _patience_from_table(frame, where: str):
    """The table with a ``patience_s`` per queue estimated from its own abandoned and waiting-time columns
    (a patience already written on a row wins)."""
    import pandas as pd

    from wfm_desktop.cli.patience_option import estimated
    from wfm_desktop.core.simulation.model import column_lookup

    cols = column_lookup(frame)
    queue = frame[cols["queue"]].astype(str) if "queue" in cols else pd.Series("all", index=frame.index)
    found = pd.Series(estimated(frame, sorted(queue.unique()), where=where), dtype=float)
    values = queue.map(found)
    frame = frame.copy()
    if "patience_s" in cols:
        values = pd.to_numeric(frame[cols["patience_s"]], errors="coerce").fillna(values)
        frame = frame.drop(columns=[cols["patience_s"]])
    frame["patience_s"] = values.to_numpy(dtype=float)
    return frame


def run(args) -> int:
    from wfm_desktop.cli.patience_option import HISTORY, number
    from wfm_desktop.core.files import check_not_source, check_output_path
    from wfm_desktop.core.staffing.intervals import staff_table
    from wfm_desktop.core.staffing.shrinkage import check_shrinkage
    from wfm_desktop.core.staffing.calculator import check_concurrency

    check_output_path(args.output, force=args.force)  # fail before the work, not after
    if os.path.abspath(args.output) == os.path.abspath(args.input):
        from wfm_desktop.core.errors import WfmError

        raise WfmError(f"{args.output}: the output would replace the input; choose another name")
    check_not_source(args.output, args.input)  # also through links
    warn_multiply(args, per_row=True)
    defaults = dict(
        aht_s=args.aht_s,
        interval_min=args.interval_min,
        target=service_target(args),
        shrinkage=check_shrinkage(args.shrinkage, "--shrinkage"),
        patience_s=number(args.patience_s),
        concurrency=check_concurrency(args.concurrency, "--concurrency"),
        response_h=args.response_h,
        convention=args.convention,
    )
    for name, value in (("--aht-s", args.aht_s), ("--interval-min", args.interval_min),
                        ("--patience-s", number(args.patience_s)), ("--response-h", args.response_h)):
        if value is not None and not value > 0:
            from wfm_desktop.core.errors import WfmError

            raise WfmError(f"{name}: {value!r} must be greater than 0")
    frame = read_table(args.input, args.sheet)
    check_table_sizes(frame, args.input)
    if args.patience_s == HISTORY:
        frame = _patience_from_table(frame, args.input)
    result, notes = staff_table(frame, **defaults, source=args.input)
    write_table(result, args.output, force=args.force)
    summary = {
        "output": args.output,
        "rows": int(len(result)),
        "peak_agents_net": int(result["agents_net"].max()),
        "peak_agents_gross": int(result["agents_gross"].max()),
    }
    if args.json:
        print(json.dumps({**summary, **({"notes": list(notes)} if notes else {})}))
    else:
        print(f"wrote {args.output}: {summary['rows']} rows, peak {summary['peak_agents_net']} net / "
              f"{summary['peak_agents_gross']} gross agents", file=sys.stdout)
        for note in notes:
            print(f"  {note}")
    return 0
