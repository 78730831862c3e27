"""Ranking namesakes: which place a name means, as a sum of named features that explain themselves.

:func:`prior_features` say how likely a place is meant by its name alone (kind of entry,
population, capital, alternate name); :func:`context_features` what the rest of the text says
(countries and provinces its other names make unambiguous, a qualifier right after the name,
nearness to the places it is sure of) and where the outlet is based. A candidate's score is the
sum; :func:`explain` names the features that decided between two candidates, and
:func:`confidences` turns scores into shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mapview.geo.places import NameEntry
from mapview.model import ids
from mapview.model.document import COUNTRY_FEATURES, PRIOR_FEATURES
from mapview.model.enums import Kind, NameRole, Source
from mapview.model.place import PlaceRecord
from mapview.util import great_circle_km


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
        return math.floor(lat / self.CELL), math.floor(lon / self.CELL)

    def nearest_km(self, lat: float, lon: float, within_km: float) -> float | None:
        reach_lat = math.ceil(within_km / 111.0 / self.CELL)
        reach_lon = math.ceil(within_km / (111.0 * max(math.cos(math.radians(min(abs(lat), 85.0))), 0.05)) / self.CELL)
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
    qualifies: str = ""  # the unit this name was read as where it qualifies a town: "Georgia" of "Atlanta, Georgia"
    kind_word: str = ""  # what the words around it say it is: "town" ("the city of X"), "admin1" ("X Gov.")
    list_kind: str = ""  # what the other names of its list resolved to: "admin1:US", "country" (list_kind)
    story_country: str = ""  # the country the whole story is set in, when its evidence agrees (geo/story.py)


@dataclass(frozen=True)
class Candidate:
    place: PlaceRecord
    entry: NameEntry
    score: float
    #: the named parts the score adds up from, for explaining a decision ("Which Paris?")
    features: tuple[tuple[str, float], ...] = ()


# Priority of sources among namesakes before population is considered: curated entries describe
# the region we know best; countries and continents are what a bare country name means in news.
_SOURCE_PRIOR = {
    "curated": 10.0,
    ids.COUNTRY: 8.0,
    ids.CONTINENT: 7.0,
    ids.BORDER: 10.0,
    ids.ADMIN1: 2.5,
    ids.ADMIN2: 2.0,
    ids.AIRPORT: 3.0,
    ids.GEONAMES: 0.0,
}
# The ranker is a sum of named features, each hand-set and each explainable; scores are
# log-odds-like. A tenfold population is worth half a point (a city of a million scores 3.0, a
# state or province 2.5, an airport of a big town named alone, "Heathrow", 3.0), a national
# capital half a point more, a country named in the text 1.5, a first-level unit named in the
# text 1.5, and a qualifier right after the name ("Arlington, Virginia") settles it. The outlet's
# home counts like the text's own confident places.
_POPULATION_WEIGHT = 0.5
_CAPITAL_BONUS = 0.5
_CONTEXT_BONUS = 1.5
_ADMIN1_BONUS = 1.5
_QUALIFIER_BONUS = 10.0
_ANCHOR_COUNTRY_BONUS = 1.0
_NEAR_KM, _NEAR_BONUS = 150.0, 1.5
REGION_KM, _REGION_BONUS = 500.0, 0.75  # "in the region": the reach of near places and of the outlet's home
_ALIAS_PENALTY = 0.5
_ALIAS_TIE = 0.01
# A name listed with states of one country, or with countries, is one of them: enough to outweigh a
# country's lead over a state of the same name ("Georgia, Ohio and Florida": the country has 8.0
# for its kind of entry and 3.3 for its 3.7 million people, the state 2.5 and no population, which
# Natural Earth's first-level units do not carry, and 1.5 for its country named).
_LIST_BONUS = 8.0
# The outlet's home is one weight, HOME_WEIGHT, times how close a place is to it: all of it next
# door (within HOME_NEXT_KM), falling with the logarithm of the distance to nothing at the region's
# reach. Next door, a town of 10,000 (2.0 for its population) with the home (1.5) and its state
# (0.5) outscores a namesake capital of two million (3.2, and 0.5 as a capital) elsewhere: Paris,
# Kentucky, in a Lexington paper; not when the text names the capital's country (1.5), even if it
# names the town's state too (1.5 instead of 0.5). Measured on the tune parts: 1.0 to 2.0 alike,
# 2.5 loses a Paris, France, in a Kentucky story; 1.5 keeps a margin on both sides.
HOME_WEIGHT, HOME_NEXT_KM = 1.5, 30.0
_HOME_ADMIN1_BONUS, _HOME_COUNTRY_BONUS = 0.5, 0.5
# In a story set in one country (geo/story.py), a state or province of that country is meant
# before a namesake abroad that would otherwise win, and so is the town next door to the outlet
# before a country of its name: "Georgia" in a Georgia paper, "Virginia" in any US story (not the
# town in South Africa), "Lebanon" in a paper based in Lebanon, Ohio. Worth a country's lead as a
# kind of entry and its population (8.0 and 3.3 for Georgia's 3.7 million against a state's 2.5).
_STORY_BONUS = 10.0

#: What each feature means, as the "Which …?" panel says it.
FEATURE_LABELS = {
    "source": "kind of entry (curated, country, province, town)",
    "population": "population",
    "capital": "national capital",
    "alternate_name": "matched an alternate name only",
    "country_in_text": "its country is named in the text",
    "country_of_confident_places": "in the country of the text's confident places",
    "province_in_text": "its province or state is named in the text",
    "qualifier": 'named right after it ("Arlington, Virginia")',
    "holds_confident_places": "holds the text's confident places",
    "near_confident_places": "near the text's confident places",
    "home_near": "near the outlet's home",
    "home_province": "in the outlet's province or state",
    "home_country": "in the outlet's country",
    "qualifies_a_town": 'holds the town named right before it ("Atlanta, Georgia")',
    "named_with_its_kind": 'the words around it say its kind ("the city of", "Gov.")',
    "listed_with_its_kind": "listed with other states or countries of its kind",
    "story_country": "at home in the story's country, not its namesake abroad",
}


_KIND_WORDS = {"town": Kind.CITY, "admin1": Kind.ADMIN_REGION}


def list_kind(place: PlaceRecord) -> str:
    """What a list member says of the others: "admin1:US" for a US state, "country" for a
    country, "" for anything else (towns say nothing: "New York and Washington")."""
    if place.kind is Kind.ADMIN_REGION and place.country_code:
        return f"admin1:{place.country_code}"
    return "country" if place.kind is Kind.COUNTRY else ""


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
    if ctx.qualifies and ctx.qualifies == place.id:
        out["qualifies_a_town"] = _QUALIFIER_BONUS
    if place.kind is Kind.ADMIN_REGION and place.id in ctx.anchor_admin1:
        out["holds_confident_places"] = _NEAR_BONUS  # the text's towns lie in it: "Missouri" in a story about Joplin
    if ctx.anchors and place.kind.is_marker and place.lat is not None and place.lon is not None:
        nearest = ctx.anchors.nearest_km(place.lat, place.lon, REGION_KM)
        if nearest is not None:
            out["near_confident_places"] = _NEAR_BONUS if nearest <= _NEAR_KM else _REGION_BONUS
    if ctx.list_kind and ctx.list_kind == list_kind(place):
        out["listed_with_its_kind"] = _LIST_BONUS
    if ctx.kind_word and _KIND_WORDS[ctx.kind_word] is place.kind:
        out["named_with_its_kind"] = _QUALIFIER_BONUS  # as explicit as a qualifier: "the state of Georgia"
    if ctx.home is not None and not story_abroad(ctx):
        out |= _home_features(place, ctx.home, out)
    return out


def story_abroad(ctx: Context) -> bool:
    """Whether the story's own evidence sets it in another country than the outlet's: then the
    outlet's home says nothing of its names (a Georgia paper's story about Tbilisi)."""
    return bool(ctx.home is not None and ctx.story_country and ctx.home.country_code not in ("", ctx.story_country))


def home_closeness(km: float) -> float:
    """1 next door to the outlet's home, falling with the logarithm of the distance to 0 at the
    region's reach."""
    if km <= HOME_NEXT_KM:
        return 1.0
    if km >= REGION_KM:
        return 0.0
    return math.log(REGION_KM / km) / math.log(REGION_KM / HOME_NEXT_KM)


