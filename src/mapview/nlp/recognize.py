"""Toponym recognition: which spans of a text name places.

Rules over the gazetteer's name index, each one explainable. Rules 2-4, 9 and 10 and the
evidence a small town needs are the named checks of :data:`RULES`, tried in order until one
speaks; every mention records the rule that kept it, and :meth:`Recognizer.decisions` lists the
names each rule dropped too:

1. Longest match: at every capitalised token, the longest run of up to ``max_tokens`` tokens
   whose normalised text is a gazetteer name ("Islamic Republic of Iran" before "Iran").
   Every word of the match but connectors ("of", "de", "al") must be capitalised, so
   "turkey sandwich" or "nice day" are not places; a name whose source form starts in lower
   case ("mainland Azerbaijan") must appear exactly so.
2. Part of a longer proper name: a city name glued to another capitalised word ("Nasser
   Kanaani", "Vladimir Putin", "Mehr News Agency") is not a place (rule 9 has the exceptions).
3. Common words that are also towns ("Of", "Along", "Union") need a capital letter *and* a
   position other than the start of a sentence.
4. Demonyms are recorded as such (role ``demonym``) and stand for their country, except when
   they start a geographic name ("Persian Gulf", "Russian Far East").
5. "X-Y border(s)" and "X-Y state border" between two countries is one border mention.
6. A capital city not preceded by a locative word ("in", "at", "near") stands for its
   government: role ``metonym`` ("prompted Yerevan to apply", "Tehran is determined").
7. An all-capitals place before a dash at the start of the text or of a line is a dateline (role
   ``dateline``), kept whatever the word is elsewhere ("JACKSON, Miss. (AP) -"). A capital
   after a locative and a direction ("in west Jerusalem") or described as one ("the Afghan
   capital Kabul") is the place.
8. Press abbreviations of states and provinces ("N.M.", "Calif.", "B.C.") match only as written;
   those that are also words or titles ("Miss.", "Pa.") only after a comma ("Jackson, Miss.").
9. A place before a word that heads one of its institutions is kept ("Toronto Police", "Ohio
   Governor", "Nigerian Army"); before a word that heads a firm's, brand's or title's name it is
   not ("Iran Air", "Boston Globe", "Liverpool FC"); a name the text writes as a news agency's
   ("the Xinhua news agency reported") is the agency's alone too ("according to Xinhua").
10. Person-name evidence: a title before a name ("Mr. Washington") or kin after its possessive
    ("Miranda's son", unless it names a country) makes it a person's; so does a
    verb people do after a town's name ("Martin scored"), but not after a capital ("Tehran said");
    so does a common given name before a common surname ("Paul Thompson", "Bill Holland": US
    Census lists in ``geo/person_names.csv``), and then the surname is a person's throughout the
    text unless a locative word comes before it ("Holland recalled", but "moved to Holland"), or
    before a word that names nothing ("Paul Brewbaker"), and the surname's plural ("the Boons");
    a person's verb also undoes a region named only by an alias ("Nelson says"), and a town
    named only by an alternate name that the text writes as a group's or a speaker's is that
    group throughout ("Hamas said", "militants from Hamas": not Hamm, whose alternate it is); a
    word that is only an alternate name of towns and a common given name or surname is a
    person's ("Levi", "Julia": not Lévis or Plovdiv) unless a locative word or a qualifier says
    a place is meant ("in Hull", "Hull, England").
11. Fragments: a name before "$" is a currency ("US$"); a combining form before a hyphen is half of
    an adjective ("Franco-German").
12. A direction before a name belongs to the mention, not the place: "Northern Europe" is a
    mention of Europe; a direction-named region glued to a state is part of it ("Far North
    Queensland" is Queensland, not Cameroon's Far North); a lower-case bearing before a name the
    gazetteer lacks alone names the province ("central Sulawesi" is Central Sulawesi).
13. The Arabic article: a lower-case "al-" opens a name ("shelled al-Bab") unless a capitalised
    word runs into it ("Hayat Tahrir al-Sham"); "Al-" alone names nothing, and what follows it is
    a place only in an Arab League country ("Al-Ahram").
14. A town followed by the state that holds it, with no comma, is that town ("Maiduguri Borno
    State"); a state's abbreviation in parentheses qualifies the name before ("Walker County (Ga.)").
15. Streets and buildings the gazetteer lacks ("North State Street", "the Manila Cathedral", "the
    Serena Hotel", "St John the Divine cathedral") are mentions with the role ``street``, placed
    by :mod:`mapview.pipeline` at the town they lie in.
16. Villages, districts and counties the gazetteer lacks, named with their unit in lower case
    ("Maoxian county", "the village of Xinmo", "Cairo's Abbasiya neighbourhood") or by their
    distance and bearing from a place ("in Burakin, 240 kilometres north-east of Perth") or as
    another's capital ("at Sharana, the provincial capital of Paktika"), and mountains, valleys,
    parks, caves and rivers the gazetteer lacks ("the White Mountains", "the Tora Bora caves",
    "the river Elbe"), are mentions with the role ``locality``, placed at the place the text says
    holds them, or at none (listed, not drawn).
17. A river, delta, basin, sea or strait named after a place ("the Nile Delta", "the East China
    Sea") is the feature, not its namesake.
"""

