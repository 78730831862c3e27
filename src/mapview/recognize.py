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

import csv
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from mapview.article import Sentence
from mapview import ids
from mapview.enums import Kind, MentionRole, NameRole, Source
from mapview.gazetteer import Gazetteer
from mapview.paths import GEO_DIR
from mapview.places import ARABIC_ARTICLE_COUNTRIES, WORD, NameEntry, normalize
from mapview.settings import KNOWN_TOWN_POPULATION, NAME_PART_TOWN_POPULATION, SENTENCE_START_TOWN_POPULATION

ROLES = tuple(MentionRole)

_TOKEN = WORD  # the gazetteer indexes name prefixes by the same words
CONNECTORS = frozenset("of the and de du da des la le el al upon on d s y del di van von der den am an im sur en les "
                       "et o i au aux sous do dos das della".split())  # "Port-au-Prince"
# Words that head names of firms, brands, teams and titles: a place right before one is part of
# that name, not the place ("Iran Air", "Texas Instruments", "Boston Globe", "Liverpool FC").
_ORG_HEADS = frozenset(
    "Air Airlines Airways Bank Cable Club Co College Company Corp Corporation Cup Daily FC Foundation Fund Group "
    "Herald Inc Institute Journal Ltd News Observer Open Post Press Radio Review Sun Telegraph Television Times "
    "Tribune TV United University Instruments Motors Petroleum Energy Holdings Academy Hotel Mall Stadium "
    "Agency Party Union".split()
)
# Words that head the name of an institution *of* the place before them: the place is kept, as
# readers (and the GeoWebNews annotators) read it ("the Toronto Police", "Ohio Governor",
# "the Nigerian Army", "Venice Commission", "the Cavan County Council").
_OWNED_HEADS = frozenset(
    "Police Mayor Fire Council Sheriff Governor Government Ministry Army Navy Department Board Court Parliament "
    "Assembly Legislature Senate Authority Commission Committee Bureau Federation Association Organization "
    "Organisation Health Township Prosecutor Attorney Premier Embassy Consulate Municipality MLA MP MPP MEP "
    "Archbishop Archdiocese Bishop Diocese Public Regional Superior Crown District Schools Metropolitan "
    "Municipal Provincial".split()
)
# Capitalised words after a place that do not continue a name with it: days and months ("Toronto
# Saturday night"), and words that open a sentence after a heading or a dateline without a full
# stop ("Honolulu Are there downsides", "Lelystad Last year").
_NOT_NAMES = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June
    July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    The A An Are Is Was Were Has Have Had Will Would Can Could Should Last This That These Those There
    Here It Its He She They We His Her Their Our When While If But And Or So As After Before Since""".split())
_GEO_HEADS = frozenset("Gulf Sea Ocean Empire Plateau Mountains Desert Peninsula Riviera Alps Highlands Plain "
                       "Plains Basin Far Lake River Bay Strait Steppe".split())
# Towns whose names are ordinary English words: kept only mid-sentence and capitalised.
COMMON_WORDS = frozenset(
    "of along union republic mobile reading split nice bath march may june august so lead bar cork "
    "independence liberty victory freedom justice unity progress concord hope opportunity enterprise "
    "commerce industry university college providence mission paradise eden golden beach ocean city "
    "center centre north south east west northern southern eastern western central middle "
    "march said man time best well most many much more after before between during since under "
    "over about above below only also still even just later early new old young long short good great "
    "deal support orange marina florence regina victoria charlotte jackson lincoln washington "
    "president leader minister premier general colonel captain bishop pope king queen prince princess".split()
)
# Capitalised words that are towns somewhere (GeoNames has a "We", an "As", a "March") but in news
# text are nearly always words: function words, numbers, months, days, common nouns and titles.
STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been am do does did not no yes
we us our you your he she it its they them their his her i me my this that these those there here who what
when where why how all any each more most some such one two three four five six seven eight nine ten
first second third last next new old many much few very also just only even still so then than too
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
mr mrs ms dr st mount mt fort port police centre center central city town village county state
commerce industry star snow mass federal congress senate court church school college university hospital
north south east west northern southern eastern western upper lower middle great little big
la le el los las de del da di du des van von der den
god lord king queen prince princess president minister governor mayor general secretary chancellor ambassador
bank market street road avenue park square bridge station airport hotel club
notre dame el niño el nino la niña la nina
jan feb mar apr jun jul aug sep sept oct nov dec sen rep gov gen col lt sgt capt cpl rev prof
christmas easter thanksgiving halloween
since instead can go yet though although however meanwhile moreover besides despite during until unless while
whether perhaps maybe please thus hence indeed nevertheless nonetheless otherwise
""".split())
# Person-name evidence. A title right before a name makes it a person's ("Mr. Washington", "Sen.
# Jordan"); a verb people do right after a town's name makes it one too ("Martin scored",
# "Nelson concedes"), but not after a capital or a country, which speak for their governments
# ("Tehran said", "Jordan said").
_TITLES = frozenset("Mr Mrs Ms Miss Dr Prof Sen Rep Gov Lt Col Gen Capt Sgt Cpl Rev Fr Sir Dame Lord Lady Sheikh "
                    "Coach Judge Justice Officer Detective Deputy Chief Inspector Constable Pastor Rabbi Imam "
                    "Senator Representative Congressman Congresswoman Councillor Councilman Councilwoman".split())
#: Verbs whose subject a country after a comma is, not a qualifier of the name before it ("In
#: Washington, Britain said"); mapview.roles reads them too.
SUBJECT_VERBS = frozenset("said says has have had is was will would warned urged announced".split())
_PERSON_VERBS = frozenset("said says told tells added adds asked asks argued argues recalled recalls explained "
                          "explains wrote writes insisted insists noted notes concedes conceded scored scores "
                          "replied replies admitted admits smiled laughed joked believes believed thinks thought "
                          "married died born reported reports".split())
#: A capitalised word before a verb of speaking or a noun a group's name heads ("Hamas said",
#: "Hamas leaders", "Hamas suicide bombers"), or after a group's noun ("the Islamic movement Hamas").
_GROUP_NAME = re.compile(r"(?<![\w’'.-])([A-Z][\w-]+) (?:said|says|told|claimed|denied|warned|leaders?|leadership|"
                         r"militants?|fighters?|gunm[ae]n|supporters?|members?|officials?|spokes(?:man|woman|person)|"
                         r"suicide|commanders?|activists|operatives|movement|group)\b")
_NAMED_GROUP = re.compile(r"\b(?:movement|group|militia|faction|organi[sz]ation) ([A-Z][\w-]+)\b(?! [A-Z])")
_LOCATIVE_EVIDENCE = frozenset("in at near from outside around across along into to toward towards via through inside beyond "
                               "within between neighbouring neighboring downtown".split())
_IN = frozenset("in at near outside inside around across throughout".split())  # where, not whom
_LOCATIVE = frozenset("in at near from into outside around across toward towards via through inside within "
                      "visit visited visiting to of".split())
# First halves of compound adjectives of peoples: "Franco-German", "Sino-Russian", "Anglo-Irish".
_COMBINING_FORMS = frozenset("franco sino anglo russo indo afro euro austro greco italo judeo turco hispano "
                             "luso nippo germano polono serbo croato".split())
