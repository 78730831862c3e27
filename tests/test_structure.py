"""The code's shape: packages by layer, imports running downward only, no cycles, no module too
long to read, no event type named in code (see docs/architecture.md)."""

from __future__ import annotations

import ast
import re
import tomllib

from conftest import ROOT

PACKAGE = ROOT / "src" / "mapview"

#: Each layer and the layers it may import (besides itself and the foundations). The foundations
#: (errors, settings, paths, util) import nothing of mapview.
LAYERS: dict[str, set[str]] = {
    "foundation": set(),
    "model": {"foundation"},
    "geo": {"foundation", "model"},
    "nlp": {"foundation", "model", "geo"},
    "pipeline": {"foundation", "model", "geo", "nlp"},
    "export": {"foundation", "model", "geo", "nlp", "pipeline"},
    "store": {"foundation", "model", "geo", "nlp", "pipeline", "export"},
    "evaluation": {"foundation", "model", "geo", "nlp", "pipeline", "export"},
    "web": {"foundation", "model", "geo", "nlp", "pipeline", "export", "store"},
    "cli": {"foundation", "model", "geo", "nlp", "pipeline", "export", "store", "evaluation"},
}
FOUNDATION = {"errors", "settings", "paths", "util"}
PIPELINE = {"pipeline", "assemble"}


def layer_of(module: str) -> str:
    """The layer of a module named relative to the package ("nlp.roles", "pipeline", "cli")."""
    head = module.split(".")[0]
    if head in FOUNDATION or head == "":
        return "foundation"
    if head in PIPELINE:
        return "pipeline"
    return head


def _modules() -> dict[str, ast.Module]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        rel = path.relative_to(PACKAGE).with_suffix("")
        name = ".".join(p for p in rel.parts if p != "__init__")
        out[name] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def _imports(tree: ast.Module) -> set[str]:
    """Every mapview module a module imports, at any depth (lazy imports count too), relative to
    the package; ``from mapview import x`` counts as importing ``x``."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "mapview":
            base = node.module.removeprefix("mapview").lstrip(".")
            if base:
                found.add(base)
            else:
                found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("mapview.") for a in node.names if a.name.startswith("mapview."))
    return found


def test_each_layer_imports_only_the_layers_below_it():
    wrong = []
    for name, tree in _modules().items():
        mine = layer_of(name)
        if name == "":  # the package's __init__ re-exports the public API: pipeline and below
            mine = "pipeline"
        for target in _imports(tree):
            theirs = layer_of(target)
            if theirs != mine and theirs not in LAYERS[mine]:
                wrong.append(f"{name} ({mine}) imports {target} ({theirs})")
    assert wrong == []


def test_no_module_imports_one_that_imports_it_back():
    modules = _modules()
    graph = {name: {t for t in _imports(tree) if t in modules and t != name} for name, tree in modules.items()}
    cycles = []

    def visit(node, path):
        for nxt in graph[node]:
            if nxt in path:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif len(path) < 12:
                visit(nxt, path + [nxt])

    for node in graph:
        visit(node, [node])
    assert cycles == []


def test_no_module_is_too_long_to_read():
    """600 lines at most; tables of data (word lists, patterns) are resource files, not code."""
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}
    assert len((PACKAGE / "pipeline.py").read_text(encoding="utf-8").splitlines()) <= 150


def test_no_event_type_is_named_in_code():
    """What differs between event types is a field of data/event_types.toml, never an ``if type ==``."""
    types = {
        k for k in tomllib.loads((ROOT / "data" / "event_types.toml").read_text(encoding="utf-8")) if k != "vocabulary"
    }
    named = []
    for path in [*PACKAGE.rglob("*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in types:
                named.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert named == []


def test_the_entry_point_only_runs_the_page():
    code = [line for line in (ROOT / "app.py").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(code) <= 10 and any(re.match(r"main\(", line) for line in code)


def test_the_readme_is_a_guide_and_its_files_exist():
    """At most 12 KB; every repository path it names in backquotes is there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 12_000
    named = set(re.findall(r"\b((?:data|docs|scripts|tests|src|geo|bench)/[\w./-]+\.\w+)", readme))
    assert named and [p for p in sorted(named) if not (ROOT / p).exists()] == []