from __future__ import annotations

import re

from mapview.geo.gazetteer import Gazetteer
from mapview.geo.places import NameEntry
from mapview.model import ids
from mapview.model.article import Sentence
from mapview.model.enums import MentionRole, NameRole
from mapview.model.mention import Mention
from mapview.model.place import normalize
from mapview.nlp.lexicon import (
    ARABIC_ARTICLES,
    BEARING_PREFIXES,
    BEFORE_A_PLACE,
    DIRECTION_PREFIXES,
    OWNED_HEADS,
    PLACE_EVIDENCE,
    STOPWORDS,
    TOKEN,
)
from mapview.nlp.localities import qualifier_position, with_features, with_localities, with_streets
from mapview.nlp.name_rules import (
    NameSpan,
    TextEvidence,
    capitalised_words,
    decide,
    find_agencies,
    find_groups,
    qualifier_after,
    state_after,
    word_at,
)
from mapview.nlp.person_names import find_surnames, is_proper, people_names

_SPAN_BREAK = re.compile(r"[\n,;:()\[\]\"“”]")  # no name spans these
_BORDER_TAIL = re.compile(r"\s+(?:state\s+)?borders?\b")
# A dateline: a place in capitals at the start of the text, of a line or of a story run on after
# another ("... said. OAKLAND, Calif. (AP) - ..."), maybe qualified, maybe with an agency, then a dash.
_DATELINE = re.compile(
    r"(?:\A|(?<=\n)|(?<=[.!?”\"] ))[ \t]*(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})"  # OAKLAND
    r"(?:,[^\n–—]{1,30}?)?"  # , Calif.
    r"(?:[ \t]*(?=[–—](?=[A-Z][a-z]))|[ \t]+)"  # a space, or none before a dash glued to the text
    r"(?:(?:\([A-Za-z .]{1,30}\)[ \t]*)?(?:--?|[–—\ufffd])(?:[ \t]|(?=[A-Z][a-z]))"  # (AP) - ; --At ; —President
    r"|\([A-Z][A-Za-z .]{1,30}\)[ \t]+(?=[A-Z]))"
)  # "WASHINGTON (RNS) Evangelical"
#: A dateline after a byline on the same line: "By JILL COLVIN, Associated Press WASHINGTON (AP) —";
#: the agency in parentheses and the dash make it one wherever it stands.
_DATELINE_AFTER_BYLINE = re.compile(
    r"(?<=[a-z] )(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})"
    r"[ \t]+\((?:AP|AFP|Reuters|UPI|CNN|dpa|IANS|PTI|ANI|Xinhua|TASS|RNS|CP|BBC)\)[ \t]*(?:--?|[–—\ufffd])"
)

#: A dateline with neither dash nor agency, at the very start of a story: "SAN ANTONIO Turner Sports
#: analyst …", "DETROIT The U.S. Transportation Department …" (a word of four capitals at least, or
#: two words: "US Senate" opens no dateline).
_DATELINE_BARE = re.compile(
    r"\A[ \t]*(?P<place>[A-Z][A-Z.'-]{3,}(?: [A-Z][A-Z.'-]+){0,3}"
    r"|[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){1,3})[ \t]+(?=[A-Z][a-z])"
)