# Directions before a name are part of the mention but not of the place: "Northern Europe",
# "East Jerusalem" (a name of its own, matched whole before this applies), "South London".
#: Words that make up a direction-named region ("Far North", "North West") and may prefix a place.
_DIRECTION_WORDS = frozenset("Far North South East West Northern Southern Eastern Western Central Upper Lower "
                             "Northeast Northwest Southeast Southwest".split())
_DIRECTIONS = frozenset("North South East West Northern Southern Eastern Western Central Northeast Northwest "
                        "Southeast Southwest Northeastern Northwestern Southeastern Southwestern Upper Lower "
                        "Greater".split())
#: A lower-case bearing and the capitalised forms it takes in names of provinces: "central
#: Sulawesi" is Central Sulawesi, "southern Sulawesi" South Sulawesi (see Recognizer._bearing_match).
_BEARING_PREFIXES = {"central": ("Central",), "north": ("North",), "northern": ("North", "Northern"),
                     "south": ("South",), "southern": ("South", "Southern"), "east": ("East",),
                     "eastern": ("East", "Eastern"), "west": ("West",), "western": ("West", "Western")}
_ARTICLES = frozenset("al el ar as ash ad at az an".split())  # the Arabic article, as the press writes it
_SPAN_BREAK = re.compile(r"[\n,;:()\[\]\"“”]")  # no name spans these
_BORDER_TAIL = re.compile(r"\s+(?:state\s+)?borders?\b")
# A dateline: a place in capitals at the start of the text, of a line or of a story run on after
# another ("... said. OAKLAND, Calif. (AP) - ..."), maybe qualified, maybe with an agency, then a dash.
_DATELINE = re.compile(
    r"(?:\A|(?<=\n)|(?<=[.!?”\"] ))[ \t]*(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})"  # OAKLAND
    r"(?:,[^\n–—]{1,30}?)?"  # , Calif.
    r"(?:[ \t]*(?=[–—](?=[A-Z][a-z]))|[ \t]+)"  # a space, or none before a dash glued to the text
    r"(?:(?:\([A-Za-z .]{1,30}\)[ \t]*)?(?:--?|[–—\ufffd])(?:[ \t]|(?=[A-Z][a-z]))"  # (AP) - ; --At ; —President
    r"|\([A-Z][A-Za-z .]{1,30}\)[ \t]+(?=[A-Z]))")  # "WASHINGTON (RNS) Evangelical"
#: A dateline after a byline on the same line: "By JILL COLVIN, Associated Press WASHINGTON (AP) —";
#: the agency in parentheses and the dash make it one wherever it stands.
_DATELINE_AFTER_BYLINE = re.compile(
    r"(?<=[a-z] )(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})"
    r"[ \t]+\((?:AP|AFP|Reuters|UPI|CNN|dpa|IANS|PTI|ANI|Xinhua|TASS|RNS|CP|BBC)\)[ \t]*(?:--?|[–—\ufffd])")

#: A dateline with neither dash nor agency, at the very start of a story: "SAN ANTONIO Turner Sports
#: analyst …", "DETROIT The U.S. Transportation Department …" (a word of four capitals at least, or
#: two words: "US Senate" opens no dateline).
_DATELINE_BARE = re.compile(r"\A[ \t]*(?P<place>[A-Z][A-Z.'-]{3,}(?: [A-Z][A-Z.'-]+){0,3}"
                            r"|[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){1,3})[ \t]+(?=[A-Z][a-z])")


@dataclass(frozen=True)
class _Context:
    """What the whole text says, for judging each candidate name."""

    countries: set[str]
    admin1: frozenset[str]
    lowercase_words: frozenset[str]
    name_parts: frozenset[str]
    surnames: frozenset[str] = frozenset()  # words the text uses as a surname after a given name
    agencies: frozenset[str] = frozenset()  # words the text uses as a news agency's name
    groups: frozenset[str] = frozenset()  # words the text uses as a group's name or a speaker's


def _name_parts(text, tokens, upper, sentence_starts, gazetteer) -> frozenset[str]:
    """Words the text uses inside runs of capitalised words ("Megyn Kelly", "Kelly Services"),
    which makes the same word alone ("Kelly said") a name too, not a town. ``upper``: whether
    each token starts with a capital."""
    parts = set()
    for k in [k for k in range(len(tokens) - 1) if upper[k] and upper[k + 1]]:
        a, b = text[tokens[k][0]:tokens[k][1]], text[tokens[k + 1][0]:tokens[k + 1][1]]
        if text[tokens[k][1]:tokens[k + 1][0]] != " " or not (_proper(a) and _proper(b)):
            continue
        if a.isupper() or b.isupper() or b in _OWNED_HEADS or (
                normalize(a) in gazetteer.prefixes and gazetteer.entries(normalize(f"{a} {b}"))):
            continue  # an acronym, a place's institution ("Toronto Police"), a name of two words ("New York")
        parts.add(normalize(b))
        if tokens[k][0] not in sentence_starts:
            parts.add(normalize(a))
    return frozenset(parts)


def _qualified(text, tokens, j, gazetteer, places=()) -> str:
    """The state or country named right after ", " ("Arlington, Virginia"), or "". Given the
    namesakes of the name before it, the reading that holds one of them ("Atlanta, Georgia": the US
    state, not the country), or "" when none does ("Copenhagen, Hamburg" is a list)."""
    if j >= len(tokens) or not re.fullmatch(r",\s*", text[tokens[j - 1][1]:tokens[j][0]]) \
            or not text[tokens[j][0]].isupper():
        return ""
    units = []
    for k in range(min(len(tokens), j + 3), j, -1):
        found = [e.place_id for e in gazetteer.entries(normalize(text[tokens[j][0]:tokens[k - 1][1]]))
                 if (ids.is_admin1(e.place_id) or ids.is_country(e.place_id)) and e.role is not NameRole.DEMONYM]
        if found and _word(text, tokens, k).lower() in SUBJECT_VERBS and text[tokens[k - 1][1]:tokens[k][0]] == " ":
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
        yield from gazetteer.entries(normalize(text[tokens[j][0]:tokens[k - 1][1]]))


def _state_after(text, tokens, j, gazetteer, places) -> str:
    """The state or province that holds one of a town's namesakes, named right after it with no
    comma, as the Nigerian and Indian press write it ("Maiduguri Borno State", "Port Harcourt
    Rivers State"), or ""."""
    if j >= len(tokens) or text[tokens[j - 1][1]:tokens[j][0]] != " " or not text[tokens[j][0]].isupper():
        return ""
    holders = {p.admin1 for p in places if p.kind is Kind.CITY and p.admin1}
    if not holders:
        return ""
    return next((e.place_id for e in _entries_after(text, tokens, j, gazetteer)
                 if e.place_id in holders and e.role is not NameRole.DEMONYM), "")


