"""Resolution in context: each name of an article to a place, using what the other names say
(their countries and provinces, the towns the text is sure of), the outlet's home, lists, qualifiers
("Columbus, Ohio") and the words around a name ("the city of", "Gov."); streets, villages and
districts the gazetteer lacks are drawn at the place the text says holds them."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace
from functools import cache

from mapview.geo.gazetteer import Gazetteer
from mapview.geo.geocode import GeocodeCache, GeocoderChain, Resolution
from mapview.geo.places import UNIT_WORDS, unit_institutions
from mapview.geo.ranking import REGION_KM, AnchorIndex, Context, list_kind
from mapview.geo.story import one_country, own_town, story_country, story_votes
from mapview.model import ids
from mapview.model.article import Article
from mapview.model.document import Alternative
from mapview.model.enums import Kind, MentionRole, NameRole, ServedFrom
from mapview.model.mention import Mention
from mapview.model.place import PlaceRecord, normalize
from mapview.paths import GEOCACHE, OVERRIDES, SEED_GEOCACHE, SEED_OVERRIDES
from mapview.settings import ALTERNATIVES_SHOWN
from mapview.util import great_circle_km, today


def _local_to(place: PlaceRecord, home: PlaceRecord) -> bool:
    """Whether a place is in the outlet's home area: its country for a home given as a country,
    its state or province, or within the region's reach of a home town or point."""
    if home.kind is Kind.COUNTRY:
        return place.country_code == home.country_code
    home_admin1 = home.id if home.kind is Kind.ADMIN_REGION else home.admin1
    if home_admin1 and home_admin1 in (place.admin1, place.id):
        return True
    return place.has_point and home.has_point and great_circle_km(place.lat, place.lon, home.lat, home.lon) <= REGION_KM  # type: ignore[arg-type]


def _qualifying(mentions: list[Mention], text: str) -> dict[str, Counter]:
    """For each name written as a qualifier ("Georgia" in "Atlanta, Georgia"), the units it was
    read as there: the name is that unit, whatever it means elsewhere."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: dict[str, Counter] = {}
    for m, n in itertools.pairwise(ordered):
        if m.qualifier and _COMMA.fullmatch(text, m.end, n.start):
            out.setdefault(n.query, Counter())[m.qualifier] += 1
    return out


_COMMA = re.compile(r",\s*")


#: Words around a name that say what kind of place it is: "the city of Turkey" (Texas), "the
#: state of Georgia", "Sen. Marco Rubio of Florida", "New York Gov. Andrew Cuomo", "the Georgia
#: National Guard", "Washington state", "a Delaware limited liability company", "Herat province".
_TOWN_BEFORE_WORDS = re.compile(r"\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Tt]ownship|[Hh]amlet) of $")


#: A town said to be one right after its name: "Kharkiv, Ukraine's second-largest city", "Mykolaiv,
#: a Black Sea port", "Herat, the provincial capital", "Herat city".
_TOWN_AFTER_WORDS = re.compile(
    r",\s+(?:the|an?|(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*['’]s)\s+(?:[\w-]+\s+){0,3}"
    r"(?:city|capital|town|village|port)\b(?!\s+of\b)"
    r"| (?:city|town)\b(?!['’]s| (?:of|council|hall|police|officials?|authorities|limits|centre|center)\b)"
)


_UNITS = "|".join(UNIT_WORDS)
#: A unit word right before or after a name: "the province of Idlib", "Herat province".
_UNIT_NAMED_BEFORE = re.compile(rf"\b(?:{_UNITS}) of $", re.IGNORECASE)
_UNIT_NAMED_AFTER = re.compile(rf" (?P<unit>{_UNITS})\b", re.IGNORECASE)
#: A unit word after the last name of a list, for every name of it: "the Kharkiv and Odesa regions".
_UNITS_AFTER_LIST = re.compile(rf" (?P<unit>{_UNITS}|state)s\b")


_UNIT_BEFORE_WORDS = re.compile(
    r"\bstate of $|\b(?:Sen\.|Senator|Rep\.|Congressman|Congresswoman)\s+(?:[A-Z][\w.'’-]*\s+){1,3}of $"
)


@cache
def _unit_after_words() -> re.Pattern[str]:
    return re.compile(
        r" (?:Gov\.|Governor|Lt\. Gov\.|National Guard|state\b(?![-‐]| (?:news|media|television|TV|"
        rf"broadcaster|agency|run|owned)\b)|(?:{unit_institutions()})\b)"
    )


#: A state of incorporation: "a Delaware limited liability company", "a Nevada corporation".
_INCORPORATED_IN = re.compile(
    r" (?:limited liability |nonprofit |non-profit )?(?:corporation|company|limited partnership"
    r"|LLC|L\.L\.C\.)\b"
)


_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the) $")


def _units_named(mentions: list[Mention], text: str) -> dict[tuple[int, int], str]:
    """The mentions written with a unit word, and the word: "Herat province", "the province of
    Idlib", each name of "the Kharkiv and Odesa regions" ("region"). Linear in the mentions."""
    out: dict[tuple[int, int], str] = {}
    ordered = sorted((m for m in mentions if m.role in _LISTED_ROLES), key=lambda m: m.start)
    for k, m in enumerate(ordered):
        listed = _UNITS_AFTER_LIST.match(text, m.end, m.end + 20)
        if listed:  # each name of the list is such a unit
            j = k
            while j >= 0 and (j == k or _LIST_GLUE.fullmatch(text, ordered[j].end, ordered[j + 1].start)):
                out[ordered[j].start, ordered[j].end] = listed.group("unit")
                j -= 1
    for m in ordered:
        after = _UNIT_NAMED_AFTER.match(text, m.end, m.end + 20)
        if after:
            out[m.start, m.end] = after.group("unit").lower()
        else:
            before = _UNIT_NAMED_BEFORE.search(text, max(0, m.start - 20), m.start)
            if before:
                out[m.start, m.end] = before.group(0).split()[0].lower()
    return out


