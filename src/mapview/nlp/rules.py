"""The named rules, as data: ``resources/recognition_rules.toml`` (is a name a place here?) and
``resources/role_rules.toml`` (what is a place's part in an event?).

Each rule has a name, a stage, a priority, a description and the examples it must decide and must
leave to another rule. The code registers one function per recognition rule under its name and
tries them in the file's order; every role decision names its rule. ``tests/test_rules.py`` runs
every example and checks that code and files name the same rules.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

STAGES = ("recognition", "role")


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str
    priority: int
    doc: str
    decides: tuple[str, ...]  # the roles it gives, or whether it keeps a name ("true", "false")
    examples: tuple[dict[str, Any], ...]
    not_on: tuple[dict[str, Any], ...]


@cache
def load_rules(stage: str) -> dict[str, Rule]:
    """The rules of a stage, in priority order; ValueError for a malformed file."""
    if stage not in STAGES:
        raise ValueError(f"no stage {stage!r}; the stages are {STAGES}")
    path = files("mapview.nlp") / "resources" / f"{stage}_rules.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rules = []
    for name, spec in data.items():
        missing = {"priority", "doc", "examples", "not_on"} - set(spec)
        if missing:
            raise ValueError(f"{path.name}: [{name}] lacks {sorted(missing)}")
        decides = spec.get("gives") if stage == "role" else [str(k).lower() for k in spec.get("keeps", [])]
        rules.append(
            Rule(
                name,
                stage,
                int(spec["priority"]),
                spec["doc"],
                tuple(decides or ()),
                tuple(spec["examples"]),
                tuple(spec["not_on"]),
            )
        )
    rules.sort(key=lambda r: r.priority)
    if len({r.priority for r in rules}) != len(rules):
        raise ValueError(f"{path.name}: two rules share a priority")
    return {r.name: r for r in rules}