def _town_before(s: _Span) -> bool:
    """A town this state or province holds is named right before it: "Maiduguri Borno State"."""
    states = {p.id for p in s.places if p.kind is Kind.ADMIN_REGION}
    for k in range(max(0, s.i - 3), s.i):
        if not states or s.text[s.tokens[s.i - 1][1]:s.tokens[s.i][0]] != " ":
            return False
        for e in s.gazetteer.entries(normalize(s.text[s.tokens[k][0]:s.tokens[s.i - 1][1]])):
            town = s.gazetteer.place(e.place_id)
            if town is not None and town.kind is Kind.CITY and town.admin1 in states:
                return True
    return False


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    query: str  # what the geocoder is asked
    role: MentionRole = MentionRole.TOPONYM
    sentence: int = -1
    gazetteer_ids: tuple[str, ...] = ()  # what the name index offered, for explanation
    qualifier: str = ""  # the state or country named right after it: "Arlington, Virginia"
    rule: str = ""  # the rule that kept it (see RULES), for explaining a recognition
    within: str = ""  # a street's or building's town, as the text names it ("Manila" of "Manila Cathedral")


_SPACES = re.compile(r"[ \u00a0]+")


class _Span:
    """A name the longest match found, in its text: what the rules look at."""

    def __init__(self, text, tokens, i, j, entries, sentence_starts, context, gazetteer):
        self.text, self.tokens, self.i, self.j, self.entries = text, tokens, i, j, entries
        self.context, self.gazetteer = context, gazetteer
        self.surface = text[tokens[i][0]:tokens[j - 1][1]]
        self.key = normalize(self.surface)
        self.prev, self.nxt = _word(text, tokens, i - 1), _word(text, tokens, j)
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
        before_the = _word(self.text, self.tokens, self.i - 2).lower() if self.prev.lower() == "the" and ends_phrase else ""
        return (self.prev.lower() in _LOCATIVE_EVIDENCE or before_the in _LOCATIVE_EVIDENCE  # "along the Peace River"
                or self.surface.rsplit(" ", 1)[-1] in _GEO_HEADS
                or bool(_qualified(self.text, self.tokens, self.j, self.gazetteer))
                or any(p.country_code in self.context.countries or p.admin1 in self.context.admin1 for p in self.places))


# Each rule looks at a span and keeps it (True), drops it (False) or has nothing to say (None);
# the first that speaks decides. The docstring of this module says each rule in words.

def _brand_name(s: _Span) -> bool | None:  # rule 9: "Iran Air", "Boston Globe", "Xinhua news agency"
    if not s.glued_next:
        return None
    if s.nxt in _ORG_HEADS or (s.nxt == "State" and _word(s.text, s.tokens, s.j + 1) in _ORG_HEADS):
        return False  # "Boston Globe", "Colorado State University"
    if s.nxt == "news" and s.text.startswith(" agency", s.tokens[s.j][1]) \
            and not all(e.role is NameRole.DEMONYM for e in s.entries):
        return False  # the agency's name, but "Azerbaijani news agency Trend" is the agency's country
    return None


def _agency_alone(s: _Span) -> bool | None:  # rule 9: "the Xinhua news agency … according to Xinhua"
    if s.key in s.context.agencies and not s.glued_next and not all(e.role is NameRole.DEMONYM for e in s.entries):
        return False  # not a demonym: "the Azerbaijani news agency Trend … Azerbaijani soldiers"
    return None


_NEWS_AGENCY = re.compile(r" [Nn]ews [Aa]gency\b")
_AGENCY_NAME = re.compile(r"(?<![\w-])([A-Z][\w-]{0,40}+)$")


def _agencies(text: str) -> frozenset[str]:
    """Words the text writes as a news agency's name ("Xinhua news agency", "Fars News Agency"),
    not a demonym's (the recogniser checks: "Azerbaijani news agency Trend"). Each "news agency"
    looks back a few characters only: linear in the text."""
    found = set()
    for m in _NEWS_AGENCY.finditer(text):
        name = _AGENCY_NAME.search(text, max(0, m.start() - 42), m.start())
        if name is not None:
            found.add(normalize(name.group(1)))
    return frozenset(found)


def _groups(text: str) -> frozenset[str]:
    """Capitalised words the text writes before a verb of speaking or a group's noun ("Hamas
    said", "the Hamas group", "Hamas militants"): a group's or a person's name there, and so,
    when the gazetteer has the word only as a town's alternate name, throughout the text."""
    return frozenset(normalize(m.group(1)) for pattern in (_GROUP_NAME, _NAMED_GROUP) for m in pattern.finditer(text))


def _fragment(s: _Span) -> bool | None:  # rule 11: "US$", "Franco-German", "Sino-Russian"
    after = s.text[s.tokens[s.j - 1][1]:s.tokens[s.j - 1][1] + 2]
    if after[:1] == "$":
        return False  # a currency: US$, C$, HK$
    if s.j - s.i == 1 and after[:1] in "-‐‑" and after[1:2].isupper() and s.key in _COMBINING_FORMS:
        return False  # the first half of a compound adjective
    return None


def _of_organisation(s: _Span) -> bool | None:  # rule 9: "Bank of America", "University of the Philippines"
    k = s.i - 1
    if k >= 0 and _word(s.text, s.tokens, k).lower() == "the":
        k -= 1
    if k >= 1 and _word(s.text, s.tokens, k) == "of" and _word(s.text, s.tokens, k - 1) in _ORG_HEADS:
        return False
    return None


def _demonym(s: _Span) -> bool | None:  # rule 4: "Pakistani", but not "Persian Gulf" or "in English."
    if any(e.role is NameRole.DEMONYM for e in s.entries) and all(
            e.role is NameRole.DEMONYM or _town_only(s.gazetteer.place(e.place_id)) for e in s.entries):
        return (not (s.glued_next and s.nxt in _GEO_HEADS) and not _language(s)  # "English" is no town in Indiana
                and not _hyphenated_american(s))
    return None


def _hyphenated_american(s: _Span) -> bool:
    """A people of the United States ("African American", "Mexican-American", "Asian Americans"):
    neither the continent or country of the first word nor the country of the second."""
    after = s.text[s.tokens[s.j - 1][1]:s.tokens[s.j][0]] if s.j < len(s.tokens) else ""
    if after in (" ", "-") and s.nxt in ("American", "Americans"):
        return True
    before = s.text[s.tokens[s.i - 1][1]:s.tokens[s.i][0]] if s.i > 0 else ""
    return s.surface in ("American", "Americans") and before in (" ", "-") and s.i > 0 and \
        any(e.role is NameRole.DEMONYM for e in s.gazetteer.entries(normalize(s.prev)))


def _town_only(place) -> bool:
    return place is None or (place.source is Source.GEONAMES and place.kind is Kind.CITY)


# Words before a language's name ("written in English", "speaks Spanish", "studying Portuguese"),
# and the words that may follow it where it qualifies no noun ("in Spanish after spotting").
_LANGUAGE_BEFORE = frozenset("in into speak speaks spoke speaking spoken study studies studied studying learn learns "
                             "learned learnt learning teach teaches taught teaching translate translated "
                             "fluent".split())
_NOT_A_NOUN = frozenset("after and or but with to for as on at by from when while because before than so too "
                        "instead rather only is was are were".split())


