"""The cost model's inputs: sites and vendors, licences, one-off costs, training, capacity.

Everything a budget needs besides the required hours lives in one
:class:`BudgetInputs`. Every number has a visible default (:data:`DEFAULTS`
lists each with where it comes from) and every one can be changed; money is
in the currency the planner names (an ISO code such as ``USD`` or ``EUR``).

Files (formats with examples in docs/budget.md):

* sites CSV — one row per site or vendor:
  ``name,kind,share,hourly_wage,overhead,rate,rate_unit,licences``;
* budget JSON — everything else: currency, contracted week, licences,
  implementation costs, training and the capacity plan's settings.

Errors name the file, the row and the column, and the value.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from wfm_desktop.core.budget.capacity import CapacitySettings, Hire
from wfm_desktop.core.formula_safety import escape, unescape
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import write_atomic

SITE_KINDS = ("in-house", "outsourced")
RATE_UNITS = ("hour", "minute", "contact", "agent_month")
LICENCE_BASES = ("agent", "month")
SITE_COLUMNS = ("name", "kind", "share", "hourly_wage", "overhead", "rate", "rate_unit", "licences")
SCHEMA = "wfm_desktop.budget"
SCHEMA_VERSION = 1

# name: (default, why) — shown in docs/budget.md and as GUI tooltips.
DEFAULTS: dict[str, tuple[object, str]] = {
    "currency": ("USD", "the planner's currency, an ISO 4217 code; nothing is converted"),
    "contract_hours_week": (40.0, "a full-time contract; use 37.5 or 35 where that is the norm"),
    "hourly_wage": (20.0, "about the US median for customer service representatives (≈ $19–20/h)"),
    "overhead": (0.30, "payroll taxes, benefits and paid leave on top of wages; in-house teams run 25–40 %"),
    "licence_platform": (120.0, "contact-centre platform (CCaaS) seat: $75–200 per agent-month"),
    "licence_crm": (60.0, "CRM seat: $25–150 per agent-month"),
    "licence_qa": (25.0, "QA / knowledge-base tools: $10–40 per agent-month"),
    "trainer_cost_per_hire": (600.0, "a trainer at ~$30/h for a 6-week class of ~12 hires ≈ $600 a hire"),
    "training_weeks": (6.0, "onboarding classroom weeks at 0 % productivity; typical 4–8"),
    "nesting_weeks": (4.0, "supervised weeks on the floor after training; typical 2–6"),
    "nesting_productivity": (0.5, "output of a nesting agent relative to a tenured one"),
    "starting_headcount": (None, "empty = the first period's required FTE: the centre is staffed to plan today"),
    "attrition_month": (0.03, "3 % a month ≈ 31 % a year; contact centres commonly see 30–45 % a year"),
    "lead_time_weeks": (6.0, "weeks from opening a requisition to a class starting (time to fill)"),
    "min_class_size": (1, "smallest hiring class worth running; raise it to batch hires"),
}


def default(name: str):
    return DEFAULTS[name][0]


@dataclass(frozen=True)
class Site:
    """A site or vendor and its share of the paid hours.

    In-house sites cost ``hourly_wage × (1 + overhead)`` per paid hour.
    Outsourced vendors cost ``rate`` per ``rate_unit``: per paid hour, per
    handled minute, per contact, or per agent-month (an FTE for a full month).
    ``licences`` says whether we pay the per-agent licences for its agents
    (yes for in-house, usually no for vendors, who bring their own tools).
    """

    name: str
    share: float
    kind: str = "in-house"
    hourly_wage: float = 20.0
    overhead: float = 0.30
    rate: float = 0.0
    rate_unit: str = "hour"
    licences: bool | None = None

    def __post_init__(self) -> None:
        where = f"site '{self.name}'"
        if not str(self.name).strip():
            raise WfmError("site: the name is empty")
        if self.kind not in SITE_KINDS:
            raise WfmError(f"{where}: kind '{self.kind}' must be 'in-house' or 'outsourced'")
        _fraction(self.share, f"{where}: share")
        if self.hourly_wage < 0 or not math.isfinite(self.hourly_wage):
            raise WfmError(f"{where}: hourly_wage {self.hourly_wage:g} must be ≥ 0")
        _fraction(self.overhead, f"{where}: overhead", high=5.0)
        if self.rate_unit not in RATE_UNITS:
            raise WfmError(f"{where}: rate_unit '{self.rate_unit}' must be one of {', '.join(RATE_UNITS)}")
        if self.rate < 0 or not math.isfinite(self.rate):
            raise WfmError(f"{where}: rate {self.rate:g} must be ≥ 0")
        if self.licences is None:
            object.__setattr__(self, "licences", self.kind == "in-house")

    @property
    def in_house(self) -> bool:
        return self.kind == "in-house"


@dataclass(frozen=True)
class Licence:
    """A recurring technology cost: ``amount`` per agent-month or a flat amount per month."""

    name: str
    amount: float
    per: str = "agent"

    def __post_init__(self) -> None:
        if self.per not in LICENCE_BASES:
            raise WfmError(f"licence '{self.name}': per '{self.per}' must be 'agent' or 'month'")
        if self.amount < 0 or not math.isfinite(self.amount):
            raise WfmError(f"licence '{self.name}': amount {self.amount:g} must be ≥ 0")


@dataclass(frozen=True)
class OneOff:
    """A one-off implementation cost charged in ``month`` (any date in it)."""

    name: str
    amount: float
    month: pd.Timestamp

    def __post_init__(self) -> None:
        try:
            month = pd.Timestamp(self.month).to_period("M").to_timestamp()
        except (ValueError, TypeError) as exc:
            raise WfmError(f"implementation cost '{self.name}': month '{self.month}' is not a date like 2027-01") from exc
        object.__setattr__(self, "month", month)
        if self.amount < 0 or not math.isfinite(self.amount):
            raise WfmError(f"implementation cost '{self.name}': amount {self.amount:g} must be ≥ 0")


def default_sites() -> tuple[Site, ...]:
    return (Site("In-house", 1.0, "in-house", default("hourly_wage"), default("overhead")),)


def default_licences() -> tuple[Licence, ...]:
    return (
        Licence("Contact-centre platform", default("licence_platform")),
        Licence("CRM", default("licence_crm")),
        Licence("QA / knowledge", default("licence_qa")),
    )


def default_capacity() -> CapacitySettings:
    return CapacitySettings(
        attrition_month=default("attrition_month"),
        training_weeks=default("training_weeks"),
        nesting_weeks=default("nesting_weeks"),
        nesting_productivity=default("nesting_productivity"),
        lead_time_weeks=default("lead_time_weeks"),
        min_class_size=default("min_class_size"),
    )


@dataclass(frozen=True)
class BudgetInputs:
    """Every input of the budget and the capacity plan except the required hours."""

    sites: tuple[Site, ...] = field(default_factory=default_sites)
    currency: str = "USD"
    contract_hours_week: float = 40.0
    licences: tuple[Licence, ...] = field(default_factory=default_licences)
    implementation: tuple[OneOff, ...] = ()
    trainer_cost_per_hire: float = 600.0
    capacity: CapacitySettings = field(default_factory=default_capacity)

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z]{3}", str(self.currency)):
            raise WfmError(f"currency: '{self.currency}' must be a three-letter code such as USD, EUR or GBP")
        if not 0 < self.contract_hours_week <= 80:
            raise WfmError(f"contract_hours_week: {self.contract_hours_week:g} must be above 0 and at most 80")
        if self.trainer_cost_per_hire < 0:
            raise WfmError(f"trainer_cost_per_hire: {self.trainer_cost_per_hire:g} must be ≥ 0")
        check_sites(self.sites)

    @property
    def in_house_share(self) -> float:
        return sum(s.share for s in self.sites if s.in_house)

    def in_house_rate(self) -> tuple[float, float]:
        """Share-weighted in-house hourly wage and overhead (0, 0 without in-house sites)."""
        share = self.in_house_share
        if share <= 0:
            return 0.0, 0.0
        wages = sum(s.share * s.hourly_wage for s in self.sites if s.in_house)
        extra = sum(s.share * s.hourly_wage * s.overhead for s in self.sites if s.in_house)
        return wages / share, (extra / wages if wages else 0.0)

    def training_cost_per_hire(self) -> float:
        """Onboarding weeks × contracted week × in-house wage × (1 + overhead) + trainer cost."""
        wage, overhead = self.in_house_rate()
        return (
            self.capacity.training_weeks * self.contract_hours_week * wage * (1.0 + overhead)
            + self.trainer_cost_per_hire
        )

    def with_(self, **changes) -> "BudgetInputs":
        return replace(self, **changes)


def check_sites(sites) -> None:
    if not sites:
        raise WfmError("sites: at least one site or vendor is needed")
    names = [s.name for s in sites]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise WfmError(f"sites: the name '{dup[0]}' is used twice")
    total = sum(s.share for s in sites)
    if abs(total - 1.0) > 1e-6:
        raise WfmError(f"sites: the shares add up to {total:.4g}; they must add up to 1 (100 % of the hours)")


def _fraction(value: float, what: str, high: float = 1.0) -> float:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= high):
        hint = " (write fractions: 0.3 for 30 %)" if isinstance(value, (int, float)) and value > high else ""
        raise WfmError(f"{what}: {value!r} must be a fraction from 0 to {high:g}{hint}")
    return float(value)


# ---------------------------------------------------------------- sites CSV


def _cell_number(text: str, where: str, *, blank=None) -> float | None:
    text = (text or "").strip()
    if text == "":
        return blank
    if text.endswith("%"):
        raise WfmError(f"{where}: '{text}' — write fractions, not percentages (0.3 for 30 %)")
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise WfmError(f"{where}: '{text}' is not a number") from None


def _cell_bool(text: str, where: str) -> bool | None:
    text = (text or "").strip().lower()
    if text == "":
        return None
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise WfmError(f"{where}: '{text}' must be yes or no")


def read_sites_csv(path: str | Path) -> tuple[Site, ...]:
    """Read sites from a CSV (header row; see docs/budget.md for the columns)."""
    from wfm_desktop.core.importers.safe_read import read_user_file

    return read_user_file(Path(path), _parse_sites)


def _parse_sites(path: Path) -> tuple[Site, ...]:
    """The sites themselves; runs in the reader child (see read_user_file)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = [[unescape(c) for c in row] for row in csv.reader(fh)]
    except FileNotFoundError:
        raise WfmError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WfmError(f"{path}: cannot be read ({exc})") from exc
    if not rows:
        raise WfmError(f"{path}: the file is empty; it needs a header row {','.join(SITE_COLUMNS)}")
    header = [h.strip().lower() for h in rows[0]]
    unknown = [h for h in header if h not in SITE_COLUMNS]
    if unknown:
        raise WfmError(f"{path}: unknown column '{unknown[0]}'; the columns are {', '.join(SITE_COLUMNS)}")
    for need in ("name", "share"):
        if need not in header:
            raise WfmError(f"{path}: missing column '{need}'")
    sites = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = dict(zip(header, row + [""] * (len(header) - len(row))))

        def where(col: str) -> str:
            return f"{path}: row {number}, column {col}"

        kind = (cells.get("kind") or "in-house").strip().lower()
        if kind not in SITE_KINDS:
            raise WfmError(f"{where('kind')}: '{kind}' must be in-house or outsourced")
        values = {
            "name": cells["name"].strip(),
            "kind": kind,
            "share": _cell_number(cells["share"], where("share")),
            "hourly_wage": _cell_number(cells.get("hourly_wage", ""), where("hourly_wage"), blank=default("hourly_wage")),
            "overhead": _cell_number(cells.get("overhead", ""), where("overhead"), blank=default("overhead")),
            "rate": _cell_number(cells.get("rate", ""), where("rate"), blank=None),
            "rate_unit": (cells.get("rate_unit") or "hour").strip().lower() or "hour",
            "licences": _cell_bool(cells.get("licences", ""), where("licences")),
        }
        if not values["name"]:
            raise WfmError(f"{where('name')}: the name is empty")
        if values["share"] is None:
            raise WfmError(f"{where('share')}: empty; give the site's fraction of the hours (e.g. 0.5)")
        if kind == "outsourced" and values["rate"] is None:
            raise WfmError(f"{where('rate')}: an outsourced vendor needs a price (and rate_unit: {', '.join(RATE_UNITS)})")
        values["rate"] = values["rate"] or 0.0
        try:
            sites.append(Site(**values))
        except WfmError as exc:
            raise WfmError(f"{path}: row {number}: {exc}") from None
    try:
        check_sites(sites)
    except WfmError as exc:
        raise WfmError(f"{path}: {exc}") from None
    return tuple(sites)


