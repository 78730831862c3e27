"""A parsed article as the rows of the collections' database: one dict per article, with its
mentions, places and events (:func:`article_rows`)."""

from __future__ import annotations

import hashlib
from typing import Any

from mapview.model.document import GeoDoc
from mapview.util import parse_day

EXCERPT_CHARS = 600  # an event's sentence is kept up to this length


def article_key(url: str, digest: str) -> str:
    return url.strip() if url.strip() else f"sha256:{digest}"


def article_rows(doc: GeoDoc) -> dict[str, Any]:
    """What the database keeps of a parsed article, as plain data (sent back from a worker)."""
    article = doc.article
    day = parse_day(article.date)
    text = article.text
    places = {
        p.id: {
            "id": p.id,
            "name": p.name[:300],
            "kind": str(p.kind),
            "lat": p.lat,
            "lon": p.lon,
            "country_code": p.country_code or "",
        }
        for p in doc.places
    }
    mentions = [
        {
            "place_id": m.place_id if m.place_id in places else None,
            "start": m.start,
            "end": m.end,
            "text": m.text[:300],
            "role": str(m.role),
            "sentence": m.sentence,
        }
        for m in doc.mentions
    ]
    events = []
    for e in doc.events:
        when = e.when
        own_day = parse_day(when.date) if when is not None and when.precision == "day" else None
        events.append(
            {
                "record_id": e.id[:100],
                "type": e.type,
                "sentence": e.sentence,
                "cue": e.cue[:200],
                "excerpt": " ".join(text[e.start : e.end].split())[:EXCERPT_CHARS],
                "reported_by": e.reported_by[:300],
                "when_text": (when.text if when else "")[:200],
                "when_date": (when.date if when else "")[:10],
                "day": own_day or day,
                "day_basis": "event" if own_day else ("article" if day else ""),
                "fatalities": [c.claim() for c in e.fatalities],
                "places": [
                    {"place_id": p.place_id, "role": str(p.role), "text": p.text[:300]}
                    for p in e.places
                    if p.place_id in places
                ],
            }
        )
    return {
        "article": {
            "key": article_key(article.url, hashlib.sha256(text.encode("utf-8")).hexdigest()),
            "external_id": article.id[:200],
            "url": article.url,
            "title": article.title,
            "source": article.source[:200],
            "date": day,
            "digest": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "text": text,
        },
        "places": list(places.values()),
        "mentions": mentions,
        "events": events,
    }