def next_door(place: PlaceRecord, home: PlaceRecord | None) -> bool:
    """A town within :data:`HOME_NEXT_KM` of a home that is a town or a point."""
    return (
        home is not None
        and home.kind in (Kind.CITY, Kind.DISTRICT, Kind.PLACE)
        and place.kind.is_marker
        and place.has_point
        and home.has_point
        and great_circle_km(place.lat, place.lon, home.lat, home.lon) <= HOME_NEXT_KM  # type: ignore[arg-type]
    )


def story_features(place: PlaceRecord, ctx: Context, abroad: PlaceRecord | None) -> dict[str, float]:
    """What the story's country says of a place whose namesake abroad would win without it
    (``abroad``): one of the country's states or provinces is the place meant ("Virginia" the state,
    not the town in South Africa; "Georgia" the state, not the country), and so is the town next
    door to the outlet over a country of its name ("Lebanon" in a paper of Lebanon, Ohio) when the
    story is set at home. A town abroad is no reason for the town next door: "Paris" in a Kentucky
    paper is left to the weight of the home and what the text says (France named, or not)."""
    if abroad is None or not ctx.story_country or place.country_code != ctx.story_country:
        return {}
    if place.kind is Kind.ADMIN_REGION or (
        abroad.kind is Kind.COUNTRY and not story_abroad(ctx) and next_door(place, ctx.home)
    ):
        return {"story_country": _STORY_BONUS}
    return {}