def _said_towns(mentions: list[Mention], text: str) -> set[tuple[int, int]]:
    """The mentions the words around them say are towns (see :data:`_TOWN_AFTER_WORDS`)."""
    return {
        (m.start, m.end)
        for m in mentions
        if m.role in _LISTED_ROLES
        and (
            _TOWN_BEFORE_WORDS.search(text[max(0, m.start - 60) : m.start])
            or _TOWN_AFTER_WORDS.match(text, m.end, m.end + 80)
        )
    }


def split_units(mentions: list[Mention], text: str) -> list[Mention]:
    """A name the text uses both for a unit and for a town ("strikes in the Kharkiv and Odesa
    regions ... In Kharkiv, Ukraine's second-largest city, ...") means two places: the mentions
    written with a unit word ask for the unit ("Kharkiv region"), the others for the name alone.
    A name only ever written with a unit word, or never, keeps one query (see :func:`_kind_words`)."""
    units = _units_named(mentions, text)
    towns = _said_towns(mentions, text)
    split = {m.query for m in mentions if (m.start, m.end) in towns} & {
        m.query for m in mentions if (m.start, m.end) in units and units[m.start, m.end] != "state"
    }
    if not split:
        return mentions
    return [
        replace(m, query=f"{m.query} {units[m.start, m.end]}") if m.query in split and (m.start, m.end) in units else m
        for m in mentions
    ]


def _kind_words(mentions: list[Mention], text: str) -> dict[str, Counter]:
    """For each name, the kinds of place the words around it say it is, each time they do:
    "town" or "admin1" (see :data:`_TOWN_BEFORE_WORDS`). A few characters either side of each
    mention: linear in the text."""
    out: dict[str, Counter] = {}
    units = _units_named(mentions, text)
    towns = _said_towns(mentions, text)
    for m in mentions:
        if m.role not in _LISTED_ROLES:
            continue
        before = text[max(0, m.start - 60) : m.start]
        if (m.start, m.end) in units:
            out.setdefault(m.query, Counter())["admin1"] += 1
        elif (m.start, m.end) in towns:
            out.setdefault(m.query, Counter())["town"] += 1
        elif (
            _UNIT_BEFORE_WORDS.search(before)
            or _unit_after_words().match(text, m.end, m.end + 40)
            or (_INCORPORATED_IN.match(text, m.end, m.end + 40) and _ARTICLE_BEFORE.search(before))
        ):
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
        if (
            prev is not None
            and _LIST_GLUE.fullmatch(text, prev.end, m.start)
            and not (prev.qualifier and _COMMA.fullmatch(text, prev.end, m.start))
        ):
            groups[-1].add(m.query)
        else:
            groups.append({m.query})
    return [g for g in groups if len(g) > 1]


