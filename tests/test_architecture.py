"""The layout is the architecture (DESIGN.md §3): rules over the source, read with ``ast``.

* Each sub-package is one part; a part imports only the parts below it (``ALLOWED``): data flow
  one way, from the store through views to answers and the CLI.
* Algorithms and rendering see only networkx graphs and plain values: they import neither the
  store nor rdflib nor Oxigraph.
* The core never imports the CLI; no module imports another in a circle.
* No module is over 400 lines, and the README's layout table lists exactly the sub-packages.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pmograph"
#: Top-level private modules everything may use: errors, typing, names, resources, formats.
FOUNDATION = "foundation"
ALLOWED: dict[str, set[str]] = {
    FOUNDATION: {FOUNDATION},
    "_algorithms": {FOUNDATION},
    "_render": {FOUNDATION, "_algorithms"},
    "_importers": {FOUNDATION},
    "_store": {FOUNDATION, "_importers"},
    "_views": {FOUNDATION, "_store", "_algorithms"},
    "_validate": {FOUNDATION, "_store", "_views", "_algorithms"},
    "_answers": {FOUNDATION, "_store", "_views", "_algorithms", "_render", "_importers",
                 "_validate"},
    "_cli": {FOUNDATION, "_store", "_views", "_algorithms", "_render", "_importers",
             "_validate", "_answers", "_cli", "api"},  # api: pmograph.__version__
}
#: Parts that must not see RDF at all (only networkx graphs and plain values).
NO_RDF = {"_algorithms", "_render"}
RDF_LIBRARIES = ("rdflib", "pyoxigraph", "oxrdflib", "pyshacl")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = modules()


def part_of(module: str) -> str:
    """The part a module belongs to: its sub-package, the foundation, or the API itself."""
    parts = module.split(".")
    if module in ("pmograph", "pmograph.__main__"):
        return "api"
    if len(parts) == 2 and not (PACKAGE / parts[1]).is_dir():
        return FOUNDATION
    return parts[1]


def imports(module: str) -> Iterator[tuple[str, bool, int]]:
    """``(imported name, only for type checking, line)`` for every import in ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    checking: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            checking.update(id(child) for statement in node.body
                            for child in ast.walk(statement))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in checking, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield (candidate if candidate in MODULES else base), id(node) in checking, \
                    node.lineno


def edges(*, with_type_checking: bool) -> list[tuple[str, str, int]]:
    return [(module, target, line) for module in MODULES
            for target, checking, line in imports(module)
            if target.startswith("pmograph") and target in MODULES
            and (with_type_checking or not checking)]


def test_the_rules_see_every_part() -> None:
    parts = {part_of(module) for module in MODULES} - {"api"}
    assert parts == set(ALLOWED), "a new sub-package needs its place in ALLOWED"
    assert len(edges(with_type_checking=True)) > 100  # the parser really finds the imports


def test_each_part_imports_only_the_parts_below_it() -> None:
    wrong = [f"{module}:{line} imports {target}"
             for module, target, line in edges(with_type_checking=True)
             if part_of(module) != "api" and part_of(target) != part_of(module)
             and part_of(target) not in ALLOWED[part_of(module)]]
    assert wrong == []


def test_algorithms_and_rendering_never_see_rdf() -> None:
    wrong = [f"{module}:{line} imports {target}"
             for module in MODULES if part_of(module) in NO_RDF
             for target, _, line in imports(module)
             if target.split(".")[0] in RDF_LIBRARIES]
    assert wrong == []


def test_the_core_never_imports_the_cli() -> None:
    wrong = [f"{module}:{line}" for module, target, line in edges(with_type_checking=True)
             if (part_of(target) == "_cli" and part_of(module) not in ("_cli", "api"))
             or (module == "pmograph" and part_of(target) == "_cli")]
    assert wrong == []


def test_no_import_circles() -> None:
    graph = nx.DiGraph((module, target) for module, target, _ in
                       edges(with_type_checking=False) if module != target)
    circles = [sorted(component) for component in nx.strongly_connected_components(graph)
               if len(component) > 1]
    assert circles == []


def test_a_circle_would_be_found() -> None:
    # The check above must be able to fail: the same code on a made-up circle.
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    assert [len(c) for c in nx.strongly_connected_components(graph) if len(c) > 1] == [3]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_400_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{module} has {lines} lines: split it by job"


def test_the_readme_layout_table_matches_the_tree() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `pmograph/(_\w+)/` \|", section, re.M))
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert listed == packages
