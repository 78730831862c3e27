"""``geoparse(article) -> GeoDoc``: the one pure function in the middle of mapview.

Everything before it is loading; everything after it (map, panel, exports) is presentation. The
stages, in order: sentences, place names (:mod:`mapview.nlp.recognize`), their resolution in
context (:mod:`mapview.geo.resolve`), quotes and event types (:mod:`mapview.nlp.quotes`,
:mod:`mapview.nlp.classify`), events and the roles of their places (:mod:`mapview.nlp.roles`),
and the document's places (:mod:`mapview.assemble`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from mapview.assemble import place_records, unresolved
from mapview.geo.gazetteer import Gazetteer
from mapview.geo.geocode import GeocodeCache, GeocoderChain, Resolution
from mapview.geo.ranking import Context
from mapview.geo.resolve import Resolver, default_cache, default_overrides, is_not_a_place, split_units
from mapview.geo.story import name_counties
from mapview.model.article import Article
from mapview.model.document import GeoDoc, ResolvedMention
from mapview.model.enums import MentionRole
from mapview.model.place import PlaceRecord, normalize
from mapview.nlp.classify import Taxonomy, sentence_casualties, type_sentences
from mapview.nlp.quotes import find_quotes, link_quotes
from mapview.nlp.reader import Reader, default_reader
from mapview.nlp.recognize import Recognizer
from mapview.nlp.roles import extract_events
from mapview.nlp.sentences import split_sentences


@dataclass
class Geoparser:
    """Holds what is loaded once (gazetteer, cache, taxonomy, the trained reader) and parses any
    number of articles. ``reader=None``: the rules alone type the sentences and place the events."""

    gazetteer: Gazetteer = field(default_factory=Gazetteer)
    chain: GeocoderChain | None = None
    taxonomy: Taxonomy = field(default_factory=Taxonomy)
    reader: Reader | None = field(default_factory=default_reader)

    def __post_init__(self) -> None:
        if self.chain is None:
            self.chain = GeocoderChain(self.gazetteer, default_cache(), default_overrides())
        self.recognizer = Recognizer(self.gazetteer)
        self.resolver = Resolver(self.gazetteer, self.chain)

    def resolve_article(self, article: Article, refresh: frozenset[str] = frozenset()) -> dict[str, Resolution]:
        """Only the resolution step: what each name of the article resolves to, in context.
        ``refresh``: normalised names to resolve anew, past the cache."""
        mentions = self.recognizer.find(article.text, split_sentences(article.text))
        home = self.resolver.prior_home(article, mentions)
        return self.resolver.resolve(mentions, article.id, refresh=refresh, home=home, text=article.text)[0]

    def parse(
        self,
        article: Article,
        decisions: dict[str, PlaceRecord] | None = None,
        progress=None,
        *,
        overrides: GeocodeCache | None = None,
    ) -> GeoDoc:
        """Geoparse an article. ``decisions`` are a reader's corrections for this article: a
        normalised name -> the place it means, or :data:`mapview.model.place.NOT_A_PLACE`.
        ``progress(stage, fraction)`` is told how far the work has come, for long texts.
        ``overrides``: the shared corrections to use (a snapshot taken once by the caller),
        instead of those the chain was built with.

        Pure: nothing outside the returned document changes, so any number of threads may parse
        with one Geoparser at once."""
        decisions = decisions or {}
        report = progress or (lambda stage, fraction: None)
        text, resolver = article.text, self.resolver
        report("Splitting sentences", 0.05)
        sentences = split_sentences(text)
        report("Finding place names", 0.35)
        found = [
            m for m in self.recognizer.find(text, sentences) if not is_not_a_place(decisions.get(normalize(m.query)))
        ]
        report("Resolving places", 0.6)
        found = name_counties(split_units(found, text), text, self.gazetteer)  # "Kharkiv region", "Barrow County"
        home = resolver.prior_home(article, found)
        resolutions, contexts = resolver.resolve(
            found, article.id, decisions, overrides=overrides, home=home, text=text
        )
        resolutions = resolver.place_streets(found, resolutions, Context(article=article.id, home=home))
        resolutions = resolver.place_localities(found, resolutions, Context(article=article.id, home=home))
        resolutions, held = resolver.place_qualified(found, resolutions, decisions)
        found = [m for m in found if not is_not_a_place(resolutions[m.query].place)]
        mentions = tuple(
            ResolvedMention(
                m.start,
                m.end,
                m.text,
                MentionRole.LOCALITY if m.query in held else resolver.mention_role(m.role, m.query, place),
                m.sentence,
                m.query,
                place.id if place is not None else None,
            )
            for m in found
            for place in (resolutions[m.query].place,)
        )
        report("Quotes and event types", 0.8)
        quotes = find_quotes(text, sentences)
        typed = type_sentences(self.taxonomy, text, sentences, quotes)
        parses: dict = {}
        if self.reader is not None:  # the trained reader types again the sentences that name a place
            typed, parses = self.reader.read_types(
                text, typed, mentions, self.taxonomy, lambda s: sentence_casualties(text, s, quotes)
            )
        linked = link_quotes(quotes, sentences, mentions, typed)
        alternatives = {q: resolver.alternatives(q, contexts[q]) for q in {m.query for m in mentions if m.place_id}}
        kinds = {
            m.place_id: r.place.kind
            for m in mentions
            if m.place_id
            for r in (resolutions[m.query],)
            if r.place is not None
        }
        events = extract_events(text, typed, mentions, linked, self.taxonomy, kinds, article.date)
        if self.reader is not None:  # ... and gives each place its part in each event
            events = self.reader.read_roles(events, parses, mentions, kinds, self.taxonomy)
        places = place_records(mentions, resolutions, typed, linked, alternatives, events)
        additions = tuple(dict(e for r in resolutions.values() if (e := r.cache_entry()) is not None).items())
        report("Done", 1.0)
        return GeoDoc(
            article,
            typed,
            mentions,
            places,
            linked,
            unresolved(mentions, resolutions),
            tuple(self.taxonomy.keys),
            additions,
            home,
            events,
        )


@cache
def default_geoparser() -> Geoparser:
    return Geoparser()


def geoparse(article: Article, geoparser: Geoparser | None = None) -> GeoDoc:
    """Find, resolve and type every place the article names. Offline: cache and gazetteer only."""
    return (geoparser or default_geoparser()).parse(article)
