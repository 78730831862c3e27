"""The event taxonomy, ``data/event_types.toml``: each type's label, codes, colours, cue patterns,
and the fields that say how the rules treat it (see the file's header). Read and checked once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from mapview.paths import EVENT_TYPES


@dataclass(frozen=True)
class EventType:
    key: str
    label: str
    plover: str
    cameo: tuple[str, ...]
    colour: str
    symbol: str
    icon: str = ""  # SVG path data in a 12 x 12 box: the marker symbol, the same in every browser
    acled: str = ""
    acled_sub: str = ""
    act: bool = False  # names something done, not said (see data/event_types.toml)
    violent: bool = False  # carries its sentence's casualty claims
    fallback: bool = False  # reported speech: applies only where no other type does
    # how the role rules read a place around this type's words (see data/event_types.toml)
    blast: str = ""  # "default": a bare explosion is this type; "cause": an explosion this type explains
    over: bool = False  # "over X" says where it happened ("drones over Kyiv")
    gathering: bool = False  # people meet at it: where words were said at it, where a trip to it went
    addressee: bool = False  # it is addressed to a party ("appealed to Turkey")
    claims_territory: bool = False  # names a territory, which is where it happened
    of_place: bool = False  # "the X of Y" names the place acted on ("the invasion of Iraq")
    country_object: str = "actor"  # a country it acts on: a party ("attacked Syria") or the place ("visited Russia")
    suppressed_by: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    # cues that name the type only with ``context`` near them ("deployed" with troops, not with
    # salt trucks), within CONTEXT_REACH characters either side
    context_cues: tuple[str, ...] = ()
    context: str = ""

    @cached_property
    def pattern(self) -> re.Pattern:
        """The cues, for any text (case-insensitive)."""
        return re.compile(self._source, re.IGNORECASE)

    @cached_property
    def lower_pattern(self) -> re.Pattern:
        """The cues, for text already in lower case: four times faster than ``pattern`` (Python's
        regular expressions pay for IGNORECASE at every position)."""
        return re.compile(self._source)

    @property
    def _source(self) -> str:
        # the context cues last, in a group of their own: where a plain cue matches at the same
        # place, it wins, and the group says which kind matched
        alternatives = [f"(?:{c})" for c in self.cues]
        if self.context_cues:
            alternatives.append("(?P<context>" + "|".join(f"(?:{c})" for c in self.context_cues) + ")")
        return r"\b(?:" + "|".join(alternatives) + r")\b"

    @cached_property
    def _context(self) -> re.Pattern:
        return re.compile(rf"\b(?:{self.context})\b", re.IGNORECASE)

    def counts(self, text: str, m: re.Match) -> bool:
        """Whether a match of this type's pattern in ``text`` names the type: a context cue only
        with its context within CONTEXT_REACH characters of it."""
        if not self.context_cues or m.group("context") is None:
            return True
        return self._context.search(text, max(0, m.start() - CONTEXT_REACH), m.end() + CONTEXT_REACH) is not None


#: How far from a context cue its context is looked for, in characters (about ten words).
CONTEXT_REACH = 60


#: A word of the taxonomy's [vocabulary] in a context: "{armed_forces}" (letters and "_" only, so
#: a repeat's "{0,3}" is never one)
_VOCABULARY_WORD = re.compile(r"\{([a-z_]+)\}")


#: The fields a type may have in data/event_types.toml, and their types.
_FIELDS: dict[str, type | tuple[type, ...]] = {
    "label": str,
    "plover": str,
    "cameo": list,
    "colour": str,
    "symbol": str,
    "icon": str,
    "acled": str,
    "acled_sub": str,
    "act": bool,
    "violent": bool,
    "fallback": bool,
    "blast": str,
    "over": bool,
    "gathering": bool,
    "addressee": bool,
    "claims_territory": bool,
    "of_place": bool,
    "country_object": str,
    "suppressed_by": list,
    "cues": list,
    "context_cues": list,
    "context": str,
}
_REQUIRED = ("label", "plover", "cameo", "colour", "symbol", "cues")
_CHOICES = {"blast": ("", "default", "cause"), "country_object": ("actor", "location")}


def load_event_types(path: Path = EVENT_TYPES) -> dict[str, EventType]:
    """The taxonomy's types, in file order, checked: every field known and of its type, every
    pattern compiled, every type named exists. A mistake in the file fails here with its place,
    not in the middle of an article."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    # words several types' contexts share, written once: "{armed_forces}" in a context
    vocabulary: dict[str, str] = data.pop("vocabulary", {})

    def expand(context: str, key: str) -> str:
        def word(m: re.Match) -> str:
            if m.group(1) not in vocabulary:
                raise ValueError(f"{path}: {key}: no [vocabulary] entry {m.group(1)!r}")
            return vocabulary[m.group(1)]

        return _VOCABULARY_WORD.sub(word, context)

    types: dict[str, EventType] = {}
    for key, spec in data.items():
        if not isinstance(spec, dict):
            raise ValueError(f"{path}: {key} is not a table")
        unknown = set(spec) - set(_FIELDS)
        missing = [f for f in _REQUIRED if f not in spec]
        wrong = [f for f, v in spec.items() if f in _FIELDS and not isinstance(v, _FIELDS[f])]
        bad_choice = [f"{f} = {spec[f]!r}" for f, allowed in _CHOICES.items() if spec.get(f, allowed[0]) not in allowed]
        if unknown or missing or wrong or bad_choice:
            raise ValueError(
                f"{path}: [{key}]: unknown fields {sorted(unknown)}, missing {missing}, "
                f"of the wrong type {wrong}, not one of the choices {bad_choice}"
            )
        fields: dict[str, Any] = {f: (tuple(v) if isinstance(v, list) else v) for f, v in spec.items()}
        fields["context"] = expand(spec.get("context", ""), key)
        types[key] = t = EventType(key=key, **fields)
        if t.context_cues and not t.context:
            raise ValueError(f"{path}: {key} has context_cues but no context")
        # compile now: a bad pattern in the data file fails at load, not mid-article
        _, _ = t.pattern, t.lower_pattern
        if t.context:
            _ = t._context
        upper = [c for c in t.cues + t.context_cues if any(ch.isupper() for ch in c)]
        if upper:
            raise ValueError(f"{path}: {key}: cues match any case; write them in lower case: {upper}")
    for t in types.values():
        unknown = set(t.suppressed_by) - set(types)
        if unknown:
            raise ValueError(f"{path}: {t.key} is suppressed by unknown types {sorted(unknown)}")
    if sum(t.blast == "default" for t in types.values()) > 1:
        raise ValueError(f'{path}: one type at most is a bare explosion\'s (blast = "default")')
    return types
