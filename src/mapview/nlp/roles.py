"""Event records: what happened, where, who took part, who says so, and when.

A sentence typed with the taxonomy yields one record per event type it reports. Each place the
sentence names gets a *role* in each record, decided by explainable rules over the words around
the name (documented in ``docs/event-annotation.md``, which the hand annotation follows too):

``location``
    where the event happened: a locative phrase ("in", "at", "near", "along", "on the border of",
    "in the directions of" …) that attaches to the event's own cue ("clashes broke out along the
    Armenia-Azerbaijan borders"), the territory acted on ("against Armenia's sovereign
    territory"), or a sentence-initial setting ("In Kyiv, …"). For a statement, warning, appeal
    or accusation, the location is where it was made ("told reporters in Ankara"); the places of
    the act it speaks about are only ``mentioned`` in it (they are the act's locations, in the
    act's own record).
``actor``
    a party: a capital for its government ("Yerevan applied"), a demonym ("Armenian soldiers"),
    a country or region as the subject of a verb ("Azerbaijan launched"), between two parties of
    a clash or a meeting ("clashes between Yerevan and Baku"), the target of an attack or an
    accusation ("against Armenia"), the addressee of an appeal ("apply to the Russian Federation").
``source``
    where a statement or reaction comes from: the dateline; a locative attached to a word of
    speech or reaction ("caused concerns in Tehran"); the outlet or speaker a report names
    ("Azerbaijani news agency Trend reported").
``mentioned``
    everything else. When the rules cannot decide, a place is ``mentioned``, never guessed as a
    location.

A place named twice in a sentence may hold two roles in one record (Armenia: actor and, as the
territory attacked, location).

Rules run only over sentences that report an event and name a place, each within a few hundred
characters of a name: linear in the text; nothing shared is changed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mapview.model.document import LinkedQuote, ResolvedMention, TypedSentence
from mapview.model.enums import EventRole, Kind, MentionRole
from mapview.model.event import Casualty, EventPlace, EventRecord
from mapview.nlp.classify import in_name, unrealised
from mapview.nlp.cues import REACH, REACTION_CUE, Cue
from mapview.nlp.role_patterns import HARM, REACTION, TOOK_PLACE
from mapview.nlp.role_rules import RoleRules
from mapview.nlp.syntax import reported_by_of
from mapview.nlp.when import when_of

if TYPE_CHECKING:
    from mapview.nlp.classify import Taxonomy


def extract_events(
    text: str,
    sentences: Sequence[TypedSentence],
    mentions: Sequence[ResolvedMention],
    quotes: Sequence[LinkedQuote],
    taxonomy: Taxonomy,
    kinds: dict[str, Kind],
    article_date: str = "",
) -> tuple[EventRecord, ...]:
    """Every event the typed sentences report, with the roles of the places they name.

    ``kinds`` maps place ids to their kind (the role rules treat a country and a town apart)."""
    by_sentence: dict[int, list[ResolvedMention]] = {}
    for m in mentions:
        # a village the gazetteer lacks in no place the text names is still where an event happened
        # ("The landslide hit the village of Xinmo"), though it is on no map
        if m.place_id or m.role in _DRAWN_AT_ANOTHER:
            by_sentence.setdefault(m.sentence, []).append(m)
    speaker_of: dict[int, str] = {}
    for q in quotes:
        if q.speaker:
            for i in q.sentences:
                speaker_of.setdefault(i, q.speaker)
    out: list[EventRecord] = []
    for s in sentences:
        if not s.event_types:
            continue
        chunk = text[s.start : s.end]
        ms = by_sentence.get(s.index, [])
        cues = _cues(chunk, s.start, taxonomy) if ms else []
        for t, (a, b) in s.triggers.items():  # words of an event no cue names, found by the reader
            if ms and not any(c.type == t for c in cues):
                cues.append(Cue(a, b, t, taxonomy.types[t].act))
        cues.sort(key=lambda c: c.start)
        starts = [c.start for c in cues]
        reported_by, by_span = reported_by_of(chunk, s.start)
        reported_by = reported_by or speaker_of.get(s.index, "")
        when = when_of(chunk, s.start, article_date)
        for k, t in enumerate(s.event_types):
            cue_text = s.cues.get(t, "")
            own = next((c for c in cues if c.type == t), None)
            places = tuple(_roles(text, s, ms, cues, starts, t, taxonomy, kinds, by_span)) if ms else ()
            fatalities = tuple(s.casualties) if taxonomy.types[t].violent else ()
            fatalities = tuple(_with_claimant(c, reported_by) for c in fatalities)
            out.append(
                EventRecord(
                    f"e{s.index}.{k}",
                    t,
                    s.index,
                    s.start,
                    s.end,
                    cue_text,
                    own.start if own else -1,
                    own.end if own else -1,
                    places,
                    reported_by,
                    when,
                    fatalities,
                )
            )
    return tuple(out)


def _with_claimant(c: Casualty, reported_by: str) -> Casualty:
    from dataclasses import replace

    return c if c.claimed_by or not reported_by else replace(c, claimed_by=reported_by)


def _cues(chunk: str, offset: int, taxonomy: Taxonomy) -> list[Cue]:
    low = chunk.lower()
    if len(low) != len(chunk):  # the rare text whose lower case changes length: match any case
        low = chunk
    possible = taxonomy.possible_types(low) if low is not chunk else taxonomy.types.keys()
    found = []
    for t in taxonomy.types.values():
        if t.key not in possible:
            continue
        pattern = t.lower_pattern if low is not chunk else t.pattern
        for m in pattern.finditer(low):
            if t.act and unrealised(low, m.start()):
                continue  # "his bid to visit Bethlehem": no visit, so no place of one
            if not in_name(chunk, m.start()) and t.counts(chunk, m):  # "the Houston Rockets"
                found.append(Cue(offset + m.start(), offset + m.end(), t.key, t.act))
    for m in REACTION.finditer(low):
        found.append(Cue(offset + m.start(), offset + m.end(), REACTION_CUE, False))
    for m in HARM.finditer(low):
        found.append(Cue(offset + m.start(), offset + m.end(), "harm", True))
    for m in TOOK_PLACE.finditer(low):
        act = [c for c in found if c.act and c.type != "harm" and c.end <= offset + m.start()]
        if act:  # the act it says took place: the last one named before it
            found.append(Cue(offset + m.start(), offset + m.end(), max(act, key=lambda c: c.end).type, True))
    found.sort(key=lambda c: (c.end, c.act))
    return found


def _roles(text, s, ms, cues, starts, t, taxonomy, kinds, by_span) -> Iterable[EventPlace]:
    """The places of one event of a sentence, with their roles; ``cues`` are the sentence's cues
    by start (``starts`` their starts), sorted once for all its events."""
    act, violent = taxonomy.types[t].act, taxonomy.types[t].violent
    decided: list[EventPlace] = []
    seen: set[tuple[str, str, str]] = set()
    previous: EventPlace | None = None
    last_location: EventPlace | None = None
    for m in ms:
        near = cues[bisect.bisect_left(starts, m.start - REACH) : bisect.bisect_right(starts, m.end + REACH)]
        ctx = RoleRules(text, s, near, t, act, by_span, last_location, violent, taxonomy.violent_types, taxonomy.types)
        roles = ctx.roles_of(m, kinds.get(m.place_id, Kind.PLACE), previous)
        for role, why, rule in roles:
            ep = EventPlace(m.place_id or "", role, m.start, m.end, m.text, why, rule)
            # a village or a street drawn at its town keeps its own entry: "in Giza's Haram
            # district" names two locations, the district and the town, as ACLED would code them
            own = m.text if m.role in _DRAWN_AT_ANOTHER else ""
            if (ep.place_id, role, own) not in seen:
                seen.add((ep.place_id, role, own))
                decided.append(ep)
            previous = ep
            if role == EventRole.LOCATION:
                last_location = ep
        if not roles:
            previous = None
    # a place with a part in the event is not also "only mentioned" in it
    parts = {d.place_id or d.text for d in decided if d.role != EventRole.MENTIONED}
    return [d for d in decided if d.role != EventRole.MENTIONED or (d.place_id or d.text) not in parts]


#: Mentions drawn at the point of the place that holds them (the town of a street, the district
#: or province of a village the gazetteer lacks).
_DRAWN_AT_ANOTHER = frozenset({MentionRole.LOCALITY, MentionRole.STREET})
