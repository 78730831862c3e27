"""What geoparsing an article finds (:class:`GeoDoc`): its typed sentences, mentions, places,
quotes and events. Frozen; lookup tables are built on first use. Exports are in :mod:`mapview.export`."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from difflib import SequenceMatcher
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mapview.model import ids
from mapview.model.article import Article
from mapview.model.enums import EventRole, Kind, MentionRole, ServedFrom
from mapview.model.event import Casualty, EventRecord
from mapview.model.place import CacheEntry, CacheKey, PlaceRecord
from mapview.settings import UNCERTAIN_CONFIDENCE, WEAK_TOWN_SCORE


@dataclass(frozen=True)
class TypedSentence:
    index: int
    start: int
    end: int
    event_types: tuple[str, ...]
    cues: dict[str, str]  # event type -> the words that triggered it
    casualties: tuple[Casualty, ...] = ()
    #: every type a rule's cue matched, before one type suppressed another (what the reader weighs)
    matched: tuple[str, ...] = ()
    #: event type -> how sure the trained reader is of it (empty: the rules typed the sentence alone)
    confidence: dict[str, float] = field(default_factory=dict)
    #: event type -> the span of its words the reader found, where no rule's cue names them
    triggers: dict[str, tuple[int, int]] = field(default_factory=dict)


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


#: The ranker's features a name carries alone, before anything else of the story is read
#: (``mapview.geo.ranking.prior_features``); every other feature is the story's evidence.
PRIOR_FEATURES = frozenset({"source", "population", "capital", "alternate_name"})


#: Evidence no finer than a country: every namesake in that country shares it ("Greece, New York"
#: is in the United States the story names, as much as any American town is), so it disputes nothing.
COUNTRY_FEATURES = frozenset({"country_in_text", "country_of_confident_places", "home_country"})


def evidence(features: tuple[tuple[str, float], ...]) -> float:
    """What the story's evidence finer than a country adds to a candidate's score: its features
    but the name's own and the country-wide ones."""
    return sum(v for k, v in features if k not in PRIOR_FEATURES and k not in COUNTRY_FEATURES)


@dataclass(frozen=True)
class Alternative:
    """Another place a name may mean ("Which Lachin?"), with the score the resolver gave it."""

    record: PlaceRecord
    score: float
    features: tuple[tuple[str, float], ...] = ()  # what the score adds up from (gazetteer.FEATURE_LABELS)

    if TYPE_CHECKING:  # the record's fields read through (see _read_through); typed loosely here

        def __getattr__(self, name: str) -> Any: ...


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
    #: (event type, role) of every event that concerns it, in text order (mapview.nlp.roles)
    event_roles: tuple[tuple[str, str], ...] = ()
    #: the types of the events that happened here by the reader's word alone, not sure enough to
    #: draw without doubt: "probably where" (mapview.nlp.reader)
    probable_types: tuple[str, ...] = ()

    if TYPE_CHECKING:  # the record's fields read through (see _read_through); typed loosely here

        def __getattr__(self, name: str) -> Any: ...

    @cached_property
    def label(self) -> str:
        """The place's name as the text spells it ("Odesa", where the gazetteer says "Odessa";
        "Herat" for its province "Hirat"; "Kharkiv region" where the text also names the city of
        Kharkiv), when every plain mention of it spells it one way; else the gazetteer's name. What
        the page shows; exports keep both."""
        plain = [m for m in self.mentions if m.role is MentionRole.TOPONYM and not m.text.isupper()]
        forms = {m.text for m in plain}
        if len(forms) == 1:
            form = forms.pop()
            asked = {m.query for m in plain}
            tail = asked.pop()[len(form) :] if len(asked) == 1 else ""
            if tail[:1] == " " and tail[1:].isalpha() and tail[1:].islower():  # a unit word: "Kharkiv region"
                return form + tail  # (a town of the same name is the other place: geo.resolve.split_units)
            a, b = form.casefold(), self.name.casefold()
            # a spelling of the same name ("Zaporizhzhia"), not a shorter name ("Lachin" of "Lachin District")
            if a != b and len(a.split()) == len(b.split()) and SequenceMatcher(None, a, b).ratio() >= 0.5:
                return form
        return self.name

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
        """Chosen by the ranking with a small margin over its runner-up, on weak evidence (a
        small town nothing else in the text points to, even the only one of its name: "Dora
        village … south of Srinagar" is not Dora, Alabama), or against the evidence (see
        :attr:`disputed`): worth a reader's check. A reader's or an editor's decision is never
        uncertain."""
        if self.ranked is None or self.served_from in (ServedFrom.READER, ServedFrom.OVERRIDE):
            return False
        weak = self.kind.is_marker and self.ranked.score < WEAK_TOWN_SCORE
        if self.runner_up is None:
            return weak
        return self.confidence < UNCERTAIN_CONFIDENCE or weak or self.disputed

    @property
    def disputed(self) -> bool:
        """The evidence of the story finer than a country (the text's other places, the outlet's
        home; see :func:`evidence`) says more for the runner-up than for the place chosen, which
        won on its size or kind or on country-wide evidence: Paris, France, chosen in a Lexington paper's
        story that names France, over the Paris next door in the Kentucky it also names."""
        runner_up = self.runner_up
        if runner_up is None or self.ranked is None:
            return False
        return evidence(runner_up.features) > evidence(self.ranked.features)

    @cached_property  # read for every place on every rerun of the page
    def located_types(self) -> tuple[str, ...]:
        """The types of the events that happened here (role ``location``), taxonomy order kept
        from ``event_types`` where it has them."""
        here = {t for t, r in self.event_roles if r == EventRole.LOCATION}
        return tuple(dict.fromkeys([t for t in self.event_types if t in here] + sorted(here - set(self.event_types))))

    @property
    def probably_located(self) -> bool:
        """Every event located here is only probably located here."""
        return bool(self.probable_types) and set(self.located_types) <= set(self.probable_types)

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
    #: what happened, where, who took part, who says so (mapview.nlp.roles)
    events: tuple[EventRecord, ...] = ()

    # -- lookups (cached_property writes the instance's __dict__ directly, which frozen allows) ----

    @cached_property
    def places_by_id(self) -> dict[str, Place]:
        return {p.id: p for p in self.places}

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
