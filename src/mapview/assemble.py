"""The document's places, assembled from its mentions, their resolutions, the typed sentences,
quotes and events: one :class:`~mapview.model.document.Place` per place, in text order."""

from __future__ import annotations

import bisect

from mapview.geo.geocode import Resolution
from mapview.model.document import Alternative, Place, ResolvedMention, Unresolved
from mapview.model.enums import EventRole, Kind, MentionRole
from mapview.model.event import EventPlace, EventRecord
from mapview.model.place import PlaceRecord
from mapview.settings import ALTERNATIVES_SHOWN


def place_records(mentions, resolutions, typed, quotes, alternatives=None, events=()) -> tuple[Place, ...]:
    alternatives = alternatives or {}
    kind_of = {m.place_id: r.place.kind for m in mentions if m.place_id and (r := resolutions[m.query]).place}
    roles_of: dict[str, dict[tuple[str, str], None]] = {}
    probable: dict[str, set[str]] = {}  # place -> types located there only by the reader's doubtful word
    sure: dict[str, set[str]] = {}
    for e in events:
        for ep in e.places:
            roles_of.setdefault(ep.place_id, {})[(e.type, shown_role(ep, e, kind_of.get(ep.place_id)))] = None
            if ep.role == EventRole.LOCATION:
                (probable if ep.probable else sure).setdefault(ep.place_id, set()).add(e.type)
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
                tuple(sorted(probable.get(place_id, set()) - sure.get(place_id, set()))),
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


#: The part a place has on the map when it only says where the place of an event lies ("Kharkiv,
#: Ukraine's second-largest city"): a location in the record, not where it happened on the map.
QUALIFIER = "qualifier"
_AREAS = (Kind.COUNTRY, Kind.ADMIN_REGION, Kind.REGION, Kind.CONTINENT)


def shown_role(ep: EventPlace, event: EventRecord, kind: Kind | None) -> str:
    """An event place's part as the map draws it: a country or province that qualifies a located
    town of the same event is not shaded as where the event happened (:data:`QUALIFIER`)."""
    if (
        ep.role == EventRole.LOCATION
        and ep.rule == "qualifier_of_location"
        and any(o.role == EventRole.LOCATION and o.place_id != ep.place_id and o.rule != ep.rule for o in event.places)
        and kind in _AREAS
    ):
        return QUALIFIER
    return ep.role
