"""The code's shape: modules import only what they build on (no cycles), and the page stays thin."""
from __future__ import annotations

import re

from conftest import ROOT

PACKAGE = ROOT / "src" / "mapview"


def _imports() -> dict[str, set[str]]:
    modules = {p.stem: p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py")}
    pattern = re.compile(r"^\s*(?:from mapview\.(\w+) import|from mapview import ([\w, ]+)|import mapview\.(\w+))", re.M)
    graph = {}
    for name, text in modules.items():
        found = set()
        for m in pattern.finditer(text):
            found |= {x.strip() for part in m.groups() if part for x in part.split(",")}
        graph[name] = {x for x in found if x in modules and x != name}
    return graph


def test_no_module_imports_one_that_imports_it_back():
    graph = _imports()
    cycles = []

    def visit(node, path):
        for nxt in graph[node]:
            if nxt in path:
                cycles.append(path[path.index(nxt):] + [nxt])
            else:
                visit(nxt, path + [nxt])

    for node in graph:
        visit(node, [node])
    assert cycles == []


def test_the_foundations_import_nothing_of_mapview():
    graph = _imports()
    assert all(not graph[m] for m in ("enums", "errors", "ids", "util", "settings", "paths", "budget"))


def test_the_page_is_thin():
    lines = (ROOT / "app.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300, f"app.py has {len(lines)} lines: move decisions into the package"
