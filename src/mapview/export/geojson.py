"""The places of a document as RFC 7946 GeoJSON: one Feature per located place, a Point at its
representative point (``mapview extract --format geojson``, the page's GeoJSON download)."""

from __future__ import annotations

from mapview.model.document import GeoDoc, Place


def to_geojson(doc: GeoDoc, places: list[Place] | tuple[Place, ...] | None = None) -> dict:
    """RFC 7946: one Feature per located place, a Point at its representative point."""
    features = []
    for p in doc.places if places is None else places:
        if p.lat is None or p.lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": p.id,
                "geometry": {"type": "Point", "coordinates": [round(p.lon, 6), round(p.lat, 6)]},
                "properties": {
                    "name": p.name,
                    "kind": str(p.kind),
                    "country_code": p.country_code or None,
                    "geonames_id": p.geonames_id,
                    "event_types": list(p.event_types),
                    "mentions": [
                        {"start": m.start, "end": m.end, "text": m.text, "role": str(m.role)} for m in p.mentions
                    ],
                    "quotes": [
                        {"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end}
                        for q in (doc.quotes[i] for i in p.quote_indices)
                    ],
                    "events": [
                        {"id": e.id, "type": e.type, "role": r}
                        for e in doc.events_of(p.id)
                        for r in dict.fromkeys(e.role_of(p.id))
                    ],
                    "surface_forms": list(p.surface_forms),
                    "polygon_id": p.polygon_id or None,
                    "source": p.source_text,
                    "source_ref": p.source_ref,
                    "confidence": p.confidence,
                    "retrieved": p.retrieved,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
