"""The document's places, assembled from its mentions, their resolutions, the typed sentences,
quotes and events: one :class:`~mapview.model.document.Place` per place, in text order."""

from __future__ import annotations

import bisect

from mapview.geo.geocode import Resolution
from mapview.model.document import Alternative, Place, ResolvedMention, Unresolved
from mapview.model.enums import MentionRole
from mapview.model.place import PlaceRecord
from mapview.settings import ALTERNATIVES_SHOWN


def place_records(mentions, resolutions, typed, quotes, alternatives=None, events=()) -> tuple[Place, ...]:
    alternatives = alternatives or {}
    roles_of: dict[str, dict[tuple[str, str], None]] = {}
    for e in events:
        for ep in e.places:
            roles_of.setdefault(ep.place_id, {})[(e.type, ep.role)] = None
    grouped: dict[str, list[ResolvedMention]] = {}
    records: dict[str, tuple[PlaceRecord, Resolution]] = {}
    for m in mentions:
        if m.place_id is None:
            continue
        grouped.setdefault(m.place_id, []).append(m)
        r = resolutions[m.query]
        records.setdefault(m.place_id, (r.place, r))
    quotes_of: dict[str, list[int]] = {}
    for k, q in enumerate(quotes):
        for pid in q.place_ids:
            quotes_of.setdefault(pid, []).append(k)
    places = []
    for place_id, ms in grouped.items():
        record, resolution = records[place_id]
        # the dateline says where the story was filed, not where its events happen
        event_sentences = sorted({m.sentence for m in ms if m.role is not MentionRole.DATELINE and m.sentence >= 0})
        types: list[str] = []
        for i in event_sentences:
            for t in typed[i].event_types:
                if t not in types:
                    types.append(t)
        sentence_set = set(event_sentences)
        starts = [m.start for m in ms]  # in text order
        quote_indices = tuple(
            k
            for k in quotes_of.get(place_id, ())
            if sentence_set & set(quotes[k].sentences)
            or bisect.bisect_left(starts, quotes[k].start) < bisect.bisect_left(starts, quotes[k].end)
        )
        ranked = next((a for m in ms for a in alternatives.get(m.query, ()) if a.id == place_id), None)
        places.append(
            Place(
                record,
                resolution.served_from,
                resolution.retrieved,
                tuple(ms),
                tuple(types),
                quote_indices,
                _merge_alternatives(place_id, [alternatives.get(m.query, ()) for m in ms]),
                ranked,
                tuple(roles_of.get(place_id, ())),
            )
        )
    places.sort(key=lambda p: p.mentions[0].start)
    return tuple(places)


def _merge_alternatives(place_id: str, lists) -> tuple[Alternative, ...]:
    seen, out = {place_id}, []
    for alts in lists:
        for a in alts:
            if a.id not in seen:
                seen.add(a.id)
                out.append(a)
    return tuple(sorted(out, key=lambda a: -a.score)[:ALTERNATIVES_SHOWN])


def unresolved(mentions, resolutions) -> tuple[Unresolved, ...]:
    out: dict[str, list[ResolvedMention]] = {}
    for m in mentions:
        if m.place_id is None:
            out.setdefault(m.query, []).append(m)
    return tuple(Unresolved(q, resolutions[q].reason, tuple(ms)) for q, ms in out.items())
