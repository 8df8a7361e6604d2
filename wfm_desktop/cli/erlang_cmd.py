"""`wfm-desktop erlang`: required agents for one interval, with a table of N around it.

    wfm-desktop erlang --contacts 100 --interval-min 30 --aht-s 180 --sl 80/20 --shrinkage 0.3
    wfm-desktop erlang --contacts 100 --interval-min 30 --aht-s 180 --patience-s 60 --json

Heavy modules (numpy, pandas, scipy) load only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import math


def add_target_options(parser: argparse.ArgumentParser, *, for_table: bool = False) -> None:
    """Options shared with `staff` (there they are defaults for absent columns)."""
    suffix = " (default for rows without the column)" if for_table else ""
    parser.add_argument("--sl", default="80/20", metavar="PCT/SEC",
                        help="service-level target, e.g. 80/20 = 80%% answered within 20 s; 'none' for no SL target"
                             + suffix + " [80/20]")
    parser.add_argument("--asa-s", type=float, metavar="S", help="ASA ceiling in seconds" + suffix)
    parser.add_argument("--max-occupancy", type=float, metavar="F", help="occupancy cap, a fraction such as 0.85" + suffix)
    parser.add_argument("--shrinkage", type=float, default=0.0, metavar="F",
                        help="shrinkage, a fraction of paid time such as 0.3" + suffix + " [0]")
    if for_table:  # `staff`: a number, or each queue's patience estimated from the table's own history columns
        from wfm_desktop.cli.patience_option import HELP, patience_value

        parser.add_argument("--patience-s", type=patience_value, metavar="S|history", help=HELP + suffix)
    else:
        parser.add_argument("--patience-s", type=float, metavar="S",
                            help="mean caller patience in seconds: use Erlang A (callers abandon)" + suffix)
    parser.add_argument("--concurrency", type=int, default=1, metavar="K",
                        help="chats an agent handles at once; > 1 uses the chat model (AHT ÷ K per chat)" + suffix + " [1]")
    parser.add_argument("--convention", choices=("divide", "multiply"), default="divide",
                        help="gross = net ÷ (1 − shrinkage) [divide, correct], or net × (1 + shrinkage) [multiply]")


def warn_multiply(args, net: int | None = None, *, per_row: bool = False) -> None:
    """On stderr: the multiply convention understates the staff (said whenever it is chosen with shrinkage;
    `per_row`: the shrinkage may also come from the rows of a table)."""
    import sys

    if getattr(args, "convention", "divide") != "multiply" or not (args.shrinkage or per_row):
        return
    s = float(args.shrinkage or 0)
    shown = f"{s:g}" if s else "shrinkage"
    text = (f"warning: --convention multiply: gross = net × (1 + {shown}) understates the staff. Shrinkage is a "
            f"share of paid time, so only (1 − {shown}) of the paid agents are available: the default "
            f"(divide) grosses up with net ÷ (1 − {shown}).")
    if net is not None and 0 < s < 1:
        from wfm_desktop.core.staffing.shrinkage import DIVIDE, MULTIPLY, gross_agents

        multiply, divide = int(gross_agents(net, s, MULTIPLY)), int(gross_agents(net, s, DIVIDE))
        text += (f" Here {net} net agents give {multiply} by multiplying, of whom {multiply * (1 - s):.1f} are "
                 f"available (fewer than {net}); dividing gives {divide}.")
    print(text, file=sys.stderr)


def service_target(args):
    """The ServiceTarget the options describe."""
    from wfm_desktop.core.staffing.erlang import ServiceTarget

    if str(args.sl).strip().lower() in ("none", "off", "-"):
        sl, answer = None, 20.0
    else:
        sl, answer = ServiceTarget.parse_sl(args.sl)
    return ServiceTarget(sl=sl, answer_s=answer, asa_s=args.asa_s, max_occupancy=args.max_occupancy)


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "erlang",
        help="required agents for one interval (Erlang C, Erlang A, chat)",
        description="Required net and gross agents for one interval, with service level, ASA and "
                    "occupancy for a range of agents around the answer.",
    )
    parser.add_argument("--contacts", type=float, required=True, help="contacts offered in the interval")
    parser.add_argument("--interval-min", type=float, required=True, metavar="MIN", help="interval length, minutes")
    parser.add_argument("--aht-s", type=float, required=True, metavar="S", help="average handle time, seconds")
    add_target_options(parser)
    parser.add_argument("--span", type=int, default=6, metavar="N", help="rows either side of the answer in the table [6]")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return parser


def _clean(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def result_json(result) -> dict:
    """The result as plain JSON types; undefined values (ASA at N ≤ A) are null."""
    table = [{k: _clean(v) for k, v in row.items()} for row in result.table.to_dict(orient="records")]
    return {
        "workload_erlangs": _clean(result.workload_erlangs),
        "agents_net": result.agents_net,
        "agents_gross": result.agents_gross,
        "service_level": _clean(result.service_level),
        "asa_s": _clean(result.asa_s),
        "occupancy": _clean(result.occupancy),
        "abandon_rate": _clean(result.abandon_rate),
        "model": result.model,
        "method_note": result.method_note,
        "table": table,
    }


def _fmt(value, pattern: str) -> str:
    return "—" if value is None or (isinstance(value, float) and not math.isfinite(value)) else format(value, pattern)


def result_text(result, shrinkage: float) -> str:
    lines = [
        f"Model: {result.model}",
        f"Workload: {result.workload_erlangs:.2f} Erlangs",
        f"Required agents: {result.agents_net} net, {result.agents_gross} gross (shrinkage {shrinkage:.0%})",
        f"At {result.agents_net} agents: service level {_fmt(result.service_level, '.1%')}, "
        f"ASA {_fmt(result.asa_s, '.1f')} s, occupancy {_fmt(result.occupancy, '.1%')}"
        + (f", abandoned {result.abandon_rate:.1%}" if result.abandon_rate is not None else ""),
        result.method_note,
        "",
    ]
    has_ab = "abandon_rate" in result.table.columns
    header = f"{'agents':>6}  {'P(wait)':>7}  {'SL':>6}  {'ASA (s)':>8}  {'occupancy':>9}"
    header += f"  {'abandoned':>9}" if has_ab else ""
    lines.append(header + "  meets target")
    for row in result.table.itertuples(index=False):
        line = (f"{row.agents:>6d}  {row.p_wait:>7.4f}  {row.service_level:>6.4f}  {_fmt(row.asa_s, '8.2f'):>8}  "
                f"{_fmt(row.occupancy, '9.4f'):>9}")
        if has_ab:
            line += f"  {row.abandon_rate:>9.4f}"
        line += "  " + ("yes" if row.meets_target else "no")
        if row.agents == result.agents_net:
            line += "   ← required"
        lines.append(line)
    return "\n".join(lines)


def run(args) -> int:
    from wfm_desktop.core import limits
    from wfm_desktop.core.staffing.calculator import IntervalInputs, calculate_interval

    limits.check_workload(args.contacts, args.aht_s, args.interval_min, "--contacts × --aht-s ÷ --interval-min")
    limits.check_max("--span", args.span, limits.MAX_SPAN)
    limits.check_max("--concurrency", args.concurrency, 100)
    limits.check_max("--patience-s", args.patience_s, limits.MAX_AHT_S, unit="s")
    limits.check_max("--asa-s", args.asa_s, limits.MAX_AHT_S, unit="s")

    inputs = IntervalInputs(
        contacts=args.contacts,
        interval_min=args.interval_min,
        aht_s=args.aht_s,
        target=service_target(args),
        shrinkage=args.shrinkage,
        patience_s=args.patience_s,
        concurrency=args.concurrency,
        convention=args.convention,
    )
    if args.span < 0:
        from wfm_desktop.core.errors import WfmError

        raise WfmError(f"--span: {args.span} must be 0 or more")
    result = calculate_interval(inputs, span=args.span)
    warn_multiply(args, result.agents_net)
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False, allow_nan=False))
    else:
        print(result_text(result, inputs.shrinkage))
    return 0
