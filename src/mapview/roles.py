"""Event records: what happened, where, who took part, who says so, and when.

A sentence typed with the taxonomy yields one record per event type it reports. Each place the
sentence names gets a *role* in each record, decided by explainable rules over the words around
the name (documented in ``docs/event-annotation.md``, which the hand annotation follows too):

``location``
    where the event happened: a locative phrase ("in", "at", "near", "along", "on the border of",
    "in the directions of" …) that attaches to the event's own cue ("clashes broke out along the
    Armenia-Azerbaijan borders"), the territory acted on ("against Armenia's sovereign
    territory"), or a sentence-initial setting ("In Kyiv, …"). For a statement, warning, appeal
    or accusation, the location is where it was made ("told reporters in Ankara"); the places of
    the act it speaks about are only ``mentioned`` in it (they are the act's locations, in the
    act's own record).
``actor``
    a party: a capital for its government ("Yerevan applied"), a demonym ("Armenian soldiers"),
    a country or region as the subject of a verb ("Azerbaijan launched"), between two parties of
    a clash or a meeting ("clashes between Yerevan and Baku"), the target of an attack or an
    accusation ("against Armenia"), the addressee of an appeal ("apply to the Russian Federation").
``source``
    where a statement or reaction comes from: the dateline; a locative attached to a word of
    speech or reaction ("caused concerns in Tehran"); the outlet or speaker a report names
    ("Azerbaijani news agency Trend reported").
``mentioned``
    everything else. When the rules cannot decide, a place is ``mentioned``, never guessed as a
    location.

A place named twice in a sentence may hold two roles in one record (Armenia: actor and, as the
territory attacked, location).

Rules run only over sentences that report an event and name a place, each within a few hundred
characters of a name: linear in the text; nothing shared is changed.
"""
from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Protocol, Sequence

from mapview.enums import EventRole, Kind, MentionRole
from mapview.events import Casualty, in_name, needles, unrealised
from mapview.recognize import SUBJECT_VERBS

if TYPE_CHECKING:
    from mapview.events import Taxonomy


