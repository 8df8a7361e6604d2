"""How plan files of older versions are brought up to date, and what changed in the numbers.

Two lists, both ordered, both appended to (never edited) when a release changes something:

* :data:`wfm_desktop.core.plan.file_format.MIGRATIONS` — one function per schema version step
  that rewrites an older manifest into the next version's layout (here: :func:`migrate_v1_to_v2`);
* :data:`CONVENTION_CHANGES` — changes of convention (FTE, months, rounding, defaults) that make
  an older plan's numbers come out differently. A plan saved with an older schema version lists
  the texts of the changes made since, when it is opened (the GUI shows them, the CLI prints
  them). A change of convention bumps ``SCHEMA_VERSION`` (with a migration step, even one that
  changes nothing in the layout) so that plans saved before it can be told apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ConventionChange:
    """A change of convention that changes an older plan's numbers.

    ``since`` is the first schema version that computes the new way; a plan saved with an older
    version lists ``text`` when opened.
    """

    since: int
    text: str


CONVENTION_CHANGES: list[ConventionChange] = []
"""Ordered by ``since``; each change of convention appends one (with a schema version bump)."""


def convention_changes(saved_version: int) -> list[str]:
    """What is computed differently now than when a plan of `saved_version` was saved."""
    return [c.text for c in CONVENTION_CHANGES if c.since > saved_version]


def migrate_v1_to_v2(manifest: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no stage fingerprints. Its solved schedule (``schedule/<table>`` cache entries)
    carries the checksum of its requirement, templates and options, which is the schedule stage's
    fingerprint; a forecast run was noted as ``forecast/last_run`` and not kept: it is restored by
    running it again from the saved settings. The cache entries stay (the Schedule page reads them)."""
    settings = dict(manifest.get("settings") or {})
    cache = settings.get("cache") if isinstance(settings.get("cache"), dict) else {}
    stages = dict(settings["stages"]) if isinstance(settings.get("stages"), dict) else {}
    info = cache.get("schedule/info")
    if isinstance(info, dict):
        stages["schedule"] = {"fingerprint": str(info.get("checksum") or "") or None, "parts": {}}
    if cache.get("forecast/last_run") is not None:
        stages["forecast"] = {"restore": True}
    settings.update(stages=stages)
    return {**manifest, "settings": settings}
