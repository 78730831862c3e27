"""``geoparse(article) -> GeoDoc``: the one pure function in the middle of mapview.

Everything before it is loading; everything after it (map, panel, exports) is presentation.
"""
from __future__ import annotations

import bisect
import csv
import operator
import io
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from mapview import ids
from mapview.article import Article, Sentence, split_sentences
from mapview.enums import EventRole, Kind, MentionRole, NameRole, ServedFrom
from mapview.events import Casualty, Taxonomy, find_casualties
from mapview.gazetteer import Gazetteer
from mapview.places import PlaceRecord, normalize
from mapview.ranking import REGION_KM, AnchorIndex, Context, explain, list_kind
from mapview.geocode import CacheEntry, CacheKey, GeocodeCache, GeocoderChain, Resolution
from mapview.paths import GEOCACHE, OVERRIDES, SEED_GEOCACHE, SEED_OVERRIDES
from mapview.settings import ALTERNATIVES_SHOWN, UNCERTAIN_CONFIDENCE, WEAK_TOWN_SCORE
from mapview.util import great_circle_km, today
from mapview.quotes import Quote, find_quotes
from mapview.recognize import Mention, Recognizer
from mapview.roles import EventRecord, extract_events


@dataclass(frozen=True)
class TypedSentence:
    index: int
    start: int
    end: int
    event_types: tuple[str, ...]
    cues: dict[str, str]  # event type -> the words that triggered it
    casualties: tuple[Casualty, ...] = ()


@dataclass(frozen=True)
class LinkedQuote:
    start: int
    end: int
    text: str
    speaker: str
    speaker_as_written: str
    sentence: int
    sentences: tuple[int, ...]  # every sentence the quote overlaps
    place_ids: tuple[str, ...]  # places the quote or its sentences mention
    event_types: tuple[str, ...]


@dataclass(frozen=True)
class ResolvedMention:
    start: int
    end: int
    text: str
    role: MentionRole
    sentence: int
    query: str
    place_id: str | None  # None when unresolved


@dataclass(frozen=True)
class Alternative:
    """Another place a name may mean ("Which Lachin?"), with the score the resolver gave it."""

    record: PlaceRecord
    score: float
    features: tuple[tuple[str, float], ...] = ()  # what the score adds up from (gazetteer.FEATURE_LABELS)

    if TYPE_CHECKING:  # the record's fields read through (see _read_through); typed loosely here
        def __getattr__(self, name: str) -> Any: ...

    @classmethod
    def of(cls, record: PlaceRecord, score: float, features: tuple[tuple[str, float], ...] = ()) -> Alternative:
        return cls(record, score, features)


_RECORD_FIELDS = frozenset(f.name for f in fields(PlaceRecord)) | {"has_point", "source_text", "is_not_a_place"}


@dataclass(frozen=True)
class Place:
    """A place of the document: its record (where it is, from where) and what the text says of it."""

    record: PlaceRecord
    served_from: ServedFrom
    retrieved: str
    mentions: tuple[ResolvedMention, ...]
    event_types: tuple[str, ...]
    quote_indices: tuple[int, ...]
    alternatives: tuple[Alternative, ...] = ()  # other candidates for its names, best first
    ranked: Alternative | None = None  # this place as the gazetteer's ranking scored it, when it did
    #: (event type, role) of every event that concerns it, in text order (mapview.roles)
    event_roles: tuple[tuple[str, str], ...] = ()

    if TYPE_CHECKING:  # the record's fields read through (see _read_through); typed loosely here
        def __getattr__(self, name: str) -> Any: ...

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.text for m in self.mentions))

    @property
    def runner_up(self) -> Alternative | None:
        """The best other candidate, when the gazetteer's ranking chose among several (a reader's
        or an editor's decision is not the ranking's)."""
        if self.ranked is None or not self.alternatives or self.served_from in (ServedFrom.READER, ServedFrom.OVERRIDE):
            return None
        return self.alternatives[0]

    @property
    def uncertain(self) -> bool:
        """Chosen by the ranking with a small margin over its runner-up, or on weak evidence (a
        small town nothing else in the text points to, even the only one of its name: "Dora
        village … south of Srinagar" is not Dora, Alabama): worth a reader's check. A reader's or
        an editor's decision is never uncertain."""
        if self.ranked is None or self.served_from in (ServedFrom.READER, ServedFrom.OVERRIDE):
            return False
        weak = self.kind.is_marker and self.ranked.score < WEAK_TOWN_SCORE
        if self.runner_up is None:
            return weak
        return self.confidence < UNCERTAIN_CONFIDENCE or weak

    def why_chosen(self) -> list[tuple[str, float]]:
        """The two or three features that decided for this place over its runner-up."""
        runner_up = self.runner_up
        if runner_up is None or self.ranked is None:
            return []
        return explain(self.ranked.features, runner_up.features)

    @cached_property  # read for every place on every rerun of the page
    def located_types(self) -> tuple[str, ...]:
        """The types of the events that happened here (role ``location``), taxonomy order kept
        from ``event_types`` where it has them."""
        here = {t for t, r in self.event_roles if r == EventRole.LOCATION}
        return tuple(dict.fromkeys([t for t in self.event_types if t in here] + sorted(here - set(self.event_types))))

    @cached_property
    def involved_types(self) -> tuple[str, ...]:
        """The types of every event it has any part in, or is mentioned by."""
        return tuple(dict.fromkeys(t for t, _ in self.event_roles))

    @property
    def roles(self) -> tuple[MentionRole, ...]:
        return tuple(dict.fromkeys(m.role for m in self.mentions))

    @property
    def sentences(self) -> tuple[int, ...]:
        return tuple(sorted({m.sentence for m in self.mentions if m.sentence >= 0}))

    @property
    def queries(self) -> tuple[str, ...]:
        """The names, as written, that resolved to this place."""
        return tuple(dict.fromkeys(m.query for m in self.mentions))

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries a border runs between (from its id), or the place's country."""
        codes = ids.border_countries(self.id) if self.kind is Kind.BORDER else None
        if codes:
            return codes
        return (self.country_code,) if self.country_code else ()

    def to_dict(self) -> dict:
        record = {k: (str(v) if isinstance(v, StrEnum) else v) for k, v in asdict(self.record).items()}
        record["source"] = self.record.source_text
        record.pop("provider")
        return {**record, "served_from": str(self.served_from), "retrieved": self.retrieved,
                "surface_forms": list(self.surface_forms), "roles": [str(r) for r in self.roles],
                "mentions": [asdict(m) for m in self.mentions], "sentences": list(self.sentences),
                "event_types": list(self.event_types), "quote_indices": list(self.quote_indices),
                "located_types": list(self.located_types),
                "event_roles": [{"type": t, "role": r} for t, r in self.event_roles],
                "queries": list(self.queries), "uncertain": self.uncertain,
                "why_chosen": [{"feature": f, "points": v} for f, v in self.why_chosen()],
                "alternatives": [{"id": a.id, "name": a.name, "kind": str(a.kind), "country_code": a.country_code,
                                  "population": a.population, "score": a.score, "lat": a.lat, "lon": a.lon,
                                  "source": a.source_text} for a in self.alternatives]}


