"""Run the CLI on the bundled sample and keep every output, to prove a refactor changes no number.

    python tools/output_snapshot.py OUTDIR          # write the outputs
    python tools/output_snapshot.py --compare A B   # compare two such folders cell by cell

Outputs: the sample history, a 28-day forecast (daily and intraday), `staff` on the intraday
forecast, `budget` on those requirements, `erlang`, a one-day `schedule`, and the `plan --sample`
workbook with a schedule and a budget. Workbooks are compared by every cell's value and formula,
except the Created timestamp.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

TEMPLATES = """name,start_earliest,start_latest,start_step_min,paid_length_min,breaks,weekdays,contract,min_count,max_count,cost_per_hour
Full 8h,07:00,13:30,30,480,break1 15 paid 1:30-2:30; lunch 30 unpaid 3:00-5:00; break2 15 paid 5:30-6:30,all,full,0,,20
Part 4h,07:00,18:00,60,240,,all,part,0,,22.5
"""


def run(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "shifts.csv").write_text(TEMPLATES)
    cli = [sys.executable, "-m", "wfm_desktop"]
    steps = [
        ["import", "--sample", "-o", "history.csv"],
        ["forecast", "history.csv", "--horizon-days", "28", "-o", "forecast.csv", "--intraday", "intervals.csv"],
        ["staff", "intervals.csv", "-o", "requirements.csv", "--sl", "80/20", "--shrinkage", "0.3"],
        ["budget", "requirements.csv", "-o", "budget.xlsx"],
        ["budget", "requirements.csv", "-o", "budget.csv"],
        ["erlang", "--contacts", "100", "--interval-min", "30", "--aht-s", "180", "--sl", "80/20", "--shrinkage", "0.3"],
        ["plan", "--sample", "-o", "plan.xlsx", "--horizon-days", "28"],
        ["plan", "--sample", "-o", "plan_full.xlsx", "--horizon-days", "14", "--templates", "shifts.csv",
         "--time-limit", "60", "--schedule-days", "1"],
    ]
    for args in steps:
        res = subprocess.run(cli + args + ["--force"] if args[0] not in ("erlang",) else cli + args,
                             cwd=out, capture_output=True, text=True)
        name = "_".join([args[0], args[args.index("-o") + 1] if "-o" in args else ""]).rstrip("_")
        (out / f"{name}.stdout.txt").write_text(res.stdout)
        (out / f"{name}.rc.txt").write_text(f"{res.returncode}\n{res.stderr if res.returncode else ''}")
        print(args[0], res.returncode, res.stderr.strip()[-300:] if res.returncode else "")
    # a one-day schedule of the staffed requirement
    import pandas as pd

    req = pd.read_csv(out / "requirements.csv", parse_dates=["start"])
    day = req[req["start"].dt.normalize() == req["start"].dt.normalize().min()]
    day = day.groupby("start", as_index=False)["agents_gross"].sum()
    day.to_csv(out / "day_requirement.csv", index=False)
    res = subprocess.run(cli + ["schedule", "day_requirement.csv", "--templates", "shifts.csv", "-o", "schedule.xlsx",
                                "--force", "--time-limit", "60", "--coverage-csv", "coverage.csv"],
                         cwd=out, capture_output=True, text=True)
    print("schedule", res.returncode, res.stderr.strip()[-300:] if res.returncode else "")
    (out / "schedule.rc.txt").write_text(f"{res.returncode}\n")


_TIMES = re.compile(r"(solved in|solve time|total|Created|created|import|staffing|schedule|export)[: ]+[0-9][^,;)]* s\b")


def _masked(value):
    """A cell's value with solve times and timestamps blanked (they differ between runs)."""
    if hasattr(value, "text"):  # an array formula
        return ("array", value.ref, value.text)
    return _TIMES.sub(r"\1 …", value) if isinstance(value, str) else value


def _cells(path: Path) -> dict:
    from openpyxl import load_workbook

    cells = {}
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells[(ws.title, c.coordinate)] = _masked(c.value)
    for name, dn in wb.defined_names.items():
        cells[("names", name)] = dn.attr_text
    return cells


def compare(a: Path, b: Path) -> int:
    diffs = 0
    files = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    for name in files:
        pa, pb = a / name, b / name
        if not pa.exists() or not pb.exists():
            print(f"{name}: only in one folder")
            diffs += 1
            continue
        if name.endswith(".xlsx"):
            ca, cb = _cells(pa), _cells(pb)
            bad = [k for k in ca.keys() | cb.keys() if ca.get(k) != cb.get(k)]
            bad = [k for k in bad if not (isinstance(ca.get(k), str) and "Created" in str(ca.get((k[0], "A" + k[1][1:]), "")))]
            bad = [k for k in bad if not str(ca.get(k, "")).startswith("Created") and not str(cb.get(k, "")).startswith("Created")]
            real = []
            for k in bad:
                label = ca.get((k[0], "A" + "".join(ch for ch in k[1] if ch.isdigit())))
                if isinstance(label, str) and ("time" in label.lower() or label.lower().startswith("created")):
                    continue
                real.append(k)
            print(f"{name}: {len(ca)} cells, {len(real)} differ")
            for k in sorted(real)[:10]:
                print("   ", k, repr(ca.get(k))[:80], "|", repr(cb.get(k))[:80])
            diffs += len(real)
        else:
            same = _masked(pa.read_text()) == _masked(pb.read_text())
            print(f"{name}: {'same' if same else 'DIFFERENT'}")
            diffs += 0 if same else 1
    print(f"{diffs} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    run(Path(sys.argv[1]))
