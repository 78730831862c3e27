"""Places the gazetteer lacks, found by the words that head them: streets and buildings ("Seaton
Street", "Manila Cathedral"), natural features ("the White Mountains"), and villages, districts and
counties ("Maoxian county in Sichuan province"), each with the place the text says holds it."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from mapview.model.enums import MentionRole
from mapview.model.mention import Mention
from mapview.model.place import normalize
from mapview.nlp.lexicon import (
    DIRECTION_WORDS,
    INSTITUTION_WORDS,
    NOT_LOCALITY,
    NOT_NAMES,
    NOT_STREET_WORDS,
    ORG_HEADS,
    OWNED_HEADS,
    STOPWORDS,
    TITLES,
)
from mapview.nlp.name_rules import TextEvidence

# -- streets and buildings --------------------------------------------------------------------
# The gazetteer holds no streets or buildings, but news places events on them ("a stabbing on
# North State Street", "the Easter Vigil at the Manila Cathedral"). A capitalised name ending in one
# of these words is one, placed at the town it lies in (see mapview.pipeline).
_STREET_HEADS = (
    "Street|St\\.|Avenue|Ave\\.|Road|Rd\\.|Boulevard|Blvd\\.|Lane|Drive|Square|Cathedral|Church|Chapel|"
    "Mosque|Synagogue|Temple|Hospital|Stadium|Arena|Theatre|Theater|Castle|Palace|Prison|Racecourse|Hotel"
)


#: A saint's name as churches and hospitals are named: "St John", "St. Paul's", "Saint Peter and Saint Paul".
_SAINT = r"(?:St\.?|Saint) [A-Z]\w*(?:['’]s)?(?: (?:and|&) (?:St\.?|Saint) [A-Z]\w*(?:['’]s)?)?"


#: A church or a hospital named after a saint, the saint's epithet and a lower-case head allowed:
#: "St John the Divine cathedral", "St Mary's hospital" (not the towns St. John or St. Mary's).
_SAINTS_BUILDING = (
    _SAINT + r"(?: the [A-Z]\w+)? "
    r"(?:cathedral|church|basilica|chapel|abbey|monastery|convent|hospital|school|college)"
)


_STREET = re.compile(
    r"(?<![\w’'.-])("
    + _SAINTS_BUILDING
    + r"|(?:(?:"
    + _SAINT
    + r"(?: the [A-Z]\w+(?= (?:"
    + _STREET_HEADS
    + r")))?|[A-Z](?:\.[A-Z])*\.|[A-Z][\w-]*|\d+(?:st|nd|rd|th)?) ){1,3}(?:"
    + _STREET_HEADS
    + r"))(?![\w’'-])"
)


def _street_words_ok(words: list[str]) -> bool:
    """The words before the head name one street or building: not a sentence's opening word, a
    title or a stopword ("President Park"), nor only an institution's words ("the Catholic Church",
    "Children's Hospital", "Main St." in "Main St. vs Wall Street")."""
    if any(w.rstrip(".") in TITLES or w in ("President", "Minister", "King", "Queen", "Prince", "Pope") for w in words):
        return False
    return bool(words) and not all(w in INSTITUTION_WORDS for w in words)


def _leading_words(words: list[str]) -> int:
    """How many words open the match without naming the street: "On Main Street", "The Catholic Church"."""
    k = 0
    while k < len(words) - 1 and words[k] in NOT_STREET_WORDS:
        k += 1
    return k


def with_streets(text: str, mentions: list[Mention], sentence_of, gazetteer) -> list[Mention]:
    """The mentions, with the streets and buildings the text names that no mention overlaps; a
    place named inside one ("Manila Cathedral") or right by it ("Harare's Third Street", "Seaton
    Street, Edmonton", "Hampton Avenue in St. Louis") is the town it is placed at. Linear in the
    text: mentions are sorted and disjoint, so a street looks at the ones beside it only."""
    mentions = sorted(mentions, key=lambda x: x.start)
    starts = [x.start for x in mentions]
    alive = [True] * len(mentions)  # a place inside a street found earlier is part of it
    by_key: dict[str, list[int]] = {}  # a name's mentions, for "the Manila Cathedral" with Manila named
    for i, x in enumerate(mentions):
        by_key.setdefault(normalize(x.query), []).append(i)
    found: list[Mention] = []
    for m in _STREET.finditer(text):
        start, end = m.span(1)
        words = m.group(1).split()
        skip = _leading_words(words)
        if skip:
            start = text.index(words[skip], start + len(" ".join(words[:skip])))
            words = words[skip:]
        if not _street_words_ok(words[:-1]) or re.match(r"\s+(?:" + "|".join(ORG_HEADS) + r")\b", text[end : end + 20]):
            continue
        k = bisect_left(starts, start)
        near = range(k, bisect_left(starts, end))
        inside = [i for i in near if alive[i] and mentions[i].end <= end]
        if (
            (k > 0 and alive[k - 1] and mentions[k - 1].end > start)
            or any(alive[i] and mentions[i].end > end for i in near)
            or any(mentions[i].role is not MentionRole.TOPONYM for i in inside)
        ):
            continue
        # a saint's name opening a church's or a hospital's is no town ("St. Paul's Hospital")
        saint = words[0] in ("St.", "St", "Saint")
        prior = next((mentions[i] for i in range(k - 1, -1, -1) if alive[i]), None)
        after = next((mentions[i] for i in range(near.stop, len(mentions)) if alive[i]), None)
        within = _town_by(text, start, end, prior, after) or (
            ""
            if saint
            else next((mentions[i].query for i in inside), "")
            or next(
                (
                    q
                    for j in range(len(words) - 1, 0, -1)
                    if (q := _named(by_key, mentions, alive, normalize(" ".join(words[:j]))))
                ),
                "",
            )
        )  # Manila named elsewhere
        found.append(
            Mention(
                start,
                end,
                text[start:end],
                text[start:end],
                MentionRole.STREET,
                sentence_of(start),
                qualifier="",
                rule="street_or_building",
                within=within,
            )
        )
        for i in inside:
            alive[i] = False
    if not found:
        return mentions
    return sorted([x for i, x in enumerate(mentions) if alive[i]] + found, key=lambda x: x.start)


def _named(by_key: dict[str, list[int]], mentions: list[Mention], alive: list[bool], key: str) -> str:
    """The query of the last mention still standing whose name normalises to ``key``, or ""."""
    return next((mentions[i].query for i in reversed(by_key.get(key, ())) if alive[i]), "")


# -- rivers, deltas and basins named after a place -------------------------------------------------
#: A river, a delta or a basin named after a country, a province or a town ("the Mississippi River",
#: "the Nile Delta", "the Niger Delta") is not that place: the Nile Delta is in Egypt, not in
#: Sudan's River Nile state, and a river is not at its namesake's centre; nor is a sea ("the East
#: China Sea" is not China).
_FEATURE_AFTER = re.compile(
    r" (River|Delta|Basin|Sea|Ocean|Straits?)\b"
    r"(?! (?:State|Region|Province|County|District)\b)"
)


def with_features(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions, with a place's name followed by River, Delta or Basin made the feature's whole
    name, looked up as such (the gazetteer has few: most stay unresolved, said so on the page,
    rather than drawn at the namesake). A feature's name inside an organisation's ("the Niger Delta
    Development Commission") is none."""
    out = []
    for m in mentions:
        head = _FEATURE_AFTER.match(text, m.end)
        if head is None or m.role not in (MentionRole.TOPONYM, MentionRole.METONYM):
            out.append(m)
            continue
        end = head.end()
        nxt = re.match(r" ([A-Z][\w-]*)", text[end : end + 40])
        if nxt and (nxt.group(1) in ORG_HEADS or nxt.group(1) in OWNED_HEADS):
            continue  # "the Niger Delta Development Commission"
        name = text[m.start : end]
        out.append(
            replace(
                m,
                end=end,
                text=name,
                query=name,
                role=MentionRole.TOPONYM,
                gazetteer_ids=(),
                qualifier="",
                rule="feature",
            )
        )
    return out


# -- villages, districts and counties the gazetteer lacks ----------------------------------------
# GeoNames' towns stop at 500 people and its districts are not indexed here, but conflict and
# disaster news names villages and districts ("40 homes were buried in Maoxian county in Sichuan
# province", "the pro-government villages of Foua and Kfraya in Idlib"). A capitalised name written
# with its unit in lower case is one; it is drawn at the place the text says holds it, or not at all.
_UNITS = (
    "villages?|districts?|counties|county|neighbou?rhoods?|suburbs?|townships?|governorates?|prefectures?|"
    "municipality|municipalities|communes?|sub-districts?|subdistricts?|towns?|cities|city|camps?|area|"
    "provinces?|regions?|LGAs?|Local Government Areas?"
)  # Nigeria's local government areas


# a capitalised word with a lower-case letter, not a possessive ("Cairo's"); possessive quantifiers,
# so that a long word costs linear time
_NAME_WORD = r"(?:al-|el-)?[A-Z](?=[\w-]*?[a-z])[\w-]*+(?:['’](?!s\b)[\w-]++)?"


_NAME = _NAME_WORD + r"(?: " + _NAME_WORD + r"){0,2}"


_UNIT_OF = re.compile(r"\b(?:" + _UNITS + r") of (" + _NAME + r")(?: and (" + _NAME + r"))?(?![\w’'-])")


_NAME_UNIT = re.compile(r"(?<![\w’'.-])(" + _NAME + r") (?:" + _UNITS + r")\b")


#: A place told by its distance and bearing from another: "in Burakin, 240 kilometres north-east of Perth".
_BEARING_OF = (
    r",? (?:(?:some|about|around|roughly|nearly|just) )?\d[\d,.]* ?(?:km|kilometres|kilometers|miles) "
    r"(?:north|south|east|west)(?:-?(?:east|west))? of "
)


_NAME_BEARING = re.compile(r"\b(?:in|at|near) (" + _NAME + r")(?=" + _BEARING_OF + r")")


#: A mountain range, a valley, a park or a cave complex the gazetteer lacks, by its head ("the
#: White Mountains range", "the Tora Bora caves", "the Royal National Park", "the Richmond
#: Valley"), or a river by its word before ("the river Elbe").
_FEATURE_HEAD = re.compile(
    r" (?:(Mountains|Range|Valley|Hills|Caves|National Park|Swamp|Desert|Gorge|Plateau|"
    r"Marshes)\b(?! [A-Z])|(?:caves|cave complex|mountains|mountain complex|mountain range|"
    r"hills|valley)\b)"
)


_NAME_ENDS = re.compile(r"(?<![\w’'.-])(" + _NAME + r")$")


_RIVER_NAMED = re.compile(r"\b[Tt]he [Rr]iver (" + _NAME_WORD + r")")


#: A place told by what it is of another, in an appositive: "at Sharana, the provincial capital of
#: Paktika", "in Tira, a village near Qalqilya".
_IS_OF = r", (?:the|a|an) (?:[a-z]+ ){0,2}?(?:capital|town|village|city|district|suburb|port) (?:of|in|near) "


_IS_OF_HEAD = re.compile(_IS_OF)


_LOCATIVE_NAME_ENDS = re.compile(r"\b(?:in|at|near|on) (" + _NAME + r")$")


def _names_before_heads(text: str):
    """The spans of the features' and the appositives' names: each head is found first (they are
    rare), then the name that ends right before it, in a window of a few words: linear in the text."""
    for m in _FEATURE_HEAD.finditer(text):
        name = _NAME_ENDS.search(text, max(0, m.start() - 60), m.start())
        if name is not None:  # "the White Mountains" is the whole name; "the Tora Bora caves", Tora Bora
            yield name.start(1), (m.end(1) if m.group(1) else name.end(1))
    for m in _IS_OF_HEAD.finditer(text):
        name = _LOCATIVE_NAME_ENDS.search(text, max(0, m.start() - 70), m.start())
        if name is not None:
            yield name.span(1)


def _locality_ok(name: str, context: TextEvidence) -> bool:
    words = name.split()
    first = words[0]
    if len(words) == 1 and first.lower() in context.lowercase_words:
        return False  # a word the text also writes in lower case: "Instead county law enforcement"
    return not (
        first.lower() in NOT_LOCALITY
        or first.lower() in STOPWORDS
        or first in NOT_NAMES
        or first in DIRECTION_WORDS
        or first in TITLES
        or name.isupper()
        or normalize(name) in context.surnames
        or any(w in ORG_HEADS or w in OWNED_HEADS for w in words)
    )


def with_localities(text: str, mentions: list[Mention], sentence_of, context: TextEvidence) -> list[Mention]:
    """The mentions, with the villages, districts and counties the text names with their unit
    that no mention covers ("Maoxian county", "the villages of Foua and Kfraya"). The place that
    holds one is the mention right by it ("… in Sichuan province", "Cairo's Abbasiya district"),
    or the place named inside it ("the St. Louis Hills area"). Linear in the text: mentions are
    sorted and do not overlap, so each locality looks at its neighbours only."""
    spans: dict[int, tuple[int, int]] = {}
    for m in _UNIT_OF.finditer(text):
        for k in (1, 2):
            if m.group(k):
                spans.setdefault(m.start(k), m.span(k))
    for pattern in (_NAME_UNIT, _NAME_BEARING, _RIVER_NAMED):
        for m in pattern.finditer(text):
            spans.setdefault(m.start(1), m.span(1))
    for start, end in _names_before_heads(text):
        spans.setdefault(start, (start, end))
    if not spans:
        return mentions
    mentions = sorted(mentions, key=lambda x: x.start)
    starts = [x.start for x in mentions]
    found: list[Mention] = []
    replaced: set[int] = set()  # indexes of mentions a locality holds ("St. Louis" of …)
    last_end = -1
    for start, end in sorted(spans.values()):
        words = text[start:end].split()
        while words and (words[0].lower() in NOT_LOCALITY or words[0] in NOT_NAMES):
            start += len(words.pop(0)) + 1  # "The Shankill area": the name is Shankill
        window = text[max(0, start - 40) : start]
        before = window.rstrip(" ").rsplit(None, 1)[-1:] if window.endswith(" ") else []
        if (
            not words
            or start < last_end
            or (
                before
                and before[0][:1].isupper()
                and before[0].lower() not in NOT_LOCALITY
                and before[0] not in NOT_NAMES
                and not re.search(r"['’]s$", before[0])
            )
        ):
            continue  # "St. Louis Hills area": part of a longer name
        name = text[start:end]
        if not _locality_ok(name, context):
            continue
        k = bisect_left(starts, start)
        if k > 0 and mentions[k - 1].end > start:
            continue  # inside another mention
        near = range(k, bisect_left(starts, end))
        if any(
            mentions[i].end > end
            or mentions[i].role is not MentionRole.TOPONYM
            or (mentions[i].start == start and mentions[i].end == end)
            for i in near
        ):
            continue  # a name the gazetteer knows, or part of another mention
        after = mentions[near.stop] if near.stop < len(mentions) else None
        prior = mentions[k - 1] if k > 0 else None
        within = _holder_by(text, start, end, prior, after) or next((mentions[i].query for i in near), "")
        found.append(
            Mention(
                start,
                end,
                name,
                name,
                MentionRole.LOCALITY,
                sentence_of(start),
                qualifier="",
                rule="locality",
                within=within,
            )
        )
        replaced.update(near)
        last_end = end
    if not found:
        return mentions
    kept = [x for i, x in enumerate(mentions) if i not in replaced]
    return sorted(kept + found, key=lambda x: x.start)


_HOLDER_AFTER = re.compile(
    r"(?: (?:" + _UNITS + r"|caves|cave complex|mountains|mountain complex|mountain range|hills|"
    r"valley))?(?: and "
    + _NAME
    + r")?(?:,? (?:in|of|near) |"
    + _BEARING_OF
    + r"|"
    + _IS_OF
    + r")(?:the )?(?:[a-z]+ ){0,2}"
)


_HOLDER_BEFORE = re.compile(r"['’]s (?:[a-z]+ )?")


def _holder_by(text: str, start: int, end: int, prior: Mention | None, after: Mention | None) -> str:
    """The place the text says holds a locality, named right after it or right before it:
    "Maoxian county in Sichuan province", "Foua and Kfraya in Idlib", "Puge county of Sichuan",
    "Giza's Haram district"."""
    if (
        after is not None
        and after.role is not MentionRole.DEMONYM
        and after.start - end <= 120
        and _HOLDER_AFTER.fullmatch(text, end, after.start)
    ):
        return after.query
    if (
        prior is not None
        and prior.role is not MentionRole.DEMONYM
        and start - prior.end <= 20
        and _HOLDER_BEFORE.fullmatch(text, prior.end, start)
    ):
        return prior.query
    return ""


def _town_by(text: str, start: int, end: int, prior: Mention | None, after: Mention | None) -> str:
    """The place the text names right by a street, before it ("Harare's Third Street") or after
    it ("Seaton Street, Edmonton", "… in Red Oak")."""
    if prior is not None and _TOWN_BEFORE.fullmatch(text, prior.end, start):
        return prior.query
    if after is not None and _TOWN_AFTER.fullmatch(text, end, after.start):
        return after.query  # "Prison (NBP) in Muntinlupa", "in downtown Vancouver"
    return ""


_TOWN_BEFORE = re.compile(r"['’]s\s+")


_TOWN_AFTER = re.compile(r"(?:\s+\([A-Z]{2,6}\))?(?:,|\s+in|\s+of)\s+(?:[a-z]+\s+){0,2}")


def qualifier_position(text: str, start: int, end: int) -> bool:
    """Where a state's abbreviation qualifies the name before it: after a comma ("Jackson,
    Miss.") or alone in parentheses ("the Walker County (Ga.) Sheriff's Office")."""
    before = text[:start].rstrip()
    return before.endswith(",") or (before.endswith("(") and text[end : end + 2] in (".)", ")"))
