"""A document as plain JSON-ready data: everything (``mapview extract --format json``) and the
line format ``mapview extract --jsonl`` writes and the corpus scorer reads."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum

from mapview.geo.ranking import why_chosen
from mapview.model.document import GeoDoc, Place


def place_to_dict(place: Place) -> dict:
    """A place as plain JSON-ready data: its record, what the text says of it, its alternatives."""
    record = {k: (str(v) if isinstance(v, StrEnum) else v) for k, v in asdict(place.record).items()}
    record["source"] = place.record.source_text
    record.pop("provider")
    return {
        **record,
        "served_from": str(place.served_from),
        "retrieved": place.retrieved,
        "surface_forms": list(place.surface_forms),
        "roles": [str(r) for r in place.roles],
        "mentions": [asdict(m) for m in place.mentions],
        "sentences": list(place.sentences),
        "event_types": list(place.event_types),
        "quote_indices": list(place.quote_indices),
        "located_types": list(place.located_types),
        "event_roles": [{"type": t, "role": r} for t, r in place.event_roles],
        "queries": list(place.queries),
        "uncertain": place.uncertain,
        "why_chosen": [{"feature": f, "points": v} for f, v in why_chosen(place)],
        "alternatives": [
            {
                "id": a.id,
                "name": a.name,
                "kind": str(a.kind),
                "country_code": a.country_code,
                "population": a.population,
                "score": a.score,
                "lat": a.lat,
                "lon": a.lon,
                "source": a.source_text,
            }
            for a in place.alternatives
        ],
    }


def to_dict(doc: GeoDoc) -> dict:
    """Everything, as plain JSON-ready data (``mapview extract --format json``)."""
    return {
        "article": asdict(doc.article),
        "sentences": [asdict(s) for s in doc.sentences],
        "mentions": [asdict(m) for m in doc.mentions],
        "places": [place_to_dict(p) for p in doc.places],
        "quotes": [asdict(q) for q in doc.quotes],
        "unresolved": [asdict(u) for u in doc.unresolved],
        "event_type_keys": list(doc.event_type_keys),
        "events": [asdict(e) for e in doc.events],
    }


def to_jsonl_record(doc: GeoDoc) -> dict:
    """The line format ``mapview extract --jsonl`` writes and the scorer reads."""
    mentions = []
    for m in doc.mentions:
        p = doc.places_by_id.get(m.place_id) if m.place_id else None
        mentions.append(
            {
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "role": str(m.role),
                "name": p.name if p else None,
                "kind": str(p.kind) if p else None,
                "lat": p.lat if p else None,
                "lon": p.lon if p else None,
                "country_code": (p.country_code or None) if p else None,
                "polygon_id": (p.polygon_id or None) if p else None,
            }
        )
    index = {(m.start, m.end): k for k, m in enumerate(doc.mentions)}
    events = [
        {
            "id": e.id,
            "type": e.type,
            "reported_by": e.reported_by,
            "places": [
                {"start": p.start, "end": p.end, "role": p.role, "mention": index.get((p.start, p.end))}
                for p in e.places
            ],
        }
        for e in doc.events
    ]
    return {"id": doc.article.id, "mentions": mentions, "events": events}


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
