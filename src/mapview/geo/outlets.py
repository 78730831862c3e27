"""Where an outlet is based: a prior for the names its readers resolve without being told.

A local paper's "Columbus" is its own state's; a national outlet's towns are mostly at home. The
home comes from the article's metadata (``source_home``: a place name such as "Pendleton, Oregon,
US" or a point "45.67, -118.79"), the command line's ``--home``, the page's *Where is this outlet
based?* field, or else from the article's URL through ``geo/outlets.csv``, a curated table of
outlet domains (each row names its source). Nothing changes where no home is known.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from mapview.geo.gazetteer import Gazetteer
from mapview.geo.ranking import Context
from mapview.model import ids
from mapview.model.enums import Kind, NameRole, Source
from mapview.model.place import PlaceRecord, normalize
from mapview.paths import GEO_DIR

_POINT = re.compile(r"\s*\[?\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]?\s*")
MAX_HOME_CHARS = 200


@lru_cache(maxsize=4)
def outlet_homes(path: Path = GEO_DIR / "outlets.csv") -> dict[str, str]:
    """domain -> home, as the table writes it ("New Orleans, Louisiana, US" or a country code)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["domain"].lower(): row["home"] for row in csv.DictReader(fh)}


def home_for_url(url: str, table: dict[str, str] | None = None) -> str:
    """The home of the outlet an article's URL belongs to, or "": the host and then each parent
    domain is looked up ("toronto.ctvnews.ca" before "ctvnews.ca")."""
    table = outlet_homes() if table is None else table
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""
    labels = host.removeprefix("www.").split(".")
    for k in range(len(labels) - 1):
        home = table.get(".".join(labels[k:]))
        if home:
            return home
    return ""


def resolve_home(spec: str, gazetteer: Gazetteer) -> PlaceRecord | None:
    """The place a home specification names, or None when it names none the gazetteer knows.

    ``"45.5, -122.7"`` (or ``[45.5, -122.7]``) is a point; ``"US"`` a country code; anything else a
    name with optional qualifiers after commas, most specific first ("Columbus, Georgia, US")."""
    spec = (spec or "").strip()[:MAX_HOME_CHARS]
    if not spec:
        return None
    point = _POINT.fullmatch(spec)
    if point:
        lat, lon = float(point.group(1)), float(point.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        return PlaceRecord(
            id=f"point:{lat:.4f},{lon:.4f}",
            name=f"{lat:.4f}, {lon:.4f}",
            kind=Kind.PLACE,
            lat=lat,
            lon=lon,
            source=Source.MANUAL,
            note="outlet's home, given as a point",
        )
    if re.fullmatch(r"[A-Za-z]{2}", spec):
        return gazetteer.place(ids.country(spec.upper()))
    name, *qualifiers = [part.strip() for part in spec.split(",") if part.strip()]
    countries, admin1 = set(), set()
    for q in qualifiers:
        if re.fullmatch(r"[A-Z]{2}", q) and gazetteer.place(ids.country(q)) is not None:
            countries.add(q)
            continue
        for entry in gazetteer.entries(normalize(q)):
            if entry.role is NameRole.DEMONYM:
                continue
            if ids.is_country(entry.place_id):
                countries.add(ids.country_code(entry.place_id))
            elif ids.is_admin1(entry.place_id):
                admin1.add(entry.place_id)
    found = gazetteer.candidates(name, Context(countries=frozenset(countries), admin1=frozenset(admin1)))
    found = [
        c
        for c in found
        if (not countries or c.place.country_code in countries)
        and (not admin1 or c.place.admin1 in admin1 or c.place.id in admin1)
    ]
    return found[0].place if found else None
