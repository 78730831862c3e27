"""The words of a sentence's events (:class:`Cue`), the phrase a locative hangs on, what a
preposition says, and the shape of a role decision (:class:`Decision`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from mapview.nlp.role_patterns import (
    AFTER_CUE_MAX_WORDS,
    ASIDE,
    CLAUSE,
    LOCATIVE_RUN,
    NAMES_BEFORE_NOUN,
    OBJECT_EXTRA_WORDS,
    OF_OBJECT,
    ORIGIN,
    PARTY,
    POSTED_TO,
    TO_HIT,
    TO_WORDS,
    WAY_TO,
)
from mapview.nlp.taxonomy import EventType

#: How far around a name the rules look, in characters: every rule reads a few words, and a
#: window keeps a sentence of any length linear (a pasted text may have no full stops at all).
REACH = 400


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    type: str  # a taxonomy key, or "reaction"
    act: bool  # the cue names something done, not said


def attached_cue(cues: list[Cue], prep_start: int, text: str) -> Cue | None:
    """The cue a locative phrase starting at ``prep_start`` hangs on: the last one begun before
    it, with no clause boundary between (a comma, "that", "which" …) and at most a few words
    away (one for a word of speech: "said in Ankara", not "will not accept any changes in");
    an act wins over a word of speech that ends at the same place ("launched provocations": the
    clash, not the accusation). A cue may end with the preposition itself ("apply to")."""
    before = [c for c in cues if c.start < prep_start]
    if not before:
        return None
    last_end = max(c.end for c in before)
    same = [c for c in before if c.end == last_end]
    cue = next((c for c in same if c.act), same[-1])
    # an aside in brackets is not part of the phrase: "took place at around 8:40 a.m. (0040 GMT) at …"
    gap = ASIDE.sub(" ", text[min(cue.end, prep_start) : prep_start])
    if "," in gap or ";" in gap or CLAUSE.search(gap):
        return None
    # an act's object may take a few words more: "the poisoning | of a former Russian double agent
    # and his daughter | in Salisbury"
    reach = (AFTER_CUE_MAX_WORDS + (OBJECT_EXTRA_WORDS if OF_OBJECT.match(gap) else 0)) if cue.act else 1
    if cue.act and LOCATIVE_RUN.fullmatch(gap):
        reach = 2 * AFTER_CUE_MAX_WORDS  # each phrase of the run places the act more closely
    if len(gap.split()) > reach:
        return None
    return cue


class Decision(NamedTuple):
    """A place's role in one event, why (the words that decided, for the reader) and the rule that
    gave it (a name of ``resources/role_rules.toml``)."""

    role: str
    why: str
    rule: str


#: The cue of a word of reaction ("concerns"), which is no event of its own.
REACTION_CUE = "reaction"


def parties_of_names(after: str) -> bool:
    """The name opens "X and Y <party noun>": "the Kazakhstan and UAE governments" are parties,
    whatever a place named before them was."""
    m = NAMES_BEFORE_NOUN.match(after)
    return m is not None and (m.group(1) in PARTY or m.group(1).removesuffix("s") in PARTY)


def locative_sense(loc: re.Match, event_type: EventType, after: str, before: str = "") -> bool:
    """Whether a locative phrase's preposition says where: "to" only as a goal ("a visit to
    Morocco", not "agreed to support Dominica's request" nor "the ambassador to Turkey"), "over"
    only above a place, for strikes and deployments ("drones over Kyiv", not "protests over
    Russia's support"). ``before``: the text before the preposition."""
    prep = loc.group("prep").lower()
    if prep == "from" and ORIGIN.search(before):
        return False  # "the Australian arrested for fighting alongside the Taliban is from Adelaide": who he is
    if prep == "to":
        if TO_HIT.match(loc.group("rest")):
            return True  # "the worst flooding to hit central Europe": the place it hit
        if WAY_TO.search(before):
            return True  # "near an entrance to the former Hilton Hotel": the place the way leads into
        return all(w in TO_WORDS or w[0].isupper() for w in loc.group(0).split()[1:]) and not POSTED_TO.search(before)
    if prep == "over":
        return event_type.over and not re.match(r"['’]s\b", after)
    return True
