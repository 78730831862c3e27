"""The named rules' examples, run: each rule decides the examples it must decide, and leaves its
``not_on`` examples to another rule (resources/recognition_rules.toml, resources/role_rules.toml)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from mapview.nlp.article import article_from_text
from mapview.nlp.rules import load_rules
from mapview.nlp.sentences import split_sentences

RECOGNITION = load_rules("recognition")
ROLES = load_rules("role")


def _cases(rules, key):
    return [pytest.param(r.name, x, id=f"{r.name}-{k}") for r in rules.values() for k, x in enumerate(getattr(r, key))]


def test_every_rule_is_declared_once_has_an_example_and_is_in_the_code():
    code = (ROOT / "src" / "mapview" / "nlp" / "role_rules.py").read_text(encoding="utf-8")
    named = set(re.findall(r'"([a-z][a-z_]+)"\s*,?\s*\)', code)) & set(ROLES) | {n for n in ROLES if f'"{n}"' in code}
    assert set(ROLES) == named
    assert all(r.examples for r in [*RECOGNITION.values(), *ROLES.values()])
    # the code tries the role rules in the order the file declares them
    first = {n: code.index(f'"{n}"') for n in ROLES}
    assert sorted(ROLES, key=first.__getitem__) == list(ROLES)


def _decisions(geoparser, text):
    return geoparser.recognizer.decisions(text, split_sentences(text))


@pytest.mark.parametrize("rule, example", _cases(RECOGNITION, "examples"))
def test_a_recognition_rule_decides_its_examples(geoparser, rule, example):
    decided = [(r, kept) for name, r, kept in _decisions(geoparser, example["text"]) if name == example["name"]]
    assert (rule, example["kept"]) in decided, decided


@pytest.mark.parametrize("rule, example", _cases(RECOGNITION, "not_on"))
def test_a_recognition_rule_leaves_other_names_to_other_rules(geoparser, rule, example):
    decided = [r for name, r, _ in _decisions(geoparser, example["text"]) if name == example["name"]]
    assert decided and rule not in decided


def _roles(geoparser, example):
    doc = geoparser.parse(article_from_text(example["text"]))
    return [
        (p.role, p.rule)
        for e in doc.events
        if e.type == example["type"]
        for p in e.places
        if p.text == example["place"]
    ]


@pytest.fixture(scope="module")
def rules_alone(geoparser):
    """The geoparser without the trained reader: a rule's examples test the rule, not the model
    that may overrule it (tests/test_reader.py tests the two together)."""
    from dataclasses import replace

    return replace(geoparser, reader=None)


@pytest.mark.parametrize("rule, example", _cases(ROLES, "examples"))
def test_a_role_rule_decides_its_examples(rules_alone, rule, example):
    assert (example["role"], rule) in _roles(rules_alone, example)


@pytest.mark.parametrize("rule, example", _cases(ROLES, "not_on"))
def test_a_role_rule_leaves_other_places_to_other_rules(rules_alone, rule, example):
    decided = _roles(rules_alone, example)
    assert decided and rule not in [r for _, r in decided]


def test_every_lexicon_is_declared_once_says_what_it_is_and_is_read():
    from mapview.nlp.lexicons import words

    folder = ROOT / "src" / "mapview" / "nlp" / "resources" / "lexicons"
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "mapview" / "nlp").glob("*.py"))
    seen: dict[frozenset, str] = {}
    for path in sorted(folder.glob("*.txt")):
        name = path.stem
        assert path.read_text(encoding="utf-8").startswith(f"# {name}: "), name
        assert f'"{name}"' in code, f"{name} is read by no module"
        entries = [w for line in path.read_text(encoding="utf-8").splitlines() for w in line.split("#")[0].split()]
        assert len(entries) == len(set(entries)), f"{name} lists a word twice"
        assert words(name) not in seen, f"{name} repeats {seen.get(words(name))}"
        seen[words(name)] = name