#: The kinds of place a street or a building is placed at.
_TOWN_KINDS = (Kind.CITY, Kind.DISTRICT)


#: The kinds of place a village, district or county is placed at.
_HOLDER_KINDS = (Kind.CITY, Kind.DISTRICT, Kind.ADMIN_REGION)


def is_not_a_place(place: PlaceRecord | None) -> bool:
    """A reader's or a saved correction can say a name is no place at all."""
    return place is not None and place.is_not_a_place


def default_cache() -> GeocodeCache:
    """This installation's cache file over the shipped seed."""
    return GeocodeCache.load(GEOCACHE, fallback=GeocodeCache.load(SEED_GEOCACHE))


def default_overrides() -> GeocodeCache:
    """This installation's saved corrections over the shipped ones."""
    return GeocodeCache.load(OVERRIDES, fallback=GeocodeCache.load(SEED_OVERRIDES))


class Resolver:
    """Resolves an article's names to places, in context: what the other names say, the outlet's
    home, lists, qualifiers and the words around a name. Holds only what is loaded once (the
    gazetteer and the geocoder chain); any number of threads may use one."""

    def __init__(self, gazetteer: Gazetteer, chain: GeocoderChain):
        self.gazetteer = gazetteer
        self.chain = chain

    def place_streets(
        self, mentions: list[Mention], resolutions: dict[str, Resolution], context: Context
    ) -> dict[str, Resolution]:
        """A street or a building the gazetteer lacks is placed at the town it lies in: the one
        named in it or right by it ("Manila Cathedral", "Seaton Street, Edmonton"), else the
        story's own town (below); else it stays off the map. Never cached: the point is the
        town's, not the street's."""
        streets = [m for m in mentions if m.role is MentionRole.STREET and resolutions[m.query].place is None]
        if not streets:
            return resolutions
        named = [
            (m, p)
            for m in mentions
            if m.role is not MentionRole.STREET
            and (p := resolutions[m.query].place) is not None
            and p.kind in _TOWN_KINDS
        ]
        places = {p.id: p for _, p in named}
        towns = Counter(p.id for _, p in named)
        # the story's town: its dateline's, else the one town it names, or one named at least
        # twice and twice as often as any other
        dateline = next((p.id for m, p in named if m.role is MentionRole.DATELINE), None)
        ranked = towns.most_common(2) + [("", 0)]
        main_id = dateline or (
            ranked[0][0] if (ranked[0][1] >= 2 or len(towns) == 1) and ranked[0][1] >= 2 * ranked[1][1] else None
        )
        main = places[main_id] if main_id else None
        out = dict(resolutions)
        for m in streets:
            town = None
            if m.within:
                near = self.place_named(m.within, resolutions, context)
                town = near if near is not None and near.kind in _TOWN_KINDS else None
            town = town or main
            if town is not None:
                out[m.query] = Resolution(
                    m.query,
                    town,
                    ServedFrom.GAZETTEER,
                    resolutions[m.query].retrieved,
                    reason=f"a street or building, placed at {town.name}",
                )
        return out

    def place_named(self, query: str, resolutions: dict[str, Resolution], context: Context) -> PlaceRecord | None:
        """The place a name beside a street or a village resolved to: its own mention's, else looked up."""
        known = resolutions.get(query)
        if known is None and self.chain is not None:
            known = self.chain.resolve(query, context=context)
        return known.place if known is not None else None

    def place_localities(
        self, mentions: list[Mention], resolutions: dict[str, Resolution], context: Context
    ) -> dict[str, Resolution]:
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
                near = self.place_named(m.within, resolutions, context)
                holder = near if near is not None and near.kind in _HOLDER_KINDS else None
            own = resolutions[m.query].place
            if own is not None and holder is not None and holder.id in (own.id, own.admin1):
                continue  # the village the gazetteer knows, in the province the text says
            if holder is not None:
                out[m.query] = Resolution(
                    m.query,
                    holder,
                    ServedFrom.GAZETTEER,
                    resolutions[m.query].retrieved,
                    reason=f"not in the gazetteer: placed at {holder.name}, which holds it",
                )
            else:
                out[m.query] = Resolution(
                    m.query,
                    None,
                    ServedFrom.GAZETTEER,
                    resolutions[m.query].retrieved,
                    reason="a village or district the gazetteer lacks, in no place the text names",
                )
        return out

    def place_qualified(
        self, mentions: list[Mention], resolutions: dict[str, Resolution], decisions: dict[str, PlaceRecord]
    ) -> tuple[dict[str, Resolution], frozenset[str]]:
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
            if (
                not ids.is_admin1(q)
                or r is None
                or r.place is None
                or r.served_from is not ServedFrom.GAZETTEER
                or normalize(query) in decisions
                or q in (r.place.admin1, r.place.id)
            ):
                continue
            unit = self.gazetteer.place(q)
            if unit is None:
                continue
            out[query] = Resolution(
                query,
                unit,
                ServedFrom.GAZETTEER,
                r.retrieved,
                reason=f"no {query} the gazetteer knows lies in {unit.name}: placed at {unit.name}",
            )
            held.add(query)
        return out, frozenset(held)

    def mention_role(self, role: MentionRole, query: str, place: PlaceRecord | None) -> MentionRole:
        """A name the recogniser took for a capital standing for its government ("Athens said")
        is a plain toponym when it resolved to a place that is no capital (Athens, Georgia); a
        word that is both a town and a demonym is a demonym when it resolved to the demonym's
        place ("Canadian pension obligations": Canada, not Canadian, Texas)."""
        if role is MentionRole.METONYM and place is not None and place.id not in self.gazetteer.capitals:
            return MentionRole.TOPONYM
        if (
            role is MentionRole.TOPONYM
            and place is not None
            and any(
                e.role is NameRole.DEMONYM and e.place_id == place.id for e in self.gazetteer.entries(normalize(query))
            )
        ):
            return MentionRole.DEMONYM
        return role

    def home_of(self, article: Article) -> PlaceRecord | None:
        """Where the article's outlet is based: its ``source_home``, else its URL's outlet in the
        table of outlets, else None."""
        from mapview.geo.outlets import home_for_url, resolve_home

        return resolve_home(article.source_home or home_for_url(article.url), self.gazetteer)

    def prior_home(self, article: Article, mentions: list[Mention]) -> PlaceRecord | None:
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
        found = self.gazetteer.candidates(
            dateline.query, Context(article=article.id, home=home, qualifier=dateline.qualifier)
        )
        return home if not found or _local_to(found[0].place, home) else None

    def _unit_of(self, place_id: str) -> str:
        """A county's state, for the evidence a name gives; any other place id as it is."""
        if ids.scheme(place_id) == ids.ADMIN2 and (county := self.gazetteer.place(place_id)) is not None:
            return county.admin1 or place_id
        return place_id

    def alternatives(self, query: str, context: Context) -> tuple[Alternative, ...]:
        return tuple(
            Alternative(c.place, c.score, c.features)
            for c in self.gazetteer.candidates(query, context)[:ALTERNATIVES_SHOWN]
        )

    def resolve(
        self,
        mentions: list[Mention],
        article_id: str = "",
        decisions: dict[str, PlaceRecord] | None = None,
        *,
        overrides: GeocodeCache | None = None,
        refresh: frozenset[str] = frozenset(),
        home: PlaceRecord | None = None,
        text: str = "",
    ) -> tuple[dict[str, Resolution], dict[str, Context]]:
        """Resolve each distinct name once, in two passes: names the text makes unambiguous first,
        then the rest with their countries and points as context ("London" near "Ontario"); then a
        name listed with states or countries of one kind is resolved again as one of them
        ("Georgia, Ohio and Florida")."""
        # Evidence for a name comes from the *other* names, and only from those that name one
        # country or first-level unit and no other: "Georgia" (a country and a US state) is no
        # evidence for either reading, not even of itself.
        # A county says its state: "Barrow County" is evidence for Georgia.
        readings: dict[str, set[str]] = {}
        for m in mentions:
            readings.setdefault(m.query, set()).update(
                pid for pid in map(self._unit_of, m.gazetteer_ids) if ids.is_country(pid) or ids.is_admin1(pid)
            )
        sure = {q: next(iter(r)) for q, r in readings.items() if len(r) == 1}
        # What all sure names say, counted once; a name's own word is taken out only when no other
        # name says the same (one set per distinct unit, not one pass over every name per name).
        country_of = {
            pid: (
                ids.country_code(pid)
                if ids.is_country(pid)
                else p.country_code
                if (p := self.gazetteer.place(pid)) is not None
                else ""
            )
            for pid in set(sure.values())
        }
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
                    "admin1": all_units - {own} if said[own] == 1 else all_units,
                }
            return without[own]

        qualifiers: dict[str, Counter] = {}
        for m in mentions:
            qualifiers.setdefault(m.query, Counter())
            if m.qualifier:
                qualifiers[m.query][m.qualifier] += 1
        qualifying = _qualifying(mentions, text)
        kind_words = _kind_words(mentions, text)
        # the story's country, from what binds its places: the home, the dateline, the units and
        # countries the text names unambiguously (and, after the first reading, its sure towns)
        dateline = next((m for m in mentions if m.role is MentionRole.DATELINE), None)
        filed = dateline and self.gazetteer.candidates(
            dateline.query, Context(article=article_id, home=home, qualifier=dateline.qualifier)
        )
        evidence_of_story = [
            ("home", home.country_code if home else ""),
            ("dateline", filed[0].place.country_code if filed else ""),
        ]
        kind_of_unit = {pid: "country" if ids.is_country(pid) else "unit" for pid in said}
        votes = story_votes(evidence_of_story + [(kind_of_unit[pid], country_of[pid]) for pid in said])

        def story_of(query: str, votes: Counter[str]) -> str:
            """The story's country for one name: without its own vote, as for its evidence."""
            own = sure.get(query)
            if own is None or said[own] > 1 or not country_of[own]:
                return story_country(votes)
            return story_country(votes - story_votes([(kind_of_unit[own], country_of[own])]))

        base = Context(article=article_id, home=home)

        def context_for(query: str, extra: dict, votes: Counter[str] = votes) -> Context:
            q = qualifiers[query].most_common(1)
            qs = qualifying[query].most_common(1) if query in qualifying else ()
            kw = kind_words[query].most_common(1) if query in kind_words else ()
            return replace(
                base,
                qualifier=q[0][0] if q else "",
                qualifies=qs[0][0] if qs else "",
                kind_word=kw[0][0] if kw else "",
                story_country=story_of(query, votes),
                **evidence(query),
                **extra,
            )

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
        anchors = [
            r.place
            for r in first.values()
            if r.place is not None
            and r.place.kind in ("city", "district")
            and (r.place.confidence >= 0.9 or r.served_from in (ServedFrom.READER, ServedFrom.OVERRIDE))
        ]
        # the towns vote too, each once, but none for the name that resolved to it: the sure ones,
        # and those whose every close namesake lies in one country ("Atlanta": Georgia's or
        # another American one)
        towns = {p.id: p.country_code for p in anchors}
        for q, r in first.items():
            if r.place is not None and r.place.kind in ("city", "district") and r.served_from is ServedFrom.GAZETTEER:
                code = one_country(self.gazetteer.candidates(q, contexts[q]))
                if code:
                    towns.setdefault(r.place.id, code)
        if not towns:
            return self.resolve_lists(mentions, text, first, contexts, overrides, refresh), contexts
        # A name resolved with less confidence is resolved again, now that the places the text is
        # sure about are known (its own first guess is never among them: it was not sure); a sure
        # one is, for the story's country alone, when those places set the story elsewhere.
        now = votes + story_votes(("town", code) for code in towns.values())
        extra = {
            "anchors": AnchorIndex((p.lat, p.lon) for p in anchors),
            "anchor_countries": frozenset(p.country_code for p in anchors if p.country_code),
            "anchor_admin1": frozenset(p.admin1 for p in anchors if p.admin1),
        }
        out = {}
        for q, r in first.items():
            if r.place is None or r.served_from is not ServedFrom.GAZETTEER:
                out[q] = r
                continue
            own = now - own_town(r.place, towns)
            if r.place.confidence < 0.9 or story_of(q, own) != contexts[q].story_country:
                contexts[q] = context_for(q, extra if r.place.confidence < 0.9 else {}, own)
                out[q] = chain.resolve(q, context=contexts[q], overrides=overrides, refresh=normalize(q) in refresh)
            else:
                out[q] = r
        return self.resolve_lists(mentions, text, out, contexts, overrides, refresh), contexts

    def resolve_lists(
        self,
        mentions: list[Mention],
        text: str,
        resolved: dict[str, Resolution],
        contexts: dict[str, Context],
        overrides: GeocodeCache | None,
        refresh: frozenset[str],
    ) -> dict[str, Resolution]:
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