def _name_parts(text, tokens, upper, sentence_starts, gazetteer) -> frozenset[str]:
    """Words the text uses inside runs of capitalised words ("Megyn Kelly", "Kelly Services"),
    which makes the same word alone ("Kelly said") a name too, not a town. ``upper``: whether
    each token starts with a capital."""
    parts = set()
    for k in [k for k in range(len(tokens) - 1) if upper[k] and upper[k + 1]]:
        a, b = text[tokens[k][0] : tokens[k][1]], text[tokens[k + 1][0] : tokens[k + 1][1]]
        if text[tokens[k][1] : tokens[k + 1][0]] != " " or not (is_proper(a) and is_proper(b)):
            continue
        if (
            a.isupper()
            or b.isupper()
            or b in OWNED_HEADS
            or (normalize(a) in gazetteer.prefixes and gazetteer.entries(normalize(f"{a} {b}")))
        ):
            continue  # an acronym, a place's institution ("Toronto Police"), a name of two words ("New York")
        parts.add(normalize(b))
        if tokens[k][0] not in sentence_starts:
            parts.add(normalize(a))
    return frozenset(parts)


# Each rule looks at a span and keeps it (True), drops it (False) or has nothing to say (None);
# the first that speaks decides. The docstring of this module says each rule in words.


# A name only GeoNames towns carry needs evidence that the text means a place:


