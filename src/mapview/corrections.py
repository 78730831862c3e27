"""A reader's corrections of a resolution ("Which Lachin?"), and how they are kept.

In the page a correction lives in the session, for that article. For a bundled article it can
also be saved into the manual overrides file (``data/geocache_overrides.csv``), with its
provenance, so that every later reader, the command line and the tests see it too.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from mapview.gazetteer import PlaceRecord, normalize
from mapview.geocode import CacheEntry, GeocodeCache, cache_key
from mapview.pipeline import NOT_A_PLACE, Alternative, Place

NOT_A_PLACE_KIND = "not_a_place"


def record_of(alternative: Alternative, gazetteer) -> PlaceRecord:
    """The full record of an alternative: from the gazetteer when it knows it, else as given."""
    found = gazetteer.place(alternative.id)
    if found is not None:
        return found
    return PlaceRecord(id=alternative.id, name=alternative.name, kind=alternative.kind, lat=alternative.lat,
                       lon=alternative.lon, country_code=alternative.country_code, population=alternative.population,
                       source=alternative.source, source_ref=alternative.id)


def decisions_for(place: Place, choice: PlaceRecord | None) -> dict[str, PlaceRecord | None]:
    """Every name that resolved to ``place`` now means ``choice`` (or no place at all)."""
    return {normalize(q): choice for q in place.queries}


def save_to_overrides(path: Path, article_id: str, place: Place, choice: PlaceRecord | None, *,
                      who: str = "a reader on the mapview page") -> int:
    """Write the correction as manual overrides for this article; returns the rows in the file."""
    today = dt.date.today().isoformat()
    entries = {}
    for query in place.queries:
        if choice is NOT_A_PLACE:
            record = PlaceRecord(id="none:not-a-place", name=query, kind=NOT_A_PLACE_KIND, lat=None, lon=None,
                                 source="manual", source_ref=f"{who}, {today}",
                                 note=f"marked as not a place (was {place.name}, {place.id})")
        else:
            record = dataclasses.replace(choice, source="manual", confidence=1.0,
                                         source_ref=f"{who}, {today}; was {choice.source} {choice.source_ref}".strip(),
                                         note=f"chosen over {place.name} ({place.id})")
        entries[cache_key(query, article_id)] = CacheEntry(record, today)
    return GeocodeCache.load(path).save(entries, replace_keys=frozenset(entries))
