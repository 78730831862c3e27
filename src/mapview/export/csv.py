"""A document's mentions as CSV, one row per mention (``mapview extract --format csv``, the page's
CSV download), safe to open in a spreadsheet program."""

from __future__ import annotations

import csv
import io

from mapview.model.document import GeoDoc, Place

CSV_COLUMNS = (
    "start",
    "end",
    "text",
    "role",
    "sentence",
    "place_id",
    "name",
    "kind",
    "lat",
    "lon",
    "country_code",
    "geonames_id",
    "event_types",
    "source",
)


def to_csv(doc: GeoDoc, places: list[Place] | tuple[Place, ...] | None = None) -> str:
    """One row per mention (unresolved mentions too, with empty coordinates)."""
    keep = None if places is None else {p.id for p in places}
    by_id = doc.places_by_id
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for m in doc.mentions:
        if keep is not None and m.place_id not in keep:
            continue
        p = by_id.get(m.place_id) if m.place_id else None
        writer.writerow(
            {
                "start": m.start,
                "end": m.end,
                "text": csv_safe(m.text),
                "role": m.role,
                "sentence": m.sentence,
                "place_id": m.place_id or "",
                "name": csv_safe(p.name) if p else "",
                "kind": p.kind if p else "",
                "lat": "" if not p or p.lat is None else p.lat,
                "lon": "" if not p or p.lon is None else p.lon,
                "country_code": p.country_code if p else "",
                "geonames_id": (p.geonames_id or "") if p else "",
                "event_types": ";".join(p.event_types) if p else "",
                "source": p.source_text if p else "",
            }
        )
    return out.getvalue()


def csv_safe(value: str) -> str:
    """Keep spreadsheet programs from running article text as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