class Recognizer:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        people_names()  # read once, before any parse (and off the first reader's clock)

    def find(self, text: str, sentences: list[Sentence]) -> list[Mention]:
        """The place names of a text, each with the rule that kept it."""
        return self._scan(text, sentences)[0]

    def decisions(self, text: str, sentences: list[Sentence]) -> list[tuple[str, str, bool]]:
        """Every name the gazetteer matched, as (text, the rule that decided, kept?): why a name
        is on the map or is not."""
        return self._scan(text, sentences)[1]

    def _scan(self, text: str, sentences: list[Sentence]) -> tuple[list[Mention], list[tuple[str, str, bool]]]:
        tokens = [m.span() for m in TOKEN.finditer(text)]
        sentence_starts = _sentence_initial_tokens(text, tokens, sentences)
        sentence_of = _sentence_index(sentences)
        raw: list[tuple[int, int, list[NameEntry]]] = []
        lower_initials = self.gazetteer.lowercase_initials
        lower_firsts = {w[0] for w in lower_initials}
        upper = [text[a].isupper() for a, _ in tokens]
        # names start with a capital, but for the few written in lower case ("mainland Azerbaijan")
        starts = [
            k
            for k, (a, b) in enumerate(tokens)
            if upper[k]
            or (text[a] in lower_firsts and text[a:b] in lower_initials)
            or (text[a] in "ae" and _article_start(text, tokens, upper, k))
        ]
        free = 0  # the first token not inside a name already found
        bearing_queries: dict[int, str] = {}  # "northern Sumatra" is looked up as North Sumatra
        for i in starts:
            if i < free:
                continue
            match = self._longest_match(text, tokens, i)
            if match is not None:
                j, entries = match
                raw.append((i, j, entries))
                free = j
            elif i - 1 >= free and (bearing := self._bearing_match(text, tokens, i)) is not None:
                j, entries, bearing_queries[i - 1] = bearing
                raw.append((i - 1, j, entries))
                free = j
        named, by_province = self._countries(raw)
        mentioned = named | by_province
        context = TextEvidence(
            countries=named,
            admin1=frozenset(e.place_id for _, _, entries in raw for e in entries if ids.is_admin1(e.place_id)),
            lowercase_words=frozenset(w for w in re.findall(r"\b[a-z][a-z'’-]*\b", text)),
            name_parts=_name_parts(text, tokens, upper, sentence_starts, self.gazetteer),
            surnames=find_surnames(text),
            agencies=find_agencies(text),
            groups=find_groups(text),
        )
        datelines = [
            (m.start("place"), m.end("place"))
            for pattern in (_DATELINE, _DATELINE_AFTER_BYLINE, _DATELINE_BARE)
            for m in pattern.finditer(text)
        ]
        mentions: list[Mention] = []
        decided: list[tuple[str, str, bool]] = []
        for i, j, entries in raw:
            start, end = tokens[i][0], tokens[j - 1][1]
            surface = text[start:end]
            entries = [e for e in entries if not e.requires_country or e.requires_country in mentioned]
            dateline = any(a <= start and end <= b for a, b in datelines)
            if dateline:  # "JACKSON, Miss. (AP) -": a place, whatever the word is elsewhere
                entries = [e for e in entries if e.role is not NameRole.DEMONYM]
            if not entries:
                continue
            span = None
            if dateline:
                rule = "dateline"
                decided.append((surface, rule, True))
            else:
                span = NameSpan(text, tokens, i, j, entries, sentence_starts, context, self.gazetteer)
                rule, keep = decide(span)
                decided.append((surface, rule, keep))
                if not keep:
                    continue
            if text[end : end + 1] == "." and any(e.form == surface + "." for e in entries):
                end, surface = end + 1, surface + "."  # the abbreviation's period is part of it: "U.S."
            role = MentionRole.DEMONYM if all(e.role is NameRole.DEMONYM for e in entries) else MentionRole.TOPONYM
            if dateline and any(a == start for a, _ in datelines):
                role = MentionRole.DATELINE  # the dateline's first place: where the story was filed
            elif role is MentionRole.TOPONYM and self._is_metonym(text, tokens, i, entries):
                role = MentionRole.METONYM
            query = bearing_queries.get(i, surface)
            if (
                role is not MentionRole.DEMONYM
                and i > 0
                and word_at(text, tokens, i - 1) in DIRECTION_PREFIXES
                and text[tokens[i - 1][1] : start] == " "
                and (not mentions or mentions[-1].end <= tokens[i - 1][0])
            ):
                start = tokens[i - 1][0]  # "Northern Europe": the span holds the direction, the query is Europe
                surface = text[start:end]
            mentions.append(
                Mention(
                    start,
                    end,
                    surface,
                    query,
                    role,
                    sentence_of(start),
                    tuple(dict.fromkeys(e.place_id for e in entries)),
                    qualifier_after(text, tokens, j, self.gazetteer, span.places if span else ())
                    or (state_after(text, tokens, j, self.gazetteer, span.places) if span else ""),
                    rule,
                )
            )
        mentions = with_features(text, self._merge_borders(text, mentions))
        mentions = with_streets(text, mentions, sentence_of, self.gazetteer)
        return with_localities(text, mentions, sentence_of, context), decided

    def _longest_match(self, text, tokens, i) -> tuple[int, list[NameEntry]] | None:
        """The longest name starting at token ``i``: spans grow a word at a time and stop at the
        first one that neither is a name nor begins one (most capitalised words cost one lookup)."""
        first = text[tokens[i][0] : tokens[i][1]]
        article = not first[0].isupper() and first in ARABIC_ARTICLES  # "al-Bab": the scan let it start
        if first.lower() == "the" or (
            not first[0].isupper() and not article and first not in self.gazetteer.lowercase_initials
        ):
            return None  # spans start after a leading "The": "The Republic of Azerbaijan"
        gazetteer = self.gazetteer
        best = None
        for j in range(i + 1, min(len(tokens), i + gazetteer.max_tokens) + 1):
            start, end = tokens[i][0], tokens[j - 1][1]
            surface = text[start:end]
            if _SPAN_BREAK.search(surface):
                break  # every longer span holds it too
            key = normalize(surface)
            entries = gazetteer.entries(key)
            if entries and not (article and j == i + 1):  # an article alone names nothing
                words = [text[s:e] for s, e in tokens[i:j]]
                ok = [
                    e
                    for e in entries
                    if (
                        surface in (e.form, e.form.rstrip("."))
                        if e.exact_case
                        else capitalised_words(words[1:] if article else words)
                    )
                    and (not e.after_comma or qualifier_position(text, start, end))
                ]
                if ok:
                    best = j, ok
            if key not in gazetteer.prefixes:
                break
        return best

    def _bearing_match(self, text, tokens, i) -> tuple[int, list[NameEntry], str] | None:
        """A province or a country that a lower-case bearing names with a name the gazetteer does
        not know alone: "in central Sulawesi" is Central Sulawesi, "southern Sulawesi" South Sulawesi
        (an island that is no place of the gazetteer). Tried only where the name alone matched nothing."""
        prefixes = BEARING_PREFIXES.get(word_at(text, tokens, i - 1))
        if prefixes is None or text[tokens[i - 1][1] : tokens[i][0]] != " ":
            return None
        gazetteer = self.gazetteer
        for prefix in prefixes:
            best = None
            for j in range(i + 1, min(len(tokens), i + gazetteer.max_tokens) + 1):
                surface = text[tokens[i][0] : tokens[j - 1][1]]
                words = [text[a:b] for a, b in tokens[i:j]]
                if _SPAN_BREAK.search(surface) or not capitalised_words(words):
                    break
                key = normalize(f"{prefix} {surface}")
                entries = [
                    e
                    for e in gazetteer.entries(key)
                    if not e.exact_case
                    and e.role is not NameRole.DEMONYM
                    and (ids.is_admin1(e.place_id) or ids.is_country(e.place_id))
                ]
                if entries:
                    best = j, entries, f"{prefix} {surface}"
                if key not in gazetteer.prefixes:
                    break
            if best is not None:
                return best
        return None

    def _countries(self, raw) -> tuple[set[str], set[str]]:
        """The countries the text names by name, alias or demonym; and those it names only by a
        province that is a province of that country alone ("Limpopo" names South Africa for its
        "North West", which needs its country named)."""
        codes, by_province = set(), set()
        for _, _, entries in raw:
            units = set()
            for e in entries:
                if e.requires_country:
                    continue
                if ids.is_country(e.place_id):
                    codes.add(ids.country_code(e.place_id))
                elif ids.is_admin1(e.place_id) and (p := self.gazetteer.place(e.place_id)) is not None:
                    units.add(p.country_code)
                else:
                    units.add("")  # a town or another kind of place too: not evidence
            if len(units) == 1 and "" not in units:
                by_province |= units - codes
        return codes, by_province - codes

    def _is_metonym(self, text, tokens, i, entries) -> bool:
        if not any(e.place_id in self.gazetteer.capitals for e in entries):
            return False
        k = i - 1
        if word_at(text, tokens, k).capitalize() in DIRECTION_PREFIXES:  # "in North London", "in west Jerusalem"
            k -= 1
        word = word_at(text, tokens, k).lower()  # "the Afghan capital Kabul" is described as a place
        return word not in BEFORE_A_PLACE and word not in ("capital", "city", "town", "port")

    def _merge_borders(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Join "Armenia-Azerbaijan" + "border(s)" into one border mention."""
        out: list[Mention] = []
        k = 0
        while k < len(mentions):
            a = mentions[k]
            b = mentions[k + 1] if k + 1 < len(mentions) else None
            if (
                b is not None
                and _is_country(a, self.gazetteer)
                and _is_country(b, self.gazetteer)
                and re.fullmatch(r"\s*[-‐‑–—]\s*", text[a.end : b.start])
            ):
                tail = _BORDER_TAIL.match(text, b.end)
                if tail:
                    end = tail.end()
                    surface = text[a.start : end]
                    out.append(
                        Mention(
                            a.start,
                            end,
                            surface,
                            surface,
                            MentionRole.BORDER,
                            a.sentence,
                            a.gazetteer_ids + b.gazetteer_ids,
                        )
                    )
                    k += 2
                    continue
            out.append(a)
            k += 1
        return out


def _sentence_initial_tokens(text, tokens, sentences) -> set[int]:
    """Start offsets of the first word of each sentence, after any quotation marks or dashes."""
    import bisect

    offsets = [t[0] for t in tokens]
    out = set()
    for s in sentences:
        k = bisect.bisect_left(offsets, s.start)
        if k < len(offsets) and offsets[k] < s.end:
            out.add(offsets[k])
    # a quotation that opens mid-sentence starts a sentence of its own: “Of course, ...”
    for m in re.finditer(r"[“\"]\s*(?=\w)", text):
        out.add(m.end())
    return out


def _is_country(m: Mention, gazetteer: Gazetteer) -> bool:
    return m.role is not MentionRole.DEMONYM and any(ids.is_country(p) for p in m.gazetteer_ids)


def _article_start(text: str, tokens, upper: list[bool], k: int) -> bool:
    """A lower-case Arabic article hyphenated to a capitalised name starts a span ("shelled
    al-Bab", "in el-Arish"), unless a capitalised word comes right before it: then it is inside a
    name of a group or a person ("Hayat Tahrir al-Sham", "Abu Bakr al-Baghdadi")."""
    a, b = tokens[k]
    if (
        text[a:b] not in ARABIC_ARTICLES
        or k + 1 >= len(tokens)
        or not upper[k + 1]
        or tokens[k + 1][0] != b + 1
        or text[b] not in "-‐‑"
    ):
        return False
    if k == 0 or not upper[k - 1] or text[tokens[k - 1][1] : a].strip(" ") not in ("", "-"):
        return True
    before = word_at(text, tokens, k - 1).lower()  # "In al-Bab" starts a sentence, "Tahrir al-Sham" a name
    return before in STOPWORDS or before in PLACE_EVIDENCE


def _sentence_index(sentences: list[Sentence]):
    import bisect

    starts = [s.start for s in sentences]

    def index(offset: int) -> int:
        k = bisect.bisect_right(starts, offset) - 1
        return sentences[k].index if k >= 0 and offset < sentences[k].end else -1

    return index