def write_sites_csv(path: str | Path, sites, *, force: bool = False) -> Path:
    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(SITE_COLUMNS)
            for s in sites:
                out.writerow(
                    [escape(s.name), s.kind, f"{s.share:g}", f"{s.hourly_wage:g}", f"{s.overhead:g}",
                     f"{s.rate:g}" if not s.in_house else "", s.rate_unit if not s.in_house else "",
                     "yes" if s.licences else "no"]
                )

    return write_atomic(path, write, force=force)


# ---------------------------------------------------------------- budget JSON

_TOP_KEYS = {"schema", "version", "sites", "currency", "contract_hours_week", "licences", "implementation", "training", "capacity"}
_TRAINING_KEYS = {"onboarding_weeks", "nesting_weeks", "nesting_productivity", "trainer_cost_per_hire"}
_CAPACITY_KEYS = {"starting_headcount", "attrition_month", "lead_time_weeks", "min_class_size", "fte_per_head", "hires"}


def site_to_dict(site: Site) -> dict:
    return {"name": site.name, "kind": site.kind, "share": site.share, "hourly_wage": site.hourly_wage,
            "overhead": site.overhead, "rate": site.rate, "rate_unit": site.rate_unit, "licences": bool(site.licences)}


def inputs_to_dict(inputs: BudgetInputs, *, with_sites: bool = False) -> dict:
    """The budget JSON document for ``inputs``.

    Sites normally live in their own CSV; ``with_sites=True`` puts them in the
    document too (a plan file keeps everything in one place).
    """
    cap = inputs.capacity
    doc = {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "currency": inputs.currency,
        "contract_hours_week": inputs.contract_hours_week,
        "licences": [{"name": x.name, "amount": x.amount, "per": x.per} for x in inputs.licences],
        "implementation": [{"name": x.name, "amount": x.amount, "month": f"{x.month:%Y-%m}"} for x in inputs.implementation],
        "training": {
            "onboarding_weeks": cap.training_weeks,
            "nesting_weeks": cap.nesting_weeks,
            "nesting_productivity": cap.nesting_productivity,
            "trainer_cost_per_hire": inputs.trainer_cost_per_hire,
        },
        "capacity": {
            "starting_headcount": cap.starting_headcount,
            "attrition_month": cap.attrition_month,
            "lead_time_weeks": cap.lead_time_weeks,
            "min_class_size": cap.min_class_size,
            "fte_per_head": cap.fte_per_head,
            "hires": [{"start": f"{h.start:%Y-%m-%d}", "count": h.count} for h in cap.hires],
        },
    }
    if with_sites:
        doc["sites"] = [site_to_dict(s) for s in inputs.sites]
    return doc