def _read_through(cls: type) -> None:
    """Give ``cls`` a read-only property for each field of its ``record`` (place.name is
    place.record.name): a Place is its record and more. Properties, not ``__getattr__``, because
    the page reads them for every place on every rerun (75 ns against 750 ns a read)."""
    for name in _RECORD_FIELDS:
        setattr(cls, name, property(operator.attrgetter(f"record.{name}")))


_read_through(Alternative)
_read_through(Place)


@dataclass(frozen=True)
class Unresolved:
    query: str
    reason: str
    mentions: tuple[ResolvedMention, ...]


@dataclass(frozen=True)
class GeoDoc:
    """Everything geoparse found in an article. Frozen; its lookup tables are built on first use."""

    article: Article
    sentences: tuple[TypedSentence, ...]
    mentions: tuple[ResolvedMention, ...]
    places: tuple[Place, ...]
    quotes: tuple[LinkedQuote, ...]
    unresolved: tuple[Unresolved, ...] = ()
    event_type_keys: tuple[str, ...] = ()
    #: What this parse resolved anew (gazetteer, online): rows the caller may save into its cache.
    #: geoparse never writes them itself, so parsing changes nothing outside the result.
    cache_additions: tuple[tuple[CacheKey, CacheEntry], ...] = field(default=(), compare=False, repr=False)
    #: where the outlet is based, as resolution used it (None: not known)
    home: PlaceRecord | None = None
    #: what happened, where, who took part, who says so (mapview.roles)
    events: tuple[EventRecord, ...] = ()

    # -- lookups (cached_property writes the instance's __dict__ directly, which frozen allows) ----

    @cached_property
    def places_by_id(self) -> dict[str, Place]:
        return {p.id: p for p in self.places}

    @cached_property
    def mentions_by_place(self) -> dict[str, tuple[ResolvedMention, ...]]:
        out: dict[str, list[ResolvedMention]] = {}
        for m in self.mentions:
            if m.place_id:
                out.setdefault(m.place_id, []).append(m)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def mentions_by_sentence(self) -> dict[int, tuple[ResolvedMention, ...]]:
        out: dict[int, list[ResolvedMention]] = {}
        for m in self.mentions:
            out.setdefault(m.sentence, []).append(m)
        return {k: tuple(v) for k, v in out.items()}

    def place(self, place_id: str) -> Place | None:
        return self.places_by_id.get(place_id)

    @cached_property
    def _events_by_place(self) -> dict[str, tuple[EventRecord, ...]]:
        out: dict[str, list[EventRecord]] = {}
        for e in self.events:
            for pid in dict.fromkeys(p.place_id for p in e.places):
                out.setdefault(pid, []).append(e)
        return {k: tuple(v) for k, v in out.items()}

    def events_of(self, place_id: str) -> tuple[EventRecord, ...]:
        """The events that concern a place, in text order."""
        return self._events_by_place.get(place_id, ())

    @property
    def __geo_interface__(self) -> dict:
        """The places as a GeoJSON FeatureCollection (shapely, geopandas and folium read it)."""
        return self.to_geojson()

    # -- exports ---------------------------------------------------------------------------

    def to_geojson(self, places: list[Place] | tuple[Place, ...] | None = None) -> dict:
        """RFC 7946: one Feature per located place, a Point at its representative point."""
        features = []
        for p in self.places if places is None else places:
            if p.lat is None or p.lon is None:
                continue
            features.append({
                "type": "Feature",
                "id": p.id,
                "geometry": {"type": "Point", "coordinates": [round(p.lon, 6), round(p.lat, 6)]},
                "properties": {
                    "name": p.name, "kind": str(p.kind), "country_code": p.country_code or None,
                    "geonames_id": p.geonames_id, "event_types": list(p.event_types),
                    "mentions": [{"start": m.start, "end": m.end, "text": m.text, "role": str(m.role)}
                                 for m in p.mentions],
                    "quotes": [{"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end}
                               for q in (self.quotes[i] for i in p.quote_indices)],
                    "events": [{"id": e.id, "type": e.type, "role": r}
                               for e in self.events_of(p.id) for r in dict.fromkeys(e.role_of(p.id))],
                    "surface_forms": list(p.surface_forms), "polygon_id": p.polygon_id or None,
                    "source": p.source_text, "source_ref": p.source_ref, "confidence": p.confidence,
                    "retrieved": p.retrieved,
                },
            })
        return {"type": "FeatureCollection", "features": features}

    CSV_COLUMNS = ("start", "end", "text", "role", "sentence", "place_id", "name", "kind", "lat", "lon",
                   "country_code", "geonames_id", "event_types", "source")

    def to_csv(self, places: list[Place] | tuple[Place, ...] | None = None) -> str:
        """One row per mention (unresolved mentions too, with empty coordinates)."""
        keep = None if places is None else {p.id for p in places}
        by_id = self.places_by_id
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for m in self.mentions:
            if keep is not None and m.place_id not in keep:
                continue
            p = by_id.get(m.place_id) if m.place_id else None
            writer.writerow({
                "start": m.start, "end": m.end, "text": _csv_safe(m.text), "role": m.role, "sentence": m.sentence,
                "place_id": m.place_id or "", "name": _csv_safe(p.name) if p else "", "kind": p.kind if p else "",
                "lat": "" if not p or p.lat is None else p.lat, "lon": "" if not p or p.lon is None else p.lon,
                "country_code": p.country_code if p else "", "geonames_id": (p.geonames_id or "") if p else "",
                "event_types": ";".join(p.event_types) if p else "", "source": p.source_text if p else "",
            })
        return out.getvalue()

    def to_dict(self) -> dict:
        """Everything, as plain JSON-ready data (``mapview extract --format json``)."""
        return {"article": asdict(self.article), "sentences": [asdict(s) for s in self.sentences],
                "mentions": [asdict(m) for m in self.mentions], "places": [p.to_dict() for p in self.places],
                "quotes": [asdict(q) for q in self.quotes], "unresolved": [asdict(u) for u in self.unresolved],
                "event_type_keys": list(self.event_type_keys), "events": [asdict(e) for e in self.events]}

    def to_jsonl_record(self) -> dict:
        """The line format ``mapview extract --jsonl`` writes and the scorer reads."""
        mentions = []
        for m in self.mentions:
            p = self.places_by_id.get(m.place_id) if m.place_id else None
            mentions.append({"start": m.start, "end": m.end, "text": m.text, "role": str(m.role),
                             "name": p.name if p else None, "kind": str(p.kind) if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
                             "country_code": (p.country_code or None) if p else None,
                             "polygon_id": (p.polygon_id or None) if p else None})
        index = {(m.start, m.end): k for k, m in enumerate(self.mentions)}
        events = [{"id": e.id, "type": e.type, "reported_by": e.reported_by,
                   "places": [{"start": p.start, "end": p.end, "role": p.role, "mention": index.get((p.start, p.end))}
                              for p in e.places]} for e in self.events]
        return {"id": self.article.id, "mentions": mentions, "events": events}


def _csv_safe(value: str) -> str:
    """Keep spreadsheet programs from running article text as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@dataclass
class Geoparser:
    """Holds what is loaded once (gazetteer, cache, taxonomy) and parses any number of articles."""

    gazetteer: Gazetteer = field(default_factory=Gazetteer)
    chain: GeocoderChain | None = None
    taxonomy: Taxonomy = field(default_factory=Taxonomy)

    def __post_init__(self) -> None:
        if self.chain is None:
            self.chain = GeocoderChain(self.gazetteer, default_cache(), default_overrides())
        self.recognizer = Recognizer(self.gazetteer)

    def resolve_article(self, article: Article, refresh: frozenset[str] = frozenset()) -> dict[str, Resolution]:
        """Only the resolution step: what each name of the article resolves to, in context.
        ``refresh``: normalised names to resolve anew, past the cache."""
        mentions = self.recognizer.find(article.text, split_sentences(article.text))
        return self._resolve(mentions, article.id, refresh=refresh, home=self._prior_home(article, mentions),
                             text=article.text)[0]

    def parse(self, article: Article, decisions: dict[str, PlaceRecord] | None = None,
              progress=None, *, overrides: GeocodeCache | None = None) -> GeoDoc:
        """Geoparse an article. ``decisions`` are a reader's corrections for this article: a
        normalised name -> the place it means, or :data:`mapview.places.NOT_A_PLACE`. ``progress(stage, fraction)`` is
        told how far the work has come, for long texts. ``overrides``: the shared corrections to
        use (a snapshot taken once by the caller), instead of those the chain was built with.

        Pure: nothing outside the returned document changes, so any number of threads may parse
        with one Geoparser at once."""
        decisions = decisions or {}
        report = progress or (lambda stage, fraction: None)
        text = article.text
        report("Splitting sentences", 0.05)
        sentences = split_sentences(text)
        report("Finding place names", 0.35)
        raw_mentions = [m for m in self.recognizer.find(text, sentences)
                        if not _not_a_place(decisions.get(normalize(m.query)))]
        report("Resolving places", 0.6)
        home = self._prior_home(article, raw_mentions)
        resolutions, contexts = self._resolve(raw_mentions, article.id, decisions, overrides=overrides, home=home,
                                              text=text)
        resolutions = self._place_streets(raw_mentions, resolutions, Context(article=article.id, home=home))
        resolutions = self._place_localities(raw_mentions, resolutions, Context(article=article.id, home=home))
        resolutions, held = self._place_qualified(raw_mentions, resolutions, decisions)
        raw_mentions = [m for m in raw_mentions if not _not_a_place(resolutions[m.query].place)]
        mentions = tuple(
            ResolvedMention(m.start, m.end, m.text,
                            MentionRole.LOCALITY if m.query in held else self._role(m.role, m.query, place),
                            m.sentence, m.query, place.id if place is not None else None)
            for m in raw_mentions for place in (resolutions[m.query].place,)
        )
        report("Quotes and event types", 0.8)
        quotes = find_quotes(text, sentences)
        typed = self._type_sentences(text, sentences, quotes)
        linked = _link_quotes(quotes, sentences, mentions, typed)
        alternatives = {q: self._alternatives(q, contexts[q]) for q in {m.query for m in mentions if m.place_id}}
        kinds = {m.place_id: r.place.kind for m in mentions if m.place_id
                 for r in (resolutions[m.query],) if r.place is not None}
        events = extract_events(text, typed, mentions, linked, self.taxonomy, kinds, article.date)
        places = _places(mentions, resolutions, typed, linked, alternatives, events)
        unresolved = _unresolved(mentions, resolutions)
        additions = tuple(dict(entry for r in resolutions.values() if (entry := r.cache_entry()) is not None).items())
        report("Done", 1.0)
        return GeoDoc(article, typed, mentions, places, linked, unresolved, tuple(self.taxonomy.keys), additions, home,
                      events)

    def _place_streets(self, mentions: list[Mention], resolutions: dict[str, Resolution],
                       context: Context) -> dict[str, Resolution]:
        """A street or a building the gazetteer lacks is placed at the town it lies in: the one
        named in it or right by it ("Manila Cathedral", "Seaton Street, Edmonton"), else the
        story's own town (below); else it stays off the map. Never cached: the point is the
        town's, not the street's."""
        streets = [m for m in mentions if m.role is MentionRole.STREET and resolutions[m.query].place is None]
        if not streets:
            return resolutions
        named = [(m, p) for m in mentions if m.role is not MentionRole.STREET
                 and (p := resolutions[m.query].place) is not None and p.kind in _TOWN_KINDS]
        places = {p.id: p for _, p in named}
        towns = Counter(p.id for _, p in named)
        # the story's town: its dateline's, else the one town it names, or one named at least
        # twice and twice as often as any other
        dateline = next((p.id for m, p in named if m.role is MentionRole.DATELINE), None)
        ranked = towns.most_common(2) + [("", 0)]
        main_id = dateline or (ranked[0][0] if (ranked[0][1] >= 2 or len(towns) == 1) and ranked[0][1] >= 2 * ranked[1][1]
                               else None)
        main = places[main_id] if main_id else None
        out = dict(resolutions)
        for m in streets:
            town = None
            if m.within:
                near = self._place_named(m.within, resolutions, context)
                town = near if near is not None and near.kind in _TOWN_KINDS else None
            town = town or main
            if town is not None:
                out[m.query] = Resolution(m.query, town, ServedFrom.GAZETTEER, resolutions[m.query].retrieved,
                                          reason=f"a street or building, placed at {town.name}")
        return out

    def _place_named(self, query: str, resolutions: dict[str, Resolution], context: Context) -> PlaceRecord | None:
        """The place a name beside a street or a village resolved to: its own mention's, else looked up."""
        known = resolutions.get(query)
        if known is None and self.chain is not None:
            known = self.chain.resolve(query, context=context)
        return known.place if known is not None else None

    def _place_localities(self, mentions: list[Mention], resolutions: dict[str, Resolution],
                          context: Context) -> dict[str, Resolution]:
        """A village, district or county the gazetteer lacks is drawn at the town, district or
        province the text says holds it ("Maoxian county in Sichuan province"), as ACLED codes an
        event whose village it cannot find at the smallest unit it can; a country is too coarse to
        stand for a village, so then it stays off the map. A namesake the gazetteer has is kept only
        when it lies in that place: the recogniser found no evidence for it as a name alone ("Guma
        LGA" in Benue is not Guma, Kenya). Never cached."""
        out = dict(resolutions)
        # a name the text also uses as a plain mention keeps that mention's resolution
        plain = {m.query for m in mentions if m.role is not MentionRole.LOCALITY}
        for m in mentions:
            if m.role is not MentionRole.LOCALITY or self.chain is None or m.query in plain:
                continue
            holder = None
            if m.within:
                near = self._place_named(m.within, resolutions, context)
                holder = near if near is not None and near.kind in _HOLDER_KINDS else None
            own = resolutions[m.query].place
            if own is not None and holder is not None and holder.id in (own.id, own.admin1):
                continue  # the village the gazetteer knows, in the province the text says
            if holder is not None:
                out[m.query] = Resolution(m.query, holder, ServedFrom.GAZETTEER, resolutions[m.query].retrieved,
                                          reason=f"not in the gazetteer: placed at {holder.name}, which holds it")
            else:
                out[m.query] = Resolution(m.query, None, ServedFrom.GAZETTEER, resolutions[m.query].retrieved,
                                          reason="a village or district the gazetteer lacks, in no place the text names")
        return out

    def _place_qualified(self, mentions: list[Mention], resolutions: dict[str, Resolution],
                         decisions: dict[str, PlaceRecord]) -> tuple[dict[str, Resolution], frozenset[str]]:
        """A name the text qualifies every time with its state or province ("CAMP MURRAY, Wash.")
        lies there: when no reading of it does (Murray, Utah; the camp is not in the gazetteer),
        it is a place the gazetteer lacks, drawn at that unit as a locality is. A country is too
        coarse to stand for a town, so a name qualified by one keeps its reading. Returns the
        resolutions and the names so placed."""
        qualifiers: dict[str, set[str]] = {}
        for m in mentions:
            qualifiers.setdefault(m.query, set()).add(m.qualifier)
        out, held = dict(resolutions), set()
        for query, qs in qualifiers.items():
            (q,) = qs if len(qs) == 1 else ("",)
            r = resolutions.get(query)
            if (not ids.is_admin1(q) or r is None or r.place is None or r.served_from is not ServedFrom.GAZETTEER
                    or normalize(query) in decisions or q in (r.place.admin1, r.place.id)):
                continue
            unit = self.gazetteer.place(q)
            if unit is None:
                continue
            out[query] = Resolution(query, unit, ServedFrom.GAZETTEER, r.retrieved,
                                    reason=f"no {query} the gazetteer knows lies in {unit.name}: placed at {unit.name}")
            held.add(query)
        return out, frozenset(held)

    def _role(self, role: MentionRole, query: str, place: PlaceRecord | None) -> MentionRole:
        """A name the recogniser took for a capital standing for its government ("Athens said")
        is a plain toponym when it resolved to a place that is no capital (Athens, Georgia); a
        word that is both a town and a demonym is a demonym when it resolved to the demonym's
        place ("Canadian pension obligations": Canada, not Canadian, Texas)."""
        if role is MentionRole.METONYM and place is not None and place.id not in self.gazetteer.capitals:
            return MentionRole.TOPONYM
        if role is MentionRole.TOPONYM and place is not None and any(
                e.role is NameRole.DEMONYM and e.place_id == place.id for e in self.gazetteer.entries(normalize(query))):
            return MentionRole.DEMONYM
        return role

    def home_of(self, article: Article) -> PlaceRecord | None:
        """Where the article's outlet is based: its ``source_home``, else its URL's outlet in the
        table of outlets, else None."""
        from mapview.outlets import home_for_url, resolve_home

        return resolve_home(article.source_home or home_for_url(article.url), self.gazetteer)

    def _prior_home(self, article: Article, mentions: list[Mention]) -> PlaceRecord | None:
        """The outlet's home as the prior for this story: none when the story was filed from
        elsewhere. A wire story an Indiana paper runs under "LONDON" is no Indiana story: its
        "In Washington" is the capital, not Washington, Ind. The dateline is read as any name is,
        with the home as a prior ("COLUMBUS" in a Georgia paper is Columbus, Ga.); elsewhere means
        that reading is neither in the home's state or province, nor within the region's reach of
        it, nor, for a home given as a country, in that country."""
        home = self.home_of(article)
        dateline = next((m for m in mentions if m.role is MentionRole.DATELINE), None)
        if home is None or dateline is None:
            return home
        found = self.gazetteer.candidates(dateline.query, Context(article=article.id, home=home,
                                                                  qualifier=dateline.qualifier))
        return home if not found or _local_to(found[0].place, home) else None

    def _alternatives(self, query: str, context: Context) -> tuple[Alternative, ...]:
        return tuple(Alternative.of(c.place, c.score, c.features)
                     for c in self.gazetteer.candidates(query, context)[:ALTERNATIVES_SHOWN])

    def _resolve(self, mentions: list[Mention], article_id: str = "",
                 decisions: dict[str, PlaceRecord] | None = None, *, overrides: GeocodeCache | None = None,
                 refresh: frozenset[str] = frozenset(), home: PlaceRecord | None = None, text: str = ""
                 ) -> tuple[dict[str, Resolution], dict[str, Context]]:
        """Resolve each distinct name once, in two passes: names the text makes unambiguous first,
        then the rest with their countries and points as context ("London" near "Ontario"); then a
        name listed with states or countries of one kind is resolved again as one of them
        ("Georgia, Ohio and Florida")."""
        # Evidence for a name comes from the *other* names, and only from those that name one
        # country or first-level unit and no other: "Georgia" (a country and a US state) is no
        # evidence for either reading, not even of itself.
        readings: dict[str, set[str]] = {}
        for m in mentions:
            readings.setdefault(m.query, set()).update(
                pid for pid in m.gazetteer_ids if ids.is_country(pid) or ids.is_admin1(pid))
        sure = {q: next(iter(r)) for q, r in readings.items() if len(r) == 1}
        # What all sure names say, counted once; a name's own word is taken out only when no other
        # name says the same (one set per distinct unit, not one pass over every name per name).
        country_of = {pid: (ids.country_code(pid) if ids.is_country(pid)
                            else p.country_code if (p := self.gazetteer.place(pid)) is not None else "")
                      for pid in set(sure.values())}
        said = Counter(sure.values())
        said_country = Counter(country_of[pid] for pid in sure.values() if country_of[pid])
        all_units = frozenset(pid for pid in said if ids.is_admin1(pid))
        all_countries = frozenset(said_country)
        without: dict[str, dict] = {}

        def evidence(query: str) -> dict:
            own = sure.get(query)
            if own is None:
                return {"countries": all_countries, "admin1": all_units}
            if own not in without:
                code = country_of[own]
                without[own] = {
                    "countries": all_countries - {code} if code and said_country[code] == 1 else all_countries,
                    "admin1": all_units - {own} if said[own] == 1 else all_units}
            return without[own]
        qualifiers: dict[str, Counter] = {}
        for m in mentions:
            qualifiers.setdefault(m.query, Counter())
            if m.qualifier:
                qualifiers[m.query][m.qualifier] += 1
        qualifying = _qualifying(mentions, text)
        kind_words = _kind_words(mentions, text)
        base = Context(article=article_id, home=home)

        def context_for(query: str, extra: dict) -> Context:
            q = qualifiers[query].most_common(1)
            qs = qualifying[query].most_common(1) if query in qualifying else ()
            kw = kind_words[query].most_common(1) if query in kind_words else ()
            return replace(base, qualifier=q[0][0] if q else "", qualifies=qs[0][0] if qs else "",
                           kind_word=kw[0][0] if kw else "", **evidence(query), **extra)

        decisions = decisions or {}
        chain = self.chain
        assert chain is not None  # set in __post_init__
        contexts = {q: context_for(q, {}) for q in qualifiers}
        first = {}
        for q in qualifiers:
            key = normalize(q)
            if key in decisions:  # the reader has said what this name means in this article
                first[q] = Resolution(q, decisions[key], ServedFrom.READER, today())
            else:
                first[q] = chain.resolve(q, context=contexts[q], overrides=overrides, refresh=key in refresh)
        anchors = [r.place for r in first.values()
                   if r.place is not None and r.place.kind in ("city", "district")
                   and (r.place.confidence >= 0.9 or r.served_from in (ServedFrom.READER, ServedFrom.OVERRIDE))]
        if not anchors:
            return self._resolve_lists(mentions, text, first, contexts, overrides, refresh), contexts
        # A name resolved with less confidence is resolved again, now that the places the text is
        # sure about are known (its own first guess is never among them: it was not sure).
        extra = {"anchors": AnchorIndex((p.lat, p.lon) for p in anchors),
                 "anchor_countries": frozenset(p.country_code for p in anchors if p.country_code),
                 "anchor_admin1": frozenset(p.admin1 for p in anchors if p.admin1)}
        out = {}
        for q, r in first.items():
            if r.place is not None and r.place.confidence < 0.9 and r.served_from is ServedFrom.GAZETTEER:
                contexts[q] = context_for(q, extra)
                out[q] = chain.resolve(q, context=contexts[q], overrides=overrides,
                                            refresh=normalize(q) in refresh)
            else:
                out[q] = r
        return self._resolve_lists(mentions, text, out, contexts, overrides, refresh), contexts

    def _resolve_lists(self, mentions: list[Mention], text: str, resolved: dict[str, Resolution],
                       contexts: dict[str, Context], overrides: GeocodeCache | None,
                       refresh: frozenset[str]) -> dict[str, Resolution]:
        """A name in a list whose other members all resolved to first-level units of one country
        (or all to countries) is resolved again with that as evidence: "Georgia, Ohio and Florida"
        are three US states, "California or Washington" two, "Georgia and Armenia" two countries.
        The evidence is what the others resolved to, so a list of towns ("New York and Washington")
        says nothing, and no name is evidence for itself."""
        groups = list_groups(mentions, text)
        if not groups:
            return resolved
        kind_of = {q: list_kind(r.place) if r.place is not None else "" for q, r in resolved.items()}
        others: dict[str, set[str]] = {}  # what the other members of its lists resolved to, as kinds
        for group in groups:
            counts = Counter(kind_of.get(q, "") for q in group)
            for q in group:  # a few kinds per list: linear in the list's length
                others.setdefault(q, set()).update(k for k, n in counts.items() if n > (k == kind_of.get(q, "")))
        out = dict(resolved)
        assert self.chain is not None
        for q, kinds in others.items():
            if len(kinds) != 1 or "" in kinds:
                continue
            kind = kinds.pop()
            r = resolved.get(q)
            if r is None or r.place is None or kind_of[q] == kind or r.served_from is not ServedFrom.GAZETTEER:
                continue
            contexts[q] = replace(contexts[q], list_kind=kind)
            out[q] = self.chain.resolve(q, context=contexts[q], overrides=overrides, refresh=normalize(q) in refresh)
        return out

    def _type_sentences(self, text: str, sentences: list[Sentence], quotes: list[Quote]) -> tuple[TypedSentence, ...]:
        out = []
        typings = self.taxonomy.classify_story(text[s.start:s.end] for s in sentences)
        for s, typing in zip(sentences, typings):
            casualties: tuple[Casualty, ...] = ()
            if {"armed_clash", "shelling_strike"} & set(typing.types):
                casualties = tuple(_claimed(c, quotes) for c in find_casualties(text, s.start, s.end))
            out.append(TypedSentence(s.index, s.start, s.end, typing.types, typing.cues, casualties))
        return tuple(out)


def _local_to(place: PlaceRecord, home: PlaceRecord) -> bool:
    """Whether a place is in the outlet's home area: its country for a home given as a country,
    its state or province, or within the region's reach of a home town or point."""
    if home.kind is Kind.COUNTRY:
        return place.country_code == home.country_code
    home_admin1 = home.id if home.kind is Kind.ADMIN_REGION else home.admin1
    if home_admin1 and home_admin1 in (place.admin1, place.id):
        return True
    return (place.has_point and home.has_point
            and great_circle_km(place.lat, place.lon, home.lat, home.lon) <= REGION_KM)  # type: ignore[arg-type]


def _qualifying(mentions: list[Mention], text: str) -> dict[str, Counter]:
    """For each name written as a qualifier ("Georgia" in "Atlanta, Georgia"), the units it was
    read as there: the name is that unit, whatever it means elsewhere."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: dict[str, Counter] = {}
    for m, n in zip(ordered, ordered[1:]):
        if m.qualifier and _COMMA.fullmatch(text, m.end, n.start):
            out.setdefault(n.query, Counter())[m.qualifier] += 1
    return out


_COMMA = re.compile(r",\s*")
#: Words around a name that say what kind of place it is: "the city of Turkey" (Texas), "the
#: state of Georgia", "Sen. Marco Rubio of Florida", "New York Gov. Andrew Cuomo", "the Georgia
#: National Guard", "Washington state", "a Delaware limited liability company".
_TOWN_BEFORE_WORDS = re.compile(r"\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Tt]ownship|[Hh]amlet) of $")
_UNIT_BEFORE_WORDS = re.compile(r"\b(?:state|province) of $"
                                r"|\b(?:Sen\.|Senator|Rep\.|Congressman|Congresswoman)\s+(?:[A-Z][\w.'’-]*\s+){1,3}of $")
_UNIT_AFTER_WORDS = re.compile(r" (?:Gov\.|Governor|Lt\. Gov\.|National Guard|state\b(?![-‐]| (?:news|media|television|TV|"
                               r"broadcaster|agency|run|owned)\b))")
#: A state of incorporation: "a Delaware limited liability company", "a Nevada corporation".
_INCORPORATED_IN = re.compile(r" (?:limited liability |nonprofit |non-profit )?(?:corporation|company|limited partnership"
                              r"|LLC|L\.L\.C\.)\b")
_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the) $")


def _kind_words(mentions: list[Mention], text: str) -> dict[str, Counter]:
    """For each name, the kinds of place the words around it say it is, each time they do:
    "town" or "admin1" (see :data:`_TOWN_BEFORE_WORDS`). A few characters either side of each
    mention: linear in the text."""
    out: dict[str, Counter] = {}
    for m in mentions:
        if m.role not in _LISTED_ROLES:
            continue
        before = text[max(0, m.start - 60):m.start]
        if _TOWN_BEFORE_WORDS.search(before):
            out.setdefault(m.query, Counter())["town"] += 1
        elif (_UNIT_BEFORE_WORDS.search(before) or _UNIT_AFTER_WORDS.match(text, m.end, m.end + 20)
              or (_INCORPORATED_IN.match(text, m.end, m.end + 40) and _ARTICLE_BEFORE.search(before))):
            out.setdefault(m.query, Counter())["admin1"] += 1
    return out


#: What may stand between two members of a list of places: "Georgia, Ohio and Florida",
#: "California or Washington", "Utah, Colorado, and Idaho".
_LIST_GLUE = re.compile(r"(?:,|,? (?:and|or|&)) ")
_LISTED_ROLES = (MentionRole.TOPONYM, MentionRole.METONYM)


def list_groups(mentions: list[Mention], text: str) -> list[set[str]]:
    """The names of each list of two or more names in the text (one pass over the mentions in
    text order). A qualifier is no list member ("Columbus, Ohio": Ohio says where Columbus is, and
    is not listed with it)."""
    ordered = sorted((m for m in mentions if m.role in _LISTED_ROLES), key=lambda m: m.start)
    groups: list[set[str]] = []
    for prev, m in zip([None, *ordered], ordered):
        if (prev is not None and _LIST_GLUE.fullmatch(text, prev.end, m.start)
                and not (prev.qualifier and _COMMA.fullmatch(text, prev.end, m.start))):
            groups[-1].add(m.query)
        else:
            groups.append({m.query})
    return [g for g in groups if len(g) > 1]


#: The kinds of place a street or a building is placed at.
_TOWN_KINDS = (Kind.CITY, Kind.DISTRICT)
#: The kinds of place a village, district or county is placed at.
_HOLDER_KINDS = (Kind.CITY, Kind.DISTRICT, Kind.ADMIN_REGION)


def _claimed(c: Casualty, quotes: list[Quote]) -> Casualty:
    quote = next((q for q in quotes if q.start <= c.start < q.end), None)
    from dataclasses import replace

    return replace(c, claimed_by=quote.speaker if quote else "")


def _link_quotes(quotes, sentences, mentions, typed) -> tuple[LinkedQuote, ...]:
    import bisect

    starts = [s.start for s in sentences]
    mention_starts = [m.start for m in mentions]  # mentions are in text order
    by_sentence: dict[int, list[ResolvedMention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    out = []
    for q in quotes:
        first = max(0, bisect.bisect_right(starts, q.start) - 1)
        covered = []
        for s in sentences[first:]:
            if s.start >= q.end:
                break
            if q.start < s.end:
                covered.append(s.index)
        sent_set = set(covered) | {q.sentence}
        inside = mentions[bisect.bisect_left(mention_starts, q.start):bisect.bisect_left(mention_starts, q.end)]
        candidates = [m for i in sorted(sent_set) for m in by_sentence.get(i, ())] + list(inside)
        place_ids = tuple(dict.fromkeys(m.place_id for m in sorted(candidates, key=lambda m: m.start) if m.place_id))
        types = tuple(dict.fromkeys(t for i in sorted(sent_set) if 0 <= i < len(typed) for t in typed[i].event_types))
        out.append(LinkedQuote(q.start, q.end, q.text, q.speaker, q.speaker_as_written, q.sentence,
                               tuple(sorted(sent_set)), place_ids, types))
    return tuple(out)


def _not_a_place(place: PlaceRecord | None) -> bool:
    """A reader's or a saved correction can say a name is no place at all."""
    return place is not None and place.is_not_a_place


def _places(mentions, resolutions, typed, quotes, alternatives=None, events=()) -> tuple[Place, ...]:
    alternatives = alternatives or {}
    roles_of: dict[str, dict[tuple[str, str], None]] = {}
    for e in events:
        for ep in e.places:
            roles_of.setdefault(ep.place_id, {})[(e.type, ep.role)] = None
    grouped: dict[str, list[ResolvedMention]] = {}
    records: dict[str, tuple[PlaceRecord, Resolution]] = {}
    for m in mentions:
        if m.place_id is None:
            continue
        grouped.setdefault(m.place_id, []).append(m)
        r = resolutions[m.query]
        records.setdefault(m.place_id, (r.place, r))
    quotes_of: dict[str, list[int]] = {}
    for k, q in enumerate(quotes):
        for pid in q.place_ids:
            quotes_of.setdefault(pid, []).append(k)
    places = []
    for place_id, ms in grouped.items():
        record, resolution = records[place_id]
        # the dateline says where the story was filed, not where its events happen
        event_sentences = sorted({m.sentence for m in ms if m.role is not MentionRole.DATELINE and m.sentence >= 0})
        types: list[str] = []
        for i in event_sentences:
            for t in typed[i].event_types:
                if t not in types:
                    types.append(t)
        sentence_set = set(event_sentences)
        starts = [m.start for m in ms]  # in text order
        quote_indices = tuple(k for k in quotes_of.get(place_id, ())
                              if sentence_set & set(quotes[k].sentences)
                              or bisect.bisect_left(starts, quotes[k].start) < bisect.bisect_left(starts, quotes[k].end))
        ranked = next((a for m in ms for a in alternatives.get(m.query, ()) if a.id == place_id), None)
        places.append(Place(
            record, resolution.served_from, resolution.retrieved, tuple(ms), tuple(types), quote_indices,
            _merge_alternatives(place_id, [alternatives.get(m.query, ()) for m in ms]), ranked,
            tuple(roles_of.get(place_id, ())),
        ))
    places.sort(key=lambda p: p.mentions[0].start)
    return tuple(places)


def _merge_alternatives(place_id: str, lists) -> tuple[Alternative, ...]:
    seen, out = {place_id}, []
    for alts in lists:
        for a in alts:
            if a.id not in seen:
                seen.add(a.id)
                out.append(a)
    return tuple(sorted(out, key=lambda a: -a.score)[:ALTERNATIVES_SHOWN])


def _unresolved(mentions, resolutions) -> tuple[Unresolved, ...]:
    out: dict[str, list[ResolvedMention]] = {}
    for m in mentions:
        if m.place_id is None:
            out.setdefault(m.query, []).append(m)
    return tuple(Unresolved(q, resolutions[q].reason, tuple(ms)) for q, ms in out.items())


def default_cache() -> GeocodeCache:
    """This installation's cache file over the shipped seed."""
    return GeocodeCache.load(GEOCACHE, fallback=GeocodeCache.load(SEED_GEOCACHE))


def default_overrides() -> GeocodeCache:
    """This installation's saved corrections over the shipped ones."""
    return GeocodeCache.load(OVERRIDES, fallback=GeocodeCache.load(SEED_OVERRIDES))


@cache
def default_geoparser() -> Geoparser:
    return Geoparser()


def geoparse(article: Article, geoparser: Geoparser | None = None) -> GeoDoc:
    """Find, resolve and type every place the article names. Offline: cache and gazetteer only."""
    return (geoparser or default_geoparser()).parse(article)


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
