"""`wfm-desktop import INPUT -o HISTORY.csv`: read a history file into the canonical CSV.

Prints the validation report to stdout, writes the canonical history
(``queue,start,interval_min,offered,aht_s[,handled,abandoned]``) and exits
non-zero when the file has errors (the report says where).
"""

from __future__ import annotations

import argparse
import sys

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.history.sample import sample_history_path
from wfm_desktop.core.importers import ImportFailed, format_report, import_history, write_history_csv
from wfm_desktop.core.importers.mapping import ColumnMapping


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "import",
        help="import historical volumes (xlsx, xls, ods, csv) into a canonical history CSV",
        description="Read historical contact volumes from a spreadsheet or CSV export, check them, and write "
                    "the canonical history CSV (queue,start,interval_min,offered,aht_s[,handled,abandoned]). "
                    "The validation report goes to stdout; the exit code is 2 when the file has errors.",
        epilog='examples:\n  wfm-desktop import calls.xlsx --interval-min 30 -o history.csv\n'
               '  wfm-desktop import export.csv --map offered="Calls Offered" --map date=Day -o history.csv\n'
               "  wfm-desktop import --sample -o sample.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", nargs="?", metavar="INPUT",
                        help="the file to import (.xlsx .xlsm .xls .ods .csv .txt .html, or .csv.gz)")
    parser.add_argument("--sample", action="store_true", help="import the bundled sample history instead of INPUT")
    parser.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: detected)")
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                        help="say which column holds a field, e.g. offered=\"Calls Offered\" (repeatable); "
                             "fields: timestamp date time queue offered handled abandoned aht talk hold wrap, "
                             "and layout= header_row= aht_unit=s|min queue_name= duplicates=sum|reject "
                             "timezone=Area/City (see docs/importing.md)")
    parser.add_argument("--interval-min", type=int, choices=(15, 30, 60), metavar="15|30|60",
                        help="roll the history up to this planning interval (minutes)")
    parser.add_argument("-o", "--output", required=True, metavar="HISTORY.csv", help="the canonical history to write")
    parser.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.sample == bool(args.input):
        raise WfmError("give either INPUT or --sample (not both, not neither)")
    if args.sample:
        source = sample_history_path()
    else:
        source = args.input
    from wfm_desktop.core.files import check_not_source, check_output_path

    check_output_path(args.output, force=args.force)  # before the import, not after it
    check_not_source(args.output, source)
    mapping = ColumnMapping.from_pairs(args.map) if args.map else None
    try:
        result = import_history(source, sheet=args.sheet, mapping=mapping, interval_min=args.interval_min)
    except ImportFailed as exc:
        print(format_report(exc.findings))
        raise
    history = result.history
    print(result.report())
    print(f"mapping: {result.mapping.describe()}")
    if result.mapping.to_pairs():
        print("to repeat: " + " ".join(f'--map "{p}"' for p in result.mapping.to_pairs()
                                      if not p.startswith(("layout=", "header_row=", "report_date="))))
    write_history_csv(history, args.output, force=args.force)
    days = history.frame["start"].dt.normalize()
    print(f"wrote {args.output}: {len(history.frame):,} rows, {len(history.queues)} queue(s) "
          f"({', '.join(history.queues)}), {history.interval_min}-minute intervals"
          f"{' (daily totals)' if history.is_daily else ''}, {days.min():%Y-%m-%d} to {days.max():%Y-%m-%d}",
          file=sys.stdout)
    return 0
