"""The recogniser's decisions, one named rule each: whether a run of capitalised words the
gazetteer knows is a place here, or a person's, a firm's, a team's name, a word (see ``RULES``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from mapview.geo.places import ARABIC_ARTICLE_COUNTRIES
from mapview.model import ids
from mapview.model.enums import Kind, NameRole, Source
from mapview.model.place import normalize
from mapview.nlp.lexicon import (
    ARABIC_ARTICLES,
    BEFORE_A_PLACE,
    COMBINING_FORMS,
    COMMON_WORDS,
    CONNECTORS,
    DIRECTION_PREFIXES,
    DIRECTION_WORDS,
    GEO_HEADS,
    KIN,
    LANGUAGE_BEFORE,
    NOT_A_NOUN,
    NOT_NAMES,
    ORG_HEADS,
    OWNED_HEADS,
    PERSON_VERBS,
    PLACE_EVIDENCE,
    STOPWORDS,
    SUBJECT_VERBS,
    TITLES,
    WEAPONS,
    WHERE_PREPOSITIONS,
)
from mapview.nlp.lexicons import SPEECH_VERBS
from mapview.nlp.person_names import full_name, heads_a_name, is_proper, people_names
from mapview.nlp.rules import load_rules
from mapview.settings import KNOWN_TOWN_POPULATION, NAME_PART_TOWN_POPULATION, SENTENCE_START_TOWN_POPULATION

#: A capitalised word before a verb of speaking or a noun a group's name heads ("Hamas said",
#: "Hamas leaders", "Hamas suicide bombers"), or after a group's noun ("the Islamic movement Hamas").
_GROUP_NAME = re.compile(
    rf"(?<![\w’'.-])([A-Z][\w-]+) (?:{SPEECH_VERBS}|denied|leaders?|leadership|"
    r"militants?|fighters?|gunm[ae]n|supporters?|members?|officials?|spokes(?:man|woman|person)|"
    r"suicide|commanders?|activists|operatives|movement|group)\b"
)


_NAMED_GROUP = re.compile(r"\b(?:movement|group|militia|faction|organi[sz]ation) ([A-Z][\w-]+)\b(?! [A-Z])")


@dataclass(frozen=True)
class TextEvidence:
    """What the whole text says, for judging each candidate name."""

    countries: set[str]
    admin1: frozenset[str]
    lowercase_words: frozenset[str]
    name_parts: frozenset[str]
    surnames: frozenset[str] = frozenset()  # words the text uses as a surname after a given name
    agencies: frozenset[str] = frozenset()  # words the text uses as a news agency's name
    groups: frozenset[str] = frozenset()  # words the text uses as a group's name or a speaker's


def qualifier_after(text, tokens, j, gazetteer, places=()) -> str:
    """The state or country named right after ", " ("Arlington, Virginia"), or "". Given the
    namesakes of the name before it, the reading that holds one of them ("Atlanta, Georgia": the US
    state, not the country), or "" when none does ("Copenhagen, Hamburg" is a list)."""
    if (
        j >= len(tokens)
        or not re.fullmatch(r",\s*", text[tokens[j - 1][1] : tokens[j][0]])
        or not text[tokens[j][0]].isupper()
    ):
        return ""
    units = []
    for k in range(min(len(tokens), j + 3), j, -1):
        found = [
            e.place_id
            for e in gazetteer.entries(normalize(text[tokens[j][0] : tokens[k - 1][1]]))
            if (ids.is_admin1(e.place_id) or ids.is_country(e.place_id)) and e.role is not NameRole.DEMONYM
        ]
        if found and word_at(text, tokens, k).lower() in SUBJECT_VERBS and text[tokens[k - 1][1] : tokens[k][0]] == " ":
            return ""  # "In Washington, Britain said …": a speaker, not Washington's country
        units += found
    if not places:
        return units[0] if units else ""
    holders = {p.admin1 for p in places if p.admin1} | {ids.country(p.country_code) for p in places if p.country_code}
    return next((u for u in units if u in holders), "")


def _entries_after(text, tokens, j, gazetteer):
    """The gazetteer's entries for the names of up to three words that start at token ``j``,
    longest first."""
    for k in range(min(len(tokens), j + 3), j, -1):
        yield from gazetteer.entries(normalize(text[tokens[j][0] : tokens[k - 1][1]]))


def state_after(text, tokens, j, gazetteer, places) -> str:
    """The state or province that holds one of a town's namesakes, named right after it with no
    comma, as the Nigerian and Indian press write it ("Maiduguri Borno State", "Port Harcourt
    Rivers State"), or ""."""
    if j >= len(tokens) or text[tokens[j - 1][1] : tokens[j][0]] != " " or not text[tokens[j][0]].isupper():
        return ""
    holders = {p.admin1 for p in places if p.kind is Kind.CITY and p.admin1}
    if not holders:
        return ""
    return next(
        (
            e.place_id
            for e in _entries_after(text, tokens, j, gazetteer)
            if e.place_id in holders and e.role is not NameRole.DEMONYM
        ),
        "",
    )


def _town_before(s: NameSpan) -> bool:
    """A town this state or province holds is named right before it: "Maiduguri Borno State"."""
    states = {p.id for p in s.places if p.kind is Kind.ADMIN_REGION}
    for k in range(max(0, s.i - 3), s.i):
        if not states or s.text[s.tokens[s.i - 1][1] : s.tokens[s.i][0]] != " ":
            return False
        for e in s.gazetteer.entries(normalize(s.text[s.tokens[k][0] : s.tokens[s.i - 1][1]])):
            town = s.gazetteer.place(e.place_id)
            if town is not None and town.kind is Kind.CITY and town.admin1 in states:
                return True
    return False


_SPACES = re.compile(r"[ \u00a0]+")


class NameSpan:
    """A name the longest match found, in its text: what the rules look at."""

    def __init__(self, text, tokens, i, j, entries, sentence_starts, context, gazetteer):
        self.text, self.tokens, self.i, self.j, self.entries = text, tokens, i, j, entries
        self.context, self.gazetteer = context, gazetteer
        self.surface = text[tokens[i][0] : tokens[j - 1][1]]
        self.key = normalize(self.surface)
        self.prev, self.nxt = word_at(text, tokens, i - 1), word_at(text, tokens, j)
        # words a run of spaces joins, as scraped text has them ("Tora  Bora"), not a line break
        self.glued_prev = i > 0 and _SPACES.fullmatch(text, tokens[i - 1][1], tokens[i][0]) is not None
        self.glued_next = j < len(tokens) and _SPACES.fullmatch(text, tokens[j - 1][1], tokens[j][0]) is not None
        self.initial = tokens[i][0] in sentence_starts
        self.prev_initial = i > 0 and tokens[i - 1][0] in sentence_starts
        self.places = [p for p in (gazetteer.place(e.place_id) for e in entries) if p is not None]

    @cached_property
    def biggest(self) -> int:
        return max((p.population for p in self.places), default=0)

    @cached_property
    def curated(self) -> bool:
        return any(p.source is Source.CURATED or p.kind in (Kind.COUNTRY, Kind.CONTINENT) for p in self.places)

    @cached_property
    def evidence(self) -> bool:
        """Something in the text says a place is meant: a locative word before it, a state or
        country right after it, or its country or province named elsewhere."""
        # "along the Peace River", but not "in the English city of" (a word before a noun describes it)
        ends_phrase = not (self.glued_next and self.nxt[:1].islower())
        before_the = (
            word_at(self.text, self.tokens, self.i - 2).lower() if self.prev.lower() == "the" and ends_phrase else ""
        )
        return (
            self.prev.lower() in PLACE_EVIDENCE
            or before_the in PLACE_EVIDENCE  # "along the Peace River"
            or self.surface.rsplit(" ", 1)[-1] in GEO_HEADS
            or bool(qualifier_after(self.text, self.tokens, self.j, self.gazetteer))
            or any(p.country_code in self.context.countries or p.admin1 in self.context.admin1 for p in self.places)
            or self.listed_as_county
        )

    @cached_property
    def listed_as_county(self) -> bool:
        """A list the word "counties" closes follows: "Barrow and Jackson counties"."""
        end = self.tokens[self.j - 1][1]
        return _COUNTIES_LIST_AFTER.match(self.text, end, end + 80) is not None


#: A list of names the word "counties" closes, after a name: "Barrow and Jackson counties".
_COUNTIES_LIST_AFTER = re.compile(r"(?:(?:,|,? and|,? or) [A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?)* counties\b")


def _brand_name(s: NameSpan) -> bool | None:  # rule 9: "Iran Air", "Boston Globe", "Xinhua news agency"
    if not s.glued_next:
        return None
    if s.nxt in ORG_HEADS or (s.nxt == "State" and word_at(s.text, s.tokens, s.j + 1) in ORG_HEADS):
        return False  # "Boston Globe", "Colorado State University"
    if (
        s.nxt == "news"
        and s.text.startswith(" agency", s.tokens[s.j][1])
        and not all(e.role is NameRole.DEMONYM for e in s.entries)
    ):
        return False  # the agency's name, but "Azerbaijani news agency Trend" is the agency's country
    return None


def _agency_alone(s: NameSpan) -> bool | None:  # rule 9: "the Xinhua news agency … according to Xinhua"
    if s.key in s.context.agencies and not s.glued_next and not all(e.role is NameRole.DEMONYM for e in s.entries):
        return False  # not a demonym: "the Azerbaijani news agency Trend … Azerbaijani soldiers"
    return None


_NEWS_AGENCY = re.compile(r" [Nn]ews [Aa]gency\b")


_AGENCY_NAME = re.compile(r"(?<![\w-])([A-Z][\w-]{0,40}+)$")


def find_agencies(text: str) -> frozenset[str]:
    """Words the text writes as a news agency's name ("Xinhua news agency", "Fars News Agency"),
    not a demonym's (the recogniser checks: "Azerbaijani news agency Trend"). Each "news agency"
    looks back a few characters only: linear in the text."""
    found = set()
    for m in _NEWS_AGENCY.finditer(text):
        name = _AGENCY_NAME.search(text, max(0, m.start() - 42), m.start())
        if name is not None:
            found.add(normalize(name.group(1)))
    return frozenset(found)


def find_groups(text: str) -> frozenset[str]:
    """Capitalised words the text writes before a verb of speaking or a group's noun ("Hamas
    said", "the Hamas group", "Hamas militants"): a group's or a person's name there, and so,
    when the gazetteer has the word only as a town's alternate name, throughout the text."""
    return frozenset(normalize(m.group(1)) for pattern in (_GROUP_NAME, _NAMED_GROUP) for m in pattern.finditer(text))


def _fragment(s: NameSpan) -> bool | None:  # rule 11: "US$", "Franco-German", "Sino-Russian"
    after = s.text[s.tokens[s.j - 1][1] : s.tokens[s.j - 1][1] + 2]
    if after[:1] == "$":
        return False  # a currency: US$, C$, HK$
    if s.j - s.i == 1 and after[:1] in "-‐‑" and after[1:2].isupper() and s.key in COMBINING_FORMS:
        return False  # the first half of a compound adjective
    return None


def _of_organisation(s: NameSpan) -> bool | None:  # rule 9: "Bank of America", "University of the Philippines"
    k = s.i - 1
    if k >= 0 and word_at(s.text, s.tokens, k).lower() == "the":
        k -= 1
    if k >= 1 and word_at(s.text, s.tokens, k) == "of" and word_at(s.text, s.tokens, k - 1) in ORG_HEADS:
        return False
    return None


def _demonym(s: NameSpan) -> bool | None:  # rule 4: "Pakistani", but not "Persian Gulf" or "in English."
    if any(e.role is NameRole.DEMONYM for e in s.entries) and all(
        e.role is NameRole.DEMONYM or _town_only(s.gazetteer.place(e.place_id)) for e in s.entries
    ):
        return (
            not (s.glued_next and s.nxt in GEO_HEADS)
            and not _language(s)  # "English" is no town in Indiana
            and not _hyphenated_american(s)
        )
    return None


def _hyphenated_american(s: NameSpan) -> bool:
    """A people of the United States ("African American", "Mexican-American", "Asian Americans"):
    neither the continent or country of the first word nor the country of the second."""
    after = s.text[s.tokens[s.j - 1][1] : s.tokens[s.j][0]] if s.j < len(s.tokens) else ""
    if after in (" ", "-") and s.nxt in ("American", "Americans"):
        return True
    before = s.text[s.tokens[s.i - 1][1] : s.tokens[s.i][0]] if s.i > 0 else ""
    return (
        s.surface in ("American", "Americans")
        and before in (" ", "-")
        and s.i > 0
        and any(e.role is NameRole.DEMONYM for e in s.gazetteer.entries(normalize(s.prev)))
    )


def _town_only(place) -> bool:
    return place is None or (place.source is Source.GEONAMES and place.kind is Kind.CITY)


def _language(s: NameSpan) -> bool:
    """A demonym used as a language's name: after "in" or a verb of speaking or learning, and
    followed by no noun it would qualify ("printed in Chinese, 11 ethnic minority languages" is
    a language; "in Chinese waters" is not)."""
    if s.prev.lower() not in LANGUAGE_BEFORE or not s.glued_prev:
        return False
    if s.glued_next:
        return not is_proper(s.nxt) and s.nxt.lower() in NOT_A_NOUN
    after = s.text[s.tokens[s.j - 1][1] : s.tokens[s.j][0] if s.j < len(s.tokens) else len(s.text)].lstrip(" ")
    return after == "" or after[0] in '.,;:!?)”"\n'  # not "in Syrian-held territory"


#: Kin after a name's possessive make the name a person's: "Miranda's son", "Harrison's widow".
_KIN_AFTER = re.compile(
    r"['’]s (?:sons?|daughters?|wife|husband|mother|father|brothers?|sisters?|siblings?|"
    r"widow(?:er)?|parents|girlfriend|boyfriend|fianc[eé]e?|"
    r"grand(?:son|daughter|mother|father|children)|uncle|aunt|nephew|niece|cousin)\b"
)


def _kin_after(s: NameSpan) -> bool | None:  # rule 10: "Miranda's son", not Venezuela's state of Miranda
    if s.curated or not _KIN_AFTER.match(s.text, s.tokens[s.j - 1][1]):
        return None
    return False


def _title_before(s: NameSpan) -> bool | None:  # rule 10: "Mr. Washington", "Sen. Jordan"
    gap = s.text[s.tokens[s.i - 1][1] : s.tokens[s.i][0]] if s.i > 0 else ""
    return False if s.prev in TITLES and gap in (" ", ". ") else None


def _stopword(s: NameSpan) -> bool | None:  # rule 3: "More", "Centre", "South": places somewhere, words here
    return False if not s.curated and s.key in STOPWORDS else None


def _direction_of_next(s: NameSpan) -> bool | None:  # "Far North Queensland": a part of the state after it
    if not s.glued_next or not is_proper(s.nxt) or not all(w in DIRECTION_WORDS for w in s.surface.split()):
        return None
    if any(
        ids.is_admin1(e.place_id) or ids.is_country(e.place_id)
        for e in _entries_after(s.text, s.tokens, s.j, s.gazetteer)
    ):
        return False
    return None


def _article_alone(s: NameSpan) -> bool | None:  # "Al-Ahram", "Al-Jazeera": the article opens a name
    if (
        s.j - s.i == 1
        and s.surface.lower() in ARABIC_ARTICLES
        and s.text[s.tokens[s.i][1] : s.tokens[s.i][1] + 1] in "-‐‑"
        and s.nxt[:1].isupper()
    ):
        return False
    if (
        s.prev.lower() in ARABIC_ARTICLES
        and s.i > 0
        and s.text[s.tokens[s.i - 1][1] : s.tokens[s.i][0]] in ("-", "‐", "‑")
        and not any(p.country_code in ARABIC_ARTICLE_COUNTRIES for p in s.places)
    ):
        return False  # and what follows it is no town abroad: "Al-Ahram" is not Ahram, Iran
    return None


def _inside_proper_name(s: NameSpan) -> bool | None:  # rule 2: "President Vladimir Putin" (a province too)
    if (
        s.curated
        or not s.glued_prev
        or not is_proper(s.prev)
        or s.prev_initial
        or s.prev in DIRECTION_PREFIXES
        or s.prev in NOT_NAMES
    ):  # "… late After Paris, London is"
        return None
    return None if _town_before(s) else False  # "Maiduguri Borno State" names the state


def _given_name(s: NameSpan) -> bool | None:  # rule 10: "Paul Thompson", "Bill Holland … Holland recalled"
    if s.j - s.i != 1 or s.prev.lower() in BEFORE_A_PLACE:
        return None
    if s.prev in KIN and s.glued_prev and not s.curated:
        return False  # "his brother Alex", "daughters North and Chicago" (not "mother Russia")
    if s.glued_next and full_name(s.surface, s.nxt):
        return False  # "Paul Thompson"
    if s.glued_next and _given_then_unknown(s):
        return False  # "Paul Brewbaker", "Mary Magdalene": no place is named so
    if s.key in s.context.surnames or (s.key.endswith("s") and s.key[:-1] in s.context.surnames):
        return False  # "Bill Holland … Holland recalled", "Harry S. Truman", "Arlene Boon … the Boons"
    return None


def _given_then_unknown(s: NameSpan) -> bool:
    """A common given name before a capitalised word that names no place and heads no name of one
    is a person's, whose surname the name lists do not know: unless it names a country, or a
    province of a country the text names ("Kenya Medical Board", "Alberta Liquor Store")."""
    nxt = s.nxt
    if (
        s.surface.lower() not in people_names()[0]
        or not is_proper(nxt)
        or len(nxt) < 3
        or nxt.isupper()
        or nxt.lower() in STOPWORDS
        or nxt in NOT_NAMES
        or heads_a_name(nxt)
        or s.gazetteer.entries(normalize(nxt))
    ):
        return False
    return not any(
        p.kind is Kind.COUNTRY or (p.kind is Kind.ADMIN_REGION and p.country_code in s.context.countries)
        for p in s.places
    )


def _person_verb_alias(s: NameSpan) -> bool | None:  # "Nelson says": a region only by an alias is no speaker
    pairs = [(p, e) for e in s.entries if (p := s.gazetteer.place(e.place_id)) is not None]
    if all(p.kind is Kind.CITY or (p.kind is Kind.ADMIN_REGION and e.role is NameRole.ALIAS) for p, e in pairs) and any(
        p.kind is Kind.ADMIN_REGION for p, _ in pairs
    ):
        return _person_verb(s)
    return None


def _not_only_towns(s: NameSpan) -> bool | None:  # countries, provinces, curated places: kept from here
    return True if not all(p.source is Source.GEONAMES and p.kind is Kind.CITY for p in s.places) else None


def _weapon_name(s: NameSpan) -> bool | None:  # "Apache helicopters": the model, not Apache, Oklahoma
    return False if s.glued_next and s.nxt in WEAPONS else None


def _common_word(s: NameSpan) -> bool | None:  # rule 3: "Of course", "The Union"
    return (
        False
        if s.key in STOPWORDS or (s.key in COMMON_WORDS and (s.initial or s.prev.lower() in {"the", "a"}))
        else None
    )


def _followed_by_name(s: NameSpan) -> bool | None:  # rule 2: "Nasser Kanaani", "Kelly Services" (not "Toronto Police")
    if (
        not (s.glued_next and is_proper(s.nxt))
        or s.nxt in OWNED_HEADS
        or s.nxt in NOT_NAMES
        or state_after(s.text, s.tokens, s.j, s.gazetteer, s.places)
    ):  # "Maiduguri Borno State"
        return None
    return False


def _acronym(s: NameSpan) -> bool | None:  # "NATO", "APC"
    return False if s.surface.isupper() and len(s.surface) <= 5 and s.tokens[s.i][0] != 0 else None


def _person_verb(s: NameSpan) -> bool | None:  # rule 10: "Martin scored" (not "officials in Columbus said")
    if (
        s.glued_next
        and s.nxt in PERSON_VERBS
        and s.prev.lower() not in PLACE_EVIDENCE
        and s.biggest < NAME_PART_TOWN_POPULATION
        and not any(p.id in s.gazetteer.capitals for p in s.places)
    ):
        return False
    return None


def _ordinary_word(s: NameSpan) -> bool | None:  # the text also writes it in lower case: a word
    return False if s.j - s.i == 1 and s.key in s.context.lowercase_words else None


def _name_part(s: NameSpan) -> bool | None:  # "Megyn Kelly ... Kelly said": part of a person's or firm's name
    return (
        False
        if s.j - s.i == 1
        and s.key in s.context.name_parts
        and s.biggest < NAME_PART_TOWN_POPULATION
        and s.prev.lower() not in WHERE_PREPOSITIONS
        else None
    )  # but "stuck in Samos" is the island ("according to Davis" no place)


def _sentence_start(s: NameSpan) -> bool | None:  # a small town opening a sentence, with nothing for it
    return False if s.initial and s.biggest < SENTENCE_START_TOWN_POPULATION and not s.evidence else None


def _alias_agent(s: NameSpan) -> bool | None:  # "Hamas said", "Hamas leaders": Hamm's alternate name, an agent
    """A name that is only an alternate name of towns (GeoNames' other languages and old spellings),
    none of them a capital, that the text writes as a group's or a speaker's ("Hamas said", "Hamas
    militants"), is that group throughout the text ("militants from Hamas" too)."""
    if (
        not s.entries
        or not all(e.role is NameRole.ALIAS for e in s.entries)
        or any(p.id in s.gazetteer.capitals for p in s.places)
    ):
        return None
    return False if s.key in s.context.groups else None


def _alias_person(s: NameSpan) -> bool | None:  # "Levi", "Julia", "Villanueva": a person's, not Lévis or Plovdiv
    """A word that is only an alternate name of towns, none of them a capital, and a common given
    name or surname is a person's, unless a locative word before it, a state or country right
    after it or a list the word "counties" closes says a place is meant ("in Hull", "Hull,
    England", "Barrow and Jackson counties")."""
    if (
        s.j - s.i != 1
        or not s.entries
        or not all(e.role is NameRole.ALIAS for e in s.entries)
        or any(p.id in s.gazetteer.capitals for p in s.places)
    ):
        return None
    givens, surnames = people_names()
    if s.key not in givens and s.key not in surnames:
        return None
    if s.prev.lower() in PLACE_EVIDENCE or qualifier_after(s.text, s.tokens, s.j, s.gazetteer) or s.listed_as_county:
        return None
    return False


def _known_town_or_evidence(s: NameSpan) -> bool | None:  # a big enough town, or evidence: always decides
    return s.biggest >= KNOWN_TOWN_POPULATION or s.evidence


#: The rule functions by name; their order is data: resources/recognition_rules.toml's priorities.
_REGISTRY: dict[str, Callable[[NameSpan], bool | None]] = {
    "brand_name": _brand_name,
    "agency_alone": _agency_alone,
    "of_organisation": _of_organisation,
    "fragment": _fragment,
    "article_alone": _article_alone,
    "title_before": _title_before,
    "kin_after": _kin_after,
    "given_name": _given_name,
    "demonym": _demonym,
    "stopword": _stopword,
    "direction_of_next": _direction_of_next,
    "inside_proper_name": _inside_proper_name,
    "person_verb_alias": _person_verb_alias,
    "not_only_towns": _not_only_towns,
    "weapon_name": _weapon_name,
    "common_word": _common_word,
    "followed_by_name": _followed_by_name,
    "acronym": _acronym,
    "person_verb": _person_verb,
    "ordinary_word": _ordinary_word,
    "name_part": _name_part,
    "sentence_start": _sentence_start,
    "alias_agent": _alias_agent,
    "alias_person": _alias_person,
    "known_town_or_evidence": _known_town_or_evidence,
}
_DECLARED = load_rules("recognition")
if set(_DECLARED) != set(_REGISTRY):
    raise ValueError(
        f"recognition rules declared but not written, or written but not declared: "
        f"{sorted(set(_DECLARED) ^ set(_REGISTRY))}"
    )
#: The rules in the order they are tried.
RULES: tuple[tuple[str, Callable[[NameSpan], bool | None]], ...] = tuple((n, _REGISTRY[n]) for n in _DECLARED)


def decide(span: NameSpan) -> tuple[str, bool]:
    """The first rule that speaks, and what it says."""
    for name, rule in RULES:
        verdict = rule(span)
        if verdict is not None:
            return name, verdict
    raise AssertionError("the last rule always decides")


def capitalised_words(words: list[str]) -> bool:
    return (
        all(w[0].isupper() or w.lower() in CONNECTORS for w in words)
        and words[0][0].isupper()
        and words[-1][0].isupper()
    )


def word_at(text, tokens, k) -> str:
    return text[tokens[k][0] : tokens[k][1]] if 0 <= k < len(tokens) else ""