def inputs_from_dict(doc: dict, *, sites=None, where: str = "budget") -> BudgetInputs:
    """Validate a budget JSON document and build :class:`BudgetInputs` (missing keys take defaults).

    Sites given as ``sites`` (from a CSV) win over a ``"sites"`` list in the document.
    """

    def check_keys(obj, allowed: set[str], label: str) -> dict:
        if not isinstance(obj, dict):
            raise WfmError(f"{where}: '{label}' must be an object {{...}}")
        extra = sorted(set(obj) - allowed)
        if extra:
            raise WfmError(f"{where}: unknown field '{label}.{extra[0]}' (known: {', '.join(sorted(allowed))})")
        return obj

    def num(obj: dict, key: str, label: str, fallback, *, allow_none: bool = False):
        value = obj.get(key, fallback)
        if value is None and allow_none:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise WfmError(f"{where}: '{label}' = {value!r} must be a number")
        return value

    check_keys(doc, _TOP_KEYS, "")
    if doc.get("schema", SCHEMA) != SCHEMA:
        raise WfmError(f"{where}: 'schema' is {doc.get('schema')!r}, expected {SCHEMA!r}")
    version = doc.get("version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise WfmError(f"{where}: version {version!r} is not supported (this program reads version {SCHEMA_VERSION})")
    training = check_keys(doc.get("training", {}), _TRAINING_KEYS, "training")
    cap = check_keys(doc.get("capacity", {}), _CAPACITY_KEYS, "capacity")
    base = default_capacity()

    def items(key: str, fields: set[str], build):
        value = doc.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            raise WfmError(f"{where}: '{key}' must be a list")
        out = []
        for i, item in enumerate(value, start=1):
            check_keys(item, fields, f"{key}[{i}]")
            try:
                out.append(build(item))
            except (TypeError, KeyError) as exc:
                raise WfmError(f"{where}: '{key}[{i}]' needs {', '.join(sorted(fields))} ({exc})") from None
            except WfmError as exc:
                raise WfmError(f"{where}: '{key}[{i}]': {exc}") from None
        return tuple(out)

    licences = items("licences", {"name", "amount", "per"},
                     lambda d: Licence(str(d["name"]), float(d["amount"]), d.get("per", "agent")))
    one_offs = items("implementation", {"name", "amount", "month"},
                     lambda d: OneOff(str(d["name"]), float(d["amount"]), d["month"]))
    hires_raw = cap.get("hires", [])
    if not isinstance(hires_raw, list):
        raise WfmError(f"{where}: 'capacity.hires' must be a list")
    hires = []
    for i, h in enumerate(hires_raw, start=1):
        check_keys(h, {"start", "count"}, f"capacity.hires[{i}]")
        try:
            hires.append(Hire(pd.Timestamp(h["start"]), h["count"]))
        except (KeyError, ValueError, TypeError) as exc:
            raise WfmError(f"{where}: 'capacity.hires[{i}]' needs a start date and a whole count ({exc})") from None
    capacity = CapacitySettings(
        starting_headcount=num(cap, "starting_headcount", "capacity.starting_headcount", base.starting_headcount,
                               allow_none=True),
        attrition_month=num(cap, "attrition_month", "capacity.attrition_month", base.attrition_month),
        training_weeks=num(training, "onboarding_weeks", "training.onboarding_weeks", base.training_weeks),
        nesting_weeks=num(training, "nesting_weeks", "training.nesting_weeks", base.nesting_weeks),
        nesting_productivity=num(training, "nesting_productivity", "training.nesting_productivity", base.nesting_productivity),
        lead_time_weeks=num(cap, "lead_time_weeks", "capacity.lead_time_weeks", base.lead_time_weeks),
        min_class_size=num(cap, "min_class_size", "capacity.min_class_size", base.min_class_size),
        fte_per_head=num(cap, "fte_per_head", "capacity.fte_per_head", base.fte_per_head),
        hires=tuple(hires),
    )
    kwargs = dict(
        currency=doc.get("currency", default("currency")),
        contract_hours_week=num(doc, "contract_hours_week", "contract_hours_week", default("contract_hours_week")),
        trainer_cost_per_hire=num(training, "trainer_cost_per_hire", "training.trainer_cost_per_hire",
                                  default("trainer_cost_per_hire")),
        capacity=capacity,
    )
    if licences is not None:
        kwargs["licences"] = licences
    if one_offs is not None:
        kwargs["implementation"] = one_offs
    inline = items("sites", set(SITE_COLUMNS), lambda d: Site(**{k: v for k, v in d.items()}))
    if sites is not None:
        kwargs["sites"] = tuple(sites)
    elif inline is not None:
        kwargs["sites"] = inline
    try:
        return BudgetInputs(**kwargs)
    except WfmError as exc:
        raise WfmError(f"{where}: {exc}") from None


def read_budget_json(path: str | Path, *, sites=None) -> BudgetInputs:
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise WfmError(f"{path}: file not found") from None
    except json.JSONDecodeError as exc:
        raise WfmError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WfmError(f"{path}: cannot be read ({exc})") from exc
    if not isinstance(doc, dict):
        raise WfmError(f"{path}: the top level must be an object {{...}}")
    return inputs_from_dict(doc, sites=sites, where=str(path))


def write_budget_json(path: str | Path, inputs: BudgetInputs, *, force: bool = False) -> Path:
    text = json.dumps(inputs_to_dict(inputs), indent=2, ensure_ascii=False) + "\n"
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), force=force)
