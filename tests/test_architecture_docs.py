"""docs/architecture.md and the README's Layout section describe the tree as it is."""

from __future__ import annotations

import re

from tests.conftest import REPO

PACKAGE = REPO / "wfm_desktop"


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end < 0 else text[start:end]


def test_readme_layout_names_every_core_folder_and_only_folders_that_exist():
    layout = _section((REPO / "README.md").read_text(encoding="utf-8"), "## Layout")
    tree = layout.split("```")[1]
    named = re.findall(r"^\s*([\w.]+/)", tree, flags=re.M)
    assert named, tree
    stages = {p.name + "/" for p in (PACKAGE / "core").iterdir() if (p / "__init__.py").is_file()}
    assert stages <= set(named), f"core folders missing from the README's Layout: {sorted(stages - set(named))}"
    nested = {"core/": PACKAGE, "plots/": PACKAGE, "gui/": PACKAGE, "cli/": PACKAGE} | {s: PACKAGE / "core" for s in stages}
    missing = [n for n in named if not ((nested.get(n, REPO) / n).is_dir())]
    assert not missing, f"the README's Layout names folders that do not exist: {missing}"


def test_architecture_doc_describes_every_core_module():
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        if path.name == "__init__.py":
            continue
        if f"`{path.name}`" not in text:
            missing.append(str(path.relative_to(PACKAGE)))
    assert not missing, "modules docs/architecture.md does not describe:\n" + "\n".join(missing)


def test_architecture_doc_paths_exist():
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:core|gui|cli|plots)/[\w/]+\.py)`", text))
    assert paths, "no file paths found"
    missing = sorted(p for p in paths if not (PACKAGE / p).is_file())
    assert not missing, f"docs/architecture.md names files that do not exist: {missing}"