# What roles reads of the pipeline's sentences, mentions and quotes (mapview.pipeline's
# TypedSentence, ResolvedMention and LinkedQuote): roles builds on no module that builds on it.
class TypedSentence(Protocol):
    @property
    def index(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def event_types(self) -> tuple[str, ...]: ...
    @property
    def cues(self) -> dict[str, str]: ...
    @property
    def casualties(self) -> tuple[Casualty, ...]: ...


class ResolvedMention(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def role(self) -> MentionRole: ...
    @property
    def sentence(self) -> int: ...
    @property
    def place_id(self) -> str | None: ...


class LinkedQuote(Protocol):
    @property
    def speaker(self) -> str: ...
    @property
    def sentences(self) -> tuple[int, ...]: ...



#: Words of reaction: not events of their own, but a place attached to one is where a reaction
#: came from ("caused concerns in Tehran").
_REACTION = re.compile(r"\b(?:concerns?|concerned|fears?|worr(?:y|ies|ied)|alarm(?:ed)?|react(?:ed|ion|ions)?|"
                       r"respon(?:ded|se)|outrage|condolences|dismay|regret(?:ted)?)\b")

#: A locative phrase ending right before a name: a preposition, then up to six lower-case words
#: that neither join nor open a clause ("in the directions of", "in the outskirts of the city of").
_PREPOSITIONS = (r"in|at|near|along|across|around|outside|inside|into|out\s+of|within|throughout|on|over|toward|"
                 r"towards|to|from|off|via|through|beyond")
_DIRECTIONS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?"
#: A bearing as news writes it before a place or after a distance: "south-east", "north-western".
_BEARING = r"(?:north|south|east|west)(?:ern)?(?:-?(?:east|west)(?:ern)?)?"
_LOCATIVE = re.compile(
    rf"\b(?P<prep>(?i:{_PREPOSITIONS})|{_DIRECTIONS}\s+of)"
    rf"(?P<rest>(?:\s+(?!(?:and|or|that|which|who|but|{_PREPOSITIONS}|{_DIRECTIONS}\s+of)\b)[a-z][\w’'-]*){{0,6}}"
    # "in the Kurdish region of Iraq", "into an autonomous Palestinian area of west Nablus"
    r"(?:\s+[A-Z][a-z]+(?:an|ian|ese|ish|i)\s+(?:[a-z]+\s+)?(?:capital|city|town|province|region|district|village|"
    rf"port|border|area|territory|zone|suburbs?|outskirts)(?:\s+of)?(?:\s+{_DIRECTIONS})?)?"
    # a street or a building the gazetteer does not know, then its town: "in Seaton Street, Edmonton"
    r"(?:\s+(?:[A-Z][\w’'.-]*\s+){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard|Lane|Drive|Square|Park|"
    r"Hospital|Church|Mosque|Cathedral|Market|Station|Airport|Stadium|School|University|Hotel|Mall|Bridge|Prison),)?)"
    r"\s+$")
#: The words that may stand between "to" and a place it leads to ("a visit to the Turkish capital");
#: any other word makes "to" an infinitive's ("to modernize the North American …", "to take him to").
_TO_WORDS = frozenset("the a an its their his her our neighbouring neighboring nearby capital city town village "
                      "region province port".split())
#: A sentence's opening locative is its setting when only names and place nouns stand between the
#: place and the phrase's comma: "In Kyiv, …", "In China's Hunan and Hubei provinces, …", "In the
#: Hunan city of Yueyang, …", "In Ramallah in the West Bank, …", "In Jenin to the north, …" (not
#: "Through the phases of instability Africa has faced, …").
_SETTING_END = re.compile(r"(?:['’]s|\s+(?:and|of|in|the|to|[A-Z][\w.-]*|"
                          r"(?:province|region|state|county|city|district|village|town|area)s?|"
                          + _BEARING + r"))*\s*,")
_AFTER_CUE_MAX_WORDS = 8  # a phrase attaches to an act's cue at most this many words after it
_OBJECT_EXTRA_WORDS = 4  # … and this many more after a nominalised act's "of" object
_OF_OBJECT = re.compile(r"\s*of\s")
_PARTY_PREP = re.compile(r"\b(?P<word>between|against|with|by|accus(?:e|ed|es|ing)|blam(?:e|ed|es|ing)|"
                         r"urg(?:e|ed|es|ing)|called on|calls on|calling on|condemn(?:s|ed|ing)?)\s+(?:the\s+)?$")
_ADDRESSEE_BEFORE = re.compile(r"\b(?:to|on|upon)\s+(?:the\s+)?$")
_POSSESSIVE = re.compile(r"^[’']s?((?:\s+[a-z-]+){1,3})")
_TERRITORY = frozenset("territory territories soil land lands positions villages village border borders "
                       "towns town city cities region regions".split())
#: Nouns that make a demonym or a possessive a party: "Armenian soldiers", "Iran's foreign ministry".
_ARMED = frozenset("forces force army armies troops military soldiers police navy militants rebels fighters "
                   "jihadists insurgents guards hackers militia militiamen".split())
#: An armed force's nouns after a country's name: "US warplanes" are a party, not a place.
_ARMS = _ARMED | frozenset("warplanes jets aircraft planes drones bombers helicopters gunships warships ships tanks "
                           "missiles rockets artillery commandos marines paratroopers".split())
_PARTY = _ARMED | frozenset("government president premiership ministry minister officials official leader leaders "
                            "authorities security foreign prime defence defense councilor councillor diplomat "
                            "diplomats envoy spokesman spokesperson embassy parliament state regime "
                            "intelligence governor governors mayor lawmakers legislature senator senators counterpart "
                            "counterparts activist activists union unions".split())
#: A verb or auxiliary right after a name makes the name a subject ("Azerbaijan launched").
_VERBS = frozenset("""has have had is was were are will would can could did does do said says say offered launched
    accused accuses blamed blames urged urges called calls warned warns rejected rejects denied denies claimed claims
    announced announces considers considered continues continued seeks sought wants wanted insists insisted must may
    might shall should also clearly advocates advocate supports support opposes oppose welcomes welcome hopes hope
    agrees agree refuses refuse demands demand condemns condemn believes believe plans plan remains remain
    suffered suffers saw sees witnessed experienced endured""".split())
#: After a country or region, these say it is where the act happened: "Germany suffered attacks".
_SUFFERED = frozenset("suffered suffers suffering saw sees seeing witnessed witnessing experienced experiencing "
                      "endured enduring".split())
_ONLY_AUX = re.compile(r"^\s*(?:(?:has|have|had|is|was|were|are|will|would|also|\w+ly)\s+)*$")
#: "Shelling hit Kharkiv", "the quake struck Tabriz": what the act's words did to the place.
_HIT = re.compile(r"\s+(?:(?:that|which)\s+)?(?:(?:has|have|had|now|also|again|still|[a-z]+ly)\s+)*"
                  r"(?:hit|hits|hitting|struck|strikes|striking|targeted|targets|targeting|"
                  r"pounded|pounds|pounding|ring|rings|ringed|ringing|surrounded|surround|encircled|"
                  r"rocked|rocks|rocking|ravaged|ravaging|devastated|devastating|destroyed|battered|battering|shook|shakes|"
                  r"shaken|jolted|swept|sweeps|sweeping|flooded|flooding|engulfed|lashed|lashing)\s+"
                  # "ring two-thirds of the greater Sydney area", "shaken parts of Western Australia"
                  r"(?:(?:parts?|much|most|all|half|swathes|two-thirds|areas?)\s+of\s+)?(?:the\s+)?"
                  r"(?:(?:greater|inner|downtown|central)\s+)?(?:" + _BEARING + r"\s+)?"
                  r"(?:(?:[A-Z][a-z]+\s+)?(?:capital|city|town|village|port|province|region|district|county)\s+of\s+)?")
#: Words of harm: a place in a locative phrase after one is where a violent event happened ("two
#: villagers died … in Puge county"; "were injured in Lyon").
_HARM = re.compile(r"\b(?:killed|injured|wounded|died|dead|missing|evacuated|displaced|buried|destroyed|damaged|"
                   # "the death in Gaza City … during clashes", not a death penalty
                   r"deaths?(?! (?:penalty|sentences?|row|threats?|squads?)\b))\b")
#: After a location, a name that qualifies it: "Moscow, Russia", "China's Hunan", "Puge county of Sichuan",
#: "the Brooklyn borough of New York", "Salford, a suburb of Manchester".
_QUALIFIES = re.compile(r",\s*(?:(?:an?|the)\s+(?:\w+\s+)?(?:suburb|district|neighbou?rhood|town|village|city)\s+"
                        r"(?:of|in)\s+(?:the\s+)?)?|"
                        # "in Burakin, 240 kilometres north-east of Perth", "at Boonah south-west of Brisbane"
                        r",?\s+(?:(?:some|about|around|roughly|nearly|just)\s+)?(?:\d[\d,.]*\s*(?:km|kilometres|"
                        r"kilometers|miles)\s+)?" + _BEARING + r"\s+of\s+(?:the\s+)?|"
                        # "China's Hunan", "Afghanistan's south-eastern Paktika"
                        rf"['’]s\s+(?:(?:far\s+)?(?:{_BEARING}|central)\s+)?|"
                        r"\s+(?:county|province|district|region|state|prefecture|city|municipality|"
                        r"neighbou?rhood|suburb|borough|quarter|area|town|village|township)\s+(?:of|in)\s+(?:the\s+)?")
#: Verbs that say where and when an act took place: the act named before them is their subject
#: ("The attack, made using a knife, occurred around 9 p.m. at a store in Shenzhen").
_TOOK_PLACE = re.compile(r"\b(?:occurred|occurs|happened|happens|took place|takes place|unfolded|was carried out|"
                         r"were carried out)\b")
#: Between an act's verb and its object: "visited the Turkish capital of Ankara", "shelled the city of Homs".
# "flooding more districts of the city of Dresden", "struck south-east Queensland"
_OBJECT = re.compile(r"\s+(?:(?:more|several|many|most|much|some|all|half|large|parts?|swathes|areas?|districts?|"
                     r"neighbou?rhoods?|villages?|towns?)\s+(?:of\s+)?)*"
                     r"(?:the\s+)?(?:(?:[A-Za-z]+\s+)?(?:capital|city|town|village|port|province|region|"
                     r"district|county|enclave|exclave|island|suburb|neighbou?rhood|area)\s+of\s+)?"
                     r"(?:(?:downtown|central|greater|inner|old)\s+)?"
                     r"(?:" + _BEARING + r"\s+)?")
#: A cue that ends with a verb whose object a place may be: "flooded", "shelling", "storms that struck".
_VERB_END = re.compile(r"(?:ed|ing|s|struck|hit|swept|tore|shook)$")
#: The verbs of a trip, whose goal is where what it was for happened ("traveled to X for talks").
_TRIP = re.compile(r"\b(?:travel(?:l)?ed|travel(?:l)?ing|flew|flying|went|going|came|coming|headed|heading|arrived|"
                   r"arriving|returned|returning)\s+(?:back\s+)?$")
_PASSIVE = re.compile(r"^\s+(?:is|was|were|are|has been|have been|had been)\s+(?:\w+ly\s+)?$")
#: A place that an act's words befell: "India has been hit by several protests", "Kabul was
#: rocked by a bombing".
_HIT_BY = re.compile(r"^(?:['’]s\s+\w+\s+)?\s+(?:is|was|were|are|has been|have been|had been)\s+(?:\w+ly\s+)?"
                     r"(?:hit|rocked|struck|shaken|gripped|swept|roiled|paralysed|paralyzed|battered|ravaged|"
                     r"devastated|targeted|engulfed)\s+by\s+(?:(?:a|an|the|several|many|new|fresh|mass|massive|large|"
                     r"violent|deadly|heavy|two|three|four|five|\w+ly)\s+)*$")
_REPORTED = (
    re.compile(r"\baccording to (?P<who>[^,.;:“”\"]{2,80}?)(?=[,.;:“”\"]|$)"),
    re.compile(r"\b[Aa] statement (?:put out |issued |released |published )?by (?:the )?(?P<who>[^,.;:“”\"]{2,80}?)"
               r"\s+(?:said|says|stated|read|claimed)\b"),
    re.compile(r"(?:^|[,”\"]\s*)(?P<who>(?:the\s+)?(?:[A-Z][\w’'-]*\s+){0,5}?[A-Z][\w’'.-]*(?:\s+[a-z]+){0,3}"
               r"(?:\s+[A-Z][\w’'-]*){1,4})\s+(?:reported|reports|said|says|stated|announced|claimed|told)\b"),
    re.compile(r"(?:^|[,”\"]\s*)(?P<who>(?:[A-Z][\w’'-]*\s+){1,5}(?:reports|sources|officials|media))\s+"
               r"(?:said|say|claimed|claim|reported|report)\b"),
)
_ACCOUNT = re.compile(r"^(?:(?:On|In|At|As|After|Meanwhile|However|But|Earlier|Later|On the other hand)\b[^,]{0,40},\s*)?"
                      r"(?P<who>(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*){0,4})\b[^.]{0,80}?,\s*"
                      r"(?:saying|claiming|accusing|adding|insisting)\b")

_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WHEN = re.compile(
    rf"(?<=\b[Ii]n a )(?P<core2>{_MONTH})\b"
    rf"|\b(?:(?i:on|last|this|next|early|late|since|by)\s+)?(?P<core>{_WEEKDAY}(?:,?\s+{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|(?:early |late |mid-)?{_MONTH}(?:\s+\d{{4}})?|yesterday|last (?:week|month|year|night))"
    rf"(?:\s+(?:at\s+)?(?:late\s+|early\s+)?(?:night|morning|afternoon|evening))?")

#: ACLED's geographic precision: 1 a town, 2 a district or a stretch of border, 3 a province,
#: country or wider region.
GEO_PRECISION = {Kind.CITY: 1, Kind.LANDMARK: 1, Kind.PLACE: 1, Kind.DISTRICT: 2, Kind.BORDER: 2,
                 Kind.ADMIN_REGION: 3, Kind.COUNTRY: 3, Kind.REGION: 3, Kind.CONTINENT: 3}


@dataclass(frozen=True)
class EventPlace:
    place_id: str  # "" for a village or a street the text names that is on no map (see extract_events)
    role: str
    start: int  # the mention that gave the role
    end: int
    text: str
    why: str  # the rule that decided, for the reader and the tests


@dataclass(frozen=True)
class When:
    text: str  # as written: "On Monday at late night"
    start: int
    end: int
    date: str = ""  # ISO, to the precision known ("2022-07", "2022-09-12"); "" if it cannot be resolved
    precision: str = ""  # day | week | month | year


@dataclass(frozen=True)
class EventRecord:
    id: str
    type: str
    sentence: int
    start: int  # the sentence's span
    end: int
    cue: str
    cue_start: int
    cue_end: int
    places: tuple[EventPlace, ...]
    reported_by: str = ""
    when: When | None = None
    fatalities: tuple[Casualty, ...] = ()

    def places_with(self, role: str) -> tuple[EventPlace, ...]:
        return tuple(p for p in self.places if p.role == role)

    @property
    def location_ids(self) -> tuple[str, ...]:
        """The places on the map where it happened."""
        return tuple(dict.fromkeys(p.place_id for p in self.places if p.role == EventRole.LOCATION and p.place_id))

    def role_of(self, place_id: str) -> tuple[str, ...]:
        return tuple(p.role for p in self.places if p.place_id == place_id)

    def to_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    type: str  # a taxonomy key, or "reaction"
    act: bool  # the cue names something done, not said


def extract_events(text: str, sentences: Sequence[TypedSentence], mentions: Sequence[ResolvedMention],
                   quotes: Sequence[LinkedQuote], taxonomy: "Taxonomy", kinds: dict[str, Kind],
                   article_date: str = "") -> tuple[EventRecord, ...]:
    """Every event the typed sentences report, with the roles of the places they name.

    ``kinds`` maps place ids to their kind (the role rules treat a country and a town apart)."""
    by_sentence: dict[int, list[ResolvedMention]] = {}
    for m in mentions:
        # a village the gazetteer lacks in no place the text names is still where an event happened
        # ("The landslide hit the village of Xinmo"), though it is on no map
        if m.place_id or m.role in _DRAWN_AT_ANOTHER:
            by_sentence.setdefault(m.sentence, []).append(m)
    speaker_of: dict[int, str] = {}
    for q in quotes:
        if q.speaker:
            for i in q.sentences:
                speaker_of.setdefault(i, q.speaker)
    out: list[EventRecord] = []
    for s in sentences:
        if not s.event_types:
            continue
        chunk = text[s.start:s.end]
        ms = by_sentence.get(s.index, [])
        cues = sorted(_cues(chunk, s.start, taxonomy), key=lambda c: c.start) if ms else []
        starts = [c.start for c in cues]
        reported_by, by_span = _reported_by(chunk, s.start)
        reported_by = reported_by or speaker_of.get(s.index, "")
        when = _when(chunk, s.start, article_date)
        for k, t in enumerate(s.event_types):
            cue_text = s.cues.get(t, "")
            own = next((c for c in cues if c.type == t), None)
            places = tuple(_roles(text, s, ms, cues, starts, t, taxonomy, kinds, by_span)) if ms else ()
            fatalities = tuple(s.casualties) if taxonomy.types[t].violent else ()
            fatalities = tuple(_with_claimant(c, reported_by) for c in fatalities)
            out.append(EventRecord(
                f"e{s.index}.{k}", t, s.index, s.start, s.end, cue_text,
                own.start if own else -1, own.end if own else -1, places, reported_by, when, fatalities))
    return tuple(out)


def _with_claimant(c: Casualty, reported_by: str) -> Casualty:
    from dataclasses import replace

    return c if c.claimed_by or not reported_by else replace(c, claimed_by=reported_by)


def _cues(chunk: str, offset: int, taxonomy: "Taxonomy") -> list[_Cue]:
    low = chunk.lower()
    if len(low) != len(chunk):  # the rare text whose lower case changes length: match any case
        low = chunk
    possible = taxonomy.possible_types(low) if low is not chunk else taxonomy.types.keys()
    found = []
    for t in taxonomy.types.values():
        if t.key not in possible:
            continue
        pattern = t.lower_pattern if low is not chunk else t.pattern
        for m in pattern.finditer(low):
            if t.act and unrealised(low, m.start()):
                continue  # "his bid to visit Bethlehem": no visit, so no place of one
            if not in_name(chunk, m.start()) and t.counts(chunk, m):  # "the Houston Rockets"
                found.append(_Cue(offset + m.start(), offset + m.end(), t.key, t.act))
    for m in _REACTION.finditer(low):
        found.append(_Cue(offset + m.start(), offset + m.end(), "reaction", False))
    for m in _HARM.finditer(low):
        found.append(_Cue(offset + m.start(), offset + m.end(), "harm", True))
    for m in _TOOK_PLACE.finditer(low):
        act = [c for c in found if c.act and c.type != "harm" and c.end <= offset + m.start()]
        if act:  # the act it says took place: the last one named before it
            found.append(_Cue(offset + m.start(), offset + m.end(), max(act, key=lambda c: c.end).type, True))
    found.sort(key=lambda c: (c.end, c.act))
    return found


def _attached(cues: list[_Cue], prep_start: int, text: str) -> _Cue | None:
    """The cue a locative phrase starting at ``prep_start`` hangs on: the last one begun before
    it, with no clause boundary between (a comma, "that", "which" …) and at most a few words
    away (one for a word of speech: "said in Ankara", not "will not accept any changes in");
    an act wins over a word of speech that ends at the same place ("launched provocations": the
    clash, not the accusation). A cue may end with the preposition itself ("apply to")."""
    before = [c for c in cues if c.start < prep_start]
    if not before:
        return None
    last_end = max(c.end for c in before)
    same = [c for c in before if c.end == last_end]
    cue = next((c for c in same if c.act), same[-1])
    # an aside in brackets is not part of the phrase: "took place at around 8:40 a.m. (0040 GMT) at …"
    gap = _ASIDE.sub(" ", text[min(cue.end, prep_start):prep_start])
    if "," in gap or ";" in gap or _CLAUSE.search(gap):
        return None
    # an act's object may take a few words more: "the poisoning | of a former Russian double agent
    # and his daughter | in Salisbury"
    reach = (_AFTER_CUE_MAX_WORDS + (_OBJECT_EXTRA_WORDS if _OF_OBJECT.match(gap) else 0)) if cue.act else 1
    if cue.act and _LOCATIVE_RUN.fullmatch(gap):
        reach = 2 * _AFTER_CUE_MAX_WORDS  # each phrase of the run places the act more closely
    if len(gap.split()) > reach:
        return None
    return cue


#: Cue types whose place is where words came from, for another event of the sentence.
_SPOKEN = frozenset({"reaction", "statement"})
#: After a town's name, a person it describes: "against Hollywood producer Harvey Weinstein", "a Brooklyn man".
_PERSON_NOUNS = frozenset("man woman men women boy girl teen teenager resident residents native producer director actor "
                          "actress singer rapper businessman businesswoman executive lawyer doctor teacher student pastor "
                          "priest family couple mother father son daughter".split())
#: A capitalised subject right before a word, maybe with an adverb: "which Russia adamantly | denies".
_SUBJECT_BEFORE = re.compile(r"([A-Z][\w.’'-]*)(?:\s+[a-z]+ly)?\s+$")
#: A passive's agent after a word: "denied | by the Kremlin".
_AGENT_AFTER = re.compile(r"\s+by\s+(?:the\s+)?[A-Z]")
_AGENT = re.compile(r"\s+by\s+(?:the\s+)?")
#: Verbs through which a subject is the subject of the act's word after them ("Azerbaijan launched
#: provocations"), against verbs that make it something else ("Slovenia endorsed the invasion").
_LIGHT_VERBS = frozenset("""launched launches carried carries conducted conducts staged stages began begins started starts
    continued continues mounted mounts waged wages held holds made makes has have had is was were are will would
    also again then later said says say told warned warns accused accuses urged urges called calls""".split())
_ACT_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_LED = re.compile(r"[-–](?:led|backed|allied|supported|sponsored)\b")
#: Between an act's word and the word of its parties: "fight between armed | attackers", "clashes with | rebels".
_JOINS_PARTIES = re.compile(r"\s+(?:between|among|by|with|involving|of)\s+(?:[a-z-]+\s+){0,3}")
_CLAUSE = re.compile(r"\b(?:that|which|who|whom|while|whereas|but|because|since|although|if|when)\b")
_ASIDE = re.compile(r"\([^()]{0,60}\)")
#: A demonym that names a land: "along the Syrian border", "into Palestinian territory", "in the
#: northern West Bank's Palestinian-controlled land".
_DEMONYM_PLACE = re.compile(r"(?:[-–](?:controlled|held|run|ruled|administered|occupied))?\s+(?:border|frontier|"
                            r"coast|side|territory|territories|land|lands|soil|waters|airspace|areas?|villages?|"
                            r"towns?|city|cities|port|resort|island|shopping (?:cent(?:re|er)|mall)|mall|market|mine|"
                            r"factory)\b")
#: A person's origin: "is from Adelaide", "who hails from Ohio", "a native of" is not where.
_ORIGIN = re.compile(r"\b(?:is|are|was|were|be|been|being|comes?|came|coming|hails?|hailed|originally|originates?|"
                     r"originated)\s+(?:originally\s+)?$")
#: "to" then a verb of hitting: the place an event hit ("the worst storm to hit the Philippines").
_TO_HIT = re.compile(r"\s+(?:hit|strike|batter|lash|ravage|sweep|rock|engulf|devastate)\b")
#: Words that restate where, after a comma: "in the Middle East, this time in Jerusalem".
_RESTATED = re.compile(r",\s*(?:this time|again|mostly|mainly|chiefly|especially|particularly|notably)\s+")
#: Where the hurt were taken, not where they were hurt.
_TO_HOSPITAL = re.compile(r"\b(?:taken|rushed|airlifted|flown|transferred|admitted|treated)\s+(?:to|at|in)\s+"
                          r"(?:a\s+|the\s+)?(?:\w+\s+)?(?:hospitals?|clinics?|medical cent(?:re|er)s?|infirmary)\b")
#: What joins the places of a list, a bearing of the next one included: "Dashkasan, Kalbajar and
#: Lachin", "in southern Lebanon and northern Iraq".
_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?"
                        rf"(?:(?:far\s+)?(?:{_BEARING}|central)\s+)?")
#: What may stand before a sentence's opening locative: "And at Landsborough fierce winds …".
_OPENING = re.compile(r"\s*(?:(?:And|But|Meanwhile|Elsewhere|Also),?\s+)?")
#: A run of locative phrases between an act and another: "the mass shooting | at Nu-Wood Decorative
#: Millwork factory at the industrial park | in Goshen".
_LOCATIVE_RUN = re.compile(r"(?:\s+(?:at|in|on|near|outside|inside)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'.-]+\s+){0,4}?"
                           r"(?:[A-Z][\w’'.-]*|factory|plant|park|school|hospital|station|market|mall|cent(?:re|er)|"
                           r"complex|base|camp|building|hotel|mosque|church|compound|checkpoint|office|square))+\s+")
#: Words that carry a place's reach on: "north of Wollongong all the way to the Blue Mountains".
_GOES_ON = re.compile(r"\s+(?:and\s+)?(?:all the way|right|up|down|further|farther|even)"
                      r"(?:\s+(?:up|down|out|back))?\s+")
#: After a place, the words up to a "when" that opens the clause of the act: a few words, no comma
#: ("in Manbij| near the Turkish border when |the bomb exploded"; not "in Moscow| and was visiting
#: her father, …").
_THEN_WHEN = re.compile(r"(?:\s+[\w'’.-]+){0,5}?\s+when\s+")


#: How far around a name the rules look, in characters: every rule reads a few words, and a
#: window keeps a sentence of any length linear (a pasted text may have no full stops at all).
_REACH = 400


def _roles(text, s, ms, cues, starts, t, taxonomy, kinds, by_span) -> Iterable[EventPlace]:
    """The places of one event of a sentence, with their roles; ``cues`` are the sentence's cues
    by start (``starts`` their starts), sorted once for all its events."""
    act, violent = taxonomy.types[t].act, taxonomy.types[t].violent
    decided: list[EventPlace] = []
    seen: set[tuple[str, str, str]] = set()
    previous: EventPlace | None = None
    last_location: EventPlace | None = None
    for m in ms:
        near = cues[bisect.bisect_left(starts, m.start - _REACH):bisect.bisect_right(starts, m.end + _REACH)]
        ctx = _Context(text, s, near, t, act, by_span, last_location, violent, taxonomy.violent_types)
        roles = ctx.roles_of(m, kinds.get(m.place_id, Kind.PLACE), previous)
        for role, why in roles:
            ep = EventPlace(m.place_id or "", role, m.start, m.end, m.text, why)
            # a village or a street drawn at its town keeps its own entry: "in Giza's Haram
            # district" names two locations, the district and the town, as ACLED would code them
            own = m.text if m.role in _DRAWN_AT_ANOTHER else ""
            if (ep.place_id, role, own) not in seen:
                seen.add((ep.place_id, role, own))
                decided.append(ep)
            previous = ep
            if role == EventRole.LOCATION:
                last_location = ep
        if not roles:
            previous = None
    # a place with a part in the event is not also "only mentioned" in it
    parts = {d.place_id or d.text for d in decided if d.role != EventRole.MENTIONED}
    return [d for d in decided if d.role != EventRole.MENTIONED or (d.place_id or d.text) not in parts]


#: Mentions drawn at the point of the place that holds them (the town of a street, the district
#: or province of a village the gazetteer lacks).
_DRAWN_AT_ANOTHER = frozenset({MentionRole.LOCALITY, MentionRole.STREET})


#: A locative phrase on a place no gazetteer here knows, then its country or province after a
#: comma, which ends the phrase: "in Amazonia, Brazil, today", "at Tora Bora, Afghanistan.".
#: (An empty "rest" group, so that a match reads as one of _LOCATIVE's.)
_UNKNOWN_THEN = re.compile(r"\b(?P<prep>in|at|near|outside)(?P<rest>)\s+(?:[A-Z][\w’'.-]*\s+){0,2}"
                           r"[A-Z][\w’'.-]*,\s*$")
_ENDS_CLAUSE = re.compile(r"\s*(?:[,.;:)]|$|\s(?:today|yesterday|tonight|on|last|this|early|late|overnight)\b)")
#: A locative phrase on a way into a place, which "to" then names: "near an entrance to", "at the
#: gates to", "on the road to" (where an act happened by that place).
_WAY_TO = re.compile(r"\b(?:in|at|near|on|outside|by|along)\s+(?:the\s+|an?\s+|its\s+)?(?:\w+\s+)?"
                     r"(?:entrances?|entry|gates?|doors?|road|highway|approach(?:es)?|route)\s*$")
#: An act's words that open with a verb in the past: what follows a name there is its predicate
#: ("Hebron shot the suspect dead"), not a noun the name qualifies ("a Calgary rally").
_FINITE = re.compile(r"(?!armed\b)\w+ed\b|(?:shot|hit|struck|fought|blew|burnt|beat|threw|stormed|raided)\b",
                     re.IGNORECASE)
#: A diplomat or a mission "to" a country is posted there; the phrase says nothing of where an act
#: happened ("shot Russia's ambassador to Turkey", "Russia's mission to the United Nations").
_POSTED_TO = re.compile(r"\b(?:ambassadors?|envoys?|embass(?:y|ies)|missions?|delegations?|consuls?|"
                        r"representatives?|emissar(?:y|ies)|attach[eé]s?)\s*$", re.IGNORECASE)


_NAMES_BEFORE_NOUN = re.compile(r"\s+(?:and|or|&)\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?\s+([a-z]+)")


def _parties_of_names(after: str) -> bool:
    """The name opens "X and Y <party noun>": "the Kazakhstan and UAE governments" are parties,
    whatever a place named before them was."""
    m = _NAMES_BEFORE_NOUN.match(after)
    return m is not None and (m.group(1) in _PARTY or m.group(1).removesuffix("s") in _PARTY)


def _locative_sense(loc: re.Match, event_type: str, after: str, before: str = "") -> bool:
    """Whether a locative phrase's preposition says where: "to" only as a goal ("a visit to
    Morocco", not "agreed to support Dominica's request" nor "the ambassador to Turkey"), "over"
    only above a place, for strikes and deployments ("drones over Kyiv", not "protests over
    Russia's support"). ``before``: the text before the preposition."""
    prep = loc.group("prep").lower()
    if prep == "from" and _ORIGIN.search(before):
        return False  # "the Australian arrested for fighting alongside the Taliban is from Adelaide": who he is
    if prep == "to":
        if _TO_HIT.match(loc.group("rest")):
            return True  # "the worst flooding to hit central Europe": the place it hit
        if _WAY_TO.search(before):
            return True  # "near an entrance to the former Hilton Hotel": the place the way leads into
        return (all(w in _TO_WORDS or w[0].isupper() for w in loc.group(0).split()[1:])
                and not _POSTED_TO.search(before))
    if prep == "over":
        return event_type in ("shelling_strike", "military_posture") and not re.match(r"['’]s\b", after)
    return True


@dataclass
class _Context:
    """One sentence and one of its event types: the rules that give each place its role."""

    text: str
    s: Any  # a TypedSentence
    cues: list[_Cue]
    t: str
    act: bool
    by_span: tuple[int, int]
    last_location: EventPlace | None = None
    violent: bool = False
    violent_types: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.own = [c for c in self.cues if c.type == self.t]
        self.cues_sorted_by_start = sorted(self.cues, key=lambda c: (c.start, not self.owns(c)))

    def owns(self, cue: _Cue | None) -> bool:
        """The cue is this event's: of its type, or the same words typed as it too."""
        return cue is not None and (cue.type == self.t or any(o.start < cue.end and cue.start < o.end for o in self.own))

    def own_said_by_another(self, m) -> bool:
        """This record's words have a subject or an agent of their own that is not ``m``: "…, a charge
        that Russia denies", "a charge denied by the Kremlin"."""
        for c in self.own:
            before = self.text[max(self.s.start, c.start - 40):c.start]
            who = _SUBJECT_BEFORE.search(before)
            if who is not None and c.start - len(before) + who.start() > m.end:
                return True
            if c.start > m.end and _AGENT_AFTER.match(self.text, c.end, c.end + 20):
                return True
        return False

    def cue_after(self, pos: int, max_words: int = 12) -> _Cue | None:
        """The first cue after ``pos`` in the same clause (an appositive's commas are allowed)."""
        for c in self.cues_sorted_by_start:
            if c.start >= pos:
                gap = self.text[pos:c.start]
                if _CLAUSE.search(gap) or ";" in gap or len(gap.split()) > max_words:
                    return None
                return c
        return None

    def cue_before(self, pos: int) -> _Cue | None:
        before = [c for c in self.cues if c.end <= pos]
        if not before:
            return None
        last = max(c.end for c in before)
        same = [c for c in before if c.end == last]
        return next((c for c in same if self.owns(c)), same[-1])

    def roles_of(self, m, kind, previous) -> list[tuple[str, str]]:
        text, s = self.text, self.s
        before, after = text[max(s.start, m.start - _REACH):m.start], text[m.end:min(s.end, m.end + _REACH)]
        if m.role is MentionRole.DATELINE:
            return [(EventRole.SOURCE, "dateline")]
        glue = text[previous.end:m.start] if previous is not None else ""
        if previous is not None and _LIST_GLUE.fullmatch(glue) \
                and (re.search(r"\b(?:and|or)\s", glue) or re.match(r"\s*(?:,|and\b|or\b)", after)) \
                and not _parties_of_names(after):
            return [(previous.role, "listed with " + previous.text)]  # "Dashkasan, Kalbajar and Lachin"
        party_and = re.fullmatch(r"(?:['’]s)?\s+([a-z]+(?:\s+[a-z]+)?)\s+(?:and|or)\s+(?:the\s+)?", glue)
        if previous is not None and previous.role == EventRole.ACTOR and party_and \
                and all(w in _PARTY for w in party_and.group(1).split()):
            return [(EventRole.ACTOR, f"listed with {previous.text} {party_and.group(1)}")]  # "the Syrian government and Iran"
        if previous is not None and previous.why == "dateline" and re.fullmatch(r",\s*", glue):
            return [(EventRole.SOURCE, "qualifies the dateline")]  # "COLUMBIA, Ky. (WBKO) -"
        if previous is not None and previous.role == EventRole.LOCATION and _QUALIFIES.fullmatch(glue) \
                and m.role is not MentionRole.DEMONYM \
                and (not glue.startswith(",") or kind in (Kind.COUNTRY, Kind.ADMIN_REGION)
                     or re.search(r"\s(?:of|in)\s+(?:the\s+)?$", glue)) \
                and not (glue.startswith(",") and _word_after(after) in SUBJECT_VERBS):  # "In Washington, Britain said"
            return [(previous.role, "qualifies " + previous.text)]  # "in Moscow, Russia"; "China's Hunan"
        if self.by_span[0] <= m.start and m.end <= self.by_span[1]:
            if self.act or re.search(r"\baccording to\s+$", text[max(s.start, self.by_span[0] - 16):self.by_span[0]]):
                return [(EventRole.SOURCE, "names who reports it")]  # "according to Russia's Sputnik"
            return [(EventRole.ACTOR, "names who says it")]
        window = before[-120:]
        placelike = (m.role is not MentionRole.DEMONYM or _DEMONYM_PLACE.match(after)) \
            and not _LED.match(after)  # "in the U.S.-led coalition": a party, not where
        loc = _LOCATIVE.search(window) if placelike else None
        if loc is None and placelike and kind in (Kind.COUNTRY, Kind.ADMIN_REGION) and _ENDS_CLAUSE.match(after):
            loc = _UNKNOWN_THEN.search(window)  # "killed in a shooting in Amazonia, Brazil, today"
        if loc is not None and not _locative_sense(loc, self.t, after, window[:loc.start()]) \
                and not window[:loc.start()].rstrip().endswith("according"):  # a source: decided below
            role: tuple[str, str] = EventRole.MENTIONED, f"'{loc.group('prep')} …' says no place"
            posted = _POSTED_TO.search(window[:loc.start()])  # "the ambassador to Turkey was shot": not Turkey
            # "claimed to have captured half of Kandahar"
            if loc.group("prep").lower() in ("to", "over") and not posted:
                acted_on = self.party(m, kind, before, after)
                if acted_on[0] == EventRole.LOCATION:  # its object is the place acted on; no party by this path
                    role = acted_on
        elif loc is not None and (whose := self.whose_act(m, kind, window[loc.end("prep"):], after)) is not None:
            role = whose  # "killed in the United States bombardment", "attacks from US warplanes": whose, not where
        elif loc is not None:
            role = self.locative(m.start - len(window) + loc.start(), loc.group("prep"), m)
            named_after = self.named_after(m, kind)
            if role[0] == EventRole.MENTIONED and named_after is not None:
                role = named_after  # "gathered at a Calgary rally": the rally's town, whatever "at" hangs on
        else:
            role = self.party(m, kind, before, after)
        roles = [role]
        if self.act and m.role is not MentionRole.DEMONYM and _possessed(after, _TERRITORY) \
                and re.search(r"\b(?:against|on|into)\s+(?:the\s+)?$", before[-20:]) and self.owns(self.cue_before(m.start)):
            roles.append((EventRole.LOCATION, "the territory acted on"))
        return roles

    def locative(self, prep_start, prep, m) -> tuple[str, str]:
        text = self.text
        cue = _attached(self.cues, prep_start, text)
        if cue is None:
            trip = self.trip_for(prep_start, prep, m)
            if trip is not None:
                return EventRole.LOCATION, trip
            # after a place that is the event's location ("in Lachin on the border"): the same
            prior = self.last_location
            if prior is not None and prior.end <= prep_start and (len(text[prior.end:prep_start].split()) <= 2
                                                                  or _RESTATED.fullmatch(text, prior.end, prep_start)
                                                                  or _GOES_ON.fullmatch(text, prior.end, prep_start)):
                return EventRole.LOCATION, "next to " + prior.text
            nxt = self.cue_after(m.end, max_words=3)
            if nxt is not None and (nxt.type in _SPOKEN or (not nxt.act and nxt.type != self.t)) \
                    and _ONLY_AUX.match(text[m.end:nxt.start]):
                return EventRole.SOURCE, f"where '{text[nxt.start:nxt.end]}' comes from"  # "echelons in Tehran have underlined"
            if self.violent and nxt is not None and self.owns(nxt) and _ONLY_AUX.match(text[m.end:nxt.start]):
                # "troops trying to arrest a wanted man in Hebron shot the suspect dead": a subject's
                # place, right before the violent act it did, is where it did it
                return EventRole.LOCATION, f"'{prep} …' then '{text[nxt.start:nxt.end]}'"
            if prep_start - self.s.start < 20 and _OPENING.fullmatch(text, self.s.start, prep_start) \
                    and _SETTING_END.match(text, m.end):
                return EventRole.LOCATION, "the sentence's setting"  # "In Kyiv, …"
            when = self.violent and _THEN_WHEN.match(text, m.end)
            if when and self.owns(self.cue_after(when.end(), max_words=4)):
                # "was embedded with US forces in Manbij near the Turkish border when the bomb
                # exploded": a violent act told as the time of a clause happened where it places
                return EventRole.LOCATION, f"'{prep} … when'"
            return EventRole.MENTIONED, f"'{prep} …' not attached to the event"
        said = text[cue.start:cue.end]
        if _TO_HOSPITAL.search(text, cue.end, prep_start):  # "injured and taken to a hospital in Little Rock"
            return EventRole.MENTIONED, f"'{prep} …' is where the hurt were taken"
        if cue.type == "harm":  # "were injured in Puge county": where a violent event happened
            if self.violent:
                return EventRole.LOCATION, f"'{said} … {prep}'"
            return EventRole.MENTIONED, f"'{prep} …' belongs to '{said}'"
        # an act's place is where a violent act of another type happened too ("launched provocations
        # in X": the clash and the attack); a meeting or a ceasefire has places of its own
        shared = cue.act and self.violent and cue.type in self.violent_types
        if (self.act and (self.owns(cue) or shared)) or (not self.act and not cue.act and self.owns(cue)):
            if not self.act and (prep.lower() == "to" or cue.end > prep_start):
                return EventRole.ACTOR, f"addressed: '{said} …'"  # "apply to the Russian Federation", "called on Turkey"
            return EventRole.LOCATION, f"'{said} … {prep}'"
        if not self.act and cue.type == "meeting_call":
            return EventRole.LOCATION, f"said at the '{said}' {prep} it"
        if cue.type in _SPOKEN:
            return EventRole.SOURCE, f"'{prep} …' after '{said}'"
        if self.act:  # "a street fight between armed attackers in X": the phrase ends the fight's noun phrase
            own = next((o for o in reversed(self.own) if o.end <= cue.start
                        and _JOINS_PARTIES.fullmatch(text[o.end:cue.start])), None)
            if own is not None:
                return EventRole.LOCATION, f"'{text[own.start:own.end]} … {said} … {prep}'"
        return EventRole.MENTIONED, f"'{prep} …' belongs to '{said}'"

    def whose_act(self, m, kind, between: str, after: str) -> tuple[str, str] | None:
        """A country right before the event's own words or an armed force, after a preposition:
        whose act it was ("killed in the U.S. air strike", "in three nights of US airstrikes",
        "hamstrung by attacks from US warplanes"), not where it happened. ``between``: the words
        from the preposition to the name; ``after``: the text after it."""
        if (m.role is MentionRole.TOPONYM and kind is not Kind.COUNTRY) or re.search(r"[A-Z]", between):
            return None
        cue = self.own_right_after(m)
        if cue is not None:
            return EventRole.ACTOR, f"'{m.text} {self.text[cue.start:cue.end]}'"
        arms = re.match(r" ([a-z]+)\b", after)
        if arms and arms.group(1) in _ARMS and self.own:
            return EventRole.ACTOR, f"'{m.text} {arms.group(1)}'"
        return None

    def own_right_after(self, m) -> _Cue | None:
        """This event's words right after the name: "an Adair County shooting", "a Calgary rally"."""
        return next((c for c in self.own if c.start >= m.end
                     and re.fullmatch(r"(?:[-–]\w+)?\s*", self.text[m.end:c.start])), None)

    def named_after(self, m, kind) -> tuple[str, str] | None:
        """A town before an act's own words is where it happened: "an Adair County shooting"."""
        cue = self.own_right_after(m)
        if cue is None or not self.act or m.role not in (MentionRole.TOPONYM, MentionRole.METONYM) \
                or kind not in (Kind.CITY, Kind.DISTRICT, Kind.PLACE, Kind.LANDMARK) \
                or _FINITE.match(self.text, cue.start):  # "in Hebron shot the suspect dead": a verb's, not a noun's
            return None
        return EventRole.LOCATION, f"'{m.text} {self.text[cue.start:cue.end]}'"

    def trip_for(self, prep_start, prep, m) -> str | None:
        """A trip's goal is where the meeting it was for took place: "traveled to Nashville,
        Tennessee, this week for talks with CoreCivic", "flew to Ankara for a meeting"."""
        trip = _TRIP.search(self.text[max(self.s.start, prep_start - 30):prep_start])
        if self.t != "meeting_call" or prep.lower() not in ("to", "in") or trip is None:
            return None
        for c in self.own:
            gap = self.text[m.end:c.start]
            if c.start >= m.end and len(gap.split()) <= 8 and not _CLAUSE.search(gap) and ";" not in gap \
                    and re.search(r"\bfor\s+(?:[a-z]+\s+){0,2}$", gap):
                return f"'{trip.group(0).strip()} {prep} … for {self.text[c.start:c.end]}'"
        return None

    def party(self, m, kind, before, after) -> tuple[str, str]:
        text = self.text
        b = _PARTY_PREP.search(before[-30:])
        if b is not None:  # "between X and Y", "against X": a party of the event the phrase hangs on
            word = b.group("word")
            owner = _attached(self.cues, m.start - len(before[-30:]) + b.start(), text) or self.cue_before(m.start)
            if owner is None and word in ("with", "by"):
                owner = self.cue_after(m.end, max_words=6)  # "with US forces in the country battling …"
            person_of = re.match(r"\s+([a-z]+)\b", after)
            if kind in (Kind.CITY, Kind.DISTRICT, Kind.LANDMARK, Kind.PLACE) and person_of \
                    and person_of.group(1) in _PERSON_NOUNS:
                return EventRole.MENTIONED, f"describes '{person_of.group(1)}'"  # "against Hollywood producer Harvey Weinstein"
            agent = word == "by" and owner is not None and bool(_AGENT.fullmatch(text[owner.end:m.start]))  # "denied by the Kremlin"
            if owner is not None and self.owns(owner) and (self.act or word not in ("between", "with", "by") or agent):
                return EventRole.ACTOR, f"'{word} …' after '{text[owner.start:owner.end]}'"
            return EventRole.MENTIONED, f"'{word} …' of another event"
        if not self.act and self.t == "appeal" and _ADDRESSEE_BEFORE.search(before[-15:]) and self.owns(self.cue_before(m.start)):
            return EventRole.ACTOR, "addressed"
        if not self.act and any(c.start < m.start and m.end < c.end for c in self.own):
            return EventRole.ACTOR, "addressed"  # "wants Britain and France to answer", "ordered Britain to reduce"
        if self.act:
            own_next = next((c for c in self.own if c.start >= m.end), None)
            if own_next is not None and _PASSIVE.match(text[m.end:own_next.start]):
                if m.role is MentionRole.DEMONYM:  # "Another Palestinian was killed": a person, not a place
                    return EventRole.ACTOR, "suffered it"
                return EventRole.LOCATION, "acted on"  # "Douma is surrounded", "Kyiv was shelled"
            if own_next is not None and m.role is not MentionRole.DEMONYM and _HIT_BY.match(text[m.end:own_next.start]):
                return EventRole.LOCATION, "hit by it"  # "India has been hit by several protests"
            word = re.match(r"(?:\s+(?:has|have|had|is|was|were|are|been|also))*\s+([a-z]+)", after)
            if kind in (Kind.COUNTRY, Kind.ADMIN_REGION, Kind.REGION) and word and word.group(1) in _SUFFERED \
                    and any(c.start > m.end for c in self.own):
                return EventRole.LOCATION, f"'{m.text} {word.group(1)}'"
            if self.t == "territorial_claim" and any(c.end <= m.start and len(text[c.end:m.start].split()) <= 8
                                                     and not _CLAUSE.search(text[c.end:m.start]) for c in self.own):
                return EventRole.LOCATION, "the territory claimed"
            of_act = next((c for c in self.own if _ACT_OF.fullmatch(text[c.end:m.start])), None)
            if of_act is not None \
                    and (m.role in (MentionRole.TOPONYM, MentionRole.LOCALITY) or _DEMONYM_PLACE.match(after)) \
                    and (self.violent or self.t == "military_posture") \
                    and not re.match(r"['’]s\b", after):  # "the invasion of Iraq", "the siege of Sarajevo"
                return EventRole.LOCATION, f"'{text[of_act.start:of_act.end]} of {m.text}'"
            verb = next((c for c in self.own if c.end <= m.start and (
                (_OBJECT.fullmatch(text[c.end:m.start])
                 and (_VERB_END.search(text[c.start:c.end]) or text[max(0, c.start - 3):c.start] == "to "))
                or _HIT.fullmatch(text[c.end:m.start]))), None)
            if verb is not None and m.role is MentionRole.DEMONYM:
                land = _DEMONYM_PLACE.match(after)
                if land is not None:  # "entered Syrian territory"
                    return EventRole.LOCATION, f"acted on: '{text[verb.start:verb.end]} {m.text}{land.group(0)}'"
                return EventRole.MENTIONED, "describes the place acted on"  # "visited the Turkish capital of Ankara"
            if verb is not None:  # the object of the act: "flooded Karachi", "visiting Russia", "shelled Kharkiv"
                said = " ".join(text[verb.start:m.start].split())  # "100 fires now ring two-thirds of the greater"
                if len(said) > 48:
                    said = text[verb.start:verb.end] + " …"
                if kind is Kind.COUNTRY and self.t not in ("meeting_call", "disaster"):
                    return EventRole.ACTOR, f"acted on: '{said} {m.text}'"
                return EventRole.LOCATION, f"acted on: '{said} {m.text}'"
        hyphen = re.match(r"^[-–]\S+(?:\s+\S+)?\s+", after) or re.search(r"\S[-–]$", before)
        if hyphen and any(c.start > m.end and len(text[m.end:c.start].split()) <= 2 for c in self.own):
            return EventRole.ACTOR, "a side of it"  # "the DPRK-South Korea summit"
        led = _LED.match(after)
        if led and self.act and any(c.start > m.end and len(text[m.end:c.start].split()) <= 6
                                    and not re.search(r"[,;]", text[m.end:c.start]) for c in self.own):
            return EventRole.ACTOR, f"'{m.text}{led.group(0)}'"  # "the U.S.-led coalition that has fought"
        own_right_after = self.own_right_after(m)
        if own_right_after is not None and (m.role is not MentionRole.TOPONYM or kind is Kind.COUNTRY) \
                and self.named_after(m, kind) is None:  # "a London rally": a capital before an act is where
            return EventRole.ACTOR, f"'{m.text} {text[own_right_after.start:own_right_after.end]}'"  # "U.S. drone strike"
        named_after = self.named_after(m, kind)
        if named_after is not None:
            return named_after
        noun = _possessed(after, _PARTY | _TERRITORY | {"council", "account", "position"}) or _party_noun(after)
        of_something = re.search(r"\bof\s+(?:the\s+)?$", before[-12:]) is not None  # "the borders of Iran"
        party_of = re.search(r"\b([A-Za-z]+)\s+of\s+(?:the\s+)?$", before[-40:])
        if party_of and party_of.group(1).lower() in _PARTY | {"people", "republic"}:
            noun = party_of.group(1).lower()  # "the government of Sindh called for help", "The President of Armenia"
            of_something = False
        subject = not of_something and _is_subject(after)
        is_party = m.role is MentionRole.METONYM or (m.role is MentionRole.DEMONYM and noun) or (
            kind in (Kind.COUNTRY, Kind.ADMIN_REGION, Kind.REGION) and (noun or subject))
        if not is_party:
            return EventRole.MENTIONED, "named, no part found"
        if subject:  # the subject of the first cue after it: "Azerbaijan launched", "Iran … has said"
            first = next((c for c in self.cues_sorted_by_start if c.start >= m.end), None)
            lead = _verb_after(text[m.end:first.start]) if first is not None and self.act else ""
            if first is not None and lead and lead not in _LIGHT_VERBS and lead not in text[first.start:first.end].lower():
                return EventRole.MENTIONED, f"the subject of '{lead}', not of '{text[first.start:first.end]}'"  # "Slovenia endorsed the invasion"
            if first is not None and not _CLAUSE.search(_without_appositive(text[m.end:first.start])):
                said = text[first.start:first.end]
                if self.owns(first) or (not self.act and not first.act and not self.own_said_by_another(m)):
                    return EventRole.ACTOR, f"the subject of '{said}'"
                if self.act and first.type == "statement" and self.violent:
                    return EventRole.SOURCE, f"reports it: '{said}'"  # "Britain says … were poisoned"
                if self.act and not first.act and any(c.start >= first.end and not _CLAUSE.search(text[first.end:c.start])
                                                      for c in self.own):
                    return EventRole.ACTOR, f"the subject of '{said} …'"  # "Azerbaijan has been calling for … a corridor"
                if first.act:
                    return EventRole.MENTIONED, f"the subject of another event: '{said}'"
        owner = self.cue_after(m.end) or self.cue_before(m.start)
        if owner is not None and (self.owns(owner) or (not self.act and owner.type in _SPOKEN)):
            return EventRole.ACTOR, f"a party to '{text[owner.start:owner.end]}'"
        if self.act and owner is not None and owner.type in _SPOKEN and noun not in _ARMED:
            return EventRole.SOURCE, f"speaks of it: '{text[owner.start:owner.end]}'"  # "the Iranian ministry expressed concern"
        if self.act and owner is not None and owner.type in _SPOKEN and noun in _ARMED \
                and any(c.start > owner.end for c in self.own):
            return EventRole.ACTOR, f"an armed party reporting it: '{text[owner.start:owner.end]}'"
        return EventRole.MENTIONED, "a party to another event"


def _word_after(after: str) -> str:
    """The word right after a name, in lower case ("" where a mark comes first)."""
    m = re.match(r"\s+([A-Za-z]+)\b", after)
    return m.group(1).lower() if m else ""


def _verb_after(gap: str) -> str:
    """The first word after a subject, past an appositive, -ly adverbs and auxiliaries ("Russia
    adamantly denies", "Peru has entered", "Washington has sharply rebuked")."""
    rest = _without_appositive(gap)
    words = re.findall(r"[a-z]+", rest.split(",")[0]) if rest.strip() else []
    return next((w for w in words if not w.endswith("ly") and w not in _AUXILIARIES), "")


_AUXILIARIES = frozenset("has have had is was were are be been being will would shall should can could may might "
                         "must do does did not also again now already just still yet then reportedly".split())


def _without_appositive(gap: str) -> str:
    """The words between a subject and its verb, without an appositive ("Iran, while …, has")."""
    if gap.lstrip().startswith(","):
        close = gap.find(",", gap.find(",") + 1)
        return gap[close + 1:] if close != -1 else gap
    return gap


def _possessed(after: str, nouns: frozenset[str]) -> str:
    """The noun of ``nouns`` among the three words after "X's", or ""."""
    m = _POSSESSIVE.match(after)
    return next((w for w in m.group(1).split() if w in nouns), "") if m else ""


def _party_noun(after: str) -> str:
    """A party noun among the three words after a demonym or a name: "Armenian armed forces"."""
    words = re.match(r"((?:\s+[\w-]+){1,3})", after)
    return next((w.lower() for w in words.group(1).split() if w.lower() in _PARTY or w.lower() in _ARMS), "") \
        if words else ""


_TIME_ADVERBIAL = re.compile(rf"^\s+(?:on\s+(?:{_WEEKDAY}|{_MONTH}\s+\d{{1,2}})|(?:on\s+)?(?:yesterday|today)"
                             rf"|last\s+(?:week|month|year)|in\s+{_MONTH})\b,?")


def _is_subject(after: str) -> bool:
    """A verb follows the name, or follows "and Y" or an appositive after it ("Iran, a mediator
    …, was"; "China and Russia welcome"); not a passive ("should be denuclearized")."""
    rest = _TIME_ADVERBIAL.sub("", after, count=1).lstrip()
    coordinated = re.match(r"(?:and|or)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){1,3}", rest)
    if coordinated:
        rest = rest[coordinated.end():]
    if rest.startswith(","):
        close = rest.find(",", 1)
        if close == -1 or close > 120:
            return False
        rest = rest[close + 1:].lstrip()
    rest = re.sub(r"^(?:[a-z]+ly\s+)+", "", rest)  # "Russia adamantly denies"
    words = re.match(r"([a-z]+)(?:\s+(?:not\s+)?([a-z]+))?", rest)
    if words is None:
        return False
    w, nxt = words.group(1), words.group(2) or ""
    if nxt in ("be", "been", "being") and w in ("should", "will", "would", "must", "can", "could", "may", "might", "to"):
        return False
    return w in _VERBS or (w.endswith("ed") and len(w) > 4)


def _reported_by(chunk: str, offset: int) -> tuple[str, tuple[int, int]]:
    """Who the sentence says reports it, as written, and where that is in the text."""
    for pattern in (*_REPORTED, _ACCOUNT):
        m = pattern.search(chunk)
        if m:
            return _clean_who(m.group("who")), (offset + m.start("who"), offset + m.end("who"))
    return "", (-1, -1)


def _clean_who(who: str) -> str:
    who = re.sub(r"^(?:the|a|an)\s+", "", who.strip(), flags=re.IGNORECASE)
    return who[:80]


#: Strings one of which every time expression holds (a month, a weekday …): most sentences hold
#: none, and twenty substring tests cost less than the pattern's search at every position.
_WHEN_NEEDLES = needles(_WHEN.pattern)


def _when(chunk: str, offset: int, article_date: str) -> When | None:
    if _WHEN_NEEDLES is not None and not any(n in chunk for n in _WHEN_NEEDLES):
        return None
    m = _WHEN.search(chunk)
    if m is None:
        return None
    core = m.group("core") or m.group("core2")
    written = m.group(0).strip()
    start = offset + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
    day, precision = _resolve(core, article_date)
    return When(written, start, start + len(written), day, precision)


def _resolve(core: str, article_date: str) -> tuple[str, str]:
    """The date a time expression stands for, given the article's date, to the precision both
    allow: a weekday needs the article's day; "in July" needs only its year."""
    base, base_precision = _article_date(article_date)
    if base is None:
        return "", ""
    with _PARSER_LOCK:  # dateparser's parsers keep caches; one thread at a time
        parsed = _parser(base.isoformat()).get_date_data(core)
    if parsed is None or parsed.date_obj is None:
        return "", ""
    period = parsed.period or "day"
    relative = bool(re.search(_WEEKDAY + r"|yesterday|last ", core)) and not re.search(r"\d", core)
    if relative and base_precision != "day":
        return "", ""  # "on Monday" of an article dated only to its month: which Monday is unknown
    d = parsed.date_obj.date()
    if period == "month":
        return d.strftime("%Y-%m"), "month"
    if period == "year":
        return d.strftime("%Y"), "year"
    return d.isoformat(), "week" if period == "week" else "day"


def _article_date(value: str) -> tuple[date | None, str]:
    value = (value or "").strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            d = datetime.strptime(value[:len(datetime.now().strftime(fmt))], fmt).date()
        except ValueError:
            continue
        if precision == "month":  # the end of the month: events reported are before it
            import calendar

            d = d.replace(day=calendar.monthrange(d.year, d.month)[1])
        return d, precision
    return None, ""


_PARSER_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _parser(base_iso: str):
    """A dateparser parser relative to one article date (cached: building one costs ~50 ms)."""
    from dateparser.date import DateDataParser

    base = datetime.fromisoformat(base_iso)
    return DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
                                                       "RETURN_TIME_AS_PERIOD": False})


def geo_precision(kind: Kind) -> int:
    return GEO_PRECISION.get(kind, 3)
