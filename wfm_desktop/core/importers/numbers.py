"""Numbers written as text, read as written: the decimal separator per cell and per column.

A cell is unambiguous when its shape says which mark is the decimal one:
``12,5`` and ``1.234,5`` use a decimal comma; ``12.5``, ``1,234.5`` and
``1,234,567`` a decimal point. ``1,234`` and ``1.234`` are ambiguous (a
thousand, or a number just over one). A column is read with the separator its
unambiguous cells use; ambiguous cells follow the column, or — when the column
gives no evidence — the file (a text file's sniffed separator; "." in
workbooks), and the importer says so in a finding. Commas are never simply
deleted. "nan", "inf" and the like are not numbers.

>>> number_from_text("12,5", comma_decimal=False), number_from_text("1.234,5", comma_decimal=False)
(12.5, 1234.5)
>>> number_from_text("1,234", comma_decimal=False), number_from_text("1,234", comma_decimal=True)
(1234.0, 1.234)
"""

from __future__ import annotations

import math
import re

import pandas as pd

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_COMMA_DECIMAL = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d*),\d+")     # 12,5  1.234,5  ,5
_POINT_DECIMAL = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d*)\.\d+")     # 12.5  1,234.5  .5
_COMMA_GROUPS = re.compile(r"[+-]?\d{1,3}(,\d{3})+")                 # 1,234  1,234,567
_DOT_GROUPS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")                  # 1.234  1.234.567
_OTHER_GROUPS = re.compile(r"[+-]?\d+(,\d{2,3})+")                   # 1,23,456 (lakh grouping)
NOT_NUMBERS = frozenset({"nan", "inf", "infinity", "-inf", "+inf", "-infinity", "+infinity", "-nan", "+nan"})


def clean(text: str) -> str:
    """The cell without spaces, apostrophes (Swiss thousands) and a trailing %."""
    return _SPACES.sub("", text).removesuffix("%")


def evidence(text: str) -> str:
    """"comma", "point", "ambiguous" or "" (no separator, or not a number) for one text cell."""
    t = clean(text)
    if _DOT_GROUPS.fullmatch(t) or _COMMA_GROUPS.fullmatch(t):
        if t.count(".") + t.count(",") > 1:  # 1.234.567 / 1,234,567: the mark is a thousands separator
            return "comma" if "." in t else "point"
        return "ambiguous"
    if _COMMA_DECIMAL.fullmatch(t):
        return "comma"
    if _POINT_DECIMAL.fullmatch(t):
        return "point"
    return ""


def number_from_text(text: str, *, comma_decimal: bool) -> float:
    """The number a text cell holds (NaN when it holds none); `comma_decimal` settles ambiguous cells."""
    t = clean(text)
    if t.lower() in NOT_NUMBERS:
        return math.nan
    kind = evidence(t)
    if kind == "ambiguous":
        kind = "comma" if comma_decimal else "point"
        if (kind == "comma") == ("." in t):  # the single mark is the thousands separator
            t = t.replace(".", "").replace(",", "")
    if kind == "comma":
        t = t.replace(".", "").replace(",", ".")
    elif kind == "point" or _OTHER_GROUPS.fullmatch(t):
        t = t.replace(",", "")
    try:
        value = float(t)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def column_decimal(values: pd.Series, default_comma: bool, forced: str | None = None) -> tuple[bool, str | None]:
    """(read with a decimal comma?, a note for the report or None) for one column's text cells.

    `forced` ("," or ".") is the planner's choice (``--map decimal=,``) and wins.
    """
    if forced is not None:
        return forced == ",", None
    texts = [v for v in pd.unique(values[values.map(type) == str]) if v.strip()] if len(values) else []
    counts = {"comma": [], "point": [], "ambiguous": []}
    for text in texts[:100_000]:
        kind = evidence(text)
        if kind:
            counts[kind].append(text)
    comma, point, ambiguous = counts["comma"], counts["point"], counts["ambiguous"]
    if comma and not point:
        return True, None
    if point and not comma:
        return False, None
    how = "a decimal comma" if default_comma else "a decimal point"
    if comma and point:
        return default_comma, (f'mixes decimal commas ("{comma[0]}") and decimal points ("{point[0]}"); each '
                               f"such cell was read as written, others with {how}")
    if ambiguous:
        example = ambiguous[0]
        value = number_from_text(example, comma_decimal=default_comma)
        return default_comma, (f'values such as "{example}" can be read two ways; read with {how} '
                               f"(\"{example}\" = {value:g})")
    return default_comma, None
