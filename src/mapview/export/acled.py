"""Event exports: one row per event and place where it happened, in ACLED's column names, and
one GeoJSON Feature per event at its location.

ACLED (the Armed Conflict Location & Event Data project) codes an event where it happened, with
its actors, its date, a geographic precision and the fatalities reported. mapview's rows follow
its columns where they apply; the columns ``mapview_type``, ``reported_by``, ``when_as_written``
and ``fatalities_claimed`` keep what ACLED's own columns cannot say. An event ACLED codes no
counterpart of (a statement, an appeal, an accusation, a warning) has an empty ``event_type``.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache

from mapview.export.csv import csv_safe
from mapview.model.enums import EventRole, Kind
from mapview.model.event import geo_precision

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "mapview_type",
    "reported_by",
    "when_as_written",
    "fatalities_claimed",
    "place_id",
)


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_2=code) if code else None
    return getattr(c, "common_name", None) or (c.name if c else "")


@lru_cache(maxsize=4096)
def admin1_name(admin1_id: str) -> str:
    import pycountry

    code = admin1_id.split(":", 1)[-1] if admin1_id else ""
    sub = pycountry.subdivisions.get(code=code) if code else None
    return sub.name if sub else ""


def _date(doc, event) -> str:
    if event.when is not None and event.when.date:
        return event.when.date
    return doc.article.date or ""


def _actors(doc, event) -> list[str]:
    by_id = doc.places_by_id
    return list(
        dict.fromkeys(by_id[p.place_id].name for p in event.places if p.role == EventRole.ACTOR and p.place_id in by_id)
    )


def _killed(event) -> int:
    lows = [c.low for c in event.fatalities if c.kind == "killed" and c.low is not None]
    return min(lows) if lows else 0  # ACLED's convention: the lowest figure reported


def _unlocated_country(doc, event) -> str:
    """The one country every named place of an event lies in, if there is one: what an event the
    text does not place can still be coded at."""
    by_id = doc.places_by_id
    codes = {by_id[p.place_id].country_code for p in event.places if p.place_id in by_id}
    return country_name(codes.pop()) if len(codes) == 1 and "" not in codes else ""


def event_rows(doc, taxonomy) -> list[dict]:
    """One row per event and place where it happened. An event the text places nowhere that ACLED
    would code (a clash, a strike) or that claims casualties is one row with empty coordinates and
    precision, as ACLED leaves an event it cannot geolocate: a death toll is never left out."""
    rows = []
    by_id = doc.places_by_id
    for e in doc.events:
        et = taxonomy.get(e.type)
        actors = _actors(doc, e)
        located = [by_id[pid] for pid in e.location_ids if pid in by_id and by_id[pid].lat is not None]
        if not located and not ((et is not None and et.acled) or e.fatalities):
            continue  # a statement or appeal said nowhere in particular: not an event ACLED codes
        for p in located or [None]:
            rows.append(
                {
                    "event_id_cnty": f"{doc.article.id}:{e.id}",
                    "event_date": _date(doc, e),
                    "event_type": et.acled if et else "",
                    "sub_event_type": et.acled_sub if et else "",
                    "actor1": actors[0] if actors else "",
                    "actor2": actors[1] if len(actors) > 1 else "",
                    "country": (
                        _unlocated_country(doc, e)
                        if p is None
                        else p.name
                        if p.kind is Kind.COUNTRY
                        else country_name(p.country_code)
                    ),
                    "admin1": admin1_name(p.admin1) if p is not None and p.admin1 else "",
                    "location": p.name if p is not None else "",
                    "latitude": round(p.lat, 5) if p is not None and p.lat is not None else "",
                    "longitude": round(p.lon, 5) if p is not None and p.lon is not None else "",
                    "geo_precision": geo_precision(p.kind) if p is not None else "",
                    "source": doc.article.source,
                    "notes": doc.article.text[e.start : e.end].strip(),
                    "fatalities": _killed(e),
                    "mapview_type": e.type,
                    "reported_by": e.reported_by,
                    "when_as_written": e.when.text if e.when else "",
                    "fatalities_claimed": "; ".join(
                        f"{c.count} {c.kind}" + (f" ({c.claimed_by})" if c.claimed_by else "") for c in e.fatalities
                    ),
                    "place_id": p.id if p is not None else "",
                }
            )
    return rows


def events_csv(doc, taxonomy) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in event_rows(doc, taxonomy):
        writer.writerow({k: csv_safe(v) if isinstance(v, str) else v for k, v in row.items()})
    return out.getvalue()


def events_geojson(doc, taxonomy) -> dict:
    """RFC 7946: one Feature per event with a location, a Point (one location) or a MultiPoint."""
    by_id = doc.places_by_id
    features = []
    for e in doc.events:
        located = [by_id[i] for i in e.location_ids if i in by_id and by_id[i].lat is not None]
        if not located:
            continue
        coords = [[round(p.lon, 6), round(p.lat, 6)] for p in located]
        geometry = (
            {"type": "Point", "coordinates": coords[0]}
            if len(coords) == 1
            else {"type": "MultiPoint", "coordinates": coords}
        )
        et = taxonomy.get(e.type)
        features.append(
            {
                "type": "Feature",
                "id": e.id,
                "geometry": geometry,
                "properties": {
                    "type": e.type,
                    "label": et.label if et else e.type,
                    "acled_event_type": et.acled if et else "",
                    "sentence": e.sentence,
                    "cue": e.cue,
                    "reported_by": e.reported_by,
                    "when": {"text": e.when.text, "date": e.when.date} if e.when else None,
                    "fatalities": [c.claim() for c in e.fatalities],
                    "places": [
                        {
                            "id": p.place_id,
                            "name": by_id[p.place_id].name if p.place_id in by_id else "",
                            "role": p.role,
                            "start": p.start,
                            "end": p.end,
                            "text": p.text,
                        }
                        for p in e.places
                    ],
                    "text": doc.article.text[e.start : e.end].strip(),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