def _language(s: _Span) -> bool:
    """A demonym used as a language's name: after "in" or a verb of speaking or learning, and
    followed by no noun it would qualify ("printed in Chinese, 11 ethnic minority languages" is
    a language; "in Chinese waters" is not)."""
    if s.prev.lower() not in _LANGUAGE_BEFORE or not s.glued_prev:
        return False
    if s.glued_next:
        return not _proper(s.nxt) and s.nxt.lower() in _NOT_A_NOUN
    after = s.text[s.tokens[s.j - 1][1]:s.tokens[s.j][0] if s.j < len(s.tokens) else len(s.text)].lstrip(" ")
    return after == "" or after[0] in ".,;:!?)”\"\n"  # not "in Syrian-held territory"


#: Kin after a name's possessive make the name a person's: "Miranda's son", "Harrison's widow".
_KIN_AFTER = re.compile(r"['’]s (?:sons?|daughters?|wife|husband|mother|father|brothers?|sisters?|siblings?|"
                        r"widow(?:er)?|parents|girlfriend|boyfriend|fianc[eé]e?|"
                        r"grand(?:son|daughter|mother|father|children)|uncle|aunt|nephew|niece|cousin)\b")


def _kin_after(s: _Span) -> bool | None:  # rule 10: "Miranda's son", not Venezuela's state of Miranda
    if s.curated or not _KIN_AFTER.match(s.text, s.tokens[s.j - 1][1]):
        return None
    return False


def _title_before(s: _Span) -> bool | None:  # rule 10: "Mr. Washington", "Sen. Jordan"
    gap = s.text[s.tokens[s.i - 1][1]:s.tokens[s.i][0]] if s.i > 0 else ""
    return False if s.prev in _TITLES and gap in (" ", ". ") else None


def _stopword(s: _Span) -> bool | None:  # rule 3: "More", "Centre", "South": places somewhere, words here
    return False if not s.curated and s.key in STOPWORDS else None


def _direction_of_next(s: _Span) -> bool | None:  # "Far North Queensland": a part of the state after it
    if not s.glued_next or not _proper(s.nxt) or not all(w in _DIRECTION_WORDS for w in s.surface.split()):
        return None
    if any(ids.is_admin1(e.place_id) or ids.is_country(e.place_id)
           for e in _entries_after(s.text, s.tokens, s.j, s.gazetteer)):
        return False
    return None


def _article_alone(s: _Span) -> bool | None:  # "Al-Ahram", "Al-Jazeera": the article opens a name
    if s.j - s.i == 1 and s.surface.lower() in _ARTICLES and s.text[s.tokens[s.i][1]:s.tokens[s.i][1] + 1] in "-‐‑" \
            and s.nxt[:1].isupper():
        return False
    if s.prev.lower() in _ARTICLES and s.i > 0 and s.text[s.tokens[s.i - 1][1]:s.tokens[s.i][0]] in ("-", "‐", "‑") \
            and not any(p.country_code in ARABIC_ARTICLE_COUNTRIES for p in s.places):
        return False  # and what follows it is no town abroad: "Al-Ahram" is not Ahram, Iran
    return None


def _inside_proper_name(s: _Span) -> bool | None:  # rule 2: "President Vladimir Putin" (a province too)
    if s.curated or not s.glued_prev or not _proper(s.prev) or s.prev_initial or s.prev in _DIRECTIONS \
            or s.prev in _NOT_NAMES:  # "… late After Paris, London is"
        return None
    return None if _town_before(s) else False  # "Maiduguri Borno State" names the state


