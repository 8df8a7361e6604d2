"""Scenarios in short text: the command line's ``NAME:key=value,…`` and planned hires as text.

    parse_scenario("Busy:volume=+10%,aht=-5,sl=0.85")
    parse_hires("2027-03-01 8; 2027-05-03 5")

What a scenario is and does: :mod:`.scenarios`.
"""

from __future__ import annotations

import re

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.plan.scenarios import Scenario

def parse_hires(text: str | None) -> tuple[dict, ...]:
    """"2027-03-01 8; 2027-05-03 5" (or "8@2027-03-01>5@2027-05-03") → planned classes, by start date."""
    out = []
    for number, item in enumerate(filter(None, (p.strip() for p in re.split(r"[;>]", str(text or "")))), start=1):
        parts = item.replace("@", " ").split()
        if len(parts) != 2:
            raise WfmError(f"extra hires, entry {number} ({item!r}): give a start date and a count, e.g. 2027-03-01 8")
        first, second = parts
        day, count = (first, second) if "-" in first else (second, first)
        try:
            out.append({"start": f"{pd.Timestamp(day):%Y-%m-%d}", "count": int(count)})
        except (ValueError, TypeError):
            raise WfmError(f"extra hires, entry {number} ({item!r}): give a start date (YYYY-MM-DD) and a whole "
                           "count") from None
    return tuple(sorted(out, key=lambda h: h["start"]))


def hires_text(hires) -> str:
    return "; ".join(f"{h['start']} {h['count']}" for h in hires)

_SPEC_KEYS = {
    "volume": "volume", "aht": "aht", "sl": "sl", "answer": "answer_s", "asa": "asa_s", "occupancy": "max_occupancy",
    "shrinkage": "shrinkage", "wage": "wage_pct", "wages": "wage_pct", "attrition": "attrition_month",
    "deflection": "deflection", "licence": "licence_month", "license": "licence_month",
    "implementation": "implementation", "hires": "hires",
}


def _fraction(text: str, *, signed: bool = False) -> float:
    """"+10%" → 0.1, "0.85" → 0.85, "85" (with signed False and > 1) → 0.85."""
    text = text.strip()
    if text.endswith("%"):
        return float(text[:-1]) / 100.0
    value = float(text)
    return value if signed or value <= 1.0 else value / 100.0


def parse_scenario(spec: str) -> Scenario:
    """``NAME:volume=+10%,aht=-5,sl=0.85`` → a :class:`Scenario` (the ``--scenario`` option).

    ``aht=-5`` changes the AHT by seconds, ``aht=-5%`` by a percentage; ``sl=85/20`` sets both service
    targets; ``deflection=5%>10%>15%`` is a ramp by month; ``hires=8@2027-03-01>5@2027-05-03`` adds
    hiring classes; ``licence`` and ``implementation`` are amounts. Fractions may be written as 0.85 or 85%.
    """
    name, sep, rest = str(spec).partition(":")
    if not sep or not name.strip():
        raise WfmError(f"--scenario {spec!r}: write NAME:key=value,... e.g. Busy:volume=+10%,aht=-5,sl=0.85")
    values: dict[str, Any] = {}
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, text = item.partition("=")
        field_name = _SPEC_KEYS.get(key.strip().lower())
        if not eq or field_name is None:
            raise WfmError(f"--scenario {name}: {item!r} is not key=value with a key among "
                           f"{', '.join(sorted(set(_SPEC_KEYS)))}")
        try:
            if field_name == "aht":
                if text.strip().endswith("%"):
                    values["aht_pct"] = _fraction(text, signed=True)
                else:
                    values["aht_s"] = float(text.replace("s", ""))
            elif field_name == "sl" and "/" in text:
                sl, answer = text.split("/", 1)
                values["sl"], values["answer_s"] = _fraction(sl), float(answer)
            elif field_name in ("volume", "wage_pct"):
                values[field_name] = _fraction(text, signed=True)
            elif field_name == "hires":
                values["hires"] = parse_hires(text)
            elif field_name == "deflection":
                values["deflection"] = tuple(_fraction(t) for t in re.split(r"[>;/ ]+", text.strip()) if t)
            elif field_name in ("answer_s", "asa_s", "licence_month", "implementation"):
                values[field_name] = float(text.replace("_", ""))
            else:
                values[field_name] = _fraction(text)
        except ValueError:
            raise WfmError(f"--scenario {name}: {item!r}: {text!r} is not a number") from None
    return Scenario(name=name.strip(), **values)
