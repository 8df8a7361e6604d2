"""Findings: what the importer noticed about a file and what it did about it.

Every finding names where it is (file, sheet, 1-based row as the planner sees it
in Excel or a text editor, column header) so the GUI can jump to the cell and
the CLI can print a line a planner can act on. ``error`` findings stop the
import (:class:`ImportFailed`); ``warning`` and ``info`` findings let it go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from wfm_desktop.core.errors import WfmError

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One observation about the input, with the importer's action."""

    severity: str
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str
    action: str = ""

    def location(self) -> str:
        """``file, sheet "S", row 12, column "Offered"`` — only the parts known."""
        parts = [self.file]
        if self.sheet:
            parts.append(f'sheet "{self.sheet}"')
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f'column "{self.column}"')
        return ", ".join(parts)

    def text(self) -> str:
        """One line for a report: ``WARNING file, row 3: message — action``."""
        line = f"{self.severity.upper()}: {self.location()}: {self.message}"
        if self.action:
            line += f" — {self.action}"
        return line


class ImportFailed(WfmError):
    """An import stopped on an error; ``findings`` holds everything found so far."""

    def __init__(self, message: str, findings: Sequence[Finding] = ()):
        super().__init__(message)
        self.findings = list(findings)
        self.sheets: list[str] = []
        self.raw_preview = None  # DataFrame of the first raw rows, when the file could be read
        self.preview_sheet: str | None = None
        self.mapping = None  # the ColumnMapping detected before the error, when there was one


@dataclass
class FindingLog:
    """Collects findings for one file; ``fail`` raises with the log attached."""

    file: str
    sheet: str | None = None
    findings: list[Finding] = field(default_factory=list)

    def add(self, severity: str, message: str, *, action: str = "", row: int | None = None,
            column: str | None = None, sheet: str | None = ...) -> Finding:
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}")
        finding = Finding(severity, self.file, self.sheet if sheet is ... else sheet,
                          None if row is None else int(row), column, message, action)
        self.findings.append(finding)
        return finding

    def error(self, message: str, **where) -> Finding:
        return self.add("error", message, **where)

    def warning(self, message: str, *, action: str = "", **where) -> Finding:
        return self.add("warning", message, action=action, **where)

    def info(self, message: str, *, action: str = "", **where) -> Finding:
        return self.add("info", message, action=action, **where)

    def fail(self, message: str, **where) -> None:
        """Record an error finding and stop: raise ImportFailed naming the place."""
        finding = self.error(message, **where)
        raise ImportFailed(f"{finding.location()}: {message}", self.findings)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def raise_if_errors(self) -> None:
        errors = [f for f in self.findings if f.severity == "error"]
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
            raise ImportFailed(f"{first.location()}: {first.message}{more}", self.findings)


def format_report(findings: Sequence[Finding]) -> str:
    """The validation report as text, errors first, one finding a line."""
    if not findings:
        return "No problems found."
    order = {s: i for i, s in enumerate(SEVERITIES)}
    lines = [f.text() for f in sorted(findings, key=lambda f: order[f.severity])]
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    lines.append(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s)")
    return "\n".join(lines)
