"""The file examples in the documentation load: a planner copies them."""

from __future__ import annotations

import re

from tests.conftest import REPO
from wfm_desktop.core.scheduling.templates import templates_from_csv, templates_from_json


def _blocks(doc: str, language: str) -> list[str]:
    text = (REPO / "docs" / doc).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_scheduling_template_examples_load():
    examples = [b for b in _blocks("scheduling.md", "csv") if b.startswith("name,start_earliest")]
    loaded = [[t.name for t in templates_from_csv(text, "docs/scheduling.md CSV example")] for text in examples]
    assert loaded == [["Full 8h", "Part 4h", "Night"], ["Full 8h", "Part 4h"]]
    (json_text,) = [b for b in _blocks("scheduling.md", "json") if "wfm_desktop.shift_templates" in b]
    assert [t.name for t in templates_from_json(json_text, "docs/scheduling.md JSON example")] == ["Full 8h"]