@lru_cache(maxsize=1)
def _people_names() -> tuple[frozenset[str], frozenset[str]]:
    """Common given names and surnames (``geo/person_names.csv``: US Census Bureau, 1990), lower case."""
    given: set[str] = set()
    surnames: set[str] = set()
    with open(GEO_DIR / "person_names.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            (given if row["kind"] == "given" else surnames).add(row["name"].lower())
    return frozenset(given), frozenset(surnames)


# Words that end names of places and are surnames too: "Pearl Harbor", "Royal Street" are not people.
_PLACE_WORDS = frozenset("Street Avenue Road Boulevard Lane Drive Square Place Harbor Harbour Hill Hills Heights Park "
                         "Beach Island Islands Valley Bridge Falls Springs Point Creek Mountain Mountains County City "
                         "Town Village Station Airport Church Hall House Field Fields Wood Woods Green".split())


def _full_name(given: str, surname: str) -> bool:
    """A given name, then a surname: "Paul Thompson", "Bill Holland" (not "Victoria Police")."""
    givens, surnames = _people_names()
    if given.lower() not in givens or surname.lower() not in surnames:
        return False
    return _proper(surname) and not surname.isupper() and not _heads_a_name(surname)


def _heads_a_name(word: str) -> bool:
    """A word that ends names of institutions, firms, features or streets: never a surname."""
    return word in _OWNED_HEADS or word in _GEO_HEADS or word in _ORG_HEADS or word in _PLACE_WORDS


#: A given name, maybe middle initials, then a surname: "Paul Thompson", "Harry S. Truman".
# The given name is matched, the surname looked ahead at, so pairs overlap ("Mary Ann Smith"). The
# word boundary is checked after the capital ("(?<![\w][A-Z])"), not before it: a pattern that
# opens with a character class lets Python's engine skip to the next capital instead of trying
# every position (three times faster).
_FULL_NAME = re.compile(r"([A-Z](?<![\w][A-Z])[a-z]+)(?= (?:[A-Z]\. ?){0,3}([A-Z][\w’'-]*))")

#: A quote's speaker named by one word after it: "…,” said Noma." ("…,” said Moscow's envoy" is not one).
_SPEAKER = re.compile(r"[”\"’],?\s+(?:said|says|added|asked|wrote|explained|recalled|continued|noted)\s+"
                      r"([A-Z][a-z]+)(?=[.,;])")


#: A given name, a surname's particle, then the rest of the surname: "Mario de Santiago", "Roger van
#: Boxtel", "Mohammed bin Rashid".
_PARTICLE_NAME = re.compile(r"([A-Z](?<![\w][A-Z])[a-z]+)(?= (?:de|da|di|del|della|van|von|der|den|bin|ibn|dos|das|du) "
                            r"([A-Z][\w’'-]*))")  # the boundary after the capital, as in _FULL_NAME


def _surnames(text: str) -> frozenset[str]:
    """Words the text writes as a person's name: a surname after a given name ("Bill Holland",
    "Harry S. Truman"), or after a given name and a particle ("Roger van Boxtel … Van Boxtel
    said"), a quote's speaker ("…,” said Noma.")."""
    found = {normalize(m.group(1)) for m in _SPEAKER.finditer(text)}
    for m in _FULL_NAME.finditer(text):
        if _full_name(m.group(1), m.group(2)):
            found.add(normalize(m.group(2)))
    givens = _people_names()[0]
    for m in _PARTICLE_NAME.finditer(text):
        if m.group(1).lower() in givens and not _heads_a_name(m.group(2)):
            found.add(normalize(m.group(2)))
    return frozenset(found)


# Words for kin and partners before a name: "his brother Alex", "girlfriend Olivia", "father Zachary".
_KIN = frozenset("brother brothers sister sisters mother father mom dad son sons daughter daughters wife husband "
                 "girlfriend boyfriend fiance fiancé fiancee fiancée partner cousin uncle aunt nephew niece grandson "
                 "granddaughter grandmother grandfather stepson stepdaughter stepfather stepmother widow "
                 "widower".split())


def _given_name(s: _Span) -> bool | None:  # rule 10: "Paul Thompson", "Bill Holland … Holland recalled"
    if s.j - s.i != 1 or s.prev.lower() in _LOCATIVE:
        return None
    if s.prev in _KIN and s.glued_prev and not s.curated:
        return False  # "his brother Alex", "daughters North and Chicago" (not "mother Russia")
    if s.glued_next and _full_name(s.surface, s.nxt):
        return False  # "Paul Thompson"
    if s.glued_next and _given_then_unknown(s):
        return False  # "Paul Brewbaker", "Mary Magdalene": no place is named so
    if s.key in s.context.surnames or (s.key.endswith("s") and s.key[:-1] in s.context.surnames):
        return False  # "Bill Holland … Holland recalled", "Harry S. Truman", "Arlene Boon … the Boons"
    return None


def _given_then_unknown(s: _Span) -> bool:
    """A common given name before a capitalised word that names no place and heads no name of one
    is a person's, whose surname the name lists do not know: unless it names a country, or a
    province of a country the text names ("Kenya Medical Board", "Alberta Liquor Store")."""
    nxt = s.nxt
    if s.surface.lower() not in _people_names()[0] or not _proper(nxt) or len(nxt) < 3 or nxt.isupper() \
            or nxt.lower() in STOPWORDS or nxt in _NOT_NAMES or _heads_a_name(nxt) or s.gazetteer.entries(normalize(nxt)):
        return False
    return not any(p.kind is Kind.COUNTRY or (p.kind is Kind.ADMIN_REGION and p.country_code in s.context.countries)
                   for p in s.places)


def _person_verb_alias(s: _Span) -> bool | None:  # "Nelson says": a region only by an alias is no speaker
    pairs = [(p, e) for e in s.entries if (p := s.gazetteer.place(e.place_id)) is not None]
    if all(p.kind is Kind.CITY or (p.kind is Kind.ADMIN_REGION and e.role is NameRole.ALIAS) for p, e in pairs) \
            and any(p.kind is Kind.ADMIN_REGION for p, _ in pairs):
        return _person_verb(s)
    return None


def _not_only_towns(s: _Span) -> bool | None:  # countries, provinces, curated places: kept from here
    return True if not all(p.source is Source.GEONAMES and p.kind is Kind.CITY for p in s.places) else None


# A name only GeoNames towns carry needs evidence that the text means a place:

#: Kinds of weapons a maker's or a model's name comes before: "Apache helicopters", "Hellfire
#: missiles", "Patriot batteries" (a country's or a people's name there is theirs: "US warplanes").
_WEAPONS = frozenset("helicopter helicopters gunship gunships jet jets fighter fighters warplane warplanes bomber "
                     "bombers drone drones missile missiles rocket rockets tank tanks rifle rifles batteries".split())


def _weapon_name(s: _Span) -> bool | None:  # "Apache helicopters": the model, not Apache, Oklahoma
    return False if s.glued_next and s.nxt in _WEAPONS else None


def _common_word(s: _Span) -> bool | None:  # rule 3: "Of course", "The Union"
    return False if s.key in STOPWORDS or (s.key in COMMON_WORDS and (s.initial or s.prev.lower() in {"the", "a"})) \
        else None


def _followed_by_name(s: _Span) -> bool | None:  # rule 2: "Nasser Kanaani", "Kelly Services" (not "Toronto Police")
    if not (s.glued_next and _proper(s.nxt)) or s.nxt in _OWNED_HEADS or s.nxt in _NOT_NAMES \
            or _state_after(s.text, s.tokens, s.j, s.gazetteer, s.places):  # "Maiduguri Borno State"
        return None
    return False


def _acronym(s: _Span) -> bool | None:  # "NATO", "APC"
    return False if s.surface.isupper() and len(s.surface) <= 5 and s.tokens[s.i][0] != 0 else None


def _person_verb(s: _Span) -> bool | None:  # rule 10: "Martin scored" (not "officials in Columbus said")
    if (s.glued_next and s.nxt in _PERSON_VERBS and s.prev.lower() not in _LOCATIVE_EVIDENCE
            and s.biggest < NAME_PART_TOWN_POPULATION and not any(p.id in s.gazetteer.capitals for p in s.places)):
        return False
    return None


def _ordinary_word(s: _Span) -> bool | None:  # the text also writes it in lower case: a word
    return False if s.j - s.i == 1 and s.key in s.context.lowercase_words else None


def _name_part(s: _Span) -> bool | None:  # "Megyn Kelly ... Kelly said": part of a person's or firm's name
    return False if s.j - s.i == 1 and s.key in s.context.name_parts and s.biggest < NAME_PART_TOWN_POPULATION \
        and s.prev.lower() not in _IN else None  # but "stuck in Samos" is the island ("according to Davis" no place)


def _sentence_start(s: _Span) -> bool | None:  # a small town opening a sentence, with nothing for it
    return False if s.initial and s.biggest < SENTENCE_START_TOWN_POPULATION and not s.evidence else None


def _alias_agent(s: _Span) -> bool | None:  # "Hamas said", "Hamas leaders": Hamm's alternate name, an agent
    """A name that is only an alternate name of towns (GeoNames' other languages and old spellings),
    none of them a capital, that the text writes as a group's or a speaker's ("Hamas said", "Hamas
    militants"), is that group throughout the text ("militants from Hamas" too)."""
    if not s.entries or not all(e.role is NameRole.ALIAS for e in s.entries) \
            or any(p.id in s.gazetteer.capitals for p in s.places):
        return None
    return False if s.key in s.context.groups else None


def _alias_person(s: _Span) -> bool | None:  # "Levi", "Julia", "Villanueva": a person's, not Lévis or Plovdiv
    """A word that is only an alternate name of towns, none of them a capital, and a common given
    name or surname is a person's, unless a locative word before it or a state or country right
    after it says a place is meant ("in Hull", "Hull, England")."""
    if s.j - s.i != 1 or not s.entries or not all(e.role is NameRole.ALIAS for e in s.entries) \
            or any(p.id in s.gazetteer.capitals for p in s.places):
        return None
    givens, surnames = _people_names()
    if s.key not in givens and s.key not in surnames:
        return None
    if s.prev.lower() in _LOCATIVE_EVIDENCE or _qualified(s.text, s.tokens, s.j, s.gazetteer):
        return None
    return False


def _known_town_or_evidence(s: _Span) -> bool | None:  # a big enough town, or evidence: always decides
    return s.biggest >= KNOWN_TOWN_POPULATION or s.evidence


RULES: tuple[tuple[str, Callable[[_Span], bool | None]], ...] = (
    ("brand_name", _brand_name), ("agency_alone", _agency_alone), ("of_organisation", _of_organisation),
    ("fragment", _fragment),
    ("article_alone", _article_alone), ("title_before", _title_before), ("kin_after", _kin_after),
    ("given_name", _given_name),
    ("demonym", _demonym), ("stopword", _stopword), ("direction_of_next", _direction_of_next),
    ("inside_proper_name", _inside_proper_name), ("person_verb_alias", _person_verb_alias),
    ("not_only_towns", _not_only_towns),
    ("weapon_name", _weapon_name), ("common_word", _common_word), ("followed_by_name", _followed_by_name),
    ("acronym", _acronym),
    ("person_verb", _person_verb), ("ordinary_word", _ordinary_word), ("name_part", _name_part),
    ("sentence_start", _sentence_start), ("alias_agent", _alias_agent), ("alias_person", _alias_person),
    ("known_town_or_evidence", _known_town_or_evidence),
)


def decide(span: _Span) -> tuple[str, bool]:
    """The first rule that speaks, and what it says."""
    for name, rule in RULES:
        verdict = rule(span)
        if verdict is not None:
            return name, verdict
    raise AssertionError("the last rule always decides")


class Recognizer:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        _people_names()  # read once, before any parse (and off the first reader's clock)

    def find(self, text: str, sentences: list[Sentence]) -> list[Mention]:
        """The place names of a text, each with the rule that kept it."""
        return self._scan(text, sentences)[0]

    def decisions(self, text: str, sentences: list[Sentence]) -> list[tuple[str, str, bool]]:
        """Every name the gazetteer matched, as (text, the rule that decided, kept?): why a name
        is on the map or is not."""
        return self._scan(text, sentences)[1]

    def _scan(self, text: str, sentences: list[Sentence]) -> tuple[list[Mention], list[tuple[str, str, bool]]]:
        tokens = [m.span() for m in _TOKEN.finditer(text)]
        sentence_starts = _sentence_initial_tokens(text, tokens, sentences)
        sentence_of = _sentence_index(sentences)
        raw: list[tuple[int, int, list[NameEntry]]] = []
        lower_initials = self.gazetteer.lowercase_initials
        lower_firsts = {w[0] for w in lower_initials}
        upper = [text[a].isupper() for a, _ in tokens]
        # names start with a capital, but for the few written in lower case ("mainland Azerbaijan")
        starts = [k for k, (a, b) in enumerate(tokens)
                  if upper[k] or (text[a] in lower_firsts and text[a:b] in lower_initials)
                  or (text[a] in "ae" and _article_start(text, tokens, upper, k))]
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
        context = _Context(
            countries=named,
            admin1=frozenset(e.place_id for _, _, entries in raw for e in entries if ids.is_admin1(e.place_id)),
            lowercase_words=frozenset(w for w in re.findall(r"\b[a-z][a-z'’-]*\b", text)),
            name_parts=_name_parts(text, tokens, upper, sentence_starts, self.gazetteer),
            surnames=_surnames(text),
            agencies=_agencies(text),
            groups=_groups(text),
        )
        datelines = [(m.start("place"), m.end("place")) for pattern in (_DATELINE, _DATELINE_AFTER_BYLINE, _DATELINE_BARE)
                     for m in pattern.finditer(text)]
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
                span = _Span(text, tokens, i, j, entries, sentence_starts, context, self.gazetteer)
                rule, keep = decide(span)
                decided.append((surface, rule, keep))
                if not keep:
                    continue
            if text[end:end + 1] == "." and any(e.form == surface + "." for e in entries):
                end, surface = end + 1, surface + "."  # the abbreviation's period is part of it: "U.S."
            role = MentionRole.DEMONYM if all(e.role is NameRole.DEMONYM for e in entries) else MentionRole.TOPONYM
            if dateline and any(a == start for a, _ in datelines):
                role = MentionRole.DATELINE  # the dateline's first place: where the story was filed
            elif role is MentionRole.TOPONYM and self._is_metonym(text, tokens, i, entries):
                role = MentionRole.METONYM
            query = bearing_queries.get(i, surface)
            if (role is not MentionRole.DEMONYM and i > 0 and _word(text, tokens, i - 1) in _DIRECTIONS
                    and text[tokens[i - 1][1]:start] == " " and (not mentions or mentions[-1].end <= tokens[i - 1][0])):
                start = tokens[i - 1][0]  # "Northern Europe": the span holds the direction, the query is Europe
                surface = text[start:end]
            mentions.append(Mention(start, end, surface, query, role, sentence_of(start),
                                    tuple(dict.fromkeys(e.place_id for e in entries)),
                                    _qualified(text, tokens, j, self.gazetteer, span.places if span else ())
                                    or (_state_after(text, tokens, j, self.gazetteer, span.places) if span else ""),
                                    rule))
        mentions = _with_features(text, self._merge_borders(text, mentions))
        mentions = _with_streets(text, mentions, sentence_of, self.gazetteer)
        return _with_localities(text, mentions, sentence_of, context), decided

    def _longest_match(self, text, tokens, i) -> tuple[int, list[NameEntry]] | None:
        """The longest name starting at token ``i``: spans grow a word at a time and stop at the
        first one that neither is a name nor begins one (most capitalised words cost one lookup)."""
        first = text[tokens[i][0]:tokens[i][1]]
        article = not first[0].isupper() and first in _ARTICLES  # "al-Bab": the scan let it start
        if first.lower() == "the" or (not first[0].isupper() and not article
                                      and first not in self.gazetteer.lowercase_initials):
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
                ok = [e for e in entries if (surface in (e.form, e.form.rstrip(".")) if e.exact_case
                                             else _capitalised(words[1:] if article else words))
                      and (not e.after_comma or _qualifier_position(text, start, end))]
                if ok:
                    best = j, ok
            if key not in gazetteer.prefixes:
                break
        return best

    def _bearing_match(self, text, tokens, i) -> tuple[int, list[NameEntry], str] | None:
        """A province or a country that a lower-case bearing names with a name the gazetteer does
        not know alone: "in central Sulawesi" is Central Sulawesi, "southern Sulawesi" South Sulawesi
        (an island that is no place of the gazetteer). Tried only where the name alone matched nothing."""
        prefixes = _BEARING_PREFIXES.get(_word(text, tokens, i - 1))
        if prefixes is None or text[tokens[i - 1][1]:tokens[i][0]] != " ":
            return None
        gazetteer = self.gazetteer
        for prefix in prefixes:
            best = None
            for j in range(i + 1, min(len(tokens), i + gazetteer.max_tokens) + 1):
                surface = text[tokens[i][0]:tokens[j - 1][1]]
                words = [text[a:b] for a, b in tokens[i:j]]
                if _SPAN_BREAK.search(surface) or not _capitalised(words):
                    break
                key = normalize(f"{prefix} {surface}")
                entries = [e for e in gazetteer.entries(key) if not e.exact_case and e.role is not NameRole.DEMONYM
                           and (ids.is_admin1(e.place_id) or ids.is_country(e.place_id))]
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
        if _word(text, tokens, k).capitalize() in _DIRECTIONS:  # "in North London", "in west Jerusalem"
            k -= 1
        word = _word(text, tokens, k).lower()  # "the Afghan capital Kabul" is described as a place
        return word not in _LOCATIVE and word not in ("capital", "city", "town", "port")

    def _merge_borders(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Join "Armenia-Azerbaijan" + "border(s)" into one border mention."""
        out: list[Mention] = []
        k = 0
        while k < len(mentions):
            a = mentions[k]
            b = mentions[k + 1] if k + 1 < len(mentions) else None
            if (b is not None and _is_country(a, self.gazetteer) and _is_country(b, self.gazetteer)
                    and re.fullmatch(r"\s*[-‐‑–—]\s*", text[a.end:b.start])):
                tail = _BORDER_TAIL.match(text, b.end)
                if tail:
                    end = tail.end()
                    surface = text[a.start:end]
                    out.append(Mention(a.start, end, surface, surface, MentionRole.BORDER, a.sentence, a.gazetteer_ids + b.gazetteer_ids))
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


# -- streets and buildings --------------------------------------------------------------------
# The gazetteer holds no streets or buildings, but news places events on them ("a stabbing on
# North State Street", "the Easter Vigil at the Manila Cathedral"). A capitalised name ending in one
# of these words is one, placed at the town it lies in (see mapview.pipeline).
_STREET_HEADS = ("Street|St\\.|Avenue|Ave\\.|Road|Rd\\.|Boulevard|Blvd\\.|Lane|Drive|Square|Cathedral|Church|Chapel|"
                 "Mosque|Synagogue|Temple|Hospital|Stadium|Arena|Theatre|Theater|Castle|Palace|Prison|Racecourse|Hotel")
#: A saint's name as churches and hospitals are named: "St John", "St. Paul's", "Saint Peter and Saint Paul".
_SAINT = r"(?:St\.?|Saint) [A-Z]\w*(?:['’]s)?(?: (?:and|&) (?:St\.?|Saint) [A-Z]\w*(?:['’]s)?)?"
#: A church or a hospital named after a saint, the saint's epithet and a lower-case head allowed:
#: "St John the Divine cathedral", "St Mary's hospital" (not the towns St. John or St. Mary's).
_SAINTS_BUILDING = (_SAINT + r"(?: the [A-Z]\w+)? "
                    r"(?:cathedral|church|basilica|chapel|abbey|monastery|convent|hospital|school|college)")
_STREET = re.compile(r"(?<![\w’'.-])(" + _SAINTS_BUILDING + r"|(?:(?:" + _SAINT + r"(?: the [A-Z]\w+(?= (?:"
                     + _STREET_HEADS + r")))?|[A-Z](?:\.[A-Z])*\.|[A-Z][\w-]*|\d+(?:st|nd|rd|th)?) ){1,3}(?:"
                     + _STREET_HEADS + r"))(?![\w’'-])")
#: Words that open a match without being part of the name: "On Main Street", "The Catholic Church".
_NOT_STREET_WORDS = frozenset("The A An On In At Of To From By And Or For With Near Outside Inside Into Along Across "
                              "Opposite Behind Past Via".split())
#: Words that make a church's name an institution's ("the Catholic Church") or a title a person's.
_INSTITUTION_WORDS = frozenset("Catholic Coptic Orthodox Baptist Presbyterian Methodist Anglican Evangelical Lutheran "
                               "Episcopal Pentecostal Reformed Protestant Christian Roman Holy United Greek Russian "
                               "Armenian Apostolic National Children's Children’s General Memorial Community "
                               "Regional Central University Public State Federal Main Wall".split())


def _street_words_ok(words: list[str]) -> bool:
    """The words before the head name one street or building: not a sentence's opening word, a
    title or a stopword ("President Park"), nor only an institution's words ("the Catholic Church",
    "Children's Hospital", "Main St." in "Main St. vs Wall Street")."""
    if any(w.rstrip(".") in _TITLES or w in ("President", "Minister", "King", "Queen", "Prince", "Pope") for w in words):
        return False
    return bool(words) and not all(w in _INSTITUTION_WORDS for w in words)


_ORDINALS = frozenset("First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth".split())


def _leading_words(words: list[str]) -> int:
    """How many words open the match without naming the street: "On Main Street", "The Catholic Church"."""
    k = 0
    while k < len(words) - 1 and words[k] in _NOT_STREET_WORDS:
        k += 1
    return k


def _with_streets(text: str, mentions: list[Mention], sentence_of, gazetteer) -> list[Mention]:
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
        if not _street_words_ok(words[:-1]) or re.match(r"\s+(?:" + "|".join(_ORG_HEADS) + r")\b", text[end:end + 20]):
            continue
        k = bisect_left(starts, start)
        near = range(k, bisect_left(starts, end))
        inside = [i for i in near if alive[i] and mentions[i].end <= end]
        if (k > 0 and alive[k - 1] and mentions[k - 1].end > start) \
                or any(alive[i] and mentions[i].end > end for i in near) \
                or any(mentions[i].role is not MentionRole.TOPONYM for i in inside):
            continue
        # a saint's name opening a church's or a hospital's is no town ("St. Paul's Hospital")
        saint = words[0] in ("St.", "St", "Saint")
        prior = next((mentions[i] for i in range(k - 1, -1, -1) if alive[i]), None)
        after = next((mentions[i] for i in range(near.stop, len(mentions)) if alive[i]), None)
        within = _town_by(text, start, end, prior, after) or ("" if saint else next(
            (mentions[i].query for i in inside), "") or next(
            (q for j in range(len(words) - 1, 0, -1)
             if (q := _named(by_key, mentions, alive, normalize(" ".join(words[:j]))))), ""))  # Manila named elsewhere
        found.append(Mention(start, end, text[start:end], text[start:end], MentionRole.STREET, sentence_of(start),
                             qualifier="", rule="street_or_building", within=within))
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
_FEATURE_AFTER = re.compile(r" (River|Delta|Basin|Sea|Ocean|Straits?)\b"
                            r"(?! (?:State|Region|Province|County|District)\b)")


def _with_features(text: str, mentions: list[Mention]) -> list[Mention]:
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
        nxt = re.match(r" ([A-Z][\w-]*)", text[end:end + 40])
        if nxt and (nxt.group(1) in _ORG_HEADS or nxt.group(1) in _OWNED_HEADS):
            continue  # "the Niger Delta Development Commission"
        name = text[m.start:end]
        out.append(replace(m, end=end, text=name, query=name, role=MentionRole.TOPONYM, gazetteer_ids=(),
                           qualifier="", rule="feature"))
    return out


# -- villages, districts and counties the gazetteer lacks ----------------------------------------
# GeoNames' towns stop at 500 people and its districts are not indexed here, but conflict and
# disaster news names villages and districts ("40 homes were buried in Maoxian county in Sichuan
# province", "the pro-government villages of Foua and Kfraya in Idlib"). A capitalised name written
# with its unit in lower case is one; it is drawn at the place the text says holds it, or not at all.
_UNITS = ("villages?|districts?|counties|county|neighbou?rhoods?|suburbs?|townships?|governorates?|prefectures?|"
          "municipality|municipalities|communes?|sub-districts?|subdistricts?|towns?|cities|city|camps?|area|"
          "provinces?|regions?|LGAs?|Local Government Areas?")  # Nigeria's local government areas
# a capitalised word with a lower-case letter, not a possessive ("Cairo's"); possessive quantifiers,
# so that a long word costs linear time
_NAME_WORD = r"(?:al-|el-)?[A-Z](?=[\w-]*?[a-z])[\w-]*+(?:['’](?!s\b)[\w-]++)?"
_NAME = _NAME_WORD + r"(?: " + _NAME_WORD + r"){0,2}"
_UNIT_OF = re.compile(r"\b(?:" + _UNITS + r") of (" + _NAME + r")(?: and (" + _NAME + r"))?(?![\w’'-])")
_NAME_UNIT = re.compile(r"(?<![\w’'.-])(" + _NAME + r") (?:" + _UNITS + r")\b")
#: A place told by its distance and bearing from another: "in Burakin, 240 kilometres north-east of Perth".
_BEARING_OF = (r",? (?:(?:some|about|around|roughly|nearly|just) )?\d[\d,.]* ?(?:km|kilometres|kilometers|miles) "
               r"(?:north|south|east|west)(?:-?(?:east|west))? of ")
_NAME_BEARING = re.compile(r"\b(?:in|at|near) (" + _NAME + r")(?=" + _BEARING_OF + r")")
#: A mountain range, a valley, a park or a cave complex the gazetteer lacks, by its head ("the
#: White Mountains range", "the Tora Bora caves", "the Royal National Park", "the Richmond
#: Valley"), or a river by its word before ("the river Elbe").
_FEATURE_HEAD = re.compile(r" (?:(Mountains|Range|Valley|Hills|Caves|National Park|Swamp|Desert|Gorge|Plateau|"
                           r"Marshes)\b(?! [A-Z])|(?:caves|cave complex|mountains|mountain complex|mountain range|"
                           r"hills|valley)\b)")
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


#: Words that open a name without being part of it, and names that are no place's.
_NOT_LOCALITY = STOPWORDS | frozenset("this that these those every each another other which whose its his her their "
                                      "our your my same whole entire new old local rural urban "
                                      # parties, faiths and peoples: "Republican districts", "Kurdish areas"
                                      "republican democratic democrat labour labor conservative liberal tory green "
                                      "christian muslim catholic jewish shia shiite sunni alawite druze kurdish arab "
                                      "coptic hindu sikh buddhist tribal rebel opposition capital metro".split())


def _locality_ok(name: str, context: _Context) -> bool:
    words = name.split()
    first = words[0]
    if len(words) == 1 and first.lower() in context.lowercase_words:
        return False  # a word the text also writes in lower case: "Instead county law enforcement"
    return not (first.lower() in _NOT_LOCALITY or first.lower() in STOPWORDS or first in _NOT_NAMES
                or first in _DIRECTION_WORDS
                or first in _TITLES or name.isupper() or normalize(name) in context.surnames
                or any(w in _ORG_HEADS or w in _OWNED_HEADS for w in words))


def _with_localities(text: str, mentions: list[Mention], sentence_of, context: _Context) -> list[Mention]:
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
        while words and (words[0].lower() in _NOT_LOCALITY or words[0] in _NOT_NAMES):
            start += len(words.pop(0)) + 1  # "The Shankill area": the name is Shankill
        window = text[max(0, start - 40):start]
        before = window.rstrip(" ").rsplit(None, 1)[-1:] if window.endswith(" ") else []
        if not words or start < last_end or (
                before and before[0][:1].isupper() and before[0].lower() not in _NOT_LOCALITY
                and before[0] not in _NOT_NAMES and not re.search(r"['’]s$", before[0])):
            continue  # "St. Louis Hills area": part of a longer name
        name = text[start:end]
        if not _locality_ok(name, context):
            continue
        k = bisect_left(starts, start)
        if k > 0 and mentions[k - 1].end > start:
            continue  # inside another mention
        near = range(k, bisect_left(starts, end))
        if any(mentions[i].end > end or mentions[i].role is not MentionRole.TOPONYM
               or (mentions[i].start == start and mentions[i].end == end) for i in near):
            continue  # a name the gazetteer knows, or part of another mention
        after = mentions[near.stop] if near.stop < len(mentions) else None
        prior = mentions[k - 1] if k > 0 else None
        within = _holder_by(text, start, end, prior, after) or next((mentions[i].query for i in near), "")
        found.append(Mention(start, end, name, name, MentionRole.LOCALITY, sentence_of(start), qualifier="",
                             rule="locality", within=within))
        replaced.update(near)
        last_end = end
    if not found:
        return mentions
    kept = [x for i, x in enumerate(mentions) if i not in replaced]
    return sorted(kept + found, key=lambda x: x.start)


_HOLDER_AFTER = re.compile(r"(?: (?:" + _UNITS + r"|caves|cave complex|mountains|mountain complex|mountain range|hills|"
                           r"valley))?(?: and " + _NAME + r")?(?:,? (?:in|of|near) |" + _BEARING_OF
                           + r"|" + _IS_OF + r")(?:the )?(?:[a-z]+ ){0,2}")
_HOLDER_BEFORE = re.compile(r"['’]s (?:[a-z]+ )?")


def _holder_by(text: str, start: int, end: int, prior: Mention | None, after: Mention | None) -> str:
    """The place the text says holds a locality, named right after it or right before it:
    "Maoxian county in Sichuan province", "Foua and Kfraya in Idlib", "Puge county of Sichuan",
    "Giza's Haram district"."""
    if after is not None and after.role is not MentionRole.DEMONYM and after.start - end <= 120 \
            and _HOLDER_AFTER.fullmatch(text, end, after.start):
        return after.query
    if prior is not None and prior.role is not MentionRole.DEMONYM and start - prior.end <= 20 \
            and _HOLDER_BEFORE.fullmatch(text, prior.end, start):
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


def _qualifier_position(text: str, start: int, end: int) -> bool:
    """Where a state's abbreviation qualifies the name before it: after a comma ("Jackson,
    Miss.") or alone in parentheses ("the Walker County (Ga.) Sheriff's Office")."""
    before = text[:start].rstrip()
    return before.endswith(",") or (before.endswith("(") and text[end:end + 2] in (".)", ")"))


def _article_start(text: str, tokens, upper: list[bool], k: int) -> bool:
    """A lower-case Arabic article hyphenated to a capitalised name starts a span ("shelled
    al-Bab", "in el-Arish"), unless a capitalised word comes right before it: then it is inside a
    name of a group or a person ("Hayat Tahrir al-Sham", "Abu Bakr al-Baghdadi")."""
    a, b = tokens[k]
    if text[a:b] not in _ARTICLES or k + 1 >= len(tokens) or not upper[k + 1] \
            or tokens[k + 1][0] != b + 1 or text[b] not in "-‐‑":
        return False
    if k == 0 or not upper[k - 1] or text[tokens[k - 1][1]:a].strip(" ") not in ("", "-"):
        return True
    before = _word(text, tokens, k - 1).lower()  # "In al-Bab" starts a sentence, "Tahrir al-Sham" a name
    return before in STOPWORDS or before in _LOCATIVE_EVIDENCE


def _capitalised(words: list[str]) -> bool:
    return all(w[0].isupper() or w.lower() in CONNECTORS for w in words) and words[0][0].isupper() \
        and words[-1][0].isupper()


def _proper(word: str) -> bool:
    return bool(word) and word[0].isupper() and word.lower() not in CONNECTORS


def _word(text, tokens, k) -> str:
    return text[tokens[k][0]:tokens[k][1]] if 0 <= k < len(tokens) else ""


def _sentence_index(sentences: list[Sentence]):
    import bisect

    starts = [s.start for s in sentences]

    def index(offset: int) -> int:
        k = bisect.bisect_right(starts, offset) - 1
        return sentences[k].index if k >= 0 and offset < sentences[k].end else -1

    return index