def _home_features(place: PlaceRecord, home: PlaceRecord, text_evidence: dict[str, float]) -> dict[str, float]:
    """The outlet's home as a prior: weaker than what the text itself says, and never counted on
    top of the same kind of evidence from the text (a town near the text's places is not nearer
    for being near the newsroom too)."""
    out = {}
    if (
        "near_confident_places" not in text_evidence
        and home.kind in (Kind.CITY, Kind.DISTRICT, Kind.PLACE)
        and place.kind.is_marker
        and place.has_point
        and home.has_point
    ):
        closeness = home_closeness(great_circle_km(place.lat, place.lon, home.lat, home.lon))  # type: ignore[arg-type]
        if closeness > 0:
            out["home_near"] = round(HOME_WEIGHT * closeness, 3)
    home_admin1 = home.id if home.kind is Kind.ADMIN_REGION else home.admin1
    if home_admin1 and home_admin1 in (place.admin1, place.id):
        if "province_in_text" not in text_evidence:
            out["home_province"] = _HOME_ADMIN1_BONUS
    elif (
        home.country_code
        and place.country_code == home.country_code
        and place.kind is not Kind.COUNTRY
        and not {"country_in_text", "country_of_confident_places"} & text_evidence.keys()
    ):
        out["home_country"] = _HOME_COUNTRY_BONUS
    return out


def prior_features(place: PlaceRecord, entry: NameEntry, is_capital: bool = False) -> dict[str, float]:
    """How likely a place is meant by its name before any context is considered."""
    out = {
        "source": _SOURCE_PRIOR.get("curated" if place.source is Source.CURATED else ids.scheme(place.id), 0.0),
        "population": _POPULATION_WEIGHT * math.log10(max(place.population, 1)),
    }
    if is_capital:
        out["capital"] = _CAPITAL_BONUS
    if entry.role is NameRole.ALIAS:
        # alternate names are noisier than the main name; elsewhere the penalty only settles a tie
        # ("Washington" the state's name against an alias of the District of Columbia)
        out["alternate_name"] = -_ALIAS_PENALTY if place.source is Source.GEONAMES else -_ALIAS_TIE
    return out


def explain(
    chosen: tuple[tuple[str, float], ...], runner_up: tuple[tuple[str, float], ...], limit: int = 3
) -> list[tuple[str, float]]:
    """The features that decided for ``chosen`` over ``runner_up``: the largest differences in
    its favour, as (label, points) pairs, most decisive first."""
    a, b = dict(chosen), dict(runner_up)
    diffs = [(name, round(a.get(name, 0.0) - b.get(name, 0.0), 2)) for name in dict.fromkeys([*a, *b])]
    decisive = sorted((d for d in diffs if d[1] > 0), key=lambda d: -d[1])[:limit]
    return [(FEATURE_LABELS.get(name, name), points) for name, points in decisive]


def why_chosen(place) -> list[tuple[str, float]]:
    """The two or three features that decided for a place of a document
    (:class:`~mapview.model.document.Place`) over its runner-up."""
    runner_up = place.runner_up
    if runner_up is None or place.ranked is None:
        return []
    return explain(place.ranked.features, runner_up.features)


def disputing_evidence(place) -> list[str]:
    """What the story says for a disputed place's runner-up more than for it (see
    :attr:`~mapview.model.document.Place.disputed`), as the "Which …?" panel says it."""
    runner_up = place.runner_up
    if runner_up is None or place.ranked is None:
        return []
    chosen = dict(place.ranked.features)
    return [
        FEATURE_LABELS.get(name, name)
        for name, points in runner_up.features
        if name not in PRIOR_FEATURES and name not in COUNTRY_FEATURES and points > chosen.get(name, 0.0)
    ]


def confidences(candidates: list[Candidate]) -> list[float]:
    """How sure the ranking is of each candidate: its share of a softmax over the namesakes'
    scores (1.0 for an unambiguous name; 0.5 each for two namesakes that score the same)."""
    if len(candidates) == 1:
        return [1.0]
    best = max(c.score for c in candidates)
    weights = [math.exp(1.5 * (c.score - best)) for c in candidates]
    total = sum(weights)
    return [round(min(0.99, w / total), 2) for w in weights]
