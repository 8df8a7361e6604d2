"""The package's layers, machine-checked (see docs/architecture.md, "Layers").

- no import cycle among ``wfm_desktop`` modules, counting imports inside functions too;
- no submodule imports its own package's ``__init__`` (it imports sibling modules directly);
- the import-linter contracts in pyproject.toml hold (core and plots import no Qt, gui or cli;
  gui and cli sit above plots, which sits above core).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGE = "wfm_desktop"


def module_files(root: Path = REPO) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    modules = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return modules[name].name == "__init__.py"


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The deepest package module `name` names (``a.b.func`` → ``a.b``), or None outside the package."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imported_modules(name: str, modules: dict[str, Path]) -> set[str]:
    """The package modules `name` imports, at any depth of its code (functions, ``if`` blocks too).

    ``from pkg import sub`` counts as importing the submodule ``pkg.sub``; ``from pkg import thing``
    (not a submodule) as importing ``pkg`` itself.
    """
    tree = ast.parse(modules[name].read_text(encoding="utf-8"), filename=str(modules[name]))
    package = name if _is_package(name, modules) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _resolve(alias.name, modules)
                if target:
                    found.add(target)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                target = submodule if submodule in modules else _resolve(source, modules)
                if target:
                    found.add(target)
    found.discard(name)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the package modules it imports.

    Python runs a package's ``__init__`` before any of its submodules, so that implicit edge is left
    out (otherwise every ``__init__`` that re-exports would be a cycle); an explicit import of the
    parent package by a submodule is an edge like any other.
    """
    return {name: imported_modules(name, modules) for name in modules}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a → b → … → a) from each strongly connected group of modules, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(group)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for node in sorted(graph):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(_cycle_in(group, graph) for group in groups)


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest cycle through the group's first module (breadth-first inside the group)."""
    start = min(group)
    previous = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == start:
                path = [node]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return list(reversed(path)) + [start]
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"no cycle through {start}")  # a strongly connected group always has one


def test_the_cycle_finder_sees_function_level_and_parent_imports(tmp_path):
    package = tmp_path / PACKAGE
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "core" / "__init__.py").write_text("from wfm_desktop.core.a import thing\n")
    (package / "core" / "a.py").write_text("import wfm_desktop.core.b\nthing = 1\n")
    (package / "core" / "b.py").write_text("def later():\n    from wfm_desktop.core import c\n")
    (package / "core" / "c.py").write_text("from wfm_desktop.core import thing\n")
    (package / "core" / "d.py").write_text("from wfm_desktop.core import a, b\n")
    graph = import_graph(module_files(tmp_path))
    assert graph["wfm_desktop.core.d"] == {"wfm_desktop.core.a", "wfm_desktop.core.b"}
    assert find_cycles(graph) == [
        ["wfm_desktop.core", "wfm_desktop.core.a", "wfm_desktop.core.b", "wfm_desktop.core.c", "wfm_desktop.core"]
    ]
    (package / "core" / "c.py").write_text("from wfm_desktop.core.a import thing\n")
    assert find_cycles(import_graph(module_files(tmp_path))) == [
        ["wfm_desktop.core.a", "wfm_desktop.core.b", "wfm_desktop.core.c", "wfm_desktop.core.a"]
    ]
    (package / "core" / "c.py").write_text("import math\n")
    assert find_cycles(import_graph(module_files(tmp_path))) == []


def test_no_import_cycles():
    cycles = find_cycles(import_graph(module_files()))
    assert not cycles, "import cycles (imports inside functions count):\n" + "\n".join(
        " → ".join(cycle) for cycle in cycles
    )


def test_submodules_do_not_import_their_own_package():
    """A package's ``__init__`` holds a docstring and re-exports; its own modules import each other.

    The root package is the exception: it holds only ``__version__``, which every layer may read.
    """
    modules = module_files()
    graph = import_graph(modules)
    bad = sorted(
        f"{name} imports {target}"
        for name, targets in graph.items()
        for target in targets
        if target != PACKAGE and _is_package(target, modules) and name.startswith(target + ".")
    )
    assert not bad, "import the sibling module instead of the package:\n" + "\n".join(bad)


def test_core_and_plots_package_inits_hold_only_a_docstring_and_re_exports():
    """Engines live in modules named for them, never in a package's ``__init__``."""
    modules = module_files()
    bad = []
    for name, path in modules.items():
        if not (_is_package(name, modules) and name.startswith((f"{PACKAGE}.core", f"{PACKAGE}.plots"))):
            continue
        for number, node in enumerate(ast.parse(path.read_text(encoding="utf-8")).body):
            docstring = number == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            all_list = isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["__all__"]
            if not (docstring or all_list or isinstance(node, (ast.Import, ast.ImportFrom))):
                bad.append(f"{path.relative_to(REPO)}:{node.lineno}: {type(node).__name__}")
    assert not bad, "move this code into a module of the package:\n" + "\n".join(bad)


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run import-linter on the package under `root` with the contracts of its pyproject.toml."""
    code = (
        "import sys\n"
        "from importlinter.cli import lint_imports\n"
        "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"}
    env.pop("PYTHONPATH", None)  # the package under `root` (the working folder), not another checkout
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, env=env)


def test_import_linter_contracts_are_kept():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def test_import_linter_contracts_break_on_a_function_level_violation(tmp_path):
    """A copy of the package with Qt imported inside a core function and cli imported by the gui."""
    shutil.copytree(REPO / PACKAGE, tmp_path / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "resources"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    with (tmp_path / PACKAGE / "core" / "errors.py").open("a", encoding="utf-8") as fh:
        fh.write("\n\ndef _late():\n    import PySide6.QtCore  # noqa: F401\n")
    with (tmp_path / PACKAGE / "gui" / "theme.py").open("a", encoding="utf-8") as fh:
        fh.write("\n\ndef _late():\n    from wfm_desktop.cli import staff_cmd  # noqa: F401\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "2 broken" in result.stdout, result.stdout
    assert "wfm_desktop.core.errors -> PySide6" in result.stdout, result.stdout
    assert "wfm_desktop.gui.theme -> wfm_desktop.cli.staff_cmd" in result.stdout, result.stdout
